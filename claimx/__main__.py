"""``python -m claimx``: the command line."""

from claimx.cli import app

if __name__ == "__main__":  # spawned processes (a Dask LocalCluster's workers) import this module as __mp_main__
    app(prog_name="claimx")
