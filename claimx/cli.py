"""The ``claimx`` command line: options and formatting only; the work is the library's (:mod:`claimx.runner`).

Importing this module must stay cheap: spaCy and the model are loaded only inside the
commands that need them, so ``claimx --help`` is instant.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from claimx import __version__
from claimx.cli_support import FastExitTyper, load_pipeline, with_options
from claimx.distributed import DEFAULT_PART_BYTES, extract_on_cluster  # (Dask itself is imported only by a --dask run)
from claimx.errors import ClaimxError, UsageError
from claimx.io import DEFAULT_CHUNK_CHARS, DEFAULT_ID_FIELD, DEFAULT_TEXT_FIELD, InputFile, discover
from claimx.output import FORMATS, cell, plain_record, resolve_format
from claimx.runner import DEFAULT_BATCH_SIZE, Failure, ProgressBar, RunOptions, Stats, claims_of, extract_to_folder, extract_to_stream
from claimx.sinks import output_folder, write_records, write_text


app = FastExitTyper(
    help="Who claims what: find the claims German news text attributes to someone, and their sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # auto, table, json, jsonl, csv


# --------------------------------------------------------------------------- options

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format; auto = a table on a terminal, JSON Lines otherwise.")]
OutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.", show_default=False)]
ExtractOutputOption = Annotated[Optional[str], typer.Option("--output", "-o", show_default=False, help="Write to FILE instead of stdout; with folder inputs, an existing folder or a trailing slash, write one file per input below OUT_DIR, mirroring the input tree.")]  # fmt: skip
DaskOption = Annotated[Optional[str], typer.Option("--dask", show_default=False, help="With -o OUT_DIR: run on the Dask cluster at this scheduler address (tcp://host:8786), or on local:N worker processes; needs pip install 'claimx[dask]'.")]  # fmt: skip
PartOption = Annotated[int, typer.Option("--dask-part-bytes", min=1, help="With --dask: JSON Lines dumps larger than this are split into tasks of line ranges of about this many bytes.")]  # fmt: skip
ResumeOption = Annotated[bool, typer.Option("--resume", help="With -o OUT_DIR: skip inputs whose output file is complete (as recorded in OUT_DIR/.claimx-done when it was written).")]  # fmt: skip
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (each holds a copy of the pipeline).")]
SourcesOption = Annotated[Optional[list[Path]], typer.Option("--sources", show_default=False, help="Extra source registry (YAML) extending the shipped one; repeatable.")]  # fmt: skip
ModelOption = Annotated[Optional[Path], typer.Option("--model", help="A spaCy pipeline folder instead of the shipped model.", show_default=False)]
LearnedOption = Annotated[bool, typer.Option("--learned", help="Also run the cue and role taggers trained on SpkAtt debates: they give a source to claims the rules left without one and add reported clauses the rules missed (marked source.resolved_by = \"learned\", lower confidence). About a third slower.")]  # fmt: skip
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line (errors are still shown).")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors; a failing rule fails its document instead of costing only its sentence's claims.")]
TextFieldOption = Annotated[str, typer.Option("--text-field", help="Field holding the article text in .jsonl inputs.")]
IdFieldOption = Annotated[str, typer.Option("--id-field", help="Field holding the document id in .jsonl inputs.")]
MetaFieldsOption = Annotated[Optional[str], typer.Option("--meta-fields", show_default=False, help="Comma-separated fields of .jsonl articles copied into each record's meta (e.g. title,date,url).")]  # fmt: skip
BatchSizeOption = Annotated[int, typer.Option("--batch-size", min=1, help="Documents per nlp.pipe batch.")]
ChunkOption = Annotated[int, typer.Option("--chunk-chars", min=1_000, help="Longer documents are processed in chunks of at most this many characters.")]
PathsArgument = Annotated[list[str], typer.Argument(show_default=False, help="Files (.txt .md .jsonl .html), folders (searched recursively) or - for stdin.")]  # fmt: skip


@dataclass(frozen=True)
class RunArgs:
    """The options ``extract`` and ``sources`` share: what to read, which pipeline, how to run it."""

    paths: PathsArgument
    format: FormatOption = Format.auto
    jobs: JobsOption = 1
    sources: SourcesOption = None
    model: ModelOption = None
    learned: LearnedOption = False
    quiet: QuietOption = False
    debug: DebugOption = False
    text_field: TextFieldOption = DEFAULT_TEXT_FIELD
    id_field: IdFieldOption = DEFAULT_ID_FIELD
    meta_fields: MetaFieldsOption = None
    batch_size: BatchSizeOption = DEFAULT_BATCH_SIZE
    chunk_chars: ChunkOption = DEFAULT_CHUNK_CHARS

    def options(self) -> RunOptions:
        fields = tuple(f.strip() for f in (self.meta_fields or "").split(",") if f.strip())
        return RunOptions(self.chunk_chars, self.text_field, self.id_field, self.batch_size, self.jobs, meta_fields=fields)

    def loader(self) -> Callable[[], Any]:
        """Loads the pipeline when the run needs it (picklable, for spawned workers)."""
        return functools.partial(load_pipeline, self.model, self.sources, self.learned, self.debug)

    def inputs(self) -> list[InputFile]:
        _check_paths(self.model, self.sources)
        with _usage_errors("PATH"):
            return discover(self.paths)

    def report(self, err: Any) -> Callable[[Failure], None]:
        """Each skipped input or document as one line on stderr (after its traceback with --debug)."""

        def report(failure: Failure) -> None:
            if self.debug and failure.traceback:
                _say(err, failure.traceback.rstrip())
            _say(err, f"claimx: skipped {failure.where}: {failure.reason}")

        return report

    def progress(self, err: Any, *, shown: bool = True) -> ProgressBar:
        return ProgressBar(err, enabled=shown and not self.quiet and err.is_terminal)


# --------------------------------------------------------------------------- helpers


def _err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _say(console: Any, message: str) -> None:
    console.print(message, markup=False)


@contextmanager
def _usage_errors(option: str) -> Iterator[None]:
    """A :class:`UsageError` as Typer's usage message for ``option`` (exit 2)."""
    try:
        yield
    except UsageError as err:
        raise typer.BadParameter(str(err), param_hint=err.option or option) from None


