"""The library surface: load the pipeline, extract claims from texts.

Everything the CLI does is a call into this module.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimx.io import valid_unicode
from claimx.records import Claim

DEFAULT_BATCH_SIZE = 32
logger = logging.getLogger("claimx")


def load(
    model: str | Path | None = None,
    *,
    sources: Iterable[str | Path] = (),
    exclude: Iterable[str] = (),
    learned: bool = False,
    raise_errors: bool = False,
) -> Language:
    """The shipped German pipeline (or ``model``) with claimx's components added.

    ``sources`` are extra YAML source registries that extend the shipped one. ``learned`` adds the
    cue and role taggers trained on SpkAtt debates, and ``claimx_learned_claims``, which lends their
    sources to rule claims without one and adds the reported clauses the rules missed
    (``source.resolved_by == "learned"``); about 30 % slower. A rule that fails on one cue or
    sentence costs only that sentence's claims (a warning on the ``claimx`` logger, listed in
    ``doc._.claimx_errors``); ``raise_errors`` lets it raise instead, for debugging.
    """
    from claimx.rules.isolation import set_raise_errors
    from claimx.model import load_base
    from claimx.components.pipeline import add_claimx_components

    nlp = load_base(model, exclude=list(exclude))
    add_claimx_components(nlp, sources=[Path(s) for s in sources])
    if learned:
        from claimx.learned import add_learned_claims

        add_learned_claims(nlp)
    set_raise_errors(nlp, raise_errors)
    return nlp


def extract(text: str, *, doc_id: str = "-", nlp: Language | None = None) -> list[Claim]:
    """All claims in ``text``, in document order.

    Lone surrogates (from JSON escapes such as "\\ud800") are read as U+FFFD, one for one, as
    the CLI does: offsets still index ``text``.
    """
    nlp = nlp or _default_nlp()
    doc = nlp(_make_doc(nlp, doc_id, text))
    return list(doc._.claims)


def pipe(
    items: Iterable[tuple[str, str]],
    *,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[tuple[str, list[Claim]]]:
    """Stream ``(doc_id, text)`` pairs to ``(doc_id, claims)`` pairs, in input order.

    A text that cannot be processed yields no claims and one warning on the ``claimx`` logger;
    the stream goes on with the next text (unless the pipeline was loaded with ``raise_errors``).
    """
    nlp = nlp or _default_nlp()
    from claimx.rules.isolation import raises_errors

    strict = raises_errors(nlp)
    stream = iter(items)
    pending: deque[tuple[str, str]] = deque()  # given to spaCy, not yet come back
    while True:
        docs = nlp.pipe(_docs(nlp, stream, pending), batch_size=batch_size, n_process=n_process)
        try:
            for doc in docs:
                doc_id, _ = pending.popleft()
                yield doc_id, list(doc._.claims)
            return
        except _InputFailed as failed:  # the caller's iterable raised: the texts read before it, then its error
            while pending:
                yield _one_by_one(nlp, *pending.popleft())
            raise failed.__cause__ from None
        except Exception:
            if strict:
                raise
        # spaCy's stream ends with its error: the texts in flight one by one, then a new stream
        while pending:
            yield _one_by_one(nlp, *pending.popleft())


class _InputFailed(Exception):
    """The iterable given to ``pipe`` raised: no text's failure, so it propagates."""


def _docs(nlp: Language, stream: Iterator[tuple[str, str]], pending: deque[tuple[str, str]]) -> Iterator[Doc]:
    while True:
        try:
            doc_id, text = next(stream)
        except StopIteration:
            return
        except Exception as error:
            raise _InputFailed from error
        pending.append((doc_id, text))
        yield _make_doc(nlp, doc_id, text)


def _one_by_one(nlp: Language, doc_id: str, text: str) -> tuple[str, list[Claim]]:
    try:
        return doc_id, list(nlp(_make_doc(nlp, doc_id, text))._.claims)
    except Exception as error:
        logger.warning("claimx: document %s failed and gives no claims: %s: %s", doc_id, type(error).__name__, error)
        return doc_id, []


def _make_doc(nlp: Language, doc_id: str, text: str) -> Doc:
    """The tokenised doc of ``text`` with its id set before the components run (their warnings name it)."""
    if not isinstance(text, str):
        raise TypeError(f"the text of document {doc_id} is a {type(text).__name__}, not a str")
    doc = nlp.make_doc(valid_unicode(text))
    if Doc.has_extension("doc_id"):
        doc._.doc_id = doc_id
    return doc


_NLP: Language | None = None


def _default_nlp() -> Language:
    global _NLP  # a lazily loaded convenience pipeline for one-off calls
    if _NLP is None:
        _NLP = load()
    return _NLP
