"""Rule failures are isolated per cue or sentence: a bug costs that sentence's claims, not the document.

claimx's components run their rules under a :class:`RuleGuard` (``with guard.at(token): …``).
An exception inside is recorded in ``doc.user_data`` (component, token, exception) instead of
stopping the document; the claims component drops the claims of the failing sentences, keeps
all others and logs one warning per document on the ``claimx`` logger. ``doc._.claimx_errors``
lists the failures (empty when there were none).

For debugging, ``raise_errors`` (a config value of every claimx component; ``claimx.load(...,
raise_errors=True)`` or :func:`set_raise_errors`) lets the exception propagate instead.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

FAILURES_KEY = "claimx_failures"  # doc.user_data: list of {component, token, sentence, error}
ERRORS_EXTENSION = "claimx_errors"
logger = logging.getLogger("claimx")


class RuleGuard:
    """Catches and records the rule errors of one component on one doc (unless ``raise_errors``)."""

    __slots__ = ("doc", "component", "raise_errors")

    def __init__(self, doc: Doc, component: str, raise_errors: bool = False) -> None:
        self.doc = doc
        self.component = component
        self.raise_errors = raise_errors

    def at(self, token: int | None) -> _Scope:
        """A ``with`` block whose failure is charged to the sentence of ``token`` (None: the document)."""
        return _Scope(self, token)


class _Scope:
    __slots__ = ("guard", "token")

    def __init__(self, guard: RuleGuard, token: int | None) -> None:
        self.guard = guard
        self.token = token

    def __enter__(self) -> _Scope:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> bool:
        if error is None or self.guard.raise_errors or not isinstance(error, Exception):
            return False  # KeyboardInterrupt, MemoryError's kin (BaseException) are never swallowed
        record_failure(self.guard.doc, self.guard.component, self.token, error)
        return True


class StrictGuard(RuleGuard):
    """A guard that records nothing: errors propagate (rules used outside the components)."""

    def __init__(self, doc: Doc | None = None, component: str = "") -> None:
        super().__init__(doc, component, raise_errors=True)  # type: ignore[arg-type]


def record_failure(doc: Doc, component: str, token: int | None, error: BaseException) -> None:
    message = f"{type(error).__name__}: {error}".strip().rstrip(":")
    doc.user_data.setdefault(FAILURES_KEY, []).append(
        {"component": component, "token": token, "sentence": None, "error": message})


def failures(doc: Doc) -> list[dict[str, Any]]:
    return doc.user_data.get(FAILURES_KEY) or []


def failed_tokens(doc: Doc) -> list[int]:
    """The tokens whose sentences lost their claims to a rule failure."""
    return [f["token"] for f in failures(doc) if f["token"] is not None]


def report_failures(doc: Doc, sent_starts: Sequence[int] | None) -> None:
    """Number the failing sentences as claim records do and log one warning for the document."""
    found = failures(doc)
    if not found:
        return
    for failure in found:
        if failure["token"] is not None and sent_starts:
            failure["sentence"] = max(bisect_right(sent_starts, failure["token"]) - 1, 0)
    first = found[0]
    where = f"sentence {first['sentence']}" if first["sentence"] is not None else "the document"
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    logger.warning("claimx: document %s: a rule failed in %s: %s: %s%s; the claims of failing sentences are left out",
                   _doc_id(doc), where, first["component"], first["error"], more)


def errors_of(doc: Doc) -> list[str]:
    """``doc._.claimx_errors``: one line per isolated rule failure ("sentence 3: claimx_sources: StopIteration")."""
    return [(f"sentence {f['sentence']}: " if f["sentence"] is not None else "") + f"{f['component']}: {f['error']}"
            for f in failures(doc)]


def _doc_id(doc: Doc) -> str:
    return doc._.doc_id if Doc.has_extension("doc_id") else "-"


def set_raise_errors(nlp: Language, raise_errors: bool = True) -> None:
    """Let rule errors of every claimx component of ``nlp`` propagate (``--debug``) or be isolated again."""
    for _, component in nlp.pipeline:
        if hasattr(component, "raise_errors"):
            component.raise_errors = raise_errors


def raises_errors(nlp: Language) -> bool:
    """Whether any claimx component of ``nlp`` lets rule errors propagate."""
    return any(getattr(component, "raise_errors", False) for _, component in nlp.pipeline)


if not Doc.has_extension(ERRORS_EXTENSION):
    Doc.set_extension(ERRORS_EXTENSION, getter=errors_of)

__all__ = ["RuleGuard", "StrictGuard", "set_raise_errors", "raises_errors", "errors_of", "FAILURES_KEY"]
