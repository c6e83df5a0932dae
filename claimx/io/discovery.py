"""Finding the inputs named on the command line: files as given, folders searched recursively, ``-`` for stdin.

Only regular files are read from folders: a FIFO, socket or device found there, and a
folder that cannot be listed, are inputs with a ``problem``, reported and never opened.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath

from claimx.errors import UsageError
from claimx.io.inputs import HTML_SUFFIXES, JSONL_SUFFIXES, STDIN, SUPPORTED_SUFFIXES, InputFile, valid_unicode
from claimx.io.reading import is_claimx_output, special_kind


def kind_of(path: PurePath) -> str:
    """The reader for a file name: html, jsonl or (anything else) text."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def discover(paths: Sequence[str]) -> list[InputFile]:
    """The input files named by ``paths``: files as given, folders searched recursively.

    Raises :class:`UsageError` for a path that does not exist at all. A broken symbolic
    link is an input (that will fail to read), not a usage error.
    """
    found: list[InputFile] = []
    for raw in paths:
        if raw == STDIN:
            found.append(InputFile(None, STDIN, PurePath("stdin"), "text"))
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path))
        elif path.exists() or path.is_symlink():
            found.append(InputFile(path, valid_unicode(raw), PurePath(path.name), kind_of(path)))
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return found


def _walk(root: Path) -> Iterator[InputFile]:
    """Supported files below ``root``, sorted, skipping hidden files and folders.

    A folder that cannot be listed and a file that is not a regular one (FIFO, socket,
    device) are inputs with a ``problem``: reported as failures, never opened.
    """
    unreadable: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable.append):
        yield from (_unreadable_folder(error, root) for error in unreadable)
        unreadable.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or PurePath(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            path = Path(folder, name)
            rel = path.relative_to(root)
            special = _special_file(path)
            if special is not None:
                yield InputFile(path, valid_unicode(str(path)), rel, kind_of(path), True, f"not a regular file ({special})")
                continue
            kind = kind_of(path)
            if kind == "jsonl" and is_claimx_output(path):  # e.g. an earlier run's -o folder inside the tree
                continue
            yield InputFile(path, valid_unicode(str(path)), rel, kind, True)
    yield from (_unreadable_folder(error, root) for error in unreadable)


def _unreadable_folder(error: OSError, root: Path) -> InputFile:
    path = Path(error.filename) if error.filename else root
    reason = (error.strerror or str(error)).lower()
    rel = path.relative_to(root) if path != root and path.is_relative_to(root) else PurePath(path.name)
    return InputFile(path, valid_unicode(str(path)), rel, "text", True, f"cannot read folder ({reason})")


def _special_file(path: Path) -> str | None:
    """What ``path`` is if not a regular file ("a FIFO", "a socket", …); None for a regular file or a broken link."""
    try:
        mode = path.stat().st_mode  # follows a symbolic link: a link to a FIFO is a FIFO
    except OSError:
        return None  # a broken link or a file gone since: reading it reports why
    return special_kind(mode)
