"""claimx_ner: the CRF entity recogniser as a spaCy component (claimx.components.crf_ner)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

import claimx.components.factories  # noqa: F401  (registers claimx_ner)
from claimx.components.crf_ner import CrfEntityRecognizer, spans_of_tags
from claimx.model import load_base
from claimx.ner_features import Gazetteer
from models.ner.train_crf import train_model
from models.ner.germeval import Sentence

# a few sentences written for the test: enough for a CRF to learn "capitalised after 'in' is LOC"
TRAINING = [
    ("Anna Beispiel wohnt in Dorfhausen .", "B-PER I-PER O O B-LOC O"),
    ("Gestern reiste Karl Muster nach Bergstadt .", "O O B-PER I-PER O B-LOC O"),
    ("Die Firma Blumix baut in Talheim .", "O O B-ORG O O B-LOC O"),
    ("Er lebt in Seeburg .", "O O O B-LOC O"),
    ("Die Firma Krantex sitzt in Waldau .", "O O B-ORG O O B-LOC O"),
    ("Eva Probe arbeitet bei der Firma Blumix .", "B-PER I-PER O O O O B-ORG O"),
] * 3


@pytest.fixture(scope="module")
def trained() -> tuple[bytes, Gazetteer]:
    sentences = [Sentence(words.split(), tags.split()) for words, tags in TRAINING]
    gazetteer = Gazetteer.from_lists({"LOC": ["Dorfhausen"]})
    return train_model(sentences, gazetteer, {"c1": 0.0, "c2": 0.01, "max_iterations": 50}), gazetteer


@pytest.fixture()
def nlp(trained):
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimx_ner").set_model(*trained)
    return nlp


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_bio_tags_become_spans_and_a_stray_inside_tag_starts_one():
    doc = Doc(spacy.blank("de").vocab, words=["Anna", "Beispiel", "in", "Bad", "Ems", "und", "Köln"])
    spans = spans_of_tags(doc, 0, ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "O", "B-ORG"])
    assert [(s.text, s.label_) for s in spans] == [("Anna Beispiel", "PER"), ("Bad Ems", "LOC"), ("Köln", "ORG")]
    assert [(s.text, s.label_) for s in spans_of_tags(doc, 2, ["O", "B-LOC", "B-LOC"])] == [("Bad", "LOC"), ("Ems", "LOC")]


def test_the_component_tags_unseen_names_from_their_context(nlp):
    doc = nlp("Die Firma Quellwerk baut in Moorfeld .")
    assert _ents(doc) == [("Quellwerk", "ORG"), ("Moorfeld", "LOC")]


def test_labels_outside_the_configured_ones_are_not_set(trained):
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimx_ner", config={"labels": ["LOC"]}).set_model(*trained)
    assert _ents(nlp("Die Firma Quellwerk baut in Moorfeld .")) == [("Moorfeld", "LOC")]


def test_entities_already_set_are_kept_unless_overwrite(trained):
    def with_ruler(overwrite: bool):
        nlp = spacy.blank("de")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "Moorfeld"}])
        nlp.add_pipe("claimx_ner", config={"overwrite": overwrite}).set_model(*trained)
        return nlp

    assert ("Moorfeld", "ORG") in _ents(with_ruler(False)("Sie baut in Moorfeld ."))
    assert ("Moorfeld", "LOC") in _ents(with_ruler(True)("Sie baut in Moorfeld ."))


def test_the_model_round_trips_through_disk(nlp, tmp_path):
    text = "Gestern reiste Olga Test nach Moorfeld ."
    before = _ents(nlp(text))
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert _ents(again(text)) == before
    assert again.get_pipe("claimx_ner").gazetteer.kinds_of["dorfhausen"] == ("LOC",)


def test_an_untrained_component_says_how_to_train_it():
    component = CrfEntityRecognizer("claimx_ner")
    with pytest.raises(ValueError, match="models.ner.train_crf"):
        component(spacy.blank("de")("Text"))


def test_a_failure_inside_leaves_the_entities_as_they_were(nlp, monkeypatch):
    doc = nlp.make_doc("Sie wohnt in Moorfeld .")
    doc.ents = [Span(doc, 3, 4, label="LOC")]
    component = nlp.get_pipe("claimx_ner")
    monkeypatch.setattr(component, "tag_words", lambda *args: 1 / 0)
    assert _ents(component(doc)) == [("Moorfeld", "LOC")]


def test_the_shipped_pipeline_runs_the_recogniser_before_the_ruler():
    nlp = load_base()
    names = nlp.pipe_names
    assert names.index("claimx_ner") < names.index("entity_ruler") < names.index("claimx_name_repeats")
    assert nlp.get_pipe("claimx_ner").is_trained
    doc = nlp("Gestern sprach die Ärztin Friederike Hollmann in Gelsenkirchen mit dem Sportverein Blau-Weiß Moorfeld.")
    ents = _ents(doc)
    assert ("Friederike Hollmann", "PER") in ents
    assert ("Gelsenkirchen", "LOC") in ents


def test_a_name_after_an_organisation_noun_is_an_organisation():
    doc = load_base()("Allein bei der Firma Lumex lägen über 8.000 Bestellungen vor.")
    assert ("Lumex", "ORG") in _ents(doc)


def test_an_inflected_noun_in_the_name_lists_makes_no_person():
    # "Busse" is a surname and the plural of "Bus": the training leaves it out of the name lists
    doc = load_base()("Bis 2030 würden weltweit 900 Busse gebaut.")
    assert not [e for e in doc.ents if e.label_ == "PER"]
