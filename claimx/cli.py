"""The ``claimx`` command line: a thin layer that parses options, calls the library and formats output.

Importing this module must stay cheap: spaCy and the model are loaded only inside the
commands that need them, so ``claimx --help`` is instant.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from functools import partial
from pathlib import Path
from typing import IO, Annotated, Any, Optional

import typer

from claimx import __version__
from claimx.batch import (
    DEFAULT_BATCH_SIZE,
    BatchOptions,
    ClaimsFound,
    DocumentFailed,
    FileFinished,
    FileStarted,
    ProgressBar,
    Stats,
    run,
)
from claimx.errors import ClaimxError, RegistryError
from claimx.io import DEFAULT_CHUNK_CHARS, DEFAULT_ID_FIELD, DEFAULT_TEXT_FIELD, InputFile, UsageError, discover
from claimx.output import AtomicFile, ClaimWriter, DoneLog, check_writable_folder, output_error, record_writer, resolve_format
from claimx.records import Claim

class _FastExitTyper(typer.Typer):
    """A Typer app that ends the process without the interpreter's teardown.

    Freeing the loaded pipeline's large lookup tables at exit takes ~0.4 s, a quarter of
    the cold start of a one-article run; all output is flushed and committed before this.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            super().__call__(*args, **kwargs)
            code: Any = 0
        except SystemExit as done:
            code = done.code
        if isinstance(code, str):  # SystemExit("message"): print it like the interpreter would
            print(code, file=sys.stderr)
            code = 1
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (BrokenPipeError, OSError):  # the reader has gone: nothing left to deliver
                pass
        os._exit(code or 0)


app = _FastExitTyper(
    help="Who claims what: find the claims German news text attributes to someone, and their sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


# --------------------------------------------------------------------------- shared options

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format; auto = a table on a terminal, JSON Lines otherwise."),
]
OutputOption = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.", show_default=False)
]
ExtractOutputOption = Annotated[
    Optional[str],
    typer.Option(
        "--output", "-o",
        help="Write to FILE instead of stdout; with folder inputs, an existing folder or a trailing slash, write one file per input below OUT_DIR, mirroring the input tree.",
        show_default=False,
    ),
]  # fmt: skip
ResumeOption = Annotated[
    bool,
    typer.Option("--resume", help="With -o OUT_DIR: skip inputs whose output file is complete (as recorded in OUT_DIR/.claimx-done when it was written)."),
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (each holds a copy of the pipeline).")]
SourcesOption = Annotated[
    Optional[list[Path]],
    typer.Option("--sources", help="Extra source registry (YAML) extending the shipped one; repeatable.", show_default=False),
]
ModelOption = Annotated[
    Optional[Path], typer.Option("--model", help="A spaCy pipeline folder instead of the shipped model.", show_default=False)
]
LearnedOption = Annotated[
    bool,
    typer.Option(
        "--learned",
        help="Also run the cue and role taggers trained on SpkAtt debates: they give a source to claims the rules left without one and add reported clauses the rules missed (marked source.resolved_by = \"learned\", lower confidence). About a third slower.",
    ),
]  # fmt: skip
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line (errors are still shown).")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors; a failing rule fails its document instead of costing only its sentence's claims.")]
TextFieldOption = Annotated[str, typer.Option("--text-field", help="Field holding the article text in .jsonl inputs.")]
IdFieldOption = Annotated[str, typer.Option("--id-field", help="Field holding the document id in .jsonl inputs.")]
BatchSizeOption = Annotated[int, typer.Option("--batch-size", min=1, help="Documents per nlp.pipe batch.")]
ChunkOption = Annotated[
    int, typer.Option("--chunk-chars", min=1_000, help="Longer documents are processed in chunks of at most this many characters.")
]
PathsArgument = Annotated[
    list[str],
    typer.Argument(help="Files (.txt .md .jsonl .html), folders (searched recursively) or - for stdin.", show_default=False),
]


# --------------------------------------------------------------------------- helpers


