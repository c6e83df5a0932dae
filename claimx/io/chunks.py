"""Cutting long texts into bounded chunks at paragraph (else line, sentence, word) boundaries.

A 100 MB file is so processed in bounded memory; ``Document.offset`` is each chunk's
character offset in the whole document, so claim offsets can be made document-relative.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from claimx.io.decoding import SAMPLE_BYTES, detect_encoding
from claimx.io.inputs import Document, InputError

READ_BYTES = 1024 * 1024  # bytes read at once from a text stream after the first sample
_SENTENCE_END = re.compile(r"[.!?…][\"'»«“”‘’)\]]*\s")


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


def string_chunks(text: str, doc_id: str, chunk_chars: int, meta: dict[str, Any] | None = None) -> Iterator[Document]:
    """``text`` as one Document, or as consecutive chunks if it is longer than ``chunk_chars``."""
    offset = 0
    while len(text) - offset > chunk_chars:
        cut = split_point(text[offset : offset + chunk_chars + 1], chunk_chars)
        yield Document(doc_id, text[offset : offset + cut], offset, first=offset == 0, last=False, meta=meta)
        offset += cut
    if text or offset == 0:
        yield Document(doc_id, text[offset:], offset, first=offset == 0, last=True, meta=meta)


def text_chunks(stream: BinaryIO, doc_id: str, chunk_chars: int) -> Iterator[Document]:
    """A (possibly huge) text stream decoded incrementally and cut into bounded chunks."""
    block = stream.read(SAMPLE_BYTES)
    encoding = detect_encoding(block, complete=len(block) < SAMPLE_BYTES)
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
        block = stream.read(READ_BYTES)
    yield Document(doc_id, buffer, offset, first=offset == 0, last=True)
