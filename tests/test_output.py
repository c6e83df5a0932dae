"""Output formats: JSON, JSON Lines and CSV round-trip to Claim records; tables; one writer_for every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimx.output import (
    CLAIM_COLUMNS,
    ClaimWriter,
    cell,
    claim_to_row,
    plain_record,
    read_claims,
    resolve_format,
    row_to_claim,
    write_plain_records,
    writer_for,
)
from claimx.records import Claim, Cue, Source

CLAIMS = [
    Claim(
        doc="artikel.txt",
        id="artikel.txt#1",
        text="Wir haben keine Angst, \"niemals\"; auch nicht in Seoul,\nsagte er",
        start=1,
        end=64,
        sentence=0,
        kind="direct",
        cue=Cue("sagte", "sagen", 66, 71),
        source=Source("der Kommandeur", "Kim Jong Un", "person", 72, 86, "coref", None),
        mood=None,
        confidence=0.875,
    ),
    Claim(
        doc="artikel.txt",
        id="artikel.txt#2",
        text="es sei zu Kämpfen gekommen",
        start=100,
        end=126,
        sentence=3,
        kind="indirect",
        cue=Cue("erklärte", "erklären", 128, 136),
        source=Source("der Geheimdienst", "NIS", "organisation", 137, 153, "registry", "Kyiv Post"),
        mood="subjunctive",
        confidence=0.6,
    ),
    Claim(
        doc="artikel.txt",
        id="artikel.txt#3",
        text="Die Lage sei ernst",
        start=200,
        end=218,
        sentence=5,
        kind="reported",
        cue=None,
        source=None,
        mood=None,
        confidence=0.25,
    ),
]


def write(fmt: str, claims: list[Claim]) -> str:
    stream = io.StringIO(newline="")
    writer = ClaimWriter(fmt, stream)
    writer.write(claims)
    writer.close()
    return stream.getvalue()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_claims_round_trip_through_every_stream_format(fmt):
    written = write(fmt, CLAIMS)
    assert list(read_claims(io.StringIO(written, newline=""), fmt)) == CLAIMS


def test_jsonl_is_one_utf8_object_per_line_without_escapes():
    lines = write("jsonl", CLAIMS).splitlines()
    assert len(lines) == 3
    assert "Kämpfen" in lines[1]  # ensure_ascii=False
    assert json.loads(lines[0])["source"]["name"] == "Kim Jong Un"


def test_json_without_claims_is_an_empty_array():
    assert json.loads(write("json", [])) == []


def test_csv_flattens_cue_and_source_into_prefixed_columns():
    rows = list(csv.DictReader(io.StringIO(write("csv", CLAIMS), newline="")))
    assert list(rows[0]) == list(CLAIM_COLUMNS)
    assert rows[1]["cue_lemma"] == "erklären" and rows[1]["source_via"] == "Kyiv Post"
    assert rows[2]["cue_text"] == "" and rows[2]["source_name"] == ""  # no cue, no source


def test_a_csv_row_with_empty_cue_and_source_reads_back_as_none():
    row = {k: ("" if v is None else str(v)) for k, v in claim_to_row(CLAIMS[2]).items()}
    claim = row_to_claim(row)
    assert claim.cue is None and claim.source is None and claim.mood is None


def test_table_rows_show_source_cue_and_text():
    from rich.console import Console

    stream = io.StringIO()
    writer = ClaimWriter("table", console=Console(file=stream, width=200))
    writer.write(CLAIMS)
    writer.close()
    shown = stream.getvalue()
    assert "Kim Jong Un (person)" in shown and "erklärte" in shown and "Die Lage sei ernst" in shown


@pytest.mark.parametrize(
    ("fmt", "tty", "output", "expected"),
    [
        ("auto", True, None, "table"),
        ("auto", False, None, "jsonl"),
        ("auto", True, Path("out.csv"), "csv"),
        ("auto", False, Path("out.json"), "json"),
        ("auto", True, Path("out.txt"), "jsonl"),
        ("csv", True, None, "csv"),
    ],
)
def test_auto_format_depends_on_terminal_and_output_suffix(fmt, tty, output, expected):
    assert resolve_format(fmt, is_tty=tty, output=output) == expected


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_writer_for_writes_plain_records_in_every_format(fmt):
    stream = io.StringIO(newline="")
    writer = writer_for(fmt, stream, columns=["name", "claims"], title="Quellen")
    writer.write({"name": "Kim", "claims": 2})
    writer.write({"name": "Lee", "claims": None})
    writer.close()
    written = stream.getvalue()
    if fmt == "json":
        assert json.loads(written) == [{"name": "Kim", "claims": 2}, {"name": "Lee", "claims": None}]
    elif fmt == "jsonl":
        assert [json.loads(line)["name"] for line in written.splitlines()] == ["Kim", "Lee"]
    elif fmt == "csv":
        assert list(csv.DictReader(io.StringIO(written))) == [{"name": "Kim", "claims": "2"}, {"name": "Lee", "claims": ""}]
    else:
        assert "Quellen" in written and "Kim" in written and "\x1b[" not in written  # a file gets plain text


def test_writer_for_an_unknown_format_is_an_error():
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        writer_for("yaml", io.StringIO())


def test_plain_records_from_dataclasses_and_mappings_and_cells_for_tables():
    from dataclasses import dataclass

    @dataclass
    class Row:
        name: str
        kinds: dict

    assert plain_record(Row("Kim", {"direct": 2})) == {"name": "Kim", "kinds": {"direct": 2}}
    assert plain_record(CLAIMS[2])["kind"] == "reported"
    assert plain_record({"a": 1}) == {"a": 1}
    assert cell({"direct": 2, "kinds": ["a", "b"]}) == "direct: 2, kinds: a, b"


def test_a_single_record_as_json_is_one_indented_object():
    stream = io.StringIO()
    write_plain_records([{"version": "0.1.0", "components": ["a", "b"]}], "json", stream, single=True)
    assert stream.getvalue().startswith("{\n  ") and json.loads(stream.getvalue())["components"] == ["a", "b"]
