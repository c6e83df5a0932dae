"""claimx: who claims what in German news text."""

from __future__ import annotations

from claimx.records import SCHEMA, Claim, Cue, Source

__version__ = "0.1.0"

__all__ = ["SCHEMA", "Claim", "Cue", "Source", "__version__", "load", "extract", "pipe", "extract_files"]

_API = frozenset({"load", "extract", "pipe", "extract_files"})


def __getattr__(name: str):
    # Lazy: importing claimx for the record types must not import spaCy and the model.
    if name in _API:
        from claimx import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimx' has no attribute {name!r}")
