"""The learned components inside the claim extractor: ``claimx.load(learned=True)``, ``extract --learned``.

The sentences are written for these tests; each names what the rules miss and the taggers (trained on
SpkAtt debates) find. If the rules learn to find one of these sources themselves, pick a new sentence.
"""

from __future__ import annotations

import json

import pytest
import spacy
from typer.testing import CliRunner

from claimx.components.word_lists import word_list_data
from claimx.sources import Registry
from claimx import cli
from claimx.learned.claims import LEARNED, LEARNED_CLAIMS, LearnedClaims
from claimx.learned.events import LearnedEvent
from claimx.learned.factories import tagger_model
from claimx.learned.install import LEARNED_PIPES, add_learned_components
from claimx.learned.tags import runs
from claimx.components.pipeline import CLAIMS, SOURCES

runner = CliRunner()

# the rules take "dieser" for no one; the role labeller points at the lawyer named before it
LENT = "In einem Interview mit dem Anwalt seiner Familie – Markus Brenner – sagte dieser, dass sein Mandant bereits in „seiner eigenen Welt“ lebe."
# no rule cue at all ("den Schluss ziehen"); the taggers find cue, agent and the reported clause
ADDED = "Daraus wurde von Beobachtern der Schluss gezogen, es könnte eine größere Polizeiaktion bevorstehen."
# the rules get both claims and sources right; the learned components must leave them alone
RULES_ONLY = "Der Minister sagte, dass die Lage ernst sei. „Wir haben keine Angst“, erklärte die Bürgermeisterin."


@pytest.fixture(scope="module")
def learned_nlp():
    import claimx

    return claimx.load(learned=True)


def claims_of(nlp, text: str, doc_id: str = "t"):
    doc = nlp.make_doc(text)
    doc._.doc_id = doc_id
    return list(nlp(doc)._.claims)


def assert_offsets_valid(text: str, claims) -> None:
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        if claim.cue is not None:
            assert text[claim.cue.start : claim.cue.end] == claim.cue.text
        if claim.source is not None:
            assert text[claim.source.start : claim.source.end] == claim.source.text


def test_load_learned_appends_the_taggers_and_the_merging_component_after_the_rules(nlp, learned_nlp):
    names = learned_nlp.pipe_names
    assert names[-1] == LEARNED_CLAIMS
    assert names.index(CLAIMS) < min(names.index(p) for p in LEARNED_PIPES if p in names)
    assert not set(LEARNED_PIPES) & set(nlp.pipe_names) and LEARNED_CLAIMS not in nlp.pipe_names


def test_a_claim_without_rule_source_gets_the_learned_source(nlp, learned_nlp):
    [rule_claim] = claims_of(nlp, LENT)
    assert rule_claim.source is None
    [claim] = claims_of(learned_nlp, LENT)
    assert (claim.start, claim.end, claim.kind, claim.confidence) == (rule_claim.start, rule_claim.end, rule_claim.kind, rule_claim.confidence)
    assert claim.source.resolved_by == LEARNED
    assert "Brenner" in claim.source.text and claim.source.type == "person"
    assert_offsets_valid(LENT, [claim])


def test_a_reported_clause_the_rules_missed_becomes_a_learned_claim(nlp, learned_nlp):
    assert claims_of(nlp, ADDED) == []
    [claim] = claims_of(learned_nlp, ADDED, doc_id="a")
    assert claim.id == "a#1" and claim.kind == "indirect"
    assert claim.text == "es könnte eine größere Polizeiaktion bevorstehen"
    assert claim.source.text == "Beobachtern" and claim.source.resolved_by == LEARNED
    assert claim.cue.text == "Schluss gezogen" and claim.mood == "konjunktiv_ii"
    assert claim.confidence < min(c.confidence for c in claims_of(nlp, RULES_ONLY))
    assert_offsets_valid(ADDED, [claim])


def test_learned_claims_take_their_place_in_document_order_with_sequential_ids(learned_nlp):
    text = f"{RULES_ONLY} {ADDED} {LENT}"
    claims = claims_of(learned_nlp, text, doc_id="d")
    assert [c.id for c in claims] == [f"d#{n}" for n in range(1, len(claims) + 1)]
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    assert [c.source.resolved_by == LEARNED for c in claims] == [False, False, True, True]
    assert_offsets_valid(text, claims)
    doc = learned_nlp(text)
    spans = doc.spans[CLAIMS]
    assert len(spans) == len(claims) and [s.start for s in spans] == sorted(s.start for s in spans)


