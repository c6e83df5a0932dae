"""The library surface: load the pipeline, extract claims from texts.

Everything the CLI does is a call into this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from claimx.records import Claim

DEFAULT_BATCH_SIZE = 32


def load(
    model: str | Path | None = None,
    *,
    sources: Iterable[str | Path] = (),
    exclude: Iterable[str] = (),
    learned: bool = False,
) -> Language:
    """The shipped German pipeline (or ``model``) with claimx's components added.

    ``sources`` are extra YAML source registries that extend the shipped one. ``learned`` adds the
    cue and role taggers trained on SpkAtt debates, and ``claimx_learned_claims``, which lends their
    sources to rule claims without one and adds the reported clauses the rules missed
    (``source.resolved_by == "learned"``); about 30 % slower.
    """
    from claimx.model import load_base
    from claimx.pipeline import add_claimx_components

    nlp = load_base(model, exclude=list(exclude))
    add_claimx_components(nlp, sources=[Path(s) for s in sources])
    if learned:
        from claimx.learned import add_learned_claims

        add_learned_claims(nlp)
    return nlp


def extract(text: str, *, doc_id: str = "-", nlp: Language | None = None) -> list[Claim]:
    """All claims in ``text``, in document order."""
    nlp = nlp or _default_nlp()
    doc = nlp(text)
    doc._.doc_id = doc_id
    return list(doc._.claims)


def pipe(
    items: Iterable[tuple[str, str]],
    *,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[tuple[str, list[Claim]]]:
    """Stream ``(doc_id, text)`` pairs to ``(doc_id, claims)`` pairs, in input order."""
    nlp = nlp or _default_nlp()
    docs = nlp.pipe(
        ((text, doc_id) for doc_id, text in items),
        as_tuples=True,
        batch_size=batch_size,
        n_process=n_process,
    )
    for doc, doc_id in docs:
        doc._.doc_id = doc_id
        yield doc_id, list(doc._.claims)


_NLP: Language | None = None


def _default_nlp() -> Language:
    global _NLP  # a lazily loaded convenience pipeline for one-off calls
    if _NLP is None:
        _NLP = load()
    return _NLP
