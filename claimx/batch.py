"""Streaming batch runs: many inputs through the pipeline, in bounded memory, in input order.

Inputs are read lazily and cut into chunks (:mod:`claimx.io`); chunks are grouped into
small *units* that go through ``nlp.pipe`` (in this process, or in ``jobs`` worker
processes), and results come back in input order while later units are still being read.
At most ``2 * jobs + 1`` units are in flight, so memory does not grow with the corpus, and
each ``nlp.pipe`` batch holds at most :data:`BATCH_MAX_CHARS` characters (one chunk when a
chunk is longer), whatever ``batch_size`` says: spaCy's peak memory grows with the text in
a batch, not with the number of documents.

A bad input never stops the run: reading errors fail that input, a document the pipeline
chokes on is retried alone and then skipped; every failure is reported as an event. The
claims of a document cut into chunks are held back until its last chunk is done, so a
document that fails half-way leaves no claims in the output.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import pickle
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from claimx.errors import ClaimxError
from claimx.io import (
    DEFAULT_CHUNK_CHARS,
    DEFAULT_ID_FIELD,
    DEFAULT_TEXT_FIELD,
    Document,
    InputError,
    InputFile,
    read_documents,
)
from claimx.records import Claim

DEFAULT_BATCH_SIZE = 32
FIRST_CLAIM_NUMBER = 1  # claim ids are "<doc>#1", "<doc>#2", …
# spaCy's parser and taggers peak at about 2-4 kB per character of the texts in one nlp.pipe
# batch (a 100,000-character chunk alone: +370 MB over the loaded pipeline's 180 MB)
BATCH_MAX_CHARS = 100_000
_UNIT_MAX_CHARS = 500_000  # bound on the text held by one unit of work (sent to a worker at once)
_UNIT_MAX_RECORDS = 1_000  # bound on events (e.g. empty files) collected in one unit
_HELD_IN_MEMORY = 5_000  # claims of an unfinished chunked document kept in memory; more go to a temporary file


@dataclass(frozen=True, slots=True)
class BatchOptions:
    chunk_chars: int = DEFAULT_CHUNK_CHARS
    text_field: str = DEFAULT_TEXT_FIELD
    id_field: str = DEFAULT_ID_FIELD
    batch_size: int = DEFAULT_BATCH_SIZE
    jobs: int = 1
    debug: bool = False


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class FileStarted:
    input: InputFile


@dataclass(frozen=True, slots=True)
class ClaimsFound:
    """The claims of one document chunk, with document-relative offsets and final ids.

    ``rule_failures``: rules that failed (and cost their sentences' claims) in the whole
    document, given on its last chunk (0 on the others).
    """

    input: InputFile
    doc_id: str
    claims: list[Claim]
    words: int
    rule_failures: int = 0


@dataclass(frozen=True, slots=True)
class DocumentFailed:
    """A document inside an input was skipped (the input itself goes on)."""

    input: InputFile
    where: str
    reason: str
    traceback: str | None = None


@dataclass(frozen=True, slots=True)
class FileFinished:
    input: InputFile
    ok: bool
    reason: str | None = None
    traceback: str | None = None


Event = FileStarted | ClaimsFound | DocumentFailed | FileFinished


# --------------------------------------------------------------------------- work units


@dataclass(slots=True)
class _Unit:
    """Consecutive reading records; the texts of its chunks are processed together."""

    records: list[tuple[str, InputFile, Any]] = field(default_factory=list)
    chars: int = 0

    def texts(self) -> list[tuple[str, str, bool]]:
        """(doc_id, text, count sentences?) of its chunks; sentences are counted only where a chunk follows."""
        return [(doc.doc_id, doc.text, not doc.last) for kind, _, doc in self.records if kind == "doc"]


def _reading_records(inputs: Iterable[InputFile], options: BatchOptions) -> Iterator[tuple[str, InputFile, Any]]:
    """("start"|"doc"|"skip"|"end"|"fail", input, payload) for every input, lazily."""
    for inp in inputs:
        yield "start", inp, None
        try:
            for item in read_documents(
                inp,
                chunk_chars=options.chunk_chars,
                text_field=options.text_field,
                id_field=options.id_field,
            ):
                yield ("doc" if isinstance(item, Document) else "skip"), inp, item
        except InputError as err:
            yield "fail", inp, (str(err), None)
        except Exception as err:  # an I/O error mid-file, a reader bug: fail this input, not the run
            yield "fail", inp, (f"{type(err).__name__}: {err}", traceback.format_exc())
        else:
            yield "end", inp, None


def _units(records: Iterator[tuple[str, InputFile, Any]], batch_size: int) -> Iterator[_Unit]:
    unit = _Unit()
    n_docs = 0
    for record in records:
        unit.records.append(record)
        if record[0] == "doc":
            n_docs += 1
            unit.chars += len(record[2].text)
        if n_docs >= batch_size or unit.chars >= _UNIT_MAX_CHARS or len(unit.records) >= _UNIT_MAX_RECORDS:
            yield unit
            unit, n_docs = _Unit(), 0
    if unit.records:
        yield unit


# --------------------------------------------------------------------------- processing


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
    nlp: Any, items: list[Item], batch_size: int = DEFAULT_BATCH_SIZE, max_chars: int = BATCH_MAX_CHARS
) -> list[Outcome]:
    """Run ``items`` (doc_id, text) through ``nlp`` in batches of at most ``batch_size`` texts and
    ``max_chars`` characters (a longer text goes alone); a failing batch is retried text by text."""
    return [outcome for batch in char_bounded_batches(items, batch_size, max_chars) for outcome in _process_batch(nlp, batch)]


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


def _process_batch(nlp: Any, items: list[Item]) -> list[Outcome]:
    try:
        docs = nlp.pipe((_make_doc(nlp, item[0], item[1]) for item in items), batch_size=len(items))
        return [
            Outcome(list(doc._.claims), _count_sentences(doc) if item[2:] == (True,) else 0, _rule_failures(doc))
            for doc, item in zip(docs, items)
        ]
    except Exception:  # isolate the document that breaks the pipeline
        if len(items) == 1:
            return [_error_outcome()]
        return [outcome for item in items for outcome in _process_batch(nlp, [item])]


def _error_outcome() -> Outcome:
    err = sys.exc_info()[1]
    return Outcome(None, error=f"pipeline error: {type(err).__name__}: {err}", traceback=traceback.format_exc())


def _rule_failures(doc: Any) -> tuple[str, ...]:
    """The isolated rule failures the claimx components recorded (``doc._.claimx_errors``)."""
    try:
        return tuple(doc._.claimx_errors or ())
    except AttributeError:  # a pipeline without claimx.rules.isolation
        return ()


def _make_doc(nlp: Any, doc_id: str, text: str) -> Any:
    doc = nlp.make_doc(text)
    try:
        doc._.doc_id = doc_id  # before the components run, so claims carry the right doc id
    except AttributeError:  # a pipeline without the claimx components
        pass
    return doc


def _count_sentences(doc: Any) -> int:
    """Sentences as claim records number them (claimx.rules.claims), else as the parser splits them.

    A chunk ends after a paragraph break; the parser may make that trailing whitespace a
    sentence of its own, which in the whole document belongs to the sentence before it.
    """
    if not doc.has_annotation("SENT_START"):
        return 0
    if type(doc).__module__.startswith("spacy."):
        from claimx.rules.claims import claim_sentences  # spaCy is loaded by now

        sentences = claim_sentences(doc)
    else:
        sentences = list(doc.sents)
    while sentences and not sentences[-1].text.strip():
        sentences.pop()
    return len(sentences)


def relocate(claim: Claim, *, doc_id: str, number: int, offset: int, sentence_offset: int) -> Claim:
    """A chunk's claim made document-relative: shifted offsets and sentence index, final id."""
    cue, source = claim.cue, claim.source
    if offset:
        if cue is not None:
            cue = dataclasses.replace(cue, start=cue.start + offset, end=cue.end + offset)
        if source is not None and source.start is not None:
            source = dataclasses.replace(source, start=source.start + offset, end=source.end + offset)
    return dataclasses.replace(
        claim,
        doc=doc_id,
        id=f"{doc_id}#{number}",
        start=claim.start + offset,
        end=claim.end + offset,
        sentence=claim.sentence + sentence_offset if claim.sentence is not None else None,
        cue=cue,
        source=source,
    )


# --------------------------------------------------------------------------- executors


_WORKER_NLP: Any = None
_WORKER_BATCH_SIZE = DEFAULT_BATCH_SIZE


def _init_worker(loader: Callable[[], Any] | None, batch_size: int) -> None:
    global _WORKER_NLP, _WORKER_BATCH_SIZE  # per-process state of a worker process
    _WORKER_BATCH_SIZE = batch_size
    if _WORKER_NLP is None and loader is not None:
        _WORKER_NLP = loader()


def _worker_process(items: list[Item]) -> list[Outcome]:
    return process_texts(_WORKER_NLP, items, _WORKER_BATCH_SIZE)


class _InlineExecutor:
    """Runs units in this process (``jobs == 1``)."""

    def __init__(self, nlp: Any, batch_size: int) -> None:
        self.nlp, self.batch_size = nlp, batch_size

    def submit(self, items: list[Item]) -> Future:
        future: Future = Future()
        future.set_result(process_texts(self.nlp, items, self.batch_size))
        return future

    def shutdown(self) -> None:
        pass


class _PoolExecutor:
    """Runs units in worker processes; forked workers share the loaded pipeline copy-on-write."""

    def __init__(self, nlp: Any, loader: Callable[[], Any] | None, jobs: int, batch_size: int) -> None:
        global _WORKER_NLP  # handed to forked workers; reset after the pool is gone
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":
            _WORKER_NLP = nlp
            # the pipeline's objects move to the permanent generation: the workers' garbage
            # collector then never writes to (and so never copies) the pages they share with us
            gc.freeze()
        elif loader is None:
            raise ClaimxError("--jobs > 1 needs a pipeline loader on this platform")
        self.pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(None if method == "fork" else loader, batch_size),
        )

    def submit(self, items: list[Item]) -> Future:
        return self.pool.submit(_worker_process, items)

    def shutdown(self) -> None:
        global _WORKER_NLP
        self.pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_NLP = None
        gc.unfreeze()


