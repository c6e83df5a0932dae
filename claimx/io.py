"""Finding and reading input documents: text, Markdown, JSON Lines dumps, HTML and stdin.

Every reader yields :class:`Document` chunks. A long text is cut into chunks of at most
``chunk_chars`` characters at paragraph boundaries (else line, sentence or word boundaries),
so that a 100 MB file is processed in bounded memory. ``Document.offset`` is the chunk's
character offset in the whole document, so claim offsets can be made document-relative.

Offsets count characters of the *decoded* text (a UTF-8 byte-order mark is not part of it;
line endings are kept as they are). For ``.html`` inputs the document is the extracted
main text: the body paragraphs joined by blank lines.

Only regular files are read from folders: a FIFO, socket or device found there is reported
and never opened (a FIFO would block the run until something writes to it). One named on
the command line is read, like ``-`` for stdin (``claimx extract <(zcat a.txt.gz)``).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from claimx.errors import ClaimxError
from claimx.records import SCHEMA

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

STDIN = "-"
DEFAULT_CHUNK_CHARS = 100_000
DEFAULT_TEXT_FIELD = "text"
DEFAULT_ID_FIELD = "id"
MAX_HTML_BYTES = 64 * 1024 * 1024

_SAMPLE_BYTES = 64 * 1024
_READ_BYTES = 1024 * 1024
# Encodings a German news text plausibly comes in; a closed list keeps the detector from
# choosing exotic code pages (mac_iceland, cp1250) for short Latin-1 texts.
_CANDIDATE_ENCODINGS = ["utf_8", "utf_16", "utf_32", "cp1252", "iso8859_15", "latin_1"]
_SENTENCE_END = re.compile(r"[.!?…][\"'»«“”‘’)\]]*\s")
_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(ClaimxError):
    """An input (a whole file) that cannot be read; the message says why."""


class UsageError(ClaimxError):
    """A command-line input that does not exist (exit code 2)."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input: a file (``path``) or stdin (``path is None``)."""

    path: Path | None
    name: str  # as shown to the user and used as document id
    rel: PurePath  # where its output goes below an output folder
    kind: str  # "text" | "jsonl" | "html"
    from_folder: bool = False  # found in a folder: read only if it is a regular file
    problem: str | None = None  # known at discovery to be unreadable (e.g. a FIFO in a folder): never opened

    @property
    def is_stdin(self) -> bool:
        return self.path is None


@dataclass(frozen=True, slots=True)
class Document:
    """A document, or one chunk of a long document (``offset`` > 0 or ``last`` False)."""

    doc_id: str
    text: str
    offset: int = 0  # character offset of this chunk in the whole document
    first: bool = True  # the first chunk of its document
    last: bool = True  # the last chunk of its document


@dataclass(frozen=True, slots=True)
class SkippedDocument:
    """A document inside an input that could not be read (e.g. a broken JSONL line)."""

    where: str
    reason: str


# --------------------------------------------------------------------------- discovery


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD (one for one, so offsets stay).

    They come from file names that are not UTF-8 and from JSON escapes such as "\\ud800";
    left in, they make the output unwritable as UTF-8.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


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
    return _special_kind(mode)


def _special_kind(mode: int) -> str | None:
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
        with _open(path, regular_only=True) as stream:
            head = next((line for line in stream if line.strip()), b"")
        record = json.loads(head)
    except (OSError, InputError, ValueError, RecursionError):
        return False
    return isinstance(record, dict) and record.get("schema") == SCHEMA


# --------------------------------------------------------------------------- reading


