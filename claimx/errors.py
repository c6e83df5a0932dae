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


class UsageError(ClaimxError):
    """A problem with what was asked for, found before any work (exit code 2): a missing input, two inputs for one output file.

    ``option`` names the command-line option it is about, where there is one ("--output").
    """

    def __init__(self, message: str, *, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option
