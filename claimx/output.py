"""The output formats: claims (and other records) as a rich table, JSON, JSON Lines, CSV or an HTML view — and read back.

:func:`writer_for` is the one way to get a writer for a format. All writers stream: JSON is
written as an array item by item, CSV row by row, so output never needs the whole corpus
in memory. JSON is UTF-8 with ``ensure_ascii=False``. CSV flattens ``cue`` and ``source``
into ``cue_*`` and ``source_*`` columns; an empty cell reads back as ``null``. Where the
output goes (stdout, atomic files, output folders) is :mod:`claimx.sinks`.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from claimx.records import Claim

FORMATS = ("auto", "table", "json", "jsonl", "csv", "html")
STREAM_FORMATS = ("json", "jsonl", "csv", "html")  # formats an output folder can hold, one file per input
TEXT_FORMATS = frozenset({"html"})  # formats that show the document text, not only the claims
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".html": "html", ".htm": "html"}

CUE_FIELDS = ("text", "lemma", "start", "end")
SOURCE_FIELDS = ("text", "name", "type", "start", "end", "resolved_by", "via", "kb_id")
CLAIM_COLUMNS = (
    "schema", "doc", "id", "text", "start", "end", "sentence", "kind",
    *(f"cue_{f}" for f in CUE_FIELDS),
    *(f"source_{f}" for f in SOURCE_FIELDS),
    "mood", "confidence", "meta",
)  # fmt: skip
_INT_COLUMNS = {"start", "end", "sentence", "cue_start", "cue_end", "source_start", "source_end"}


def resolve_format(fmt: str, *, is_tty: bool, output: Path | None = None) -> str:
    """The concrete format for ``auto``: from the output file's suffix, else table on a terminal."""
    if fmt != "auto":
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), "jsonl")
    return "table" if is_tty else "jsonl"


# --------------------------------------------------------------------------- flattening


def claim_to_row(claim: Claim) -> dict[str, Any]:
    """A flat dict (CSV columns) for a claim; a missing cue or source gives empty ``cue_*``/``source_*``."""
    data = claim.to_dict()
    row = {key: data[key] for key in CLAIM_COLUMNS if key in data}
    for prefix, names in (("cue", CUE_FIELDS), ("source", SOURCE_FIELDS)):
        nested = data[prefix] or {}
        for name in names:
            row[f"{prefix}_{name}"] = nested.get(name)
    return {column: row.get(column) for column in CLAIM_COLUMNS}


def row_to_claim(row: dict[str, str]) -> Claim:
    """The claim of a CSV row written by :func:`claim_to_row` (empty cells are ``None``)."""
    values: dict[str, Any] = {}
    for column in CLAIM_COLUMNS:
        cell = row.get(column, "")
        if cell in ("", None):
            values[column] = None
        elif column in _INT_COLUMNS:
            values[column] = int(cell)
        elif column == "confidence":
            values[column] = float(cell)
        elif column == "meta":
            values[column] = json.loads(cell)
        else:
            values[column] = cell
    data = {k: values[k] for k in ("schema", "doc", "id", "text", "start", "end", "sentence", "kind", "mood", "confidence", "meta")}
    data["text"] = data["text"] or ""
    data["cue"] = _nested(values, "cue", CUE_FIELDS)
    data["source"] = _nested(values, "source", SOURCE_FIELDS)
    return Claim.from_dict(data)


def _nested(values: dict[str, Any], prefix: str, names: Sequence[str]) -> dict[str, Any] | None:
    nested = {name: values[f"{prefix}_{name}"] for name in names}
    if all(value is None for value in nested.values()):
        return None
    if "text" in nested and nested["text"] is None:
        nested["text"] = ""
    return nested


# --------------------------------------------------------------------------- writers