def read_documents(
    inp: InputFile,
    *,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
    text_field: str = DEFAULT_TEXT_FIELD,
    id_field: str = DEFAULT_ID_FIELD,
) -> Iterator[Document | SkippedDocument]:
    """The documents (as chunks) of one input. Raises :class:`InputError` if it is unreadable."""
    if inp.problem is not None:
        raise InputError(inp.problem)
    if inp.is_stdin:
        yield from _text_chunks(sys.stdin.buffer, inp.name, chunk_chars)
        return
    assert inp.path is not None
    with _open(inp.path, regular_only=inp.from_folder) as stream:
        if inp.kind == "jsonl":
            if stream.seekable() and is_claimx_output(inp.path):  # (a pipe's first line is not read twice)
                raise InputError(f"claimx output (schema {SCHEMA}), not an article dump")
            yield from _jsonl_documents(stream, inp.name, chunk_chars, text_field, id_field)
        elif inp.kind == "html":
            text = html_main_text(_read_limited(stream, MAX_HTML_BYTES, inp.name))
            yield from _string_chunks(text, inp.name, chunk_chars)
        else:
            yield from _text_chunks(stream, inp.name, chunk_chars)


def _open(path: Path, *, regular_only: bool = False) -> BinaryIO:
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
        special = _special_kind(os.fstat(fd).st_mode)
        if special == "a directory":
            raise InputError("is a directory")
        if special is not None and regular_only:
            raise InputError(f"not a regular file ({special})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a FIFO named on the command line is read like stdin
        return os.fdopen(fd, "rb", buffering=_SAMPLE_BYTES)
    except BaseException:
        os.close(fd)
        raise


def _read_limited(stream: BinaryIO, limit: int, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"too large for an HTML page (over {limit // (1024 * 1024)} MB)")
    return data


def read_text(path: str | Path) -> str:
    """The whole decoded text of a text file (for small files; see :func:`read_documents`)."""
    with _open(Path(path)) as stream:
        return decode(stream.read())


# --------------------------------------------------------------------------- encodings


def detect_encoding(sample: bytes, *, complete: bool = False) -> str:
    """The encoding of a byte sample (UTF-8, UTF-8 with BOM, UTF-16/32, cp1252, latin-1).

    ``complete`` says the sample is the whole input (so it may not end in a cut character).
    Raises :class:`InputError` for binary data.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise InputError("binary file (contains NUL bytes)")
    if _is_utf8(sample, complete=complete):
        return "utf-8"
    from charset_normalizer import from_bytes  # imported only when a non-UTF-8 file turns up

    best = from_bytes(sample, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise InputError("not a text file (undecodable bytes in any supported encoding)")
    return best.encoding


def _is_utf8(sample: bytes, *, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes) -> str:
    """``data`` decoded with its detected encoding."""
    encoding = detect_encoding(data[:_SAMPLE_BYTES * 4], complete=len(data) <= _SAMPLE_BYTES * 4)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"undecodable bytes at byte {err.start} (read as {encoding})") from None


# --------------------------------------------------------------------------- chunking


def split_point(text: str, limit: int) -> int:
    """Where to cut ``text`` (longer than ``limit``) so the first part has at most ``limit`` chars.

    Prefers a paragraph break, then a line break, a sentence end, a space; cuts hard only in
    a text without any of them. A boundary in the first quarter is ignored (tiny chunks).
    """
    floor = limit // 4
    for boundary in ("\n\n", "\n"):
        at = text.rfind(boundary, floor, limit)
        if at >= 0:
            return at + len(boundary)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, limit)]
    if ends:
        return ends[-1]
    at = max(text.rfind(" ", floor, limit), text.rfind("\t", floor, limit))
    if at >= 0:
        return at + 1
    return limit


def _string_chunks(text: str, doc_id: str, chunk_chars: int) -> Iterator[Document]:
    """``text`` as one Document, or as consecutive chunks if it is longer than ``chunk_chars``."""
    offset = 0
    while len(text) - offset > chunk_chars:
        cut = split_point(text[offset : offset + chunk_chars + 1], chunk_chars)
        yield Document(doc_id, text[offset : offset + cut], offset, first=offset == 0, last=False)
        offset += cut
    if text or offset == 0:
        yield Document(doc_id, text[offset:], offset, first=offset == 0, last=True)


def _text_chunks(stream: BinaryIO, doc_id: str, chunk_chars: int) -> Iterator[Document]:
    """A (possibly huge) text stream decoded incrementally and cut into bounded chunks."""
    block = stream.read(_SAMPLE_BYTES)
    encoding = detect_encoding(block, complete=len(block) < _SAMPLE_BYTES)
    decoder = codecs.getincrementaldecoder(encoding)()
    ascii_so_far = True  # an ASCII-only start fits every candidate encoding: re-detect on need
    consumed = 0  # bytes decoded so far, to name the position of a decoding error
    buffer = ""
    offset = 0
    while True:
        final = not block
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as err:
            if not (ascii_so_far and encoding == "utf-8"):
                position = consumed + err.start
                raise InputError(f"undecodable bytes at byte {position} (read as {encoding})") from None
            encoding = detect_encoding(block, complete=True)
            decoder = codecs.getincrementaldecoder(encoding)()
            continue
        ascii_so_far = ascii_so_far and text.isascii()
        buffer += text
        consumed += len(block)
        while len(buffer) > chunk_chars:
            cut = split_point(buffer[: chunk_chars + 1], chunk_chars)
            yield Document(doc_id, buffer[:cut], offset, first=offset == 0, last=False)
            offset += cut
            buffer = buffer[cut:]
        if final:
            break
        block = stream.read(_READ_BYTES)
    yield Document(doc_id, buffer, offset, first=offset == 0, last=True)


# --------------------------------------------------------------------------- JSON Lines


def _jsonl_documents(
    stream: BinaryIO, name: str, chunk_chars: int, text_field: str, id_field: str
) -> Iterator[Document | SkippedDocument]:
    """One document per line of a JSON Lines article dump; a bad line is skipped, not fatal."""
    head = stream.peek(_SAMPLE_BYTES)[:_SAMPLE_BYTES]  # peek, not read and seek: the input may be a pipe
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("binary file (contains NUL bytes)")
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        parsed = _parse_article(line.rstrip(b"\r\n"), text_field, id_field)
        if isinstance(parsed, str):
            yield SkippedDocument(where, parsed)
            continue
        doc_id, text = parsed
        yield from _string_chunks(text, doc_id or where, chunk_chars)


def _parse_article(line: bytes, text_field: str, id_field: str) -> tuple[str | None, str] | str:
    """``(doc_id, text)`` from one JSONL line, or the reason it is unusable."""
    try:
        article = json.loads(line)
    except UnicodeDecodeError:
        return "line is not UTF-8"
    except json.JSONDecodeError as err:
        return f"invalid JSON at column {err.colno}: {err.msg.lower()}"
    except RecursionError:
        return "JSON nested too deeply"
    if not isinstance(article, dict):
        return "line is not a JSON object"
    text = article.get(text_field)
    if not isinstance(text, str):
        return f"no text field {text_field!r} (use --text-field)"
    doc_id = article.get(id_field)
    return (None if doc_id is None else valid_unicode(str(doc_id))), valid_unicode(text)


# --------------------------------------------------------------------------- HTML


def html_main_text(data: bytes) -> str:
    """The main text of an HTML page: body paragraphs without navigation and boilerplate.

    Uses jusText (a paragraph classifier with a German stop-word list); its default length
    thresholds are tuned for long English pages, lower ones keep short news paragraphs.
    """
    if not data.strip():
        return ""
    text = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an XML declaration
    import justext  # a heavy import (lxml), only for HTML inputs

    try:
        paragraphs = justext.justext(
            text, justext.get_stoplist("German"), length_low=30, length_high=100
        )
    except Exception as err:  # lxml raises several types for pages it cannot parse
        raise InputError(f"unparsable HTML ({err})") from None
    body = [p.text for p in paragraphs if not p.is_boilerplate and not p.is_heading]
    if not body:  # a page of only short paragraphs: keep all that are not link lists
        body = [p.text for p in paragraphs if p.cf_class != "bad" and not p.is_heading]
    return "\n\n".join(body)
