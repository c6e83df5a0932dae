"""claimx.ner_features: the CRF tagger's token features (pure functions over words)."""

from __future__ import annotations

import pytest

from claimx.ner_features import FeatureExtractor, Gazetteer, lexicon_word_classes, word_shape

LISTS = {"LOC": ["Frankfurt am Main", "Bad Ems"], "first_names": ["Anna"], "ORG": ["Deutsche Bahn"]}


def _no_classes(form: str) -> tuple[str, ...]:
    return ()


@pytest.fixture()
def features() -> FeatureExtractor:
    return FeatureExtractor(Gazetteer.from_lists(LISTS, ["verband"]), _no_classes)


@pytest.mark.parametrize(("word", "shape"), [
    ("Müller-Lüdenscheid", "Xxx-Xxx"), ("G7", "Xd"), ("NATO", "XX"), ("2023", "dd"), ("und", "xx"),
])
def test_word_shape(word, shape):
    assert word_shape(word) == shape


def test_gazetteer_keeps_only_the_capitalised_words_of_a_name():
    gazetteer = Gazetteer.from_lists(LISTS)
    assert gazetteer.kinds_of["frankfurt"] == ("LOC",)
    assert gazetteer.kinds_of["main"] == ("LOC",)
    assert "am" not in gazetteer.kinds_of
    assert gazetteer.kinds_of["deutsche"] == ("ORG",)


def test_gazetteer_round_trips_through_a_dict():
    gazetteer = Gazetteer.from_lists(LISTS, ["Verband"])
    assert Gazetteer.from_dict(gazetteer.to_dict()) == gazetteer
    assert gazetteer.organisation_suffixes == ("verband",)


def test_a_token_sees_its_neighbours_and_the_bigram(features):
    tokens = features.sentence(["Anna", "wohnt", "in", "Bad", "Ems"])
    ems = tokens[4]
    assert "w=ems" in ems and "gaz=LOC" in ems
    assert "-1:w=bad" in ems and "-1:gaz=LOC" in ems and "-2:w=in" in ems
    assert "1:pad" in ems and "2:pad" in ems
    assert "bi=bad|ems" in ems
    assert "BOS" in tokens[0] and "gaz=first_names" in tokens[0]


def test_genitive_of_a_listed_name_and_organisation_suffixes(features):
    own = features.sentence(["Frankfurts", "Sportverband"])
    assert "gazs=LOC" in own[0] and "gaz=LOC" not in own[0]
    assert "orgsuf" in own[1]
    assert "orgsuf" not in features.sentence(["verband"])[0]  # the suffix alone, lower-case: no name


def test_capitalised_words_are_told_apart_by_the_lexicon():
    features = FeatureExtractor(Gazetteer(), lexicon_word_classes())
    regierung, gelsenkirchen, sagte, hollmann = features.sentence(["Regierung", "Gelsenkirchen", "sagte", "Hollmann"])
    assert "cap_noun" in regierung and "lx=noun_lemma" in regierung
    # a name whose end is a noun ("-kirchen", "-mann") is a compound to the lexicon, not a noun
    assert "cap_compound" in gelsenkirchen and "cap_noun" not in gelsenkirchen
    assert "cap_compound" in hollmann and "pc=sagte|compound" in hollmann
    assert "lx=verb" in sagte and not any(f.startswith("cap_") for f in sagte)
    assert "pc=regierung|compound" in gelsenkirchen and "nc=hollmann|low" in sagte


def test_an_unknown_capitalised_word_is_a_name_candidate():
    features = FeatureExtractor(Gazetteer(), lexicon_word_classes())
    _, kwiatkowski = features.sentence(["Herr", "Kwiatkowski"])
    assert "cap_unknown" in kwiatkowski and "pc=herr|name" in kwiatkowski
