"""Reading inputs (claimx.io): discovery, decoding, chunking, JSON Lines dumps, HTML, program-given texts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimx import io
from claimx.io import Document, InputError, SkippedDocument, TextInput, UsageError, discover, read_documents
from claimx.io import chunks as chunks_module
from claimx.io.reading import open_input

SATZ = "Der Geheimdienst erklärte, es sei zu Kämpfen gekommen. „Wir haben keine Angst“, sagte Kim Jong Un über Äußerungen aus Seoul."


def documents(path: Path, **kwargs) -> list[Document | SkippedDocument]:
    (inp,) = discover([str(path)])
    return list(read_documents(inp, **kwargs))


def whole_text(path: Path, **kwargs) -> str:
    return "".join(d.text for d in documents(path, **kwargs))


# --------------------------------------------------------------------------- discovery


def test_discover_walks_folders_recursively_in_order_skipping_hidden_and_unsupported(tmp_path):
    for name in ["b.txt", "a/c.md", "a/d.jsonl", "a/e.html", "a/f.pdf", ".hidden/g.txt", "a/.h.txt", "z.TXT"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = discover([str(tmp_path)])
    assert [str(f.rel) for f in found] == ["b.txt", "z.TXT", "a/c.md", "a/d.jsonl", "a/e.html"]
    assert [f.kind for f in found] == ["text", "text", "text", "jsonl", "html"]


def test_a_file_named_explicitly_is_read_as_text_whatever_its_suffix(tmp_path):
    (tmp_path / "artikel").write_text(SATZ)
    (found,) = discover([str(tmp_path / "artikel")])
    assert found.kind == "text" and found.name == str(tmp_path / "artikel")


def test_a_missing_path_is_a_usage_error_but_a_broken_symlink_is_an_input(tmp_path):
    with pytest.raises(UsageError, match="nope.txt"):
        discover([str(tmp_path / "nope.txt")])
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    (found,) = discover([str(tmp_path / "link.txt")])
    with pytest.raises(InputError, match="broken symbolic link"):
        list(read_documents(found))


def test_dash_means_stdin():
    (found,) = discover(["-"])
    assert found.is_stdin and found.name == "-"


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_files_are_decoded_in_their_encoding(tmp_path, encoding):
    (tmp_path / "a.txt").write_bytes(SATZ.encode(encoding))
    assert whole_text(tmp_path / "a.txt") == SATZ  # a byte-order mark is not part of the text


def test_latin1_text_is_decoded(tmp_path):
    text = "Äußerst übel, sagte der Minister in München. Grüße aus Köln."
    (tmp_path / "a.txt").write_bytes(text.encode("latin-1"))
    assert whole_text(tmp_path / "a.txt") == text


def test_a_cp1252_byte_after_a_long_ascii_start_is_still_decoded(tmp_path):
    # the encoding is detected on a sample; an ASCII-only sample fits every candidate
    text = "Es war ruhig.\n" * 20_000 + "Dann sagte er: „Äußerst übel“.\n"
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    assert whole_text(tmp_path / "a.txt") == text


def test_binary_and_undecodable_files_raise_input_errors(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputError, match="binary"):
        documents(tmp_path / "nul.txt")
    (tmp_path / "junk.txt").write_bytes(bytes(range(0x80, 0x100)) * 8 + b"\x01\x02\x03" * 50)
    with pytest.raises(InputError, match="undecodable|not a text file"):
        documents(tmp_path / "junk.txt")


def test_an_empty_file_is_one_empty_document(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert documents(tmp_path / "empty.txt") == [Document(str(tmp_path / "empty.txt"), "", 0)]


# --------------------------------------------------------------------------- chunking


def test_split_point_prefers_paragraphs_then_lines_then_sentences_then_spaces():
    assert io.split_point("a" * 50 + "\n\n" + "b" * 20 + "\n" + "c" * 40, 100) == 52
    assert io.split_point("a" * 50 + "\n" + "b. " + "c" * 60, 100) == 51
    assert io.split_point("a" * 50 + ". " + "b c" + "d" * 60, 100) == 52
    assert io.split_point("a" * 50 + " " + "b" * 60, 100) == 51
    assert io.split_point("x" * 300, 100) == 100  # no boundary at all: hard cut


def test_long_texts_are_cut_into_bounded_chunks_at_paragraphs_with_document_offsets(tmp_path):
    paragraphs = [f"Absatz {i}: " + SATZ for i in range(400)]
    text = "\n\n".join(paragraphs)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    chunks = documents(tmp_path / "long.txt", chunk_chars=2_000)
    assert len(chunks) > 20
    assert all(len(c.text) <= 2_000 for c in chunks)
    assert all(c.text.endswith("\n\n") for c in chunks[:-1])  # cut at paragraph boundaries
    assert "".join(c.text for c in chunks) == text
    assert all(text[c.offset : c.offset + len(c.text)] == c.text for c in chunks)
    assert [c.first for c in chunks] == [True] + [False] * (len(chunks) - 1)
    assert [c.last for c in chunks] == [False] * (len(chunks) - 1) + [True]


def test_a_file_larger_than_the_read_block_streams_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(chunks_module, "READ_BYTES", 4096)
    monkeypatch.setattr(chunks_module, "SAMPLE_BYTES", 1024)
    text = ("Ein Satz ohne Ende und ohne Absatz " * 3000) + "ä"  # a multi-byte char at the very end
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    chunks = documents(tmp_path / "big.txt", chunk_chars=1000)
    assert max(len(c.text) for c in chunks) <= 1000
    assert "".join(c.text for c in chunks) == text


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_dumps_give_one_document_per_line_and_skip_broken_lines(tmp_path):
    lines = [
        json.dumps({"id": "art-1", "text": SATZ}, ensure_ascii=False),
        '{"id": "art-2", "text": "abgeschnitten',
        json.dumps({"id": 3, "body": "anderes Feld"}),
        "",
        json.dumps({"text": "ohne Id"}),
        "[1, 2]",
    ]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = documents(tmp_path / "dump.jsonl")
    name = str(tmp_path / "dump.jsonl")
    assert items[0] == Document("art-1", SATZ)
    assert isinstance(items[1], SkippedDocument) and items[1].where == f"{name}:2" and "invalid JSON" in items[1].reason
    assert isinstance(items[2], SkippedDocument) and "--text-field" in items[2].reason
    assert items[3] == Document(f"{name}:5", "ohne Id")  # no id field: path and line number
    assert isinstance(items[4], SkippedDocument) and "not a JSON object" in items[4].reason


def test_claimx_output_is_not_taken_for_an_article_dump(tmp_path):
    record = {"schema": "claimx/1", "doc": "a.txt", "id": "a.txt#1", "text": "Wir haben keine Angst"}
    (tmp_path / "a.claims.jsonl").write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "dump.jsonl").write_text(json.dumps({"text": SATZ}) + "\n", encoding="utf-8")
    assert [f.rel.name for f in discover([str(tmp_path)])] == ["dump.jsonl"]  # skipped in folders
    with pytest.raises(InputError, match="claimx output"):
        documents(tmp_path / "a.claims.jsonl")  # named explicitly: an error that says why


@pytest.mark.parametrize("part_bytes", [1, 40, 150, 10_000])
def test_the_parts_of_a_dump_give_its_documents_with_their_line_numbers(tmp_path, part_bytes):
    lines = [json.dumps({"id": f"m{n}", "text": SATZ * (n % 4 + 1)}, ensure_ascii=False) if n % 3 else json.dumps({"text": f"Meldung {n}."}) for n in range(30)]
    lines[7], lines[12] = "{kaputt", ""
    (tmp_path / "dump.jsonl").write_text("\r\n".join(lines) + "\n\n", encoding="utf-8")
    (dump,) = discover([str(tmp_path / "dump.jsonl")])
    parts = io.dump_parts(dump, part_bytes)
    assert len(parts) > 1 or part_bytes == 10_000
    assert parts[0].start == 0 and parts[-1].end == (tmp_path / "dump.jsonl").stat().st_size
    assert [p.start for p in parts[1:]] == [p.end for p in parts[:-1]]
    assert [item for part in parts for item in read_documents(part, chunk_chars=1_000)] == list(read_documents(dump, chunk_chars=1_000))


def test_only_the_first_part_of_a_dump_checks_its_head(tmp_path):
    (tmp_path / "bin.jsonl").write_bytes(b"\x00\x01" + b"x" * 100 + b"\n" + json.dumps({"text": SATZ}).encode() + b"\n")
    (dump,) = discover([str(tmp_path / "bin.jsonl")])
    first, second = io.dump_parts(dump, 50)
    with pytest.raises(InputError, match="binary"):
        list(read_documents(first))
    assert list(read_documents(second)) == [Document(f"{dump.name}:2", SATZ)]  # the line keeps its number


def test_jsonl_text_and_id_fields_are_configurable(tmp_path):
    (tmp_path / "d.jsonl").write_text(json.dumps({"url": "u1", "body": SATZ}) + "\n", encoding="utf-8")
    assert documents(tmp_path / "d.jsonl", text_field="body", id_field="url") == [Document("u1", SATZ)]


# --------------------------------------------------------------------------- HTML


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Nachrichten</title></head><body>
<nav><a href="/">Startseite</a> | <a href="/politik">Politik</a> | <a href="/sport">Sport</a></nav>
<article><h1>Kämpfe an der Grenze</h1>
<p>Der Geheimdienst erklärte am Montag, es sei zu Kämpfen an der Grenze gekommen. Das sagte ein Sprecher in Seoul.</p>
<p>„Wir haben keine Angst“, sagte der Kommandeur. Weitere Angaben machte er zunächst nicht, hieß es weiter.</p>
</article>
<footer><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body></html>"""