# --------------------------------------------------------------------------- the runner


def run(
    inputs: Iterable[InputFile],
    nlp: Any,
    options: BatchOptions = BatchOptions(),
    *,
    loader: Callable[[], Any] | None = None,
) -> Iterator[Event]:
    """Events for every input, in input order: FileStarted, ClaimsFound…, FileFinished."""
    jobs = max(1, options.jobs)
    if jobs == 1:
        executor: Any = _InlineExecutor(nlp, options.batch_size)
    else:
        executor = _PoolExecutor(nlp, loader, jobs, options.batch_size)
    pending: deque[tuple[_Unit, Future]] = deque()
    assembler = _Assembler(options)
    try:
        for unit in _units(_reading_records(inputs, options), options.batch_size):
            pending.append((unit, executor.submit(unit.texts())))
            while len(pending) > 2 * jobs or (pending and pending[0][1].done()):
                yield from assembler.events(*_finished(pending.popleft()))
        while pending:
            yield from assembler.events(*_finished(pending.popleft()))
    finally:
        executor.shutdown()


def _finished(item: tuple[_Unit, Future]) -> tuple[_Unit, list[Outcome]]:
    unit, future = item
    try:
        return unit, future.result()
    except BrokenProcessPool:
        raise ClaimxError("a worker process died (out of memory?); outputs written so far are complete") from None


