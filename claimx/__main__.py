"""``python -m claimx``: the command line."""

from claimx.cli import app

app(prog_name="claimx")
