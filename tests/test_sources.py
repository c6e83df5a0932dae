"""The source registry: shipped data, user extensions, validation errors, summaries."""

import pytest

from claimx.errors import ClaimxError, RegistryError
from claimx.records import Claim, Source
from claimx.sources import UNATTRIBUTED, Registry, summarize


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.shipped()


def test_shipped_registry_is_seeded_with_news_sources(registry):
    names = {e.name for e in registry.entries}
    assert {"NIS", "ISW", "dpa", "Reuters", "TASS", "NATO", "Sergej Lawrow"} <= names
    assert len(registry) >= 50


@pytest.mark.parametrize(
    ("words", "head", "has_name", "expected", "how"),
    [
        (["des", "Geheimdienstes", "(", "NIS", ")"], "Geheimdienstes", False, "NIS", "abbreviation"),
        (["das", "amerikanische", "Institut", "für", "Kriegsstudien"], "Institut", False, "ISW", "alias"),
        (["Moskaus", "Chefdiplomat"], "Chefdiplomat", False, "Sergej Lawrow", "role"),
        (["der", "russische", "Außenminister"], "Außenminister", False, "Sergej Lawrow", "role"),
        (["der", "südkoreanische", "Geheimdienst"], "Geheimdienst", False, "NIS", "country"),
        (["Südkoreas", "Geheimdienst"], "Geheimdienst", False, "NIS", "country"),
    ],
)
def test_lookup(registry, words, head, has_name, expected, how):
    match = registry.lookup(words, head, has_name=has_name)
    assert match is not None
    assert (match.entry.name, match.how) == (expected, how)


def test_role_does_not_override_a_name(registry):
    # "Außenminister Frank-Walter Steinmeier" names someone else than the current office holder
    assert registry.lookup(["Außenminister", "Frank-Walter", "Steinmeier"], "Außenminister", has_name=True) is None


def test_unknown_mention_has_no_match(registry):
    assert registry.lookup(["der", "Bäcker"], "Bäcker", has_name=False) is None


def test_place_forms(registry):
    assert registry.place_of(["Moskaus"]) == "Russland"
    assert registry.place_of(["aus", "Seoul"]) == "Südkorea"


def test_user_file_extends_and_overrides(tmp_path, registry):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "sources:\n"
        "  - name: Landespolizei Musterland\n    type: organisation\n    aliases: [Polizei Musterland]\n"
        "  - name: ISW\n    type: organisation\n    abbreviations: [ISW]\n    full_name: Mein ISW\n",
        encoding="utf-8",
    )
    extended = Registry.shipped()
    extended.extend(path)
    assert extended.lookup(["der", "Polizei", "Musterland"], "Polizei", has_name=False).entry.name == "Landespolizei Musterland"
    assert extended.get("ISW").full_name == "Mein ISW"
    assert len(extended) == len(registry) + 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("sources: [", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ("sources:\n  - type: person\n", "missing 'name'"),
        ("sources:\n  - name: X\n    type: planet\n", "type must be one of"),
        ("sources:\n  - name: X\n    aliases: 3\n", "'aliases' must be a list"),
        ("sources:\n  - name: X\n    colour: red\n", "unknown key(s) colour"),
        ("sources:\n  - name: X\n    country: Atlantis\n", "unknown country 'Atlantis'"),
        ("sources:\n  - name: X\n    roles: [{of: Russland}]\n", "each role needs a 'title'"),
    ],
)
def test_bad_user_file_is_one_clear_error(tmp_path, content, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError) as error:
        Registry.shipped().extend(path)
    message = str(error.value)
    assert str(path) in message and problem in message
    assert "\n" not in message
    assert isinstance(error.value, ClaimxError)


def test_missing_user_file(tmp_path):
    with pytest.raises(RegistryError, match="cannot read"):
        Registry.shipped().extend(tmp_path / "nope.yaml")


def test_registry_round_trips_through_data(registry):
    again = Registry.from_data(registry.to_data(), origin="copy")
    assert [e.to_dict() for e in again.entries] == [e.to_dict() for e in registry.entries]