def test_learned_claims_and_events_survive_a_docbin_round_trip(learned_nlp):
    from spacy.tokens import DocBin

    doc = learned_nlp(f"{ADDED} {RULES_ONLY}")
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    [back] = DocBin().from_bytes(data).get_docs(learned_nlp.vocab)
    assert back._.claims == doc._.claims and any(c.source.resolved_by == LEARNED for c in back._.claims)
    assert back._.claimx_learned_events == doc._.claimx_learned_events != []


def test_claims_with_rule_sources_are_left_unchanged(nlp, learned_nlp):
    assert claims_of(learned_nlp, RULES_ONLY) == claims_of(nlp, RULES_ONLY)


# --------------------------------------------------------------------------- the merge policy, with given events


def merged(nlp, text: str, *events: dict[str, str]):
    """Claims of ``text`` after merging learned events given as {role: words} (first occurrence of each word)."""
    doc = nlp(text)
    doc._.doc_id = "m"

    def tokens(words: str) -> tuple[int, ...]:
        first = words.split()[0]
        start = next(t.i for t in doc if t.text == first)
        return tuple(range(start, start + len(words.split())))

    doc._.claimx_learned_events = [
        LearnedEvent(tokens(e["cue"]), tokens(e["source"]) if e.get("source") else (), tokens(e["message"]), (), 1.0)
        for e in events
    ]
    return list(LearnedClaims("test", Registry.shipped(), word_list_data())(doc)._.claims)


PASSIVE = "Der Anwalt Markus Brenner sagte, er vertrete die Familie. Vor Gericht wurde durch ihn erklärt, dass sein Mandant unschuldig sei."


def test_a_learned_pronoun_is_resolved_among_the_rule_sources(nlp):
    rule_claims = claims_of(nlp, PASSIVE, doc_id="m")
    assert rule_claims[1].source is None  # "durch ihn" is no agent for the rules
    claims = merged(nlp, PASSIVE, {"cue": "erklärt", "source": "ihn", "message": "dass sein Mandant unschuldig sei"})
    assert claims[0] == rule_claims[0]
    assert (claims[1].source.text, claims[1].source.name, claims[1].source.type) == ("ihn", "Markus Brenner", "person")
    assert claims[1].source.resolved_by == LEARNED
    assert_offsets_valid(PASSIVE, claims)


def test_a_rule_source_is_never_replaced(nlp):
    claims = merged(nlp, PASSIVE, {"cue": "sagte", "source": "Familie", "message": "er vertrete die Familie"})
    assert claims == claims_of(nlp, PASSIVE, doc_id="m")


NEW_CLAIM = {"cue": "Schluss gezogen", "source": "Beobachtern", "message": "es könnte eine größere Polizeiaktion bevorstehen"}


@pytest.mark.parametrize(
    "event, added",
    [
        (NEW_CLAIM, True),
        ({**NEW_CLAIM, "source": None}, False),  # no one to attribute it to
        ({**NEW_CLAIM, "message": "es könnte"}, False),  # too short: mostly noun phrases of debate-style cues
    ],
)
def test_a_new_learned_claim_needs_a_source_and_a_long_reported_clause(nlp, event, added):
    assert claims_of(nlp, ADDED) == []
    assert len(merged(nlp, ADDED, event)) == int(added)


def test_a_new_learned_claim_must_be_reported_speech(nlp):
    text = "Daraus wurde von Beobachtern der Schluss gezogen, die Polizei plant eine größere Aktion."
    assert claims_of(nlp, text) == []
    indicative = {"cue": "Schluss gezogen", "source": "Beobachtern", "message": "die Polizei plant eine größere Aktion"}
    assert merged(nlp, text, indicative) == []


def test_runs_are_the_contiguous_stretches_of_a_token_list():
    assert runs([3, 4, 7]) == [(3, 5), (7, 8)]
    assert runs([]) == []


def test_training_tags_come_from_the_same_runs():
    from models.spkatt.train import role_tags

    # tokens 1, 2 and 4 of one Message: a two-token run (B-, L-) and a one-token run (U-)
    index = {f"0:{k}": k for k in range(6)}
    assert role_tags(6, [{"Message": ["0:1", "0:2", "0:4"]}], index) == ["O", "B-MSG", "L-MSG", "O", "U-MSG", "O"]


