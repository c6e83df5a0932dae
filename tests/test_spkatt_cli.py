"""``claimx spkatt score`` and ``predict`` (via the Typer app), and the SpkAtt <-> Doc conversion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.spkatt.documents import SpkAttDocument, read_document, write_document
from claimx.spkatt.cli import spkatt_app
from claimx.spkatt.predict import char_span_tokens, document_to_doc, guess_spaces, predict_document

runner = CliRunner()

# "Der Minister sagte, die Lage sei ernst." / "Es regnete." — one indirect speech event in sentence 0
SENTENCES = [["Der", "Minister", "sagte", ",", "die", "Lage", "sei", "ernst", "."], ["Es", "regnete", "."]]
GOLD_EVENT = {"Cue": ["0:2"], "Source": ["0:0", "0:1"], "Message": ["0:4", "0:5", "0:6", "0:7"], "Addr": [], "Frame": [],
              "Form": "Indirect", "STWR": "Speech", "IsNested": False, "HasNested": False}


def write_pair(tmp_path: Path, pred_events: list[dict]) -> tuple[Path, Path]:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    write_document(SpkAttDocument("Lage", SENTENCES, [GOLD_EVENT]), gold_dir / "1.json")
    write_document(SpkAttDocument("Lage", SENTENCES, pred_events), pred_dir / "1.json")
    return gold_dir, pred_dir


def test_score_json_gives_the_hand_computed_figures(tmp_path: Path):
    # system: right message, source only "Minister" -> Message P=R=1; Source TP1 FN1 -> P 1, R .5
    gold_dir, pred_dir = write_pair(tmp_path, [{**GOLD_EVENT, "Source": ["0:1"]}])
    result = runner.invoke(spkatt_app, ["score", str(gold_dir), str(pred_dir), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["message"]["f1"] == pytest.approx(1.0)
    assert scores["roles"]["r"] == pytest.approx(0.5)
    # joint: P values 1, 1 -> 1; R values 1, .5 -> .75; F1 = 1.5/1.75 = .857143
    assert scores["joint"]["f1"] == pytest.approx(1.5 / 1.75)


def test_score_prints_a_table(tmp_path: Path):
    gold_dir, pred_dir = write_pair(tmp_path, [GOLD_EVENT])
    result = runner.invoke(spkatt_app, ["score", str(gold_dir), str(pred_dir), "--setting", "full"])
    assert result.exit_code == 0
    assert "Joint" in result.stdout and "100.00" in result.stdout


def test_score_rejects_a_missing_directory_in_one_line(tmp_path: Path):
    result = runner.invoke(spkatt_app, ["score", str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "not a directory" in result.stderr


def test_score_rejects_broken_json_in_one_line(tmp_path: Path):
    gold_dir, pred_dir = write_pair(tmp_path, [])
    (pred_dir / "1.json").write_text("{broken", encoding="utf-8")
    result = runner.invoke(spkatt_app, ["score", str(gold_dir), str(pred_dir)])
    assert result.exit_code == 1
    assert "1.json" in result.stderr and "Traceback" not in result.stderr


def test_predict_rejects_a_missing_input_directory(tmp_path: Path):
    result = runner.invoke(spkatt_app, ["predict", str(tmp_path / "nope"), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "not a directory" in result.stderr


def test_docs_keep_the_given_tokens_and_sentences():
    import spacy

    doc = document_to_doc(spacy.blank("de").vocab, SpkAttDocument("x", SENTENCES, []))
    assert [t.text for t in doc] == SENTENCES[0] + SENTENCES[1]
    assert [len(s) for s in doc.sents] == [9, 3]
    assert doc.text.startswith("Der Minister sagte, die Lage sei ernst. Es")
    assert char_span_tokens(doc, doc.text.index("die"), doc.text.index(".")) == [4, 5, 6, 7]


def test_spaces_around_quotes_follow_german_typography():
    words = ["„", "Nein", "“", ",", "sagte", "er", ".", '"', "Ja", '"']
    assert guess_spaces(words) == [False, False, False, True, True, False, True, False, False, False]


def test_predict_rules_finds_indirect_speech(nlp):
    document = SpkAttDocument("Lage", SENTENCES, [])
    predicted = predict_document(nlp, document, mode="rules")
    messages = [a["Message"] for a in predicted.annotations]
    assert GOLD_EVENT["Message"] in messages
    event = predicted.annotations[messages.index(GOLD_EVENT["Message"])]
    assert event["Form"] == "Indirect" and "0:1" in event["Source"] and event["Cue"] == ["0:2"]


def test_predict_writes_one_valid_file_per_input_even_without_events(tmp_path: Path, nlp):
    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    write_document(SpkAttDocument("Lage", SENTENCES, []), in_dir / "1.json")
    write_document(SpkAttDocument("Wetter", [["Es", "regnete", "."]], []), in_dir / "2.json")
    result = runner.invoke(spkatt_app, ["predict", str(in_dir), str(out_dir), "--mode", "rules"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["1.json", "2.json"]
    assert read_document(out_dir / "2.json").annotations == []
    first = read_document(out_dir / "1.json")
    assert first.sentences == SENTENCES and first.annotations


def test_predict_reports_a_broken_file_and_a_failing_document_and_writes_the_rest(tmp_path: Path, nlp, monkeypatch):
    import claimx.spkatt.cli as spkatt_cli
    import claimx.spkatt.predict as spkatt_predict

    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    write_document(SpkAttDocument("Lage", SENTENCES, []), in_dir / "1.json")
    (in_dir / "2.json").write_text('{"DocumentName": "kaputt", "Sentences": [', encoding="utf-8")
    write_document(SpkAttDocument("Wetter", [["Es", "regnete", "."]], []), in_dir / "3.json")
    write_document(SpkAttDocument("Rede", SENTENCES, []), in_dir / "4.json")
    (in_dir / "5.json").write_text('{"Sentences": [{"SentenceId": "x", "Tokens": ["Ja"]}]}', encoding="utf-8")
    real = spkatt_predict.predict_document

    def failing_on_weather(nlp, document, **kwargs):
        if document.name == "Wetter":
            raise IndexError("list index out of range")
        return real(nlp, document, **kwargs)

    monkeypatch.setattr(spkatt_cli, "load_pipeline", lambda mode, model, learned: nlp)
    monkeypatch.setattr(spkatt_predict, "predict_document", failing_on_weather)
    result = runner.invoke(spkatt_app, ["predict", str(in_dir), str(out_dir), "--mode", "rules"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"claimx spkatt: skipped {in_dir / '2.json'}: cannot read JSON (")
    assert lines[1:] == [
        f"claimx spkatt: skipped {in_dir / '3.json'}: prediction failed (IndexError: list index out of range); written without annotations",
        f"claimx spkatt: skipped {in_dir / '5.json'}: not a SpkAtt document (ValueError: invalid literal for int() with base 10: 'x')",
        f"3 documents -> {out_dir} (3 failed)",
    ]
    assert sorted(p.name for p in out_dir.iterdir()) == ["1.json", "3.json", "4.json"]
    assert read_document(out_dir / "3.json").annotations == [] and read_document(out_dir / "3.json").sentences == [["Es", "regnete", "."]]
    assert read_document(out_dir / "1.json").annotations and read_document(out_dir / "4.json").annotations
