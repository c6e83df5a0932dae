"""claimx on a Dask cluster: ``claimx extract INPUT... -o OUT_DIR --dask ADDRESS`` and :func:`extract`.

The client cuts the inputs into tasks — a few whole files each, and JSON Lines dumps larger
than ``part_bytes`` into line ranges — and submits them; every worker loads the pipeline once
(:class:`claimx.dask_worker.ClaimxPipeline`). The outputs are those of ``claimx extract -o
OUT_DIR`` on one machine, byte for byte: a worker writes the output of each whole file
atomically itself, with the same runner and writer; the parts of a split dump go to spool files
(their claims as the runner gives them), and the client writes the dump's one output from them
in order, again with the same writer — so every format (a JSON array, CSV with its header, an
HTML page) comes out as in a local run, and only claims, not the articles' text, pass through
the client. Completion is recorded in ``OUT_DIR/.claimx-done`` by the client alone, after the
output is committed; ``resume`` trusts that log as a local ``--resume`` does.

A worker that dies takes nothing with it: its tasks run again elsewhere (``retries``), and
every write is atomic under a name unique to the attempt, so a retry rewrites the same bytes.
Workers need claimx installed, read the input paths and write below ``out_dir`` (a shared
filesystem). This module imports ``distributed`` only when a run starts: without the
``dask`` extra the run stops with one line saying how to install it.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import os
import stat
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from claimx.errors import ClaimxError, UsageError
from claimx.io import DEFAULT_CHUNK_CHARS, DEFAULT_ID_FIELD, DEFAULT_TEXT_FIELD, DumpPart, InputError, InputFile, discover, dump_parts, is_claimx_output
from claimx.io.jsonl import check_dump_head
from claimx.io.reading import open_input
from claimx.processing import DEFAULT_BATCH_SIZE
from claimx.runner import Failure, ProgressBar, Report, RunOptions, Stats, folder_plan, options_for_format
from claimx.sinks import DoneLog, FolderSink

__all__ = ["DEFAULT_PART_BYTES", "DEFAULT_RETRIES", "MissingDask", "connect", "expand", "extract", "extract_on_cluster", "require_dask"]

DEFAULT_PART_BYTES = 1_000_000  # a dump larger than this is split into line ranges of about this size (~15 s of work each)
DEFAULT_RETRIES = 3  # a task that raises is tried this many more times (a worker's death is retried by the scheduler too)
TASK_FILES = 16  # whole files per task: fewer round trips to the scheduler (2 workers 0.99x of one worker's words per CPU second; 0.94x with 8), still many tasks per worker on a corpus
PARTS_FOLDER = ".claimx-parts"  # below OUT_DIR: the spools of split dumps, removed once their output is written
INSTALL_HINT = "pip install 'claimx[dask]'"


class MissingDask(UsageError):
    """``distributed`` is not installed: the message says how to install it."""


def require_dask() -> ModuleType:
    """The ``distributed`` package, or :class:`MissingDask` naming the extra to install."""
    try:
        import distributed
    except ImportError:
        raise MissingDask(f"running on a Dask cluster needs Dask: {INSTALL_HINT}") from None
    return distributed


# --------------------------------------------------------------------------- connecting


@contextmanager
def connect(spec: Any) -> Iterator[Any]:
    """A client for ``spec``: a ``distributed.Client`` (used as is), ``local:N`` (a LocalCluster of N
    one-thread worker processes, closed afterwards), a scheduler address, or None (the current client)."""
    distributed = require_dask()
    if spec is None:
        try:
            yield distributed.default_client()
        except ValueError:
            raise UsageError("no Dask client: pass client= (a Client, a scheduler address or 'local:N')") from None
    elif not isinstance(spec, str):
        yield spec
    elif spec.startswith("local:"):
        workers = _local_workers(spec)
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
            with distributed.Client(cluster) as client:
                yield client
    else:
        try:
            client = distributed.Client(spec, timeout="20s")
        except (OSError, TimeoutError) as err:
            raise ClaimxError(f"cannot reach the Dask scheduler at {spec}: {err}") from None
        with client:
            yield client


def _local_workers(spec: str) -> int:
    count = spec.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise UsageError(f"{spec}: expected local:N with N worker processes (N ≥ 1)", option="--dask")
    return int(count)


# --------------------------------------------------------------------------- tasks


@dataclass(frozen=True, slots=True)
class FilesTask:
    inputs: tuple[InputFile, ...]


@dataclass(frozen=True, slots=True)
class PartTask:
    part: DumpPart
    spool: Path


Task = FilesTask | PartTask


def plan_tasks(inputs: list[InputFile], targets: dict[InputFile, Path], out_dir: Path, part_bytes: int) -> list[Task]:
    """Tasks for ``inputs`` (each with a target): consecutive files in groups, large dumps in parts."""
    tasks: list[Task] = []
    group: list[InputFile] = []
    group_bytes = 0
    for inp in inputs:
        size = _size(inp)
        parts = _parts(inp, part_bytes) if inp.kind == "jsonl" and size > part_bytes else None
        if parts is not None:
            spools = out_dir / PARTS_FOLDER / targets[inp].relative_to(out_dir)
            tasks.extend(PartTask(part, spools.with_name(f"{spools.name}.{part.index}")) for part in parts)
            continue
        if group and (len(group) >= TASK_FILES or group_bytes + size > part_bytes):
            tasks.append(FilesTask(tuple(group)))
            group, group_bytes = [], 0
        group.append(inp)
        group_bytes += size
    if group:
        tasks.append(FilesTask(tuple(group)))
    return tasks


def _parts(inp: InputFile, part_bytes: int) -> list[DumpPart] | None:
    """The line ranges of a large dump; None for one that fails as a whole (binary, claimx output, unreadable).

    Those go to a worker whole, so that they fail with the one reason a local run gives,
    not with a skipped line for every line of every other part.
    """
    assert inp.path is not None
    try:
        with open_input(inp.path, regular_only=True) as stream:
            check_dump_head(stream)
        return None if is_claimx_output(inp.path) else dump_parts(inp, part_bytes)
    except (InputError, OSError):
        return None


def _size(inp: InputFile) -> int:
    try:
        return inp.path.stat().st_size if inp.path is not None else 0
    except OSError:  # a broken link: its worker reports why it cannot be read
        return 0


def _unreachable(inp: InputFile) -> str | None:
    """Why workers cannot read ``inp`` at all (stdin, a pipe named on the command line), if so."""
    if inp.problem is not None:
        return inp.problem
    if inp.path is None:
        return "stdin cannot be read by the workers of a cluster (give a file on a shared filesystem)"
    try:
        mode = inp.path.stat().st_mode
    except OSError:
        return None  # a broken link: the worker says why, as a local run does
    if not stat.S_ISREG(mode):
        return "not a regular file: the workers of a cluster read inputs from a (shared) filesystem"
    return None


# --------------------------------------------------------------------------- the run


@dataclass(slots=True)
class _Split:
    """The parts of one split dump, as their tasks come back."""

    spools: list[Path]
    arrived: int = 0
    failure: Failure | None = None


@dataclass
class _ClusterRun:
    """Submits the tasks, then counts, reports and records each as it completes."""

    client: Any
    distributed: ModuleType
    out_dir: Path
    fmt: str
    targets: dict[InputFile, Path]
    done: DoneLog
    stats: Stats
    report: Report | None
    progress: ProgressBar | None
    retries: int
    splits: dict[InputFile, _Split] = field(default_factory=dict)
    finished: int = 0

    def run(self, tasks: list[Task], plugin: Any, options: RunOptions) -> None:
        self.client.register_plugin(plugin, name=plugin.name)
        self.stats.pipeline_loaded()
        futures = self._submit(tasks, plugin.name, options)
        try:
            with self.progress or nullcontext():
                self._show(len(tasks))
                for future in self.distributed.as_completed(list(futures)):
                    self._completed(futures[future], future)
                    future.release()
                    self._show(len(tasks))
        finally:
            self.client.cancel(list(futures))

    def _submit(self, tasks: list[Task], plugin_name: str, options: RunOptions) -> dict[Any, Task]:
        from claimx import dask_worker

        run_id = uuid.uuid4().hex[:8]
        futures = {}
        for n, task in enumerate(tasks):
            key = f"claimx-{run_id}-{n}"
            if isinstance(task, FilesTask):
                args: tuple = (dask_worker.extract_files, plugin_name, list(task.inputs), {i: self.targets[i] for i in task.inputs}, self.fmt, options)
            else:
                self.splits.setdefault(task.part.input, _Split([])).spools.append(task.spool)
                args = (dask_worker.extract_part, plugin_name, task.part, task.spool, options)
            futures[self.client.submit(*args, key=key, retries=self.retries, pure=False)] = task
        return futures

    def _show(self, total: int) -> None:
        if self.progress is not None:
            self.progress.update(self.stats, tasks=(self.finished, total))

    def _completed(self, task: Task, future: Any) -> None:
        self.finished += 1
        if future.status == "finished":
            if isinstance(task, FilesTask):
                self._files_done(future.result())
            else:
                self._part_done(task.part.input, future.result())
            return
        reason = _task_error(future)
        if isinstance(task, FilesTask):
            for inp in task.inputs:
                self.fail(inp, reason)
        else:
            self._part_arrived(task.part.input, Failure(task.part.name, reason))

    def _files_done(self, result: Any) -> None:
        for target, claims in result.committed.items():
            self.done.record(Path(target), claims)
        _add_counts(self.stats, result.stats)
        self.stats.done += result.stats.done
        self.stats.failed += result.stats.failed
        for failure in result.stats.failures:
            self._tell(failure)

    def _part_done(self, inp: InputFile, result: Any) -> None:
        _add_counts(self.stats, result.stats)
        input_failure = result.input_failure
        for failure in result.stats.failures:
            if failure is not input_failure:
                self._tell(failure)
        self._part_arrived(inp, input_failure)

    def _part_arrived(self, inp: InputFile, failure: Failure | None) -> None:
        split = self.splits[inp]
        split.arrived += 1
        split.failure = split.failure or failure
        if split.arrived < len(split.spools):
            return
        if split.failure is not None:
            self.stats.failed += 1
            self._tell(split.failure)
        else:
            self._write_split(inp, split.spools)
            self.stats.done += 1
        for spool in split.spools:
            spool.unlink(missing_ok=True)

    def _write_split(self, inp: InputFile, spools: list[Path]) -> None:
        """The output of a split dump from its parts' spools, in order, through the writer a local run uses."""
        from claimx.dask_worker import read_spool

        sink = FolderSink({inp: self.targets[inp]}, self.fmt, self.done)
        try:
            sink.start(inp)
            for spool in spools:
                for claims, piece in read_spool(spool):
                    sink.write(claims, piece)
            sink.finish(inp, True)
        finally:
            sink.abort()

    def fail(self, inp: InputFile, reason: str) -> None:
        _fail(self.stats, self.report, Failure(inp.name, reason))

    def _tell(self, failure: Failure) -> None:
        self.stats.failures.append(failure)
        if self.report is not None:
            self.report(failure)


