"""The one runner: many inputs through the pipeline, in bounded memory, in input order, into sinks.

Inputs are read lazily and cut into chunks (:mod:`claimx.io`); chunks are grouped into
small *units* that go through ``nlp.pipe`` (in this process, or in ``jobs`` worker
processes: :mod:`claimx.processing`), and results come back in input order while later
units are still being read. At most ``2 * jobs + 1`` units are in flight, so memory does
not grow with the corpus.

A bad input never stops the run: reading errors fail that input, a document the pipeline
chokes on is retried alone and then skipped; every failure is reported as an event. The
claims of a document cut into chunks are held back until its last chunk is done, so a
document that fails half-way leaves no claims in the output.

:func:`run` gives the events; :func:`claims_of` drives them into a sink, counting and
reporting as it goes; :func:`extract_to_folder` and :func:`extract_to_stream` are the two
whole runs behind ``claimx extract`` and :func:`claimx.extract_files`.
"""

from __future__ import annotations

import dataclasses
import pickle
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimx.errors import ClaimxError, UsageError
from claimx.io import (
    DEFAULT_CHUNK_CHARS,
    DEFAULT_ID_FIELD,
    DEFAULT_TEXT_FIELD,
    Document,
    DumpPart,
    InputError,
    InputFile,
    TextInput,
    read_documents,
)
from claimx.output import STREAM_FORMATS, TEXT_FORMATS, ClaimWriter
from claimx.processing import DEFAULT_BATCH_SIZE, Outcome, executor_for
from claimx.records import FIRST_CLAIM_NUMBER, Claim, claim_id
from claimx.sinks import AtomicFile, DoneLog, FolderSink, StreamSink, check_writable_folder, folder_targets

__all__ = ["DEFAULT_BATCH_SIZE", "RunOptions", "run", "claims_of", "extract_to_folder", "extract_to_stream", "Stats"]

Input = InputFile | TextInput | DumpPart
Loader = Callable[[], Any]  # loads the pipeline (called only when there is something to do)
_UNIT_MAX_CHARS = 500_000  # bound on the text held by one unit of work (sent to a worker at once)
_UNIT_MAX_RECORDS = 1_000  # bound on events (e.g. empty files) collected in one unit
_HELD_IN_MEMORY = 5_000  # claims of an unfinished chunked document kept in memory; more go to a temporary file


@dataclass(frozen=True, slots=True)
class RunOptions:
    chunk_chars: int = DEFAULT_CHUNK_CHARS  # longer documents are processed in chunks of at most this many characters
    text_field: str = DEFAULT_TEXT_FIELD  # of .jsonl article dumps
    id_field: str = DEFAULT_ID_FIELD
    batch_size: int = DEFAULT_BATCH_SIZE  # texts per nlp.pipe batch
    jobs: int = 1  # worker processes
    strict: bool = False  # errors propagate instead of failing their input (claimx.load(raise_errors=True))
    meta_fields: tuple[str, ...] = ()  # fields of .jsonl articles copied into each record's meta
    keep_text: bool = False  # events carry each chunk's text (for views that show it; costs memory on long documents)


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class FileStarted:
    input: Input


@dataclass(frozen=True, slots=True)
class ClaimsFound:
    """The claims of one document chunk, with document-relative offsets and final ids.

    ``rule_failures``: rules that failed (and cost their sentences' claims) in the whole
    document, given on its last chunk (0 on the others).
    """

    input: Input
    doc_id: str
    claims: list[Claim]
    words: int
    rule_failures: int = 0
    text: str | None = None  # the chunk's text, with RunOptions(keep_text=True)
    offset: int = 0  # of the chunk in its document
    meta: dict[str, Any] | None = None  # the document's metadata (HTML pages, --meta-fields)


@dataclass(frozen=True, slots=True)
class DocumentFailed:
    """A document inside an input was skipped (the input itself goes on)."""

    input: Input
    where: str
    reason: str
    traceback: str | None = None


