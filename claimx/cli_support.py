"""Typer plumbing for the claimx commands: an app that exits fast, option sets shared by commands, loading the pipeline."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any, get_type_hints

import typer

from claimx.errors import ClaimxError, RegistryError, UsageError


class FastExitTyper(typer.Typer):
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


def with_options(option_set: type) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Make ``command(args: option_set, **own)`` a Typer command taking the dataclass's fields as options, and its own.

    The dataclass's fields are annotated like Typer parameters (``Annotated[int, typer.Option(…)]``);
    its first two fields come first in ``--help``, then the command's own, then the others.
    """
    hints = get_type_hints(option_set, include_extras=True)
    keyword = inspect.Parameter.KEYWORD_ONLY
    shared = [
        inspect.Parameter(f.name, keyword, default=inspect.Parameter.empty if f.default is MISSING else f.default, annotation=hints[f.name])
        for f in fields(option_set)
    ]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = [p.replace(kind=keyword) for p in list(inspect.signature(command, eval_str=True).parameters.values())[1:]]

        @functools.wraps(command)
        def typer_command(**values: Any) -> None:
            command(option_set(**{f.name: values.pop(f.name) for f in fields(option_set)}), **values)

        signature = inspect.Signature([*shared[:2], *own, *shared[2:]])
        typer_command.__signature__ = signature  # type: ignore[attr-defined]
        typer_command.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
        return typer_command

    return decorate


def load_pipeline(model: Path | None, sources: list[Path] | None, learned: bool = False, debug: bool = False) -> Any:
    """The claimx pipeline (imports spaCy and loads the model: only when a command needs it).

    With ``debug`` its rules raise instead of costing one sentence. A problem in a
    ``--sources`` file is a :class:`UsageError` (exit 2), like a missing one.
    """
    from claimx.api import load

    try:
        return load(model, sources=sources or (), learned=learned, raise_errors=debug)
    except RegistryError as err:
        if any(str(err).startswith(f"{path}:") for path in sources or ()):
            raise UsageError(f"--sources {err}") from err
        raise
    except ClaimxError:
        raise
    except (OSError, ValueError) as err:  # spaCy's "can't find model", bad config, …
        raise ClaimxError(f"cannot load the pipeline: {err}") from err
