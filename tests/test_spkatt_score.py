"""The SpkAtt scorer on small hand-made gold/system pairs; every expected figure is worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimx.spkatt.documents import SpkAttDocument, SpkAttFormatError, parse_document, read_document, write_document
from claimx.spkatt.score import score_corpus, score_directories

SENTENCES = [["w"] * 10 for _ in range(3)]


def event(message, source=(), cue=(), form=None, stwr="Speech", nested=False, **roles):
    ann = {"Message": list(message), "Source": list(source), "Cue": list(cue), **{k: list(v) for k, v in roles.items()}}
    if form is not None:
        ann.update(Form=form, STWR=stwr, IsNested=nested, HasNested=False)
    return ann


def doc(*events):
    return SpkAttDocument("d", SENTENCES, list(events))


def test_partial_overlap_unpaired_groups_and_macro_average():
    gold = doc(
        event(["0:3", "0:4", "0:5", "0:6"], ["0:0", "0:1"], form="Indirect"),  # G1
        event(["1:0", "1:1"], [], form="Direct"),  # G2: not found
    )
    pred = doc(
        event(["0:4", "0:5", "0:6", "0:7"], ["0:1"], form="Indirect"),  # P1 ~ G1 (message F1 = 6/8)
        event(["2:0"], ["2:1"], form="Reported"),  # P2: invented
    )
    r = score_corpus({"d": gold}, {"d": pred}, setting="subtask2")
    # Message: pair G1-P1 TP3 FP1 FN1 -> P .75 R .75; G2 unpaired -> R 0; P2 unpaired -> P 0
    # P = (.75 + 0)/2 = .375, R = (.75 + 0)/2 = .375
    assert r["message"]["p"] == pytest.approx(0.375)
    assert r["message"]["r"] == pytest.approx(0.375)
    assert r["message"]["f1"] == pytest.approx(0.375)
    # Source: pair TP1 FP0 FN1 -> P 1 R .5; G2 has no source on either side -> left out; P2 -> P 0
    # P = (1 + 0)/2 = .5, R = .5/1 = .5
    assert r["roles"] == pytest.approx({"p": 0.5, "r": 0.5, "f1": 0.5})
    # Joint: P values .75, 0, 1, 0 -> .4375; R values .75, 0, .5 -> 1.25/3 = .416667
    # F1 = 2 * .4375 * .416667 / (.4375 + .416667) = .364583 / .854167 = .426829
    assert r["joint"]["p"] == pytest.approx(0.4375)
    assert r["joint"]["r"] == pytest.approx(1.25 / 3)
    assert r["joint"]["f1"] == pytest.approx(0.426829, abs=1e-6)
    assert r["pairs"] == 1 and r["gold_events"] == 2 and r["system_events"] == 2
    assert r["form_accuracy"] == 1.0
    # per Form: Indirect holds the pair (.75/.75), Direct only the missed G2 (R 0), Reported only P2 (P 0)
    assert r["per_form"]["Indirect"]["message"]["f1"] == pytest.approx(0.75)
    assert r["per_form"]["Direct"]["message"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert r["per_form"]["Direct"]["gold_events"] == 1
    assert r["per_form"]["Reported"]["system_events"] == 1


def test_same_form_breaks_a_tie_between_equal_messages():
    gold = doc(event(["0:0", "0:1"], [], form="Direct"))
    pred = doc(
        event(["0:0", "0:1"], ["0:5"], form="Indirect"),  # same message, wrong form
        event(["0:0", "0:1"], [], form="Direct"),  # same message, same form -> must win the pairing
    )
    r = score_corpus({"d": gold}, {"d": pred}, setting="subtask2")
    assert r["form_accuracy"] == 1.0
    # Message: pair P 1 R 1; unpaired Indirect event P 0 -> P .5, R 1, F1 = 2*.5*1/1.5 = .666667
    assert r["message"]["p"] == pytest.approx(0.5)
    assert r["message"]["r"] == pytest.approx(1.0)
    assert r["message"]["f1"] == pytest.approx(2 / 3)
    # Source: only the unpaired event's invented source counts -> P 0, no recall value
    assert r["roles"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_same_stwr_breaks_a_tie_when_forms_agree():
    gold = doc(event(["0:0"], form="Indirect", stwr="Thought"))
    pred = doc(event(["0:0"], form="Indirect", stwr="Speech"), event(["0:0"], form="Indirect", stwr="Thought"))
    r = score_corpus({"d": gold}, {"d": pred}, setting="subtask2")
    assert r["stwr_accuracy"] == 1.0


def test_subtask2_ignores_nested_events_and_full_task_scores_them():
    gold = doc(
        event(["0:2", "0:3"], ["0:0"], form="Indirect"),
        event(["0:3"], ["0:9"], form="Direct", nested=True),  # nested: only in the full task
    )
    pred = doc(event(["0:2", "0:3"], ["0:0"], form="Indirect"))
    sub = score_corpus({"d": gold}, {"d": pred}, setting="subtask2")
    assert sub["joint"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    full = score_corpus({"d": gold}, {"d": pred}, setting="full")
    # full: the nested event is missed -> Message R values 1, 0 -> R .5; P 1 -> F1 = 2*.5/1.5 = .666667
    assert full["message"]["r"] == pytest.approx(0.5)
    assert full["message"]["f1"] == pytest.approx(2 / 3)
    assert full["roles_scored"] == ["Source", "Cue"]


def test_debates_are_paired_on_cues_and_report_cue_f1():
    gold = doc(
        event([], ["0:0"], ["0:2"]),  # E1: no message
        event(["1:1", "1:2"], ["1:0"], ["1:3", "1:5"]),  # E2: discontinuous cue
    )
    pred = doc(
        event([], ["0:0", "0:1"], ["0:2"]),  # Q1 ~ E1 (cue F1 1)
        event(["1:1", "1:2"], ["1:0"], ["1:3"]),  # Q2 ~ E2 (cue F1 2*1/3)
        event([], [], ["2:0"]),  # Q3 invented
    )
    r = score_corpus({"d": gold}, {"d": pred}, setting="full")
    assert r["align_on"] == "Cue"
    assert r["form_accuracy"] is None  # debates carry no Form
    # soft cue: hits 1 + 2/3 = 5/3; P = (5/3)/3 = .555556, R = (5/3)/2 = .833333, F1 = .666667
    assert r["cue_soft"]["p"] == pytest.approx(5 / 9)
    assert r["cue_soft"]["r"] == pytest.approx(5 / 6)
    assert r["cue_soft"]["f1"] == pytest.approx(2 / 3)
    # exact cue: 1 hit -> P 1/3, R 1/2, F1 = 2*(1/6)/(5/6) = .4
    assert r["cue_exact"]["f1"] == pytest.approx(0.4)
    # Message: only E2-Q2 has tokens -> P 1 R 1
    assert r["message"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    # roles (Source, Cue): P values .5, 1, 1, 1, 0 -> .7; R values 1, 1, 1, .5 -> .875
    # F1 = 2 * .7 * .875 / 1.575 = .777778
    assert r["roles"]["p"] == pytest.approx(0.7)
    assert r["roles"]["r"] == pytest.approx(0.875)
    assert r["roles"]["f1"] == pytest.approx(1.225 / 1.575)


def test_missing_system_file_counts_as_finding_nothing(tmp_path: Path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    write_document(doc(event(["0:1"], ["0:0"], form="Direct")), gold_dir / "a.json")
    r = score_directories(gold_dir, pred_dir)
    assert r["missing_predictions"] == ["a.json"]
    assert r["joint"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_documents_round_trip_through_json(tmp_path: Path):
    original = SpkAttDocument("Titel", [["Er", "sagte", "nichts", "."]], [event(["0:2"], ["0:0"], ["0:1"], form="Indirect")])
    write_document(original, tmp_path / "x.json")
    again = read_document(tmp_path / "x.json")
    assert again.sentences == original.sentences
    assert again.annotations == original.annotations
    assert json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["DocumentName"] == "Titel"


@pytest.mark.parametrize("data", [[], {"Sentences": "x"}, {"Sentences": [{"Tokens": [1]}]}, {"Sentences": [], "Annotations": [1]}])
def test_invalid_documents_are_rejected(data):
    with pytest.raises(SpkAttFormatError):
        parse_document(data)


def test_unknown_setting_is_rejected():
    with pytest.raises(ValueError):
        score_corpus({}, {}, setting="everything")
