"""Exceptions raised by claimx.

Every message is one line that names what went wrong (and the file, where there is one),
so that the CLI can print it as is on stderr.
"""


class ClaimxError(Exception):
    """Base class for claimx errors with a user-facing message."""


class RegistryError(ClaimxError):
    """A source registry file (``--sources my.yaml``) is missing, unreadable or malformed."""


class WordListError(ClaimxError):
    """A word list shipped in ``claimx/data`` (speech verbs, reporting words, …) is malformed."""


class OutputError(ClaimxError):
    """An output file or folder that cannot be written (``-o``): the message names it and why."""
