"""Writing claims (and other records) as a rich table, JSON, JSON Lines or CSV — and reading them back.

All writers stream: JSON is written as an array item by item, CSV row by row, so output
never needs the whole corpus in memory. JSON is UTF-8 with ``ensure_ascii=False``.
CSV flattens ``cue`` and ``source`` into ``cue_*`` and ``source_*`` columns; an empty cell
reads back as ``null``.
"""

from __future__ import annotations

import csv
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from claimx.errors import OutputError
from claimx.records import Claim

FORMATS = ("auto", "table", "json", "jsonl", "csv")
STREAM_FORMATS = ("json", "jsonl", "csv")
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}

CUE_FIELDS = ("text", "lemma", "start", "end")
SOURCE_FIELDS = ("text", "name", "type", "start", "end", "resolved_by", "via")
CLAIM_COLUMNS = (
    "schema", "doc", "id", "text", "start", "end", "sentence", "kind",
    *(f"cue_{f}" for f in CUE_FIELDS),
    *(f"source_{f}" for f in SOURCE_FIELDS),
    "mood", "confidence",
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
        else:
            values[column] = cell
    data = {k: values[k] for k in ("schema", "doc", "id", "text", "start", "end", "sentence", "kind", "mood", "confidence")}
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


class ClaimWriter:
    """Writes claims in one of the formats, to a text stream (or a rich console for tables)."""

    def __init__(self, fmt: str, stream: IO[str] | None = None, *, console: Any = None) -> None:
        self.fmt = fmt
        self.count = 0
        if fmt == "table":
            self.inner: RecordWriter = TableWriter(console, TABLE_CLAIM_COLUMNS)
        elif fmt == "json":
            self.inner = JsonWriter(stream)
        elif fmt == "jsonl":
            self.inner = JsonlWriter(stream)
        elif fmt == "csv":
            self.inner = CsvWriter(stream, CLAIM_COLUMNS)
        else:
            raise ValueError(f"unknown format {fmt!r}")

    def write(self, claims: Iterable[Claim]) -> None:
        for claim in claims:
            if self.fmt == "table":
                record = claim_table_row(claim)
            elif self.fmt == "csv":
                record = claim_to_row(claim)
            else:
                record = claim.to_dict()
            self.inner.write(record)
            self.count += 1

    def close(self) -> None:
        self.inner.close()


def record_writer(fmt: str, columns: Sequence[str], stream: IO[str] | None = None, *, console: Any = None, title: str | None = None) -> RecordWriter:
    """A writer for plain records (``sources``, ``info``) with the given columns."""
    if fmt == "table":
        return TableWriter(console, columns, title=title)
    if fmt == "json":
        return JsonWriter(stream)
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, columns)
    raise ValueError(f"unknown format {fmt!r}")


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


# --------------------------------------------------------------------------- atomic files


class AtomicFile:
    """A text file written to a temporary name in the same folder and renamed when committed.

    Readers never see a half-written file: it either does not exist or is complete. The file
    gets the mode a plain ``open`` would give it (0666 less the umask, or the mode of the file
    it replaces), not the 0600 of a temporary file. A target that exists and is no regular
    file (``-o /dev/null``, a FIFO) is written directly: renaming over it would replace it.
    OS errors are :class:`OutputError` naming the file.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.tmp: Path | None = None
        try:
            if _is_special(self.path):
                self.stream: IO[str] = self.path.open("w", encoding="utf-8", newline="")
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        except OSError as err:
            raise output_error(self.path, err) from None
        self.tmp = Path(tmp)
        try:
            os.fchmod(fd, _new_file_mode(self.path))
        except (OSError, AttributeError):  # no fchmod (Windows): the temporary file's mode stays
            pass
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        """Flush, sync and rename into place."""
        try:
            self.stream.flush()
            if self.tmp is not None:
                os.fsync(self.stream.fileno())
            self.stream.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.path)
        except OSError as err:
            raise output_error(self.path, err) from None

    def discard(self) -> None:
        """Close and delete the temporary file (the target is left untouched)."""
        if not self.stream.closed:
            try:
                self.stream.close()
            except OSError:  # e.g. a full disk refusing the last buffered bytes: the file goes anyway
                pass
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


def output_error(path: Path, err: OSError) -> OutputError:
    """A one-line error for a file that cannot be written ("cannot write out/a.jsonl: permission denied")."""
    blocking = next((parent for parent in path.parents if parent.exists() and not parent.is_dir()), None)
    if blocking is not None:  # "-o notes.txt/claims.jsonl"
        return OutputError(f"cannot write {path}: {blocking} is a file, not a folder")
    reason = (err.strerror or str(err)).lower()
    where = os.fsdecode(err.filename) if err.filename else ""
    if Path(where).name.startswith(f".{path.name}."):  # our temporary file: name its folder instead
        where = str(path.parent)
    if where and where != str(path):
        reason += f" ({where})"
    return OutputError(f"cannot write {path}: {reason}")


def _is_special(path: Path) -> bool:
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:  # does not exist (yet)
        return False


def _new_file_mode(path: Path) -> int:
    """The mode of the file being replaced, else 0666 less the umask (0644 under umask 022)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)  # reading the umask means setting it; put it straight back
        os.umask(mask)
        return 0o666 & ~mask


def check_writable_folder(path: Path) -> None:
    """Create the output folder ``path`` and try a file in it; ``OutputError`` if that fails."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as err:
        raise output_error(path, err) from None


# --------------------------------------------------------------------------- resuming


DONE_FILE = ".claimx-done"  # in an output folder: one JSON line per output file committed


class DoneLog:
    """The outputs of a folder that were written completely: path, size in bytes, claims.

    ``--resume`` trusts an output only when it has the size recorded here after its commit;
    a file cut short (a copy interrupted, a disk that filled, an older run) is done again.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / DONE_FILE
        self._sizes: dict[str, int] | None = None

    def _key(self, target: Path) -> str:
        return target.relative_to(self.out_dir).as_posix()

    def sizes(self) -> dict[str, int]:
        """Recorded size of each output (the last record wins; unreadable lines are ignored)."""
        if self._sizes is None:
            self._sizes = {}
            try:
                lines = self.path.read_bytes().splitlines()
            except OSError:
                lines = []
            for line in lines:
                try:
                    record = json.loads(line)
                    self._sizes[record["output"]] = int(record["bytes"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash
        return self._sizes

    def is_complete(self, target: Path) -> bool:
        recorded = self.sizes().get(self._key(target))
        try:
            return recorded is not None and target.stat().st_size == recorded
        except OSError:
            return False

    def record(self, target: Path, claims: int) -> None:
        """Note ``target`` (just committed) as complete."""
        size = target.stat().st_size
        line = json.dumps({"output": self._key(target), "bytes": size, "claims": claims}) + "\n"
        try:
            with self.path.open("a", encoding="utf-8") as log:
                log.write(line)
                log.flush()
                os.fsync(log.fileno())
        except OSError as err:
            raise output_error(self.path, err) from None
        if self._sizes is not None:
            self._sizes[self._key(target)] = size
