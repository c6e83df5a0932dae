"""The streaming writer of ``--format html``: one page, one section per document as soon as it is complete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import IO, Any

from claimx.records import Claim
from claimx.view.article import document_section, page_foot, page_head


@dataclass(frozen=True, slots=True)
class TextPiece:
    """A document's text, or one chunk of it starting at ``offset``, as the runner read it."""

    doc_id: str
    text: str
    offset: int = 0
    meta: dict[str, Any] | None = None


@dataclass(slots=True)
class _Open:
    doc_id: str
    meta: dict[str, Any] | None
    texts: list[str] = field(default_factory=list)
    length: int = 0
    claims: list[Claim] = field(default_factory=list)


class HtmlWriter:
    """Writes a self-contained page to ``stream``: the head at once, each document when the next begins."""

    def __init__(self, stream: IO[str], title: str = "claimx") -> None:
        self.stream = stream
        self.title = title
        self.count = 0  # claims written
        self.sections = 0
        self.started = False
        self.open: _Open | None = None

    def write(self, claims: Iterable[Claim], piece: TextPiece | None = None) -> None:
        if not self.started:
            self.stream.write(page_head(self.title))
            self.stream.write(f'<header class="page"><h1>{escape(self.title)}</h1><p>claimx: who claims what</p></header>\n')
            self.started = True
        if piece is not None:
            self._add_text(piece)
        claims = list(claims)
        if claims and self.open is None:  # claims without their text cannot be shown in place
            raise ValueError("the HTML view needs the document text (RunOptions(keep_text=True))")
        if self.open is not None:
            self.open.claims.extend(claims)
        self.count += len(claims)

    def _add_text(self, piece: TextPiece) -> None:
        if self.open is not None and (self.open.doc_id != piece.doc_id or piece.offset == 0):
            self._finish_document()
        if self.open is None:
            self.open = _Open(piece.doc_id, piece.meta)
        if piece.offset > self.open.length:  # a gap between chunks (not expected): keep offsets right
            self.open.texts.append(" " * (piece.offset - self.open.length))
            self.open.length = piece.offset
        self.open.texts.append(piece.text)
        self.open.length += len(piece.text)

    def _finish_document(self) -> None:
        assert self.open is not None
        self.sections += 1
        document = self.open
        self.open = None
        self.stream.write(document_section(self.sections, document.doc_id, "".join(document.texts), document.claims, document.meta))

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        if not self.started:
            self.write([])
        if self.open is not None:
            self._finish_document()
        if self.sections == 0:
            self.stream.write('<p class="none">No documents.</p>\n')
        self.stream.write(page_foot())
        self.stream.flush()

