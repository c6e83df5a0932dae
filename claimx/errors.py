"""Exceptions raised by claimx."""


class ClaimxError(Exception):
    """Base class for claimx errors with a user-facing message."""
