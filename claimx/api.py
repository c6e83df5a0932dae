"""The library: load the pipeline; claims from one text, a stream of texts, or files into an output folder.

All three go through the one runner (:mod:`claimx.runner`): the same batches, chunking of
long texts and error isolation as ``claimx extract``, which calls the same functions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from claimx.io import DEFAULT_CHUNK_CHARS, DEFAULT_ID_FIELD, DEFAULT_TEXT_FIELD, TextInput, discover
from claimx.processing import DEFAULT_BATCH_SIZE, AlreadyLoaded
from claimx.records import Claim
from claimx.runner import ClaimsFound, Failure, FileFinished, RunOptions, Stats, extract_to_folder, run

__all__ = ["DEFAULT_BATCH_SIZE", "load", "extract", "pipe", "extract_files"]

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

        add_learned_claims(nlp, sources=[Path(s) for s in sources])
    set_raise_errors(nlp, raise_errors)
    return nlp


def extract(text: str, *, doc_id: str = "-", nlp: Language | None = None) -> list[Claim]:
    """All claims in ``text``, in document order; an error in the pipeline is raised.

    Lone surrogates (from JSON escapes such as "\\ud800") are read as U+FFFD, one for one, as
    the CLI does: offsets still index ``text``. A text longer than the CLI's ``--chunk-chars``
    is processed in chunks, as the CLI does.
    """
    ((_, claims),) = _claims_per_text([(doc_id, text)], nlp or _default_nlp(), RunOptions(strict=True))
    return claims


def pipe(
    items: Iterable[tuple[str, str]],
    *,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[tuple[str, list[Claim]]]:
    """Stream ``(doc_id, text)`` pairs to ``(doc_id, claims)`` pairs, in input order.

    ``n_process`` worker processes share the work. A text that cannot be processed yields no
    claims and one warning on the ``claimx`` logger; the stream goes on with the next text
    (unless the pipeline was loaded with ``raise_errors``: then the error is raised).
    """
    from claimx.rules.isolation import raises_errors

    nlp = nlp or _default_nlp()  # a generator: the default pipeline loads on the first next(), not on the call
    options = RunOptions(batch_size=batch_size, jobs=n_process, strict=raises_errors(nlp))
    yield from _claims_per_text(items, nlp, options)


def _claims_per_text(items: Iterable[tuple[str, str]], nlp: Language, options: RunOptions) -> Iterator[tuple[str, list[Claim]]]:
    found: list[Claim] = []
    for event in run((TextInput(doc_id, text) for doc_id, text in items), nlp, options, loader=AlreadyLoaded(nlp)):
        if isinstance(event, ClaimsFound):
            found.extend(event.claims)
        elif isinstance(event, FileFinished):
            if not event.ok:
                logger.warning("claimx: document %s failed and gives no claims: %s", event.input.name, event.reason)
            yield event.input.name, found
            found = []


def extract_files(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    resume: bool = False,
    jobs: int = 1,
    format: str = "jsonl",
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
    text_field: str = DEFAULT_TEXT_FIELD,
    id_field: str = DEFAULT_ID_FIELD,
    meta_fields: Iterable[str] = (),
    on_failure: Callable[[Failure], None] | None = None,
) -> Stats:
    """The claims of files and folders (searched recursively), one output file per input below ``out_dir``.

    As ``claimx extract PATHS -o OUT_DIR``: the output tree mirrors the input tree (``a/b.txt``
    gives ``OUT_DIR/a/b.jsonl``), ``format`` is jsonl, json, csv or html, each file is written
    atomically and recorded as complete, and ``resume`` skips inputs whose output is complete.
    A bad file is skipped: ``on_failure`` is told (by default a warning on the ``claimx``
    logger) and it is listed in the returned :class:`~claimx.runner.Stats` (``failures``,
    ``ok``), like what was done. A missing path or two inputs for one output file raise a
    :class:`~claimx.errors.UsageError` before anything is processed.
    """
    inputs = discover([str(path) for path in paths])
    options = RunOptions(chunk_chars, text_field, id_field, batch_size, jobs, meta_fields=tuple(meta_fields))
    load = AlreadyLoaded(nlp) if nlp is not None else _default_nlp
    stats = Stats()
    extract_to_folder(inputs, Path(out_dir), format, load, options, resume=resume, stats=stats, report=on_failure or _log_failure)
    return stats


def _log_failure(failure: Failure) -> None:
    logger.warning("claimx: skipped %s: %s", failure.where, failure.reason)


_NLP: Language | None = None


def _default_nlp() -> Language:
    global _NLP  # a lazily loaded convenience pipeline for one-off calls
    if _NLP is None:
        _NLP = load()
    return _NLP
