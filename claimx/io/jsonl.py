"""JSON Lines article dumps: one document per line; a bad line is skipped, not fatal."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from claimx.io.chunks import string_chunks
from claimx.io.decoding import SAMPLE_BYTES
from claimx.io.inputs import Document, InputError, SkippedDocument, valid_unicode


def jsonl_documents(
    stream: BinaryIO, name: str, chunk_chars: int, text_field: str, id_field: str, meta_fields: Sequence[str] = ()
) -> Iterator[Document | SkippedDocument]:
    """One document per line of a JSON Lines article dump; a bad line is skipped, not fatal."""
    check_dump_head(stream)
    yield from line_documents(stream, name, chunk_chars, text_field, id_field, meta_fields)


def check_dump_head(stream: BinaryIO) -> None:
    """Raise :class:`InputError` for a binary file (NUL bytes in its first bytes, not UTF-16)."""
    head = stream.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]  # peek, not read and seek: the input may be a pipe
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("binary file (contains NUL bytes)")


def line_documents(
    lines: Iterable[bytes], name: str, chunk_chars: int, text_field: str, id_field: str, meta_fields: Sequence[str] = (), first_line: int = 1
) -> Iterator[Document | SkippedDocument]:
    """The documents of ``lines`` of a dump, the first of them being line number ``first_line``."""
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        parsed = _parse_article(line.rstrip(b"\r\n"), text_field, id_field, meta_fields)
        if isinstance(parsed, str):
            yield SkippedDocument(where, parsed)
            continue
        doc_id, text, meta = parsed
        yield from string_chunks(text, doc_id or where, chunk_chars, meta)


def _parse_article(line: bytes, text_field: str, id_field: str, meta_fields: Sequence[str] = ()) -> tuple[str | None, str, dict[str, Any] | None] | str:
    """``(doc_id, text, meta)`` from one JSONL line, or the reason it is unusable."""
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
    meta = {field: article[field] for field in meta_fields if article.get(field) is not None}
    return (None if doc_id is None else valid_unicode(str(doc_id))), valid_unicode(text), meta or None
