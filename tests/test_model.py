"""The shipped German base pipeline parses German news sentences sensibly."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimx.model import ModelNotFoundError, base_model_path, load_base


@pytest.fixture(scope="module")
def base() -> Language:
    return load_base()


def _token(doc, text: str):
    return next(t for t in doc if t.text == text)


def test_shipped_pipeline_has_the_base_components(base):
    for name in ("tok2vec", "tagger", "morphologizer", "trainable_lemmatizer",
                 "claimx_boundaries", "parser", "claimx_lexicon", "claimx_ner", "entity_ruler",
                 "claimx_name_repeats"):
        assert name in base.pipe_names


def test_subject_of_speech_verb(base):
    doc = base("Der Minister erklärte, die Lage sei ernst.")
    subjects = [c.text for c in _token(doc, "erklärte").children if c.dep_ == "nsubj"]
    assert subjects == ["Minister"]


@pytest.mark.parametrize(
    "sentence, verb",
    [
        ("Der Minister erklärte, die Lage sei ernst.", "sei"),
        ("Die Sprecherin sagte, die Regierung habe keine Informationen.", "habe"),
        ("Ein Beamter teilte mit, man könne das nicht bestätigen.", "könne"),
        ("Der Geheimdienst berichtete, Kim komme nicht nach Seoul.", "komme"),
        ("Das Ministerium erklärte, die Grenze bleibe geschlossen.", "bleibe"),
        ("Der Konzern teilte mit, er benötige mehr Zeit.", "benötige"),
        ("Die Retter sagten, es gebe keine Verletzten.", "gebe"),
    ],
)
def test_konjunktiv_i_is_mood_sub(base, sentence, verb):
    assert _token(base(sentence), verb).morph.get("Mood") == ["Sub"]


def test_indicative_stays_indicative(base):
    doc = base("Die Lage ist ernst, und die Regierung hat keine Informationen.")
    assert _token(doc, "ist").morph.get("Mood") == ["Ind"]
    assert _token(doc, "hat").morph.get("Mood") == ["Ind"]


def test_separable_verb_lemma_joins_particle(base):
    doc = base("Das Ministerium teilte am Montag mit, die Grenze bleibe geschlossen.")
    assert _token(doc, "teilte").lemma_ == "mitteilen"


def test_a_particle_the_parse_mislabels_still_joins_its_verb(base):
    # "statt" before the colon is parsed as a conjunction; the lexicon knows only the joined "stattfand"
    doc = base("Die Feier fand am Samstag, dem 3. Mai, statt: Viele Gäste kamen.")
    assert _token(doc, "fand").lemma_ == "stattfinden"


def test_sentence_split_keeps_abbreviations_dates_and_quotes(base):
    text = (
        "Dr. Müller sagte am 24.11.2026 in Berlin, u.a. seien Schulen betroffen. "
        "„Wir sind bereit“, sagte die Ministerin am 3. Oktober. "
        "Die Opposition widersprach."
    )
    sentences = [s.text for s in base(text).sents]
    assert sentences == [
        "Dr. Müller sagte am 24.11.2026 in Berlin, u.a. seien Schulen betroffen.",
        "„Wir sind bereit“, sagte die Ministerin am 3. Oktober.",
        "Die Opposition widersprach.",
    ]


def test_news_tokenisation(base):
    words = [t.text for t in base.make_doc("Ca. 10 Mrd. Euro flossen z.B. an die Nato.")]
    assert words == ["Ca.", "10", "Mrd.", "Euro", "flossen", "z.B.", "an", "die", "Nato", "."]


def test_entities_for_people_organisations_places(base):
    doc = base("Bundeskanzler Olaf Scholz sagte in Berlin, das Verteidigungsministerium prüfe den Fall.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Berlin", "LOC") in ents
    assert ("Verteidigungsministerium", "ORG") in ents
    assert any(label == "PER" and "Scholz" in text for text, label in ents)


def test_missing_model_path_raises_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="No spaCy pipeline"):
        load_base(tmp_path / "nowhere")


def test_base_model_path_points_at_a_pipeline():
    assert (base_model_path() / "config.cfg").is_file()


def test_components_can_be_excluded():
    nlp = load_base(exclude=["entity_ruler", "parser"])
    assert "entity_ruler" not in nlp.pipe_names and "parser" not in nlp.pipe_names
    doc = nlp("Die Sprecherin sagte, die Regierung habe keine Informationen.")
    assert not doc.ents
    assert _token(doc, "habe").lemma_ == "haben"


def test_blank_line_ends_a_sentence_and_whitespace_is_no_sentence(base):
    text = "Brand in Lagerhalle\n\nDie Polizei sagte, man schließe Brandstiftung aus.\n\nLaut Feuerwehr ist die Lage ernst."
    sentences = [s.text.strip() for s in base(text).sents]
    assert sentences == [
        "Brand in Lagerhalle",
        "Die Polizei sagte, man schließe Brandstiftung aus.",
        "Laut Feuerwehr ist die Lage ernst.",
    ]


def test_repeated_surname_is_a_person(base):
    doc = base(
        "Außenminister Sergej Lawrow sagte, die Truppen seien abgezogen. "
        "„Das ist eine Lüge“, so Lawrow. Lawrows Sprecherin schwieg."
    )
    people = [e.text for e in doc.ents if e.label_ == "PER"]
    assert people[1:] == ["Lawrow", "Lawrows"]


def test_no_shipped_pipeline_gives_actionable_error(tmp_path, monkeypatch):
    import claimx.model

    monkeypatch.setattr(claimx.model, "_candidates", lambda: [tmp_path / "_model"])
    with pytest.raises(ModelNotFoundError, match="python -m models.train"):
        base_model_path()


def test_unknown_model_name_raises_model_not_found():
    with pytest.raises(ModelNotFoundError, match="de_nonexistent_pipeline"):
        load_base("de_nonexistent_pipeline")


def test_quotes_stay_with_their_sentence(base):
    text = "»Wir prüfen das.« Danach ging sie. Er sagte: „Wir kommen.“ Dann ging er."
    sentences = [s.text for s in base(text).sents]
    assert sentences == ["»Wir prüfen das.«", "Danach ging sie.", "Er sagte: „Wir kommen.“", "Dann ging er."]


def test_the_tokenizer_splits_quotation_marks_glued_to_words():
    # web text that lost its spaces: 'CEO."Die', 'meinte:„Wir', 'gut.“Danach'
    from claimx.model import load_base

    nlp = load_base()
    words = [t.text for t in nlp.make_doc('Der CEO."Die Branche" und sie meinte:„Wir sind gut.“Danach ging sie.')]
    assert words[:7] == ["Der", "CEO", ".", '"', "Die", "Branche", '"']
    assert words[9:13] == ["meinte", ":", "„", "Wir"]
    assert words[14:18] == ["gut", ".", "“", "Danach"]
    assert "z.B." in [t.text for t in nlp.make_doc("Das gilt z.B. für 3:2-Siege.")]


def test_a_lower_case_past_verb_form_tagged_otherwise_is_a_verb(base):
    # the tagger reads rarer preterites as adjectives or adverbs; the lexicon knows them only as verbs
    from spacy.tokens import Doc

    lexicon = base.get_pipe("claimx_lexicon")
    words = ["„", "Ja", "“", ",", "strich", "Berg", "heraus", ",", "und", "warb", "dafür", "."]
    doc = Doc(base.vocab, words=words, pos=["PUNCT", "PART", "PUNCT", "PUNCT", "ADJ", "PROPN", "ADV", "PUNCT",
                                            "CCONJ", "ADV", "ADV", "PUNCT"], sent_starts=[True] + [False] * 11)
    doc = lexicon(doc)
    assert [(doc[i].pos_, doc[i].lemma_, "VerbForm=Fin" in doc[i].morph) for i in (4, 9)] == \
        [("VERB", "streichen", True), ("VERB", "werben", True)]
    assert [doc[i].pos_ for i in (6, 10)] == ["ADV", "ADV"]  # "heraus", "dafür" are no verb forms


def test_a_capitalised_or_sentence_initial_word_keeps_its_tag(base):
    from spacy.tokens import Doc

    lexicon = base.get_pipe("claimx_lexicon")
    doc = lexicon(Doc(base.vocab, words=["Der", "Strich", "ist", "kurz", "."], pos=["DET", "ADJ", "AUX", "ADJ", "PUNCT"],
                      sent_starts=[True, False, False, False, False]))
    assert doc[1].pos_ == "ADJ"