def _err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _table_console(file: IO[str] | None = None) -> Any:
    """A console for tables: stdout, or a file (plain text, 120 columns)."""
    from rich.console import Console

    if file is None:
        return Console(highlight=False)
    return Console(file=file, width=120, highlight=False, color_system=None)


def _say(console: Any, message: str) -> None:
    console.print(message, markup=False)


@contextmanager
def _handled_errors(debug: bool) -> Iterator[None]:
    """One line on stderr instead of a traceback (unless --debug); exit 1 (2 for usage errors, 130 on Ctrl-C)."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except typer.BadParameter:
        raise
    except BrokenPipeError:  # `claimx extract … | head -1`: the reader has all it wants, which is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush of stdout must not fail again
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        _say(_err_console(), "claimx: interrupted")
        raise typer.Exit(130) from None
    except UsageError as err:  # found only once the pipeline loads, e.g. a malformed --sources file
        if debug:
            traceback.print_exc()
        _say(_err_console(), f"claimx: error: {err}")
        raise typer.Exit(2) from None
    except ClaimxError as err:
        if debug:
            traceback.print_exc()
        _say(_err_console(), f"claimx: error: {err}")
        raise typer.Exit(1) from None
    except Exception as err:  # the promise is "never a traceback"; --debug shows it
        if debug:
            traceback.print_exc()
        _say(_err_console(), f"claimx: internal error: {type(err).__name__}: {err} (rerun with --debug for details)")
        raise typer.Exit(1) from None


def _check_paths(model: Path | None, sources: list[Path] | None) -> None:
    if model is not None and not model.exists():
        raise typer.BadParameter(f"{model}: no such file or directory", param_hint="--model")
    for path in sources or []:
        if not path.is_file():
            raise typer.BadParameter(f"{path}: no such file", param_hint="--sources")


def _discover(paths: list[str]) -> list[InputFile]:
    try:
        return discover(paths)
    except UsageError as err:
        raise typer.BadParameter(str(err), param_hint="PATH") from None


def load_pipeline(model: Path | None, sources: list[Path] | None, learned: bool = False) -> Any:
    """The claimx pipeline (imports spaCy and loads the model: only when a command needs it).

    A problem in a ``--sources`` file is a :class:`UsageError` (exit 2), like a missing one.
    """
    from claimx.api import load

    try:
        return load(model, sources=sources or (), learned=learned)
    except RegistryError as err:
        if any(str(err).startswith(f"{path}:") for path in sources or ()):
            raise UsageError(f"--sources {err}") from err
        raise
    except ClaimxError:
        raise
    except (OSError, ValueError) as err:  # spaCy's "can't find model", bad config, …
        raise ClaimxError(f"cannot load the pipeline: {err}") from err


def _run(
    inputs: list[InputFile],
    options: BatchOptions,
    *,
    model: Path | None,
    sources: list[Path] | None,
    stats: Stats,
    err: Any,
    progress: bool,
    sink: Any = None,
    learned: bool = False,
) -> Iterator[list[Claim]]:
    """The claims of every document chunk; failures are reported on stderr as they happen."""
    if not inputs:  # e.g. --resume with everything done: no need to load the pipeline
        return
    nlp = _batch_pipeline(model, sources, learned, options.debug)
    loader = partial(_batch_pipeline, model, sources, learned, options.debug)
    stats.pipeline_loaded()
    stats.files = len(inputs)
    with ProgressBar(err, len(inputs), enabled=progress) as bar:
        for event in run(inputs, nlp, options, loader=loader):
            stats.count(event)
            if isinstance(event, ClaimsFound):
                if sink is not None:
                    sink.write(event.claims)
                yield event.claims
            elif isinstance(event, FileStarted):
                if sink is not None:
                    sink.start(event.input)
            elif isinstance(event, DocumentFailed):
                _report(err, event.where, event.reason, event.traceback, options.debug)
            elif isinstance(event, FileFinished):
                if sink is not None:
                    sink.finish(event.input, event.ok)
                if not event.ok:
                    _report(err, event.input.name, event.reason or "failed", event.traceback, options.debug)
            bar.update(stats)


def _batch_pipeline(model: Path | None, sources: list[Path] | None, learned: bool, debug: bool) -> Any:
    """The pipeline of a batch run; with --debug its rules raise instead of costing one sentence."""
    nlp = load_pipeline(model, sources, learned)
    if debug and hasattr(nlp, "pipeline"):
        from claimx.rules.isolation import set_raise_errors

        set_raise_errors(nlp, True)
    return nlp


def _report(err: Any, where: str, reason: str, trace: str | None, debug: bool) -> None:
    if debug and trace:
        _say(err, trace.rstrip())
    _say(err, f"claimx: skipped {where}: {reason}")


# --------------------------------------------------------------------------- output sinks


class _StreamSink:
    """All claims into one stream (stdout or one file)."""

    def __init__(self, writer: ClaimWriter, name: Path | str = "stdout") -> None:
        self.writer = writer
        self.name = name

    def start(self, inp: InputFile) -> None:
        pass

    def write(self, claims: list[Claim]) -> None:
        try:
            self.writer.write(claims)
        except BrokenPipeError:
            raise
        except OSError as err:  # a full disk: stop with the reason, not an internal error
            raise output_error(Path(self.name), err) from None

    def finish(self, inp: InputFile, ok: bool) -> None:
        if self.writer.fmt == "table":
            self.writer.inner.flush()  # show each file's claims as soon as it is done


class _FolderSink:
    """One output file per input below ``out_dir``, each written atomically and then logged as done."""

    def __init__(self, targets: dict[InputFile, Path], fmt: str, done: DoneLog) -> None:
        self.targets, self.fmt, self.done = targets, fmt, done
        self.current: tuple[AtomicFile, ClaimWriter] | None = None

    def start(self, inp: InputFile) -> None:
        if inp not in self.targets:  # known unreadable (e.g. a FIFO): it fails without output
            return
        atomic = AtomicFile(self.targets[inp])
        self.current = (atomic, ClaimWriter(self.fmt, atomic.stream))

    def write(self, claims: list[Claim]) -> None:
        assert self.current is not None
        atomic, writer = self.current
        try:
            writer.write(claims)
        except OSError as err:
            raise output_error(atomic.path, err) from None

    def finish(self, inp: InputFile, ok: bool) -> None:
        if self.current is None:
            return
        atomic, writer = self.current
        self.current = None
        if not ok:
            atomic.discard()
            return
        try:
            writer.close()
        except OSError as err:
            atomic.discard()
            raise output_error(atomic.path, err) from None
        atomic.commit()
        self.done.record(atomic.path, writer.count)

    def abort(self) -> None:
        if self.current is not None:
            self.current[0].discard()
            self.current = None


def _output_folder(output: str | None, paths: list[str]) -> Path | None:
    """The output folder of ``-o``, or None for one output stream (stdout or a file).

    -o is a folder when it is one already, when it ends with a slash, or when an input is a folder.
    """
    if output is None:
        return None
    if not output.strip():  # Path("") is the current folder: never write there by accident
        raise typer.BadParameter("an empty path", param_hint="--output")
    path = Path(output)
    if not (path.is_dir() or output.endswith(("/", os.sep)) or any(Path(p).is_dir() for p in paths if p != "-")):
        return None
    if path.exists() and not path.is_dir():
        raise typer.BadParameter(f"{output} is a file; folder inputs need an output folder", param_hint="--output")
    return path


def _folder_targets(inputs: list[InputFile], out_dir: Path, fmt: str) -> dict[InputFile, Path]:
    """Where each input's output goes; two inputs may not share one output file."""
    targets: dict[InputFile, Path] = {}
    owners: dict[Path, InputFile] = {}
    for inp in inputs:
        if inp.problem is not None:  # fails without being read, so it has no output
            continue
        target = out_dir / inp.rel.with_suffix(f".{fmt}")
        if target in owners:
            raise typer.BadParameter(
                f"{owners[target].name} and {inp.name} would both be written to {target}; run them separately",
                param_hint="--output",
            )
        owners[target] = inp
        targets[inp] = target
    return targets


