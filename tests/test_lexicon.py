"""The derived verb and noun tables (claimx/data/lexicon) and their lookups."""

from __future__ import annotations

import gzip

import pytest

from claimx.lexicon import NounLexicon, VerbLexicon


@pytest.fixture(scope="module")
def verbs() -> VerbLexicon:
    return VerbLexicon.from_package()


@pytest.fixture(scope="module")
def nouns() -> NounLexicon:
    return NounLexicon.from_package()


@pytest.mark.parametrize("form", ["sei", "habe", "könne", "komme", "werde", "müsse"])
def test_third_person_konjunktiv_i(verbs, form):
    assert verbs.is_konjunktiv_i(form)


@pytest.mark.parametrize("form", ["ist", "hat", "kann", "kommt", "sagte"])
def test_indicative_forms_are_not_konjunktiv_i(verbs, form):
    assert not verbs.is_konjunktiv_i(form)


def test_plural_konjunktiv_i_only_when_distinct_from_indicative(verbs):
    assert verbs.is_konjunktiv_i("seien")  # indicative: "sind"
    assert not verbs.is_konjunktiv_i("haben")  # same form in indicative


def test_first_person_habe_is_ambiguous(verbs):
    assert verbs.moods("habe", person="1", number="S") == {"Ind", "Sub"}
    assert verbs.moods("habe", person="3", number="S") == {"Sub"}


def test_separable_verb_lemmas(verbs):
    assert verbs.lemmas("teilte", "mit") == ["mitteilen"]
    assert verbs.lemmas("mitteilte") == ["mitteilen"]  # verb-final clause
    assert verbs.lemmas("teilte") == ["teilen"]


def test_lookups_ignore_sentence_initial_capital(verbs):
    assert verbs.lemmas("Habe") == ["haben"]


def test_unknown_form_has_no_readings(verbs):
    assert verbs.readings("Quatschwort") == []
    assert verbs.moods("Quatschwort") == set()


def test_noun_lemmas(nouns):
    assert nouns.lemmas("Sterne") == ["Stern"]
    assert nouns.lemmas("Informationen") == ["Information"]


def test_compound_nouns_lemmatised_by_their_head(nouns):
    assert nouns.lemmas("Zahnärzte") == ["Zahnarzt"]
    assert nouns.lemmas("Corona-Maßnahmen") == ["Corona-Maßnahme"]
    assert nouns.lemmas("Zahnärzte", compounds=False) == []


def test_tables_name_their_licence():
    from importlib import resources

    folder = resources.files("claimx") / "data" / "lexicon"
    assert "Attribution-ShareAlike 4.0" in (folder / "LICENSE").read_text(encoding="utf-8")
    with (folder / "verbs.tsv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        assert "CC BY-SA 4.0" in text.readline()


def test_a_multi_word_noun_does_not_claim_its_single_words():
    nouns = NounLexicon([("Alter Ego", ["Alter Egos"]), ("Alter", ["Altern", "Alters"])])
    assert nouns.lemmas("Alter") == ["Alter"]
    assert nouns.lemmas("Alter Egos") == ["Alter Ego"]
    assert nouns.lemmas("Egos") == []


def test_verb_rows_are_looked_up_case_insensitively():
    verbs = VerbLexicon([("Sei", "", "sein", "KJ1:1S,KJ1:3S"), ("teilte", "mit", "mitteilen", "PRT:3S")])
    assert verbs.is_konjunktiv_i("sei")
    assert verbs.lemmas("Teilte", "Mit") == ["mitteilen"]
    assert "sei" in verbs
    assert "teilte" not in verbs  # only with its separated particle