@dataclass(frozen=True, slots=True)
class FileFinished:
    input: Input
    ok: bool
    reason: str | None = None
    traceback: str | None = None


Event = FileStarted | ClaimsFound | DocumentFailed | FileFinished


# --------------------------------------------------------------------------- work units


@dataclass(slots=True)
class _Unit:
    """Consecutive reading records; the texts of its chunks are processed together."""

    records: list[tuple[str, Input, Any]] = field(default_factory=list)
    chars: int = 0

    def texts(self) -> list[tuple[str, str, bool]]:
        """(doc_id, text, count sentences?) of its chunks; sentences are counted only where a chunk follows."""
        return [(doc.doc_id, doc.text, not doc.last) for kind, _, doc in self.records if kind == "doc"]


def _reading_records(inputs: Iterable[Input], options: RunOptions) -> Iterator[tuple[str, Input, Any]]:
    """("start"|"doc"|"skip"|"end"|"fail", input, payload) for every input, lazily."""
    for inp in inputs:
        yield "start", inp, None
        try:
            for item in read_documents(
                inp,
                chunk_chars=options.chunk_chars,
                text_field=options.text_field,
                id_field=options.id_field,
                meta_fields=options.meta_fields,
            ):
                yield ("doc" if isinstance(item, Document) else "skip"), inp, item
        except InputError as err:
            yield "fail", inp, (str(err), None)
        except Exception as err:  # an I/O error mid-file, a reader bug: fail this input, not the run
            if options.strict:
                raise
            yield "fail", inp, (f"{type(err).__name__}: {err}", traceback.format_exc())
        else:
            yield "end", inp, None


def _units(records: Iterator[tuple[str, Input, Any]], batch_size: int) -> Iterator[_Unit]:
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


# --------------------------------------------------------------------------- the runner


def run(inputs: Iterable[Input], nlp: Any, options: RunOptions = RunOptions(), *, loader: Loader | None = None) -> Iterator[Event]:
    """Events for every input, in input order: FileStarted, ClaimsFound…, FileFinished.

    ``loader`` loads the pipeline in worker processes that are spawned rather than forked.
    """
    jobs = max(1, options.jobs)
    executor = executor_for(nlp, loader, jobs, options.batch_size, options.strict)
    pending: deque[tuple[_Unit, Future]] = deque()
    assembler = _Assembler(options.keep_text)
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


def relocate(claim: Claim, *, doc_id: str, number: int, offset: int, sentence_offset: int, meta: dict[str, Any] | None = None) -> Claim:
    """A chunk's claim made document-relative: shifted offsets and sentence index, final id, the document's meta."""
    cue, source = claim.cue, claim.source
    if offset:
        if cue is not None:
            cue = dataclasses.replace(cue, start=cue.start + offset, end=cue.end + offset)
        if source is not None and source.start is not None:
            source = dataclasses.replace(source, start=source.start + offset, end=source.end + offset)
    return dataclasses.replace(
        claim,
        doc=doc_id,
        id=claim_id(doc_id, number),
        start=claim.start + offset,
        end=claim.end + offset,
        sentence=claim.sentence + sentence_offset if claim.sentence is not None else None,
        cue=cue,
        source=source,
        meta=meta if meta is not None else claim.meta,
    )


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

    def __init__(self, keep_text: bool = False) -> None:
        self.keep_text = keep_text
        self.failed: set[Input] = set()
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

    def _document(self, inp: Input, doc: Document, outcome: Outcome) -> Iterator[Event]:
        if inp in self.failed:
            return
        if doc.first:
            self.number, self.sentence_offset, self.rule_failures, self.skipping = FIRST_CLAIM_NUMBER, 0, 0, False
            self.held.discard()
        if self.skipping:
            return
        if not outcome.ok:
            yield self._failure(inp, doc, outcome)
            return
        claims = []
        for claim in outcome.claims or ():
            claims.append(
                relocate(claim, doc_id=doc.doc_id, number=self.number, offset=doc.offset, sentence_offset=self.sentence_offset, meta=doc.meta)
            )
            self.number += 1
        self.sentence_offset += outcome.sentences
        self.rule_failures += len(outcome.rule_failures)
        words = len(doc.text.split())
        text = doc.text if self.keep_text else None
        if not doc.last:
            self.held.add(ClaimsFound(inp, doc.doc_id, claims, words=words, text=text, offset=doc.offset, meta=doc.meta))
            return
        yield from self.held.release()
        yield ClaimsFound(inp, doc.doc_id, claims, words=words, rule_failures=self.rule_failures, text=text, offset=doc.offset, meta=doc.meta)

    def _failure(self, inp: Input, doc: Document, outcome: Outcome) -> Event:
        """A document the pipeline failed on: skipped inside a dump, else its input fails."""
        self.held.discard()  # claims of its earlier chunks are withheld: the document is skipped
        assert outcome.error is not None
        if inp.kind == "jsonl":  # one article of a dump: skip it, keep the dump
            self.skipping = True
            return DocumentFailed(inp, doc.doc_id, outcome.error, outcome.traceback)
        self.failed.add(inp)
        return FileFinished(inp, ok=False, reason=outcome.error, traceback=outcome.traceback)