@contextmanager
def _handled_errors(debug: bool) -> Iterator[None]:
    """One line on stderr instead of a traceback (unless --debug); exit 1 (2 for usage errors, 130 on Ctrl-C)."""
    try:
        yield
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise
    except BrokenPipeError:  # `claimx extract … | head -1`: the reader has all it wants, which is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush of stdout must not fail again
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        _say(_err_console(), "claimx: interrupted")
        raise typer.Exit(130) from None
    except UsageError as err:  # e.g. two inputs for one output file, a malformed --sources file
        if err.option:
            raise typer.BadParameter(str(err), param_hint=err.option) from None
        _fail(err, debug, f"claimx: error: {err}", code=2)
    except ClaimxError as err:
        _fail(err, debug, f"claimx: error: {err}")
    except Exception as err:  # the promise is "never a traceback"; --debug shows it
        _fail(err, debug, f"claimx: internal error: {type(err).__name__}: {err} (rerun with --debug for details)")


def _fail(err: BaseException, debug: bool, message: str, code: int = 1) -> None:
    if debug:
        traceback.print_exception(err)
    _say(_err_console(), message)
    raise typer.Exit(code) from None


def _check_paths(model: Path | None, sources: list[Path] | None) -> None:
    if model is not None and not model.exists():
        raise typer.BadParameter(f"{model}: no such file or directory", param_hint="--model")
    for path in sources or []:
        if not path.is_file():
            raise typer.BadParameter(f"{path}: no such file", param_hint="--sources")


@contextmanager
def _batch(args: RunArgs) -> Iterator[tuple[Any, Stats]]:
    """The stderr console and the counts of a run; then its summary line, and exit 1 if anything failed."""
    err, stats = _err_console(), Stats()
    with _handled_errors(args.debug):
        yield err, stats
        if not args.quiet:
            _say(err, stats.summary())
    if not stats.ok:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- commands


