"""What the readers work on and give back: inputs, documents (or their chunks), and reading errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from claimx.errors import ClaimxError

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

STDIN = "-"
DEFAULT_CHUNK_CHARS = 100_000
DEFAULT_TEXT_FIELD = "text"
DEFAULT_ID_FIELD = "id"

_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(ClaimxError):
    """An input (a whole file) that cannot be read; the message says why."""


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
class DumpPart:
    """Some lines of a JSON Lines dump: bytes ``start`` to ``end`` (at line starts), the first being line ``first_line``.

    The share of one input a cluster task processes (:func:`claimx.io.reading.dump_parts`).
    """

    input: InputFile
    index: int  # of the part in its dump, from 0
    start: int
    end: int
    first_line: int

    @property
    def name(self) -> str:
        return self.input.name

    @property
    def kind(self) -> str:
        return "jsonl"  # a document the pipeline fails on is skipped, as in a whole dump


@dataclass(frozen=True, slots=True, eq=False)
class TextInput:
    """One text given by a program (``claimx.pipe``): a document of its own, whatever its id.

    Compared by identity, so two texts with the same id are still two inputs.
    """

    name: str  # the document id
    text: object  # a str; anything else fails this input when it is read
    kind: str = "text"


@dataclass(frozen=True, slots=True)
class Document:
    """A document, or one chunk of a long document (``offset`` > 0 or ``last`` False)."""

    doc_id: str
    text: str
    offset: int = 0  # character offset of this chunk in the whole document
    first: bool = True  # the first chunk of its document
    last: bool = True  # the last chunk of its document
    meta: dict[str, Any] | None = None  # the page's title, date, … (HTML), fields of a dump's line (--meta-fields)


@dataclass(frozen=True, slots=True)
class SkippedDocument:
    """A document inside an input that could not be read (e.g. a broken JSONL line)."""

    where: str
    reason: str


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