# --------------------------------------------------------------------------- counting and reporting


@dataclass(frozen=True, slots=True)
class Failure:
    """An input, or a document inside one, that was skipped, and why."""

    where: str  # the input's name, "dump.jsonl:7" or the id of an article in a dump
    reason: str
    traceback: str | None = None


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
    failures: list[Failure] = field(default_factory=list)  # in the order they happened
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

    def count(self, event: Event) -> Failure | None:
        """Count ``event``; the failure it reports, if any."""
        failure = None
        if isinstance(event, ClaimsFound):
            self.claims += len(event.claims)
            self.words += event.words
            if event.rule_failures:
                self.documents_with_rule_failures += 1
        elif isinstance(event, DocumentFailed):
            self.documents_failed += 1
            failure = Failure(event.where, event.reason, event.traceback)
        elif isinstance(event, FileFinished):
            if event.ok:
                self.done += 1
            else:
                self.failed += 1
                failure = Failure(event.input.name, event.reason or "failed", event.traceback)
        if failure is not None:
            self.failures.append(failure)
        return failure

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
    """A transient rich progress bar on stderr: files (or a cluster's tasks), claims, words per second."""

    def __init__(self, console: Any, *, enabled: bool) -> None:
        self.progress = None
        if not enabled:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]} · {task.fields[claims]} claims · {task.fields[rate]} words/s"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("claimx", total=None, claims=0, rate="–", unit="files")

    def __enter__(self) -> ProgressBar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, stats: Stats, *, tasks: tuple[int, int] | None = None) -> None:
        """Show ``stats``; ``tasks`` (done, total) counts a cluster's tasks instead of files."""
        if self.progress is None:
            return
        seconds = stats.seconds
        rate = f"{stats.words / seconds:,.0f}" if seconds > 0.5 else "–"
        completed, total, unit = (stats.done + stats.failed, stats.files, "files") if tasks is None else (*tasks, "tasks")
        self.progress.update(self.task, total=total, completed=completed, claims=stats.claims, rate=rate, unit=unit)


# --------------------------------------------------------------------------- whole runs


Report = Callable[[Failure], None]  # told of each failure as it happens