@app.command()
@with_options(RunArgs)
def extract(args: RunArgs, output: ExtractOutputOption = None, resume: ResumeOption = False, dask: DaskOption = None, dask_part_bytes: PartOption = DEFAULT_PART_BYTES) -> None:
    """Extract the claims (quotes, indirect and reported speech) with their sources, one record per claim.

    $ claimx extract corpus/ -o claims/ --jobs 2
    $ claimx extract corpus/ -o claims/ --dask tcp://scheduler:8786   # on a Dask cluster (or --dask local:4)
    $ claimx extract article.txt --learned      # rules + the taggers trained on SpkAtt debates
    """
    inputs = args.inputs()
    with _usage_errors("--output"):
        out_dir = output_folder(output, args.paths)
    if (resume or dask) and out_dir is None:
        raise typer.BadParameter("needs -o OUT_DIR (one output file per input)", param_hint="--dask" if dask else "--resume")
    with _batch(args) as (err, stats):
        fmt = "jsonl" if args.format is Format.auto else args.format.value  # of an output folder
        if dask is not None:
            extract_on_cluster(inputs, out_dir, fmt, args.loader(), args.options(), dask, resume=resume, stats=stats, report=args.report(err), progress=args.progress(err), part_bytes=dask_part_bytes)  # fmt: skip
        elif out_dir is not None:
            extract_to_folder(inputs, out_dir, fmt, args.loader(), args.options(), resume=resume, stats=stats, report=args.report(err), progress=args.progress(err))
        else:
            file = Path(output) if output is not None else None
            fmt = resolve_format(args.format.value, is_tty=sys.stdout.isatty(), output=file)
            progress = args.progress(err, shown=not (fmt == "table" and file is None))  # not over a table on the terminal
            extract_to_stream(inputs, fmt, file, args.loader(), args.options(), stats=stats, report=args.report(err), progress=progress)


PagesOption = Annotated[Optional[str], typer.Option("--pages", show_default=False, help="With --format html: the folder of article pages (written by extract --format html -o DIR), as seen from the sources page; each claim links to its place there.")]  # fmt: skip
SuggestOption = Annotated[bool, typer.Option("--suggest-registry", help="Print a registry stub (YAML) of the frequently cited people and organisations the registry does not know; edit it and pass it back with --sources.")]  # fmt: skip


@app.command()
@with_options(RunArgs)
def sources(args: RunArgs, output: OutputOption = None, pages: PagesOption = None, suggest_registry: SuggestOption = False) -> None:
    """Who is cited how often: sources by canonical name, with their type and kinds of claims.

    $ claimx sources corpus/ --format csv -o sources.csv
    $ claimx extract corpus/ --format html -o view/ && claimx sources corpus/ --format html --pages view -o sources.html
    $ claimx sources corpus/ --suggest-registry > mine.yaml   # edit, then: claimx extract corpus/ --sources mine.yaml
    """
    inputs = args.inputs()
    with _batch(args) as (err, stats):
        from claimx.sources import registry_stub_for, summarize
        from claimx.view.corpus import Citations, sources_page

        citations = Citations()
        for _ in claims_of(inputs, args.loader(), args.options(), stats=stats, sink=citations, report=args.report(err), progress=args.progress(err)):
            pass
        summaries = summarize(citations.claims())
        fmt = resolve_format(args.format.value, is_tty=sys.stdout.isatty(), output=output)
        if suggest_registry:
            write_text(registry_stub_for(summaries, args.sources or ()), output)
        elif fmt == "html":
            write_text(sources_page(summaries, citations.by_source(), pages=pages), output)
        else:
            write_records([plain_record(row) for row in summaries], args.format.value, output, title="Sources")


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
        details = plain_record(pipeline_info(nlp))
        details.setdefault("claimx_version", __version__)
        details["learned_components"] = learned_status(nlp)
        fmt = resolve_format(format.value, is_tty=sys.stdout.isatty(), output=output)
        if fmt in ("json", "jsonl"):
            write_records([details], fmt, output, single=True)
        else:
            write_records([{"key": key, "value": cell(value)} for key, value in details.items()], fmt, output, title="claimx")


def _version_callback(value: bool) -> None:
    if value:
        print(f"claimx {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit.")] = False) -> None:
    """Who claims what: find the claims German news text attributes to someone, and their sources."""


from claimx.spkatt.cli import spkatt_app  # noqa: E402  (helper commands for the SpkAtt data)

app.add_typer(spkatt_app, name="spkatt")