def _claim(n: int, kind: str, name: str | None, kind_of_source: str = "organisation", doc: str = "a") -> Claim:
    source = Source(text=name or "", name=name, type=kind_of_source, start=0, end=1) if name else None
    return Claim(doc=doc, id=f"{doc}#{n}", text="x", start=0, end=1, sentence=0, kind=kind, cue=None,
                 source=source, mood=None, confidence=0.5)


def test_summarize_counts_by_canonical_name_and_kind():
    claims = [
        _claim(1, "direct", "NIS"),
        _claim(2, "indirect", "NIS"),
        _claim(3, "indirect", "NIS", doc="b"),
        _claim(4, "reported", "Sergej Lawrow", "person"),
        _claim(5, "reported", None),
    ]
    summary = summarize(claims)
    assert [(s.name, s.claims) for s in summary] == [("NIS", 3), (UNATTRIBUTED, 1), ("Sergej Lawrow", 1)]
    assert summary[0].kinds == {"direct": 1, "indirect": 2}
    assert summary[0].docs == 2
    assert summary[0].to_dict()["type"] == "organisation"


def test_summarize_of_nothing_is_empty():
    assert summarize([]) == []


def test_entries_added_after_a_lookup_are_found(tmp_path):
    registry = Registry.shipped()
    assert registry.lookup(["laut", "Kreisblatt", "Nord"], "Kreisblatt", has_name=False) is None
    mine = tmp_path / "mine.yaml"
    mine.write_text("places:\n  Nordland: [Nordlands]\nsources:\n  - name: Kreisblatt Nord\n    type: organisation\n"
                    "    aliases: [Kreisblatt Nord]\n", encoding="utf-8")
    registry.extend(mine)
    assert registry.lookup(["laut", "Kreisblatt", "Nord"], "Kreisblatt", has_name=False).entry.name == "Kreisblatt Nord"
    assert registry.place_of(["Nordlands", "Regierung"]) == "Nordland"


def test_longest_alias_wins_and_compound_names_a_place(registry):
    match = registry.lookup(["das", "amerikanische", "Institut", "für", "Kriegsstudien"], "Institut", has_name=False)
    assert match.entry.name == "ISW"
    assert registry.place_of(["US-Präsident"]) is not None
    assert registry.place_of(["Präsident"]) is None


def test_a_wikidata_id_must_look_like_one(tmp_path):
    from claimx.errors import RegistryError
    from claimx.sources import Registry

    bad = {"version": 1, "sources": [{"name": "Stadtwerke Nord", "type": "organisation", "wikidata": "Stadtwerke"}]}
    with pytest.raises(RegistryError, match="'wikidata' must be an id like Q7747"):
        Registry.from_data(bad, origin="mine.yaml")
    good = Registry.from_data({**bad, "sources": [{**bad["sources"][0], "wikidata": "Q123"}]}, origin="mine.yaml")
    assert good.kb_id("Stadtwerke Nord", "organisation") == "Q123"
    assert good.kb_id("Stadtwerke Nord", "anonymous") is None  # a spokesperson of it is not the organisation
    assert good.to_data()["sources"][0]["wikidata"] == "Q123"


def test_records_carry_the_registry_id_of_their_source(tmp_path):
    import claimx

    registry = tmp_path / "mine.yaml"
    registry.write_text("version: 1\nsources:\n  - name: Stadtwerke Nord\n    type: organisation\n    wikidata: Q123\n"
                        "    aliases: [Stadtwerke Nord]\n", encoding="utf-8")
    nlp = claimx.load(sources=[registry])
    (claim,) = claimx.extract("Die Stadtwerke Nord erklärten, die Preise seien stabil.", nlp=nlp)
    assert (claim.source.name, claim.source.kb_id) == ("Stadtwerke Nord", "Q123")
    (other,) = claimx.extract("Die Bäckerei Kern erklärte, die Preise seien stabil.", nlp=nlp)
    assert other.source.kb_id is None


def test_shipped_registry_ids_reach_the_records(nlp):
    import claimx

    (claim,) = claimx.extract("Die Vereinten Nationen erklärten, die Lage sei ernst.", nlp=nlp)
    assert (claim.source.name, claim.source.kb_id) == ("UN", "Q1065")
