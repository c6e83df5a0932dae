"""Reading one input into documents: files of text, Markdown, JSON Lines dumps, HTML, stdin, and program-given texts.

Offsets count characters of the *decoded* text (a UTF-8 byte-order mark is not part of it;
line endings are kept as they are). For ``.html`` inputs the document is the extracted
main text: the body paragraphs joined by blank lines.

A file is opened without blocking and checked before it is read: one found in a folder is
read only if it is a regular file (a FIFO would block the run until something writes to
it); one named on the command line is read, like ``-`` for stdin
(``claimx extract <(zcat a.txt.gz)``).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from claimx.io.chunks import string_chunks, text_chunks
from claimx.io.decoding import SAMPLE_BYTES, decode
from claimx.io.html import MAX_HTML_BYTES, html_document
from claimx.io.inputs import (
    DEFAULT_CHUNK_CHARS,
    DEFAULT_ID_FIELD,
    DEFAULT_TEXT_FIELD,
    Document,
    InputError,
    InputFile,
    SkippedDocument,
    TextInput,
    valid_unicode,
)
from claimx.io.jsonl import jsonl_documents
from claimx.records import SCHEMA


def read_documents(
    inp: InputFile | TextInput,
    *,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
    text_field: str = DEFAULT_TEXT_FIELD,
    id_field: str = DEFAULT_ID_FIELD,
    meta_fields: Sequence[str] = (),
) -> Iterator[Document | SkippedDocument]:
    """The documents (as chunks) of one input. Raises :class:`InputError` if it is unreadable.

    ``meta_fields``: fields of a JSON Lines dump's articles that go into their documents' ``meta``.
    """
    if isinstance(inp, TextInput):
        yield from _given_text(inp, chunk_chars)
        return
    if inp.problem is not None:
        raise InputError(inp.problem)
    if inp.is_stdin:
        yield from text_chunks(sys.stdin.buffer, inp.name, chunk_chars)
        return
    assert inp.path is not None
    with open_input(inp.path, regular_only=inp.from_folder) as stream:
        if inp.kind == "jsonl":
            if stream.seekable() and is_claimx_output(inp.path):  # (a pipe's first line is not read twice)
                raise InputError(f"claimx output (schema {SCHEMA}), not an article dump")
            yield from jsonl_documents(stream, inp.name, chunk_chars, text_field, id_field, meta_fields)
        elif inp.kind == "html":
            text, meta = html_document(_read_limited(stream, MAX_HTML_BYTES))
            yield from string_chunks(text, inp.name, chunk_chars, meta)
        else:
            yield from text_chunks(stream, inp.name, chunk_chars)


def _given_text(inp: TextInput, chunk_chars: int) -> Iterator[Document]:
    """A program's text: lone surrogates (from JSON escapes such as "\\ud800") read as U+FFFD, offsets kept."""
    if not isinstance(inp.text, str):
        raise TypeError(f"the text of document {inp.name} is a {type(inp.text).__name__}, not a str")
    yield from string_chunks(valid_unicode(inp.text), inp.name, chunk_chars)


def open_input(path: Path, *, regular_only: bool = False) -> BinaryIO:
    """``path`` opened for binary reading, with OS errors turned into one-line reasons.

    Opened without blocking and checked with fstat, so that a FIFO (which blocks an
    ordinary open until a writer comes) is refused when ``regular_only`` and never waited for.
    """
    if path.is_symlink() and not path.exists():
        raise InputError(f"broken symbolic link (to {os.readlink(path)})")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as err:
        raise InputError(err.strerror or str(err)) from None
    try:
        special = special_kind(os.fstat(fd).st_mode)
        if special == "a directory":
            raise InputError("is a directory")
        if special is not None and regular_only:
            raise InputError(f"not a regular file ({special})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a FIFO named on the command line is read like stdin
        return os.fdopen(fd, "rb", buffering=SAMPLE_BYTES)
    except BaseException:
        os.close(fd)
        raise


def special_kind(mode: int) -> str | None:
    """What a file of this mode is if not a regular file ("a FIFO", "a socket", …); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a special file"


def is_claimx_output(path: Path) -> bool:
    """Whether a JSON Lines file holds claimx's own claim records rather than articles."""
    try:
        with open_input(path, regular_only=True) as stream:
            head = next((line for line in stream if line.strip()), b"")
        record = json.loads(head)
    except (OSError, InputError, ValueError, RecursionError):
        return False
    return isinstance(record, dict) and record.get("schema") == SCHEMA


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"too large for an HTML page (over {limit // (1024 * 1024)} MB)")
    return data


def read_text(path: str | Path) -> str:
    """The whole decoded text of a text file (for small files; see :func:`read_documents`)."""
    with open_input(Path(path)) as stream:
        return decode(stream.read())