def claims_of(
    inputs: list[Input],
    load: Loader,
    options: RunOptions,
    *,
    stats: Stats,
    sink: StreamSink | FolderSink | None = None,
    report: Report | None = None,
    progress: ProgressBar | None = None,
) -> Iterator[list[Claim]]:
    """The claims of every document chunk of ``inputs``, also written to ``sink``; failures go to ``report``.

    The pipeline is loaded (``load()``) only when there is an input to process.
    """
    if not inputs:  # e.g. --resume with everything done: no need to load the pipeline
        return
    nlp = load()
    stats.pipeline_loaded()
    stats.files = len(inputs)
    with progress or nullcontext():
        for event in run(inputs, nlp, options, loader=load):
            failure = stats.count(event)
            if isinstance(event, ClaimsFound):
                if sink is not None:
                    sink.write(event.claims, _piece(event))
                yield event.claims
            elif sink is not None and isinstance(event, FileStarted):
                sink.start(event.input)
            elif sink is not None and isinstance(event, FileFinished):
                sink.finish(event.input, event.ok)
            if failure is not None and report is not None:
                report(failure)
            if progress is not None:
                progress.update(stats)


def _piece(found: ClaimsFound) -> Any:
    """The text the claims were found in, for sinks that show it (None unless the run keeps text)."""
    if found.text is None:
        return None
    from claimx.view.writer import TextPiece

    return TextPiece(found.doc_id, found.text, found.offset, found.meta)


def options_for_format(options: RunOptions, fmt: str) -> RunOptions:
    """Formats that show the text (html) need it carried along."""
    return dataclasses.replace(options, keep_text=True) if fmt in TEXT_FORMATS else options


def extract_to_folder(
    inputs: list[InputFile],
    out_dir: Path,
    fmt: str,
    load: Loader,
    options: RunOptions,
    *,
    resume: bool = False,
    stats: Stats,
    report: Report | None = None,
    progress: ProgressBar | None = None,
) -> None:
    """One output file per input below ``out_dir``, mirroring the input tree; ``resume`` skips complete ones.

    A usage problem (two inputs sharing one output, an unwritable folder) is raised before
    the pipeline is loaded.
    """
    targets, done, inputs = folder_plan(inputs, out_dir, fmt, resume=resume, stats=stats)
    sink = FolderSink(targets, fmt, done)
    options = options_for_format(options, fmt)
    try:
        for _ in claims_of(inputs, load, options, stats=stats, sink=sink, report=report, progress=progress):
            pass
    finally:
        sink.abort()


def folder_plan(
    inputs: list[InputFile], out_dir: Path, fmt: str, *, resume: bool, stats: Stats
) -> tuple[dict[InputFile, Path], DoneLog, list[InputFile]]:
    """Each input's output file, the folder's log of complete outputs, and the inputs to process.

    Checks the format and that ``out_dir`` is writable; ``resume`` leaves out (and counts) the
    inputs whose output is complete.
    """
    if fmt not in STREAM_FORMATS:
        raise UsageError("a folder output needs json, jsonl, csv or html", option="--format")
    targets = folder_targets(inputs, out_dir, fmt)
    check_writable_folder(out_dir)
    done = DoneLog(out_dir)
    if resume:
        todo = [inp for inp in inputs if inp not in targets or not done.is_complete(targets[inp])]
        stats.resumed = len(inputs) - len(todo)
        inputs = todo
    return targets, done, inputs


def extract_to_stream(
    inputs: list[InputFile],
    fmt: str,
    output: Path | None,
    load: Loader,
    options: RunOptions,
    *,
    stats: Stats,
    report: Report | None = None,
    progress: ProgressBar | None = None,
) -> None:
    """All claims into one stream: ``output`` (written atomically) or stdout."""
    atomic = AtomicFile(output) if output is not None else None
    title = inputs[0].name if len(inputs) == 1 else f"{len(inputs)} inputs"
    writer = ClaimWriter(fmt, atomic.stream if atomic else None, title=title)
    options = options_for_format(options, fmt)
    try:
        sink = StreamSink(writer, output or "stdout")
        for _ in claims_of(inputs, load, options, stats=stats, sink=sink, report=report, progress=progress):
            pass
        sink.close()
        if atomic:
            atomic.commit()
    finally:
        if atomic:
            atomic.discard()
