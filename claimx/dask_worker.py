"""What runs on the workers of a Dask cluster (:mod:`claimx.distributed` is the client's side).

Each worker loads the pipeline once, through a :class:`ClaimxPipeline` plugin that calls the
loader a local run uses. A task of whole files runs the ordinary runner on them and writes
each output atomically where ``-o OUT_DIR`` puts it (a temporary name unique to the attempt,
renamed when complete), so an attempt that dies leaves nothing half-written and a retry
writes the same bytes again. A task of one part of a JSON Lines dump writes the part's claims
to a *spool* file instead; the client writes the dump's output from the spools in order.
Nothing here writes the folder's ``.claimx-done``: only the client records completion.

This module needs ``distributed``; it is imported only once that is known to be installed.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import Worker, WorkerPlugin, get_worker

from claimx.io import DumpPart, InputFile
from claimx.processing import AlreadyLoaded
from claimx.records import Claim
from claimx.runner import Failure, RunOptions, Stats, claims_of
from claimx.sinks import FolderSink


class ClaimxPipeline(WorkerPlugin):
    """Loads the pipeline once per worker (and again on a worker that joins or restarts)."""

    idempotent = True  # registering the same loader again (a second run on the cluster) loads nothing

    def __init__(self, loader: Callable[[], Any], name: str) -> None:
        self.loader, self.name = loader, name
        self.nlp: Any = None
        self.lock: threading.Lock | None = None

    async def setup(self, worker: Worker) -> None:
        self.lock = threading.Lock()  # a worker with several threads runs one document batch at a time
        # in a thread: loading takes seconds, and the worker's event loop must keep answering the scheduler
        self.nlp = await asyncio.to_thread(self.loader)


def _plugin(name: str) -> ClaimxPipeline:
    plugin = get_worker().plugins.get(name)
    if not isinstance(plugin, ClaimxPipeline) or plugin.nlp is None or plugin.lock is None:
        raise RuntimeError(f"the claimx pipeline is not loaded on this worker (plugin {name})")
    return plugin


@dataclass(slots=True)
class TaskResult:
    """What a task did: its counts, and the outputs it committed (path -> claims) for the client to record."""

    stats: Stats
    committed: dict[str, int] = field(default_factory=dict)

    @property
    def input_failure(self) -> Failure | None:
        """Why the (one) input of a part task failed, if it did: its FileFinished is the run's last event."""
        return self.stats.failures[-1] if self.stats.failed else None


class _Committed:
    """Stands in for the folder's DoneLog on a worker: notes what was committed, records nothing."""

    def __init__(self) -> None:
        self.claims: dict[str, int] = {}

    def record(self, target: Path, claims: int) -> None:
        self.claims[str(target)] = claims


def extract_files(plugin_name: str, inputs: list[InputFile], targets: dict[InputFile, Path], fmt: str, options: RunOptions) -> TaskResult:
    """Whole files, each written atomically to its target, as ``claimx extract -o OUT_DIR`` writes it."""
    plugin = _plugin(plugin_name)
    stats, committed = Stats(), _Committed()
    sink = FolderSink(targets, fmt, committed)  # type: ignore[arg-type]  # records like a DoneLog
    try:
        with plugin.lock:  # type: ignore[union-attr]
            for _ in claims_of(inputs, AlreadyLoaded(plugin.nlp), options, stats=stats, sink=sink):
                pass
    finally:
        sink.abort()
    return TaskResult(stats, committed.claims)


def extract_part(plugin_name: str, part: DumpPart, spool: Path, options: RunOptions) -> TaskResult:
    """One part of a dump: its claims, chunk by chunk, into the file ``spool`` (renamed into place when complete)."""
    plugin = _plugin(plugin_name)
    stats, sink = Stats(), SpoolSink(spool)
    try:
        with plugin.lock:  # type: ignore[union-attr]
            for _ in claims_of([part], AlreadyLoaded(plugin.nlp), options, stats=stats, sink=sink):
                pass
    finally:
        sink.abort()
    return TaskResult(stats)


class SpoolSink:
    """The claim chunks of one dump part, pickled as the runner gives them (with their text, for html)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp: Path | None = None
        self.stream: Any = None

    def start(self, inp: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.tmp, self.stream = Path(tmp), os.fdopen(fd, "wb")

    def write(self, claims: list[Claim], piece: Any = None) -> None:
        pickle.dump((claims, piece), self.stream, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self, inp: Any, ok: bool) -> None:
        if not ok:
            self.abort()
            return
        self.stream.close()
        assert self.tmp is not None
        os.replace(self.tmp, self.path)
        self.tmp = None

    def abort(self) -> None:
        if self.stream is not None and not self.stream.closed:
            self.stream.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
            self.tmp = None


def read_spool(path: Path) -> Iterator[tuple[list[Claim], Any]]:
    """The (claims, text piece) chunks a :class:`SpoolSink` wrote, in order."""
    with path.open("rb") as stream:
        while True:
            try:
                yield pickle.load(stream)
            except EOFError:
                return