class RecordWriter(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    """One JSON object per line."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.stream.flush()


class JsonWriter:
    """A JSON array, written item by item (``[]`` when there are none)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(("[\n  " if self.count == 0 else ",\n  ") + json.dumps(record, ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        self.stream.flush()


class CsvWriter:
    """CSV with a header row; nested dicts must already be flattened into ``columns``."""

    def __init__(self, stream: IO[str], columns: Sequence[str]) -> None:
        self.stream = stream
        self.writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        self.writer.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        self.writer.writerow({k: _csv_cell(v) for k, v in record.items()})

    def close(self) -> None:
        self.stream.flush()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


_SHORT_COLUMNS = frozenset({"kind", "type", "confidence", "claims", "docs", "start", "end", "sentence"})


class TableWriter:
    """A rich table, printed in blocks of ``rows_per_table`` so a long run shows output early."""

    def __init__(self, console: Any, columns: Sequence[str], *, title: str | None = None, rows_per_table: int = 200) -> None:
        self.console = console
        self.columns = list(columns)
        self.title = title
        self.rows_per_table = rows_per_table
        self.rows: list[list[str]] = []

    def write(self, record: dict[str, Any]) -> None:
        self.rows.append(["" if record.get(c) is None else str(record.get(c)) for c in self.columns])
        if len(self.rows) >= self.rows_per_table:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        from rich.table import Table

        table = Table(title=self.title, show_lines=False, expand=False)
        for column in self.columns:
            table.add_column(column, overflow="fold", no_wrap=column in _SHORT_COLUMNS)
        for row in self.rows:
            table.add_row(*row, end_section=False)
        self.console.print(table)
        self.rows = []

    def close(self) -> None:
        self.flush()


TABLE_CLAIM_COLUMNS = ("id", "kind", "source", "cue", "text", "confidence")


def claim_table_row(claim: Claim) -> dict[str, Any]:
    """The compact view of a claim shown in the terminal table."""
    source = claim.source
    who = f"{source.name} ({source.type})" if source else "—"
    if source and source.text and source.text != source.name:
        who += f"\n“{source.text}”"
    return {
        "id": claim.id,
        "kind": claim.kind if not claim.mood else f"{claim.kind}\n{claim.mood}",
        "source": who,
        "cue": claim.cue.text if claim.cue else "",
        "text": claim.text,
        "confidence": f"{claim.confidence:.2f}",
    }


def table_console(stream: IO[str] | None = None) -> Any:
    """A rich console for tables: the terminal (stdout), or a file as plain text 120 columns wide."""
    from rich.console import Console

    if stream is None:
        return Console(highlight=False)
    return Console(file=stream, width=120, highlight=False, color_system=None)


def writer_for(
    fmt: str,
    stream: IO[str] | None = None,
    *,
    columns: Sequence[str] = CLAIM_COLUMNS,
    title: str | None = None,
    console: Any = None,
) -> RecordWriter:
    """A streaming writer of records with ``columns`` in ``fmt`` (table, json, jsonl, csv) to ``stream`` (None: stdout).

    A table is printed on ``console``, by default one for ``stream`` (:func:`table_console`).
    """
    if fmt == "table":
        return TableWriter(console or table_console(stream), columns, title=title)
    out = sys.stdout if stream is None else stream
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "csv":
        return CsvWriter(out, columns)
    raise ValueError(f"unknown format {fmt!r}")


class ClaimWriter:
    """Writes claims in one of the formats: records (JSON), flat rows (CSV) or the compact table view."""

    def __init__(self, fmt: str, stream: IO[str] | None = None, *, console: Any = None, title: str = "claimx") -> None:
        self.fmt = fmt
        self.count = 0
        columns = TABLE_CLAIM_COLUMNS if fmt == "table" else CLAIM_COLUMNS
        if fmt == "html":
            from claimx.view.writer import HtmlWriter

            self.inner: Any = HtmlWriter(sys.stdout if stream is None else stream, title=title)
        else:
            self.inner = writer_for(fmt, stream, columns=columns, console=console)

    def write(self, claims: Iterable[Claim], piece: Any = None) -> None:
        """Write ``claims``; ``piece`` (a :class:`claimx.view.TextPiece`) is the text they were found in."""
        if self.fmt == "html":
            claims = list(claims)
            self.inner.write(claims, piece)
            self.count += len(claims)
            return
        for claim in claims:
            if self.fmt == "table":
                record = claim_table_row(claim)
            elif self.fmt == "csv":
                record = claim_to_row(claim)
            else:
                record = claim.to_dict()
            self.inner.write(record)
            self.count += 1

    def flush(self) -> None:
        """Show the rows so far (a table is otherwise printed in blocks)."""
        if isinstance(self.inner, TableWriter):
            self.inner.flush()

    def close(self) -> None:
        self.inner.close()


# --------------------------------------------------------------------------- plain records (sources, info)


def plain_record(item: Any) -> dict[str, Any]:
    """A dict from a record-like object (with ``to_dict``, a dataclass, a mapping)."""
    if hasattr(item, "to_dict"):
        return item.to_dict()
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    return dict(item)


def cell(value: Any) -> str:
    """A value as one table cell: mappings as "key: value, …", sequences comma-separated."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return str(value)


def write_plain_records(rows: list[dict[str, Any]], fmt: str, stream: IO[str] | None = None, *, title: str | None = None, single: bool = False) -> None:
    """Small record lists (``sources``, ``info``) in ``fmt``; ``single``: one record, as an indented JSON object."""
    if single and fmt == "json":
        (sys.stdout if stream is None else stream).write(json.dumps(rows[0], ensure_ascii=False, indent=2) + "\n")
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    if fmt == "table":
        rows = [{k: cell(v) for k, v in row.items()} for row in rows]
    writer = writer_for(fmt, stream, columns=columns, title=title)
    for row in rows:
        writer.write(row)
    writer.close()


# --------------------------------------------------------------------------- readers


def read_claims(stream: IO[str], fmt: str) -> Iterator[Claim]:
    """Claims from output written in ``fmt`` (json, jsonl or csv)."""
    if fmt == "jsonl":
        for line in stream:
            if line.strip():
                yield Claim.from_dict(json.loads(line))
    elif fmt == "json":
        for data in json.load(stream):
            yield Claim.from_dict(data)
    elif fmt == "csv":
        for row in csv.DictReader(stream):
            yield row_to_claim(row)
    else:
        raise ValueError(f"cannot read format {fmt!r}")


def read_claims_file(path: str | Path, fmt: str | None = None) -> list[Claim]:
    """All claims in an output file; the format defaults to the file's suffix."""
    path = Path(path)
    fmt = fmt or SUFFIX_FORMATS.get(path.suffix.lower(), "jsonl")
    with path.open(encoding="utf-8", newline="") as stream:
        return list(read_claims(stream, fmt))