class _HeldClaims:
    """The finished chunks of a document whose last chunk is still to come.

    Kept in memory up to :data:`_HELD_IN_MEMORY` claims, then in a temporary file, so a
    100 MB document does not hold all its claims in memory until it ends.
    """

    def __init__(self) -> None:
        self.chunks: list[ClaimsFound] = []
        self.claims = 0
        self.spill: Any = None  # a temporary file of pickled ClaimsFound events, once needed

    def add(self, found: ClaimsFound) -> None:
        self.chunks.append(found)
        self.claims += len(found.claims)
        if self.claims >= _HELD_IN_MEMORY:
            if self.spill is None:
                self.spill = tempfile.TemporaryFile()
            for chunk in self.chunks:
                pickle.dump(chunk, self.spill, protocol=pickle.HIGHEST_PROTOCOL)
            self.chunks, self.claims = [], 0

    def release(self) -> Iterator[ClaimsFound]:
        """The held chunks in order (and nothing held any more)."""
        if self.spill is not None:
            self.spill.seek(0)
            while True:
                try:
                    yield pickle.load(self.spill)
                except EOFError:
                    break
        yield from self.chunks
        self.discard()

    def discard(self) -> None:
        if self.spill is not None:
            self.spill.close()
        self.chunks, self.claims, self.spill = [], 0, None