def test_the_three_taggers_share_one_model_block_that_a_config_can_override():
    nlp = spacy.blank("de")
    for factory in ("claimx_cue_tagger", "claimx_role_tagger", "claimx_role_labeller"):
        assert nlp.get_factory_meta(factory).default_config["model"] == tagger_model()
    wider = {**tagger_model(), "tok2vec": {**tagger_model()["tok2vec"], "width": 64}}
    nlp.add_pipe("tok2vec")
    tagger = nlp.add_pipe("claimx_cue_tagger", config={"model": wider})
    assert nlp.get_pipe_config("claimx_cue_tagger")["model"]["tok2vec"]["width"] == 64 and tagger.labels


def test_missing_learned_components_are_one_clear_error(tmp_path):
    from claimx.model import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match="learned components were not found in .*models.spkatt.train"):
        add_learned_components(spacy.blank("de"), tmp_path)


def test_the_merging_component_needs_the_claimx_components():
    with pytest.raises(ValueError, match="claimx.load\\(learned=True\\)"):
        spacy.blank("de").add_pipe(LEARNED_CLAIMS)


# --------------------------------------------------------------------------- spkatt predict --mode combined


def test_spkatt_combined_maps_the_claims_of_the_learned_extractor(tmp_path):
    from claimx.spkatt.documents import SpkAttDocument, read_document, write_document
    from claimx.spkatt.cli import load_pipeline, spkatt_app

    assert load_pipeline("combined", None, None).pipe_names[-1] == LEARNED_CLAIMS
    words = ["Daraus", "wurde", "von", "Beobachtern", "der", "Schluss", "gezogen", ",", "es", "könnte", "eine",
             "größere", "Polizeiaktion", "bevorstehen", "."]
    (tmp_path / "in").mkdir()
    write_document(SpkAttDocument("Schluss", [words], []), tmp_path / "in" / "1.json")
    for mode in ("rules", "combined"):
        result = runner.invoke(spkatt_app, ["predict", str(tmp_path / "in"), str(tmp_path / mode), "--mode", mode])
        assert result.exit_code == 0, result.output
    assert read_document(tmp_path / "rules" / "1.json").annotations == []
    [event] = read_document(tmp_path / "combined" / "1.json").annotations
    assert event["Source"] == ["0:3"] and event["Message"] == [f"0:{i}" for i in range(8, 14)]
    assert (event["Form"], event["Cue"]) == ("Indirect", ["0:5", "0:6"])


# --------------------------------------------------------------------------- command line


def extract(tmp_path, *flags):
    path = tmp_path / "artikel.txt"
    path.write_text(f"{RULES_ONLY}\n\n{ADDED}\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["extract", str(path), "--format", "jsonl", "--quiet", *flags])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_extract_learned_adds_marked_claims_and_leaves_the_rest_as_without_the_flag(tmp_path):
    plain = extract(tmp_path)
    learned = extract(tmp_path, "--learned")
    assert [c for c in learned if c["source"]["resolved_by"] != LEARNED] == plain
    [added] = [c for c in learned if c["source"]["resolved_by"] == LEARNED]
    assert added["text"] == "es könnte eine größere Polizeiaktion bevorstehen" and added["id"].endswith("artikel.txt#3")


def test_info_says_whether_the_learned_components_are_loaded():
    def status(*flags):
        result = runner.invoke(cli.app, ["info", "--format", "json", *flags])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["learned_components"]

    assert status() == "available (--learned)"
    assert status("--learned") == "loaded"


def test_learned_claims_resolve_with_the_user_registry_of_their_own(tmp_path):
    import claimx

    registry = tmp_path / "mine.yaml"
    registry.write_text("version: 1\nsources:\n  - name: Stadtwerke Nord\n    type: organisation\n", encoding="utf-8")
    nlp = claimx.load(sources=[registry], learned=True)
    learned = nlp.get_pipe(LEARNED_CLAIMS)
    assert learned.registry.get("Stadtwerke Nord") is not None
    assert learned.registry is not nlp.get_pipe(SOURCES).registry  # its own data, no reference to the other component
    learned.to_disk(tmp_path / "saved")
    fresh = LearnedClaims("copy", Registry.shipped(), word_list_data()).from_disk(tmp_path / "saved")
    assert fresh.registry.get("Stadtwerke Nord") is not None