def _fail(stats: Stats, report: Report | None, failure: Failure) -> None:
    """An input that failed as a whole: counted, listed and reported."""
    stats.failed += 1
    stats.failures.append(failure)
    if report is not None:
        report(failure)


def _add_counts(stats: Stats, part: Stats) -> None:
    """The document counts of a task's stats (its files' done and failed are counted by the caller)."""
    stats.claims += part.claims
    stats.words += part.words
    stats.documents_failed += part.documents_failed
    stats.documents_with_rule_failures += part.documents_with_rule_failures


def _task_error(future: Any) -> str:
    """One line for a task that failed on every attempt (its worker died too often, an output unwritable…)."""
    try:
        err = future.exception()
    except Exception as other:  # cancelled: no exception to ask for
        err = other
    return f"task failed on the cluster: {type(err).__name__}: {err}".splitlines()[0]


def _plugin_for(load: Callable[[], Any]) -> Any:
    """The worker plugin for ``load``, named after it: a second run with the same loader reuses the loaded pipelines."""
    import cloudpickle

    from claimx.dask_worker import ClaimxPipeline

    digest = hashlib.sha256(cloudpickle.dumps(load)).hexdigest()[:16]
    return ClaimxPipeline(load, f"claimx-pipeline-{digest}")


def _clean_up(out_dir: Path, targets: Iterable[Path]) -> None:
    """Remove what attempts that died left behind: their temporary files, and the spools folder once empty."""
    names: dict[Path, set[str]] = {}
    for target in targets:
        names.setdefault(target.parent, set()).add(target.name)
    for folder, outputs in names.items():
        for entry in _listing(folder):
            if entry.startswith(".") and entry.endswith(".tmp") and entry[1:].rsplit(".", 2)[0] in outputs:
                (folder / entry).unlink(missing_ok=True)
    parts = out_dir / PARTS_FOLDER
    for folder, _, files in sorted(os.walk(parts), reverse=True) if parts.is_dir() else ():
        for name in files:
            if name.endswith(".tmp"):
                Path(folder, name).unlink(missing_ok=True)
        try:
            os.rmdir(folder)
        except OSError:  # not empty: another run's spools
            pass