class _Assembler:
    """Turns processed units back into per-input events, tracking chunk offsets and claim numbers."""

    def __init__(self, options: BatchOptions) -> None:
        self.options = options
        self.failed: set[InputFile] = set()
        self.number = FIRST_CLAIM_NUMBER
        self.sentence_offset = 0
        self.held = _HeldClaims()  # chunks of the current document, until its last chunk is done
        self.rule_failures = 0  # in the current document
        self.skipping = False  # the current document failed: its remaining chunks are dropped

    def events(self, unit: _Unit, outcomes: list[Outcome]) -> Iterator[Event]:
        results = iter(outcomes)
        for kind, inp, payload in unit.records:
            if kind == "start":
                yield FileStarted(inp)
            elif kind == "doc":
                yield from self._document(inp, payload, next(results))
            elif kind == "skip":
                yield DocumentFailed(inp, payload.where, payload.reason)
            elif kind == "end":
                if inp in self.failed:
                    continue  # its FileFinished was sent when the failure happened
                yield FileFinished(inp, ok=True)
            elif kind == "fail" and inp not in self.failed:
                reason, trace = payload
                self.held.discard()  # a document cut short by a reading error gives no claims
                self.failed.add(inp)
                yield FileFinished(inp, ok=False, reason=reason, traceback=trace)

    def _document(self, inp: InputFile, doc: Document, outcome: Outcome) -> Iterator[Event]:
        if inp in self.failed:
            return
        if doc.first:
            self.number, self.sentence_offset, self.rule_failures, self.skipping = FIRST_CLAIM_NUMBER, 0, 0, False
            self.held.discard()
        if self.skipping:
            return
        if not outcome.ok:
            self.held.discard()  # claims of its earlier chunks are withheld: the document is skipped
            assert outcome.error is not None
            if inp.kind == "jsonl":  # one article of a dump: skip it, keep the dump
                self.skipping = True
                yield DocumentFailed(inp, doc.doc_id, outcome.error, outcome.traceback)
            else:
                self.failed.add(inp)
                yield FileFinished(inp, ok=False, reason=outcome.error, traceback=outcome.traceback)
            return
        claims = []
        for claim in outcome.claims or ():
            claims.append(
                relocate(claim, doc_id=doc.doc_id, number=self.number, offset=doc.offset, sentence_offset=self.sentence_offset)
            )
            self.number += 1
        self.sentence_offset += outcome.sentences
        self.rule_failures += len(outcome.rule_failures)
        words = len(doc.text.split())
        if not doc.last:
            self.held.add(ClaimsFound(inp, doc.doc_id, claims, words=words))
            return
        yield from self.held.release()
        yield ClaimsFound(inp, doc.doc_id, claims, words=words, rule_failures=self.rule_failures)


# --------------------------------------------------------------------------- progress and summary


@dataclass(slots=True)
class Stats:
    files: int = 0  # inputs to process
    done: int = 0  # inputs processed completely
    failed: int = 0  # inputs that failed
    resumed: int = 0  # inputs skipped because their output exists (--resume)
    documents_failed: int = 0
    documents_with_rule_failures: int = 0  # documents that lost a sentence's claims to a failing rule
    claims: int = 0
    words: int = 0
    started: float = field(default_factory=time.perf_counter)
    loading: float = 0.0  # seconds spent loading the pipeline, before processing started

    def pipeline_loaded(self) -> None:
        """Start the processing clock now; the time so far was spent loading the pipeline."""
        now = time.perf_counter()
        self.loading, self.started = now - self.started, now

    @property
    def seconds(self) -> float:
        """Processing time (without loading the pipeline)."""
        return time.perf_counter() - self.started

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.documents_failed == 0

    def count(self, event: Event) -> None:
        if isinstance(event, ClaimsFound):
            self.claims += len(event.claims)
            self.words += event.words
            if event.rule_failures:
                self.documents_with_rule_failures += 1
        elif isinstance(event, DocumentFailed):
            self.documents_failed += 1
        elif isinstance(event, FileFinished):
            if event.ok:
                self.done += 1
            else:
                self.failed += 1

    def summary(self) -> str:
        """One line: files done, claims, failures, time."""
        seconds = self.seconds
        parts = [f"{self.done} of {self.files} files done"]
        if self.resumed:
            parts.append(f"{self.resumed} already done (--resume)")
        parts.append(f"{self.claims} claims")
        failures = f"{self.failed} failed"
        if self.documents_failed:
            failures += f", {self.documents_failed} documents skipped"
        if self.documents_with_rule_failures:
            # the claims of the sentences where a rule failed are left out (logged per document)
            failures += f", {self.documents_with_rule_failures} documents with rule failures"
        parts.append(failures)
        rate = f", {self.words / seconds:,.0f} words/s" if seconds > 0 and self.words else ""
        loading = f" (+ {self.loading:.1f} s loading the pipeline)" if self.loading else ""
        parts.append(f"{seconds:.1f} s{loading}{rate}")
        return "claimx: " + ", ".join(parts)


class ProgressBar:
    """A transient rich progress bar on stderr: files, claims, words per second."""

    def __init__(self, console: Any, total_files: int, *, enabled: bool) -> None:
        self.progress = None
        if not enabled:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[claims]} claims · {task.fields[rate]} words/s"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("claimx", total=total_files, claims=0, rate="–")

    def __enter__(self) -> ProgressBar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, stats: Stats) -> None:
        if self.progress is None:
            return
        seconds = stats.seconds
        rate = f"{stats.words / seconds:,.0f}" if seconds > 0.5 else "–"
        self.progress.update(self.task, completed=stats.done + stats.failed, claims=stats.claims, rate=rate)