# --------------------------------------------------------------------------- commands


@app.command()
def extract(
    paths: PathsArgument,
    format: FormatOption = Format.auto,
    output: ExtractOutputOption = None,
    resume: ResumeOption = False,
    jobs: JobsOption = 1,
    sources: SourcesOption = None,
    model: ModelOption = None,
    learned: LearnedOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
    text_field: TextFieldOption = DEFAULT_TEXT_FIELD,
    id_field: IdFieldOption = DEFAULT_ID_FIELD,
    batch_size: BatchSizeOption = DEFAULT_BATCH_SIZE,
    chunk_chars: ChunkOption = DEFAULT_CHUNK_CHARS,
) -> None:
    """Extract the claims (quotes, indirect and reported speech) with their sources, one record per claim.

    $ claimx extract corpus/ -o claims/ --jobs 2
    $ claimx extract article.txt --learned      # rules + the taggers trained on SpkAtt debates
    """
    _check_paths(model, sources)
    inputs = _discover(paths)
    out_dir = _output_folder(output, paths)
    folder_mode = out_dir is not None
    if resume and not folder_mode:
        raise typer.BadParameter("--resume needs -o OUT_DIR (one output file per input)", param_hint="--resume")
    err = _err_console()
    options = BatchOptions(chunk_chars, text_field, id_field, batch_size, jobs, debug)
    stats = Stats()
    with _handled_errors(debug):
        if out_dir is not None:
            fmt = "jsonl" if format is Format.auto else format.value
            if fmt == "table":
                raise typer.BadParameter("a folder output needs json, jsonl or csv", param_hint="--format")
            targets = _folder_targets(inputs, out_dir, fmt)
            check_writable_folder(out_dir)  # before loading the pipeline
            done = DoneLog(out_dir)
            if resume:
                todo = [inp for inp in inputs if inp not in targets or not done.is_complete(targets[inp])]
                stats.resumed = len(inputs) - len(todo)
                inputs = todo
            sink: Any = _FolderSink(targets, fmt, done)
            try:
                for _ in _run(inputs, options, model=model, sources=sources, stats=stats, err=err, progress=not quiet and err.is_terminal, sink=sink, learned=learned):
                    pass
            finally:
                sink.abort()
        else:
            file = Path(output) if output is not None else None
            _extract_to_stream(inputs, options, format, file, model, sources, stats, err, quiet, learned)
        if not quiet:
            _say(err, stats.summary())
    if not stats.ok:
        raise typer.Exit(1)