def _listing(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


# --------------------------------------------------------------------------- entry points


def extract_on_cluster(
    inputs: list[InputFile],
    out_dir: Path,
    fmt: str,
    load: Callable[[], Any],
    options: RunOptions,
    client: Any,
    *,
    resume: bool = False,
    stats: Stats,
    report: Report | None = None,
    progress: ProgressBar | None = None,
    part_bytes: int = DEFAULT_PART_BYTES,
    retries: int = DEFAULT_RETRIES,
) -> None:
    """As :func:`claimx.runner.extract_to_folder`, on the cluster of ``client`` (see :func:`connect`)."""
    distributed = require_dask()
    out_dir = out_dir.absolute()  # the workers' working folder is not ours
    inputs = [dataclasses.replace(inp, path=inp.path.absolute()) if inp.path is not None else inp for inp in inputs]
    targets, done, inputs = folder_plan(inputs, out_dir, fmt, resume=resume, stats=stats)
    if not inputs:
        return
    stats.files = len(inputs)
    options = dataclasses.replace(options_for_format(options, fmt), jobs=1)  # a worker is one process; more cores, more workers
    reasons = {inp: _unreachable(inp) for inp in inputs}
    for inp, reason in reasons.items():
        if reason is not None:
            _fail(stats, report, Failure(inp.name, reason))
    reachable = [inp for inp, reason in reasons.items() if reason is None]
    tasks = plan_tasks(reachable, targets, out_dir, part_bytes)
    if not tasks:
        return
    with connect(client) as connected:
        run = _ClusterRun(connected, distributed, out_dir, fmt, targets, done, stats, report, progress, retries)
        try:
            run.run(tasks, _plugin_for(load), options)
        finally:
            _clean_up(out_dir, (targets[inp] for inp in reachable))


def expand(paths_or_globs: Iterable[str | Path]) -> list[str]:
    """Paths as given; a pattern (``*``, ``?``, ``[``) that names no file is expanded, sorted, and must match."""
    paths: list[str] = []
    for item in map(str, paths_or_globs):
        if glob.has_magic(item) and not os.path.lexists(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise UsageError(f"{item}: no file matches")
            paths.extend(matches)
        else:
            paths.append(item)
    return paths


def extract(
    paths_or_globs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    client: Any = None,
    resume: bool = True,
    format: str = "jsonl",
    model: str | Path | None = None,
    sources: Iterable[str | Path] = (),
    learned: bool = False,
    loader: Callable[[], Any] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
    text_field: str = DEFAULT_TEXT_FIELD,
    id_field: str = DEFAULT_ID_FIELD,
    meta_fields: Iterable[str] = (),
    part_bytes: int = DEFAULT_PART_BYTES,
    retries: int = DEFAULT_RETRIES,
    on_failure: Callable[[Failure], None] | None = None,
    progress: bool = False,
) -> Stats:
    """As :func:`claimx.extract_files` (the same output files and :class:`~claimx.runner.Stats`), on a Dask cluster.

    ``client``: a ``distributed.Client``, a scheduler address, ``"local:N"`` or None (the current
    client). Each worker loads the pipeline once: ``claimx.load(model, sources=…, learned=…)``,
    or ``loader()`` (a picklable callable) when given. ``resume`` skips inputs whose output is
    complete; dumps larger than ``part_bytes`` are split into line ranges; ``progress`` shows a
    progress bar on stderr.
    """
    import functools

    from rich.console import Console

    from claimx.api import _log_failure, load as load_pipeline

    require_dask()
    inputs = discover(expand(paths_or_globs))
    load = loader or functools.partial(load_pipeline, model, sources=tuple(sources), learned=learned)
    options = RunOptions(chunk_chars, text_field, id_field, batch_size, meta_fields=tuple(meta_fields))
    bar = ProgressBar(Console(stderr=True), enabled=progress)
    stats = Stats()
    extract_on_cluster(
        inputs, Path(out_dir), format, load, options, client,
        resume=resume, stats=stats, report=on_failure or _log_failure, progress=bar, part_bytes=part_bytes, retries=retries,
    )  # fmt: skip
    return stats
