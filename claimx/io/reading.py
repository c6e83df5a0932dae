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

from claimx.io.chunks import READ_BYTES, string_chunks, text_chunks
from claimx.io.decoding import SAMPLE_BYTES, decode
from claimx.io.html import MAX_HTML_BYTES, html_document
from claimx.io.inputs import (
    DEFAULT_CHUNK_CHARS,
    DEFAULT_ID_FIELD,
    DEFAULT_TEXT_FIELD,
    Document,
    DumpPart,
    InputError,
    InputFile,
    SkippedDocument,
    TextInput,
    valid_unicode,
)
from claimx.io.jsonl import check_dump_head, jsonl_documents, line_documents
from claimx.records import SCHEMA


def read_documents(
    inp: InputFile | TextInput | DumpPart,
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
    if isinstance(inp, DumpPart):
        yield from _dump_part(inp, chunk_chars, text_field, id_field, meta_fields)
        return
    if inp.problem is not None:
        raise InputError(inp.problem)
    if inp.is_stdin:
        yield from text_chunks(sys.stdin.buffer, inp.name, chunk_chars)
        return
    assert inp.path is not None
    with open_input(inp.path, regular_only=inp.from_folder) as stream:
        if inp.kind == "jsonl":
            if stream.seekable():  # (a pipe's first line is not read twice)
                _refuse_claimx_output(inp.path)
            yield from jsonl_documents(stream, inp.name, chunk_chars, text_field, id_field, meta_fields)
        elif inp.kind == "html":
            text, meta = html_document(_read_limited(stream, MAX_HTML_BYTES))
            yield from string_chunks(text, inp.name, chunk_chars, meta)
        else:
            yield from text_chunks(stream, inp.name, chunk_chars)


def _refuse_claimx_output(path: Path) -> None:
    if is_claimx_output(path):
        raise InputError(f"claimx output (schema {SCHEMA}), not an article dump")


def _dump_part(part: DumpPart, chunk_chars: int, text_field: str, id_field: str, meta_fields: Sequence[str]) -> Iterator[Document | SkippedDocument]:
    """The documents of one part of a dump, with the line numbers they have in the whole dump."""
    inp = part.input
    assert inp.path is not None
    with open_input(inp.path, regular_only=inp.from_folder) as stream:
        if part.start == 0:  # the checks of a whole dump look at its head, which is this part's
            _refuse_claimx_output(inp.path)
            check_dump_head(stream)
        stream.seek(part.start)
        lines = _lines_within(stream, part.end - part.start)
        yield from line_documents(lines, inp.name, chunk_chars, text_field, id_field, meta_fields, part.first_line)


def _lines_within(stream: BinaryIO, size: int) -> Iterator[bytes]:
    """The lines of the next ``size`` bytes of ``stream`` (which end at a line start), as iterating it gives them."""
    while size > 0:
        line = stream.readline()
        if not line:
            return
        size -= len(line)
        yield line


def dump_parts(inp: InputFile, part_bytes: int) -> list[DumpPart]:
    """A JSON Lines dump cut at line starts into parts of about ``part_bytes`` bytes (the last may be smaller).

    Reads the file once, to number the lines each part starts with (documents without an id
    are named by their line number, ``dump.jsonl:7``).
    """
    assert inp.path is not None
    parts: list[DumpPart] = []
    start, line = 0, 1
    with open_input(inp.path, regular_only=True) as stream:
        size = os.fstat(stream.fileno()).st_size
        while start < size or not parts:
            stream.seek(start + part_bytes)
            stream.readline()  # on to the next line start
            end = min(stream.tell(), size)
            parts.append(DumpPart(inp, len(parts), start, end, line))
            line += _newlines(stream, start, end)
            start = end
    return parts


def _newlines(stream: BinaryIO, start: int, end: int) -> int:
    stream.seek(start)
    count = 0
    while start < end:
        block = stream.read(min(READ_BYTES, end - start))
        if not block:
            break
        count += block.count(b"\n")
        start += len(block)
    return count


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