def test_html_pages_give_their_main_text_without_navigation(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    text = whole_text(tmp_path / "page.html")
    assert text.startswith("Kämpfe an der Grenze\n\nDer Geheimdienst erklärte am Montag")  # the headline: a paragraph of its own
    assert "„Wir haben keine Angst“, sagte der Kommandeur." in text
    assert "\n\n" in text  # paragraphs stay paragraphs
    assert "Startseite" not in text and "Impressum" not in text


def test_html_in_cp1252_with_an_xml_declaration_is_read(tmp_path):
    page = '<?xml version="1.0" encoding="windows-1252"?>' + PAGE.replace('<meta charset="utf-8">', "")
    (tmp_path / "page.htm").write_bytes(page.encode("cp1252"))
    assert "Kämpfen" in whole_text(tmp_path / "page.htm")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_in_folders_are_marked_and_refused_unopened_but_named_ones_are_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    (tmp_path / "c.txt").symlink_to(tmp_path / "b.txt")  # a link to a FIFO is a FIFO
    found = {inp.rel.name: inp for inp in discover([str(tmp_path)])}
    assert {name: inp.problem for name, inp in found.items()} == {
        "a.txt": None, "b.txt": "not a regular file (a FIFO)", "c.txt": "not a regular file (a FIFO)",
    }
    with pytest.raises(InputError, match=r"^not a regular file \(a FIFO\)$"):
        list(read_documents(found["b.txt"]))
    (named,) = discover([str(tmp_path / "b.txt")])
    assert named.problem is None and not named.from_folder
    with pytest.raises(InputError, match=r"^not a regular file \(a FIFO\)$"):  # opened without waiting for a writer
        open_input(tmp_path / "b.txt", regular_only=True)


# --------------------------------------------------------------------------- texts given by a program


def test_a_given_text_is_one_document_chunked_like_a_file_with_lone_surrogates_replaced():
    text = "Er sagte: \ud800 ja.\n\n" * 100
    chunks = list(read_documents(TextInput("t", text), chunk_chars=1_000))
    assert len(chunks) > 1 and {c.doc_id for c in chunks} == {"t"}
    assert "".join(c.text for c in chunks) == text.replace("\ud800", "\ufffd")
    assert TextInput("t", text) != TextInput("t", text)  # two texts with one id are two inputs


def test_a_given_text_that_is_no_str_fails_with_its_type():
    with pytest.raises(TypeError, match="the text of document x is a NoneType, not a str"):
        list(read_documents(TextInput("x", None)))


def test_the_shipped_html_example_gives_its_body_and_metadata():
    from claimx.io.html import html_document

    text, meta = html_document((Path(__file__).resolve().parent.parent / "examples" / "stadtrat_bruecke.html").read_bytes())
    assert "Oberbürgermeisterin Petra Albers warb für den Entwurf" in text
    assert "Der Rat will im Januar erneut beraten." in text
    for furniture in ("Jetzt abonnieren", "Cookies", "Impressum", "Mehr zum Thema", "Newsletter", "Sporthalle"):
        assert furniture not in text  # navigation, banner, related links and footer stay out
    assert meta["title"] == "Neue Brücke über die Murr: Stadtrat streitet über Kosten"
    assert meta["date"] == "2026-11-28" and meta["sitename"] == "Musterstädter Rundschau" and meta["author"] == "Lena Vogt"


def test_html_documents_carry_their_metadata_into_chunks(tmp_path):
    page = PAGE.replace("<title>Nachrichten</title>", '<title>Kämpfe</title><meta property="article:published_time" content="2026-10-01">')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    chunks = documents(tmp_path / "page.html", chunk_chars=1_000)
    assert chunks and all(c.meta and c.meta.get("date") == "2026-10-01" for c in chunks)


def test_jsonl_meta_fields_go_into_the_documents_meta(tmp_path):
    line = {"id": "a1", "text": SATZ, "title": "Titel", "url": "https://example.org/a1", "other": 1}
    (tmp_path / "d.jsonl").write_text(json.dumps(line) + "\n" + json.dumps({"id": "a2", "text": SATZ}) + "\n", encoding="utf-8")
    first, second = documents(tmp_path / "d.jsonl", meta_fields=("title", "url", "missing"))
    assert first.meta == {"title": "Titel", "url": "https://example.org/a1"}
    assert second.meta is None
