"""Texts through the pipeline: character-bounded ``nlp.pipe`` batches, one failing text isolated, in this process or in workers.

spaCy's peak memory grows with the text in one ``nlp.pipe`` batch, not with the number of
documents, so each batch holds at most :data:`BATCH_MAX_CHARS` characters (one text when a
text is longer), whatever ``batch_size`` says. A batch the pipeline fails on is retried
text by text, so only the text that breaks it is lost (unless ``strict``: then the error
propagates, as ``claimx.load(raise_errors=True)`` asks of the library).
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from claimx.records import Claim

DEFAULT_BATCH_SIZE = 32  # texts per nlp.pipe batch: larger batches use the parser better, and hold more text
# spaCy's parser and taggers peak at about 2-4 kB per character of the texts in one nlp.pipe
# batch (a 100,000-character chunk alone: +370 MB over the loaded pipeline's 180 MB)
BATCH_MAX_CHARS = 100_000

Item = tuple[str, str] | tuple[str, str, bool]  # doc_id, text[, count its sentences]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the pipeline made of one text: its claims, or the error that stopped it."""

    claims: list[Claim] | None  # None: the pipeline failed on this text
    sentences: int = 0  # counted only where a chunk follows (for the next chunk's sentence numbers)
    rule_failures: tuple[str, ...] = ()  # rules that failed on it and cost their sentences' claims
    error: str | None = None
    traceback: str | None = None

    @property
    def ok(self) -> bool:
        return self.claims is not None


def process_texts(
    nlp: Any, items: list[Item], batch_size: int = DEFAULT_BATCH_SIZE, max_chars: int = BATCH_MAX_CHARS, *, strict: bool = False
) -> list[Outcome]:
    """Run ``items`` (doc_id, text) through ``nlp`` in batches of at most ``batch_size`` texts and
    ``max_chars`` characters (a longer text goes alone); a failing batch is retried text by text."""
    return [
        outcome
        for batch in char_bounded_batches(items, batch_size, max_chars)
        for outcome in _process_batch(nlp, batch, strict)
    ]


def char_bounded_batches(items: list[Item], batch_size: int, max_chars: int) -> Iterator[list[Item]]:
    """Consecutive runs of ``items`` with at most ``batch_size`` texts and ``max_chars`` characters."""
    batch: list[Item] = []
    chars = 0
    for item in items:
        if batch and (len(batch) >= batch_size or chars + len(item[1]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[1])
    if batch:
        yield batch


def _process_batch(nlp: Any, items: list[Item], strict: bool) -> list[Outcome]:
    try:
        docs = nlp.pipe((make_doc(nlp, item[0], item[1]) for item in items), batch_size=len(items))
        return [
            Outcome(list(doc._.claims), count_sentences(doc) if item[2:] == (True,) else 0, _rule_failures(doc))
            for doc, item in zip(docs, items)
        ]
    except Exception:  # isolate the document that breaks the pipeline
        if strict:
            raise
        if len(items) == 1:
            return [_error_outcome()]
        return [outcome for item in items for outcome in _process_batch(nlp, [item], strict)]


def _error_outcome() -> Outcome:
    err = sys.exc_info()[1]
    return Outcome(None, error=f"pipeline error: {type(err).__name__}: {err}", traceback=traceback.format_exc())


def _rule_failures(doc: Any) -> tuple[str, ...]:
    """The isolated rule failures the claimx components recorded (``doc._.claimx_errors``)."""
    try:
        return tuple(doc._.claimx_errors or ())
    except AttributeError:  # a pipeline without claimx.rules.isolation
        return ()


def make_doc(nlp: Any, doc_id: str, text: str) -> Any:
    """The tokenised doc of ``text`` with its id set before the components run (claims and warnings name it)."""
    doc = nlp.make_doc(text)
    try:
        doc._.doc_id = doc_id
    except AttributeError:  # a pipeline without the claimx components
        pass
    return doc


def count_sentences(doc: Any) -> int:
    """Sentences as claim records number them (:func:`claimx.rules.sentences.claim_sentences`).

    A chunk ends after a paragraph break; the parser may make that trailing whitespace a
    sentence of its own, which in the whole document belongs to the sentence before it.
    """
    if not doc.has_annotation("SENT_START"):
        return 0
    from claimx.rules.sentences import claim_sentences  # spaCy is loaded by now

    sentences = claim_sentences(doc)
    while sentences and not sentences[-1].text.strip():
        sentences.pop()
    return len(sentences)


# --------------------------------------------------------------------------- executors


_WORKER_NLP: Any = None
_WORKER_SETTINGS: tuple[int, bool] = (DEFAULT_BATCH_SIZE, False)  # batch size, strict


def _init_worker(loader: Callable[[], Any] | None, batch_size: int, strict: bool) -> None:
    global _WORKER_NLP, _WORKER_SETTINGS  # per-process state of a worker process
    _WORKER_SETTINGS = (batch_size, strict)
    if _WORKER_NLP is None and loader is not None:
        _WORKER_NLP = loader()


def _worker_process(items: list[Item]) -> list[Outcome]:
    batch_size, strict = _WORKER_SETTINGS
    return process_texts(_WORKER_NLP, items, batch_size, strict=strict)


class InlineExecutor:
    """Runs units of texts in this process (``jobs == 1``)."""

    def __init__(self, nlp: Any, batch_size: int, strict: bool = False) -> None:
        self.nlp, self.batch_size, self.strict = nlp, batch_size, strict

    def submit(self, items: list[Item]) -> Future:
        future: Future = Future()
        future.set_result(process_texts(self.nlp, items, self.batch_size, strict=self.strict))
        return future

    def shutdown(self) -> None:
        pass


class AlreadyLoaded:
    """A loader that returns a pipeline already loaded (pickled to each worker where processes are spawned)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def __call__(self) -> Any:
        return self.nlp


class PoolExecutor:
    """Runs units of texts in worker processes; forked workers share the loaded pipeline copy-on-write."""

    def __init__(self, nlp: Any, loader: Callable[[], Any] | None, jobs: int, batch_size: int, strict: bool = False) -> None:
        global _WORKER_NLP  # handed to forked workers; reset after the pool is gone
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":
            _WORKER_NLP = nlp
            # the pipeline's objects move to the permanent generation: the workers' garbage
            # collector then never writes to (and so never copies) the pages they share with us
            gc.freeze()
        self.pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(None if method == "fork" else loader or AlreadyLoaded(nlp), batch_size, strict),
        )

    def submit(self, items: list[Item]) -> Future:
        return self.pool.submit(_worker_process, items)

    def shutdown(self) -> None:
        global _WORKER_NLP
        self.pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_NLP = None
        gc.unfreeze()


def executor_for(nlp: Any, loader: Callable[[], Any] | None, jobs: int, batch_size: int, strict: bool = False) -> InlineExecutor | PoolExecutor:
    """This process for one job, a pool of worker processes for more."""
    if jobs <= 1:
        return InlineExecutor(nlp, batch_size, strict)
    return PoolExecutor(nlp, loader, jobs, batch_size, strict)