def _extract_to_stream(
    inputs: list[InputFile],
    options: BatchOptions,
    format: Format,
    output: Path | None,
    model: Path | None,
    sources: list[Path] | None,
    stats: Stats,
    err: Any,
    quiet: bool,
    learned: bool = False,
) -> None:
    """All claims into stdout or one file (written atomically)."""
    fmt = resolve_format(format.value, is_tty=sys.stdout.isatty(), output=output)
    atomic = AtomicFile(output) if output is not None else None
    stream: IO[str] = atomic.stream if atomic else sys.stdout
    writer = ClaimWriter(fmt, stream, console=_table_console(stream if atomic else None) if fmt == "table" else None)
    progress = not quiet and err.is_terminal and not (fmt == "table" and atomic is None)
    sink = _StreamSink(writer, output or "stdout")
    try:
        for _ in _run(inputs, options, model=model, sources=sources, stats=stats, err=err, progress=progress, sink=sink, learned=learned):
            pass
        try:
            writer.close()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise output_error(output or Path("stdout"), error) from None
        if atomic:
            atomic.commit()
    finally:
        if atomic:
            atomic.discard()


@app.command()
def sources(
    paths: PathsArgument,
    format: FormatOption = Format.auto,
    output: OutputOption = None,
    jobs: JobsOption = 1,
    sources: SourcesOption = None,
    model: ModelOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
    text_field: TextFieldOption = DEFAULT_TEXT_FIELD,
    id_field: IdFieldOption = DEFAULT_ID_FIELD,
    batch_size: BatchSizeOption = DEFAULT_BATCH_SIZE,
    chunk_chars: ChunkOption = DEFAULT_CHUNK_CHARS,
) -> None:
    """Who is cited how often: sources by canonical name, with their type and kinds of claims.

    $ claimx sources corpus/ --format csv -o sources.csv
    """
    _check_paths(model, sources)
    inputs = _discover(paths)
    err = _err_console()
    options = BatchOptions(chunk_chars, text_field, id_field, batch_size, jobs, debug)
    stats = Stats()
    with _handled_errors(debug):
        from claimx.sources import summarize

        claims = (
            claim
            for chunk in _run(inputs, options, model=model, sources=sources, stats=stats, err=err, progress=not quiet and err.is_terminal)
            for claim in chunk
        )
        rows = [_plain(row) for row in summarize(claims)]
        _write_records(rows, format, output, title="Sources")
        if not quiet:
            _say(err, stats.summary())
    if not stats.ok:
        raise typer.Exit(1)


@app.command()
def info(
    format: FormatOption = Format.auto,
    output: OutputOption = None,
    sources: SourcesOption = None,
    model: ModelOption = None,
    learned: Annotated[bool, typer.Option("--learned", help="Load the learned components too, as extract --learned does.")] = False,
    debug: DebugOption = False,
) -> None:
    """Version, model, pipeline components, source registry size and whether the learned components are loaded.

    $ claimx info --format json
    """
    _check_paths(model, sources)
    with _handled_errors(debug):
        from claimx.learned import learned_status
        from claimx.components.pipeline import info as pipeline_info

        nlp = load_pipeline(model, sources, learned)
        details = _plain(pipeline_info(nlp))
        details.setdefault("claimx_version", __version__)
        details["learned_components"] = learned_status(nlp)
        fmt = resolve_format(format.value, is_tty=sys.stdout.isatty(), output=output)
        if fmt in ("json", "jsonl"):
            _write_records([details], Format(fmt), output, single=True)
        else:
            rows = [{"key": key, "value": _cell(value)} for key, value in details.items()]
            _write_records(rows, Format(fmt), output, title="claimx")


def _plain(item: Any) -> dict[str, Any]:
    """A dict from a record-like object (dataclass with to_dict, mapping)."""
    if hasattr(item, "to_dict"):
        return item.to_dict()
    if hasattr(item, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(item)
    return dict(item)


def _cell(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _write_records(rows: list[dict[str, Any]], format: Format, output: Path | None, *, title: str | None = None, single: bool = False) -> None:
    """Small record lists (sources, info) in any format, to stdout or a file."""
    import json

    fmt = resolve_format(format.value, is_tty=sys.stdout.isatty(), output=output)
    atomic = AtomicFile(output) if output is not None else None
    stream: IO[str] = atomic.stream if atomic else sys.stdout
    try:
        if single and fmt == "json":
            stream.write(json.dumps(rows[0], ensure_ascii=False, indent=2) + "\n")
        else:
            columns = list(dict.fromkeys(key for row in rows for key in row))
            if fmt == "table":
                rows = [{k: _cell(v) for k, v in row.items()} for row in rows]
            console = _table_console(stream if atomic else None) if fmt == "table" else None
            writer = record_writer(fmt, columns, stream, console=console, title=title)
            for row in rows:
                writer.write(row)
            writer.close()
        if atomic:
            atomic.commit()
    finally:
        if atomic:
            atomic.discard()


def _version_callback(value: bool) -> None:
    if value:
        print(f"claimx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Who claims what: find the claims German news text attributes to someone, and their sources."""


if importlib.util.find_spec("claimx.spkatt_cli") is not None:  # helper commands for the SpkAtt data, when present
    from claimx.spkatt_cli import spkatt_app

    app.add_typer(spkatt_app, name="spkatt")
