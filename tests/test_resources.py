"""The lists of claimx/data/marks.yaml and grammar.yaml: each is read while claimx works, editing one
changes what claimx finds, and a missing one is a clear error (claimx/resources.py)."""

from __future__ import annotations

from importlib import resources as package_files

import pytest
import yaml

import claimx
from claimx import resources
from claimx.errors import WordListError
from claimx.learned import claims as learned_claims
from claimx.spkatt import predict
from claimx.spkatt.documents import SpkAttDocument

DATA_FILES = [data_file.filename for data_file in resources.FILES]


def _list_names(filename: str) -> list[str]:
    data = yaml.safe_load((package_files.files("claimx") / "data" / filename).read_text(encoding="utf-8"))
    return [name for name in data if name != "version"]


LISTS = [(filename, name) for filename in DATA_FILES for name in _list_names(filename)]

# sentences written for these tests: quotations (outer, nested, unclosed, after a colon), "laut", "zufolge",
# "so X", "hieß es aus …", "nach Angaben …", "nach eigenen Angaben", pronouns and titles, page furniture
PROBE = """Startseite | Politik | Inland
Alles zum Thema Schulen
Neue Schulen im Kreis
Foto: Archiv

Die Ministerin Anna Berger sagte am Montag: „Wir bauen im nächsten Jahr drei neue Schulen.“
„Das ist ein ‚großer‘ Tag für den Kreis“, so die Ministerin. Sie sagte, die Pläne seien fertig.
Der Landrat Peter Klein erklärte, dass die Gemeinde zahlen müsse. Herr Klein hatte erklärt, er komme.
Laut dem „Kreisblatt“ sind die Kosten hoch. Dem Bericht des Ministeriums zufolge fehlen Lehrer.
Nach Angaben von Eltern gibt es zu wenige Plätze. Nach eigenen Angaben plant die Stadt mehr.
Nach palästinensischen Angaben der Behörde seien die Schulen zu. Seiner Meinung nach ist das falsch.
Nach Ansicht ihrer Partei reicht das nicht. Ein Sprecher des Ministeriums sagte, man prüfe das.
Wie aus Regierungskreisen verlautete, kommt das Geld. Es hieß aus Kiel, die Schulen seien sicher.
Das erklärte der Sprecher. Wie die Zeitung berichtet, fehlt Geld. Anwohner berichteten, es sei laut.
Die Ergebnisse wurden von der Behörde mitgeteilt. Die Kommission, die den Plan vorgestellt hatte, warnte, es gehe um Geld.
Er sagte und betonte, die Lage sei ernst. »Wir kommen«, sagte der Trainer. «Nie», rief sie.
Die Polizei meldete am Abend drei Verletzte. „Wir haben gut gespielt“, zeigte sich die Trainerin zufrieden.
Sie teilte mit, ich habe recht.
Romney strich heraus: „Ich trete an.“ Die Biologin Clara Winter forscht in Kiel. Sie sagte, es sei kalt.
Der Wirt rief ("Wir öffnen am Freitag!") laut. Die Gäste riefen “Endlich”.
Die Armee hat den Angriff nach Angaben der Kyiv Post bestätigt. Nach ihrer Ansicht ist das falsch.
Laut dem Bericht ist die Lage ernst, wie es hieß. Die Schulen sind zu, am Montag erklärte das der Minister.
Wie die „Süddeutsche Zeitung“ berichtet, fehlt das Geld. Der Familie Ansicht nach ist das falsch.
„Das reicht nicht“, so Die Linke.
Mehr zum Thema
Anzeige

„Ein Satz ohne Ende
"""
# texts of their own, whose parse differs inside the long probe
SHORT_PROBES = ["Die Opposition drohte, man werde klagen.", "Der Bürgermeister sprach von einer Wende.",
                "Der Arzt sagte, das wäre zu spät gewesen.", "Die Polizei sagte, es gebe einen Unfall. Der Fahrer soll geflohen sein.",
                "Sie spendete der „Aktion Deutschland hilft“ viel Geld, sagte der Sprecher.",
                "Die Preise seien gestiegen, sagte eine Sprecherin der Nachrichtenagentur.",
                "Der Sportsmann Otto Brenner kam spät. Er sagte, es sei kalt.",
                "Die Trainerin Anna Weber kam spät an. Sie war seit Tagen unterwegs. „Wir sind müde, aber wir sind glücklich.“",
                "Die Nachrichtenagentur Tanew meldete Schnee. Die Agentur berichtete, es sei kalt.",
                "Der Regen hielt an. Torhüterin Mia Stein fehlt erkältet. Die 31-Jährige: „Ich hoffe, dass ich am Sonntag wieder spielen kann.“",
                "Die Saison ist beendet, wie der Verband und die Liga am Montag mitteilten.",
                "Die Preise müssten sinken, sagte Berg. Es werde gefordert, dass viele Anlagen schließen.",
                "Die Forderung der Gewerkschaft, dass die Löhne steigen, stieß auf Widerstand.",
                "Für Jonas Weber ist klar, dass der Plan scheitert. Laut Jonas Weber, dem Chef des Vereins, ist es ernst.",
                "Neue Modelle seien geplant, schreibt die Firma Lumex. Sie seien gut, teilte das Unternehmen mit.",
                "Dass die Firma wachsen will, deutet sich an. Was befürchtet wurde, ist eingetreten.",
                "Das Ergebnis bezeichnete sie als Erfolg.",
                "Besorgt äußerte sich der Verband: „Das ist schlimm.“",
                "Verärgert sagte Anna Berg, die Preise seien zu hoch.", "Lapidar sagt Jan Weber, die Preise seien zu hoch.",
                "Aus dem Rathaus ist zu hören, die Bürgermeisterin habe den Plan gestoppt.",
                "Bei der Polizei hieß es, der Täter sei gefasst.",
                "Ein Sprecher wollte nicht bestätigen, dass es brennt.",
                "„Ich trete als Kandidat an“, strich Berg in Bonn heraus. Der Minister äusserte, die Lage sei ernst.",
                "Karl Brenner, Präsident des Verbands: „Das Gesetz ist ein Fehler.“",
                "Laut einem Bericht aus Kiew ist es kalt. Laut Angaben vom Mittwoch ist es kalt. Laut einem ersten Bericht der Polizei ist es so.",
                "Der Deutsche Gewerkschaftsbund teilte mit, die Löhne seien zu niedrig.",
                "Das Land hätte die Rückgabe verlangen müssen. Man könnte sagen, die Lage sei ernst.",
                "Der Premier sagte, er sei zufrieden. Am Montag hat Siemens den Plan vorgelegt. Der Bau beginne im Mai.",
                "Die Trainerin wollte keine Namen nennen, sagte aber, das Team müsse sich steigern.",
                "Die Abgeordnete setzte sich für eine Aussetzung der Mieten ein.",
                "Allerdings melden sich auch einige Laien zu Wort. Er warnte vor dem Verlust tausender hoch bezahlter Jobs.",
                "Die Firma sagte, sie baue ein Werk. Das könnte helfen.",
                "In der Urteilsbegründung weisen die Richter auf die fehlende Grundlage für den Einsatz alliierter Truppen hin.",
                "Die Gewerkschaft fordert mehr Geld für Familien. Der Fokus solle auf den Ferien liegen, hieß es.",
                "Die Forderung von Verdi, dass die Löhne steigen, stieß auf Widerstand.",
                "Die Ärztin bat die Gäste, im Saal leise zu sein.",
                "Wie der Sender unter Berufung auf Kreise berichtet, soll das Gesetz fallen. Der Mann bestritt der Polizei zufolge die Tat.",
                "Der General erklärte, damit solle ein Vakuum vermieden werden.",
                "Eine Verschiebung der Wahl bezeichnete Brenner als fatal.", "Der Minister sieht das Gesetz als Fehler.",
                "Zwar bemerkte der Fahrer den Schaden sofort, anhalten konnte er aber nicht mehr.",
                "Jan Roth vom Institut für Physik in Kiel erklärte, die Messung sei korrekt.",
                "Auf der Homepage des Vereins heißt es: „Wir schließen.“ In einem Bericht wurde vermutet, dass es brennt.",
                "Die Tat bezeichnete er als sinnlos.", "Der Sturm forderte drei Todesopfer.",
                "Sie sagte, es sei gut. Danach lief der Film „Wir sind die Neuen“.",
                "Laut einem Artikel der „New York Times“ ist es ernst. Laut „Ärzte ohne Grenzen“ ist es ernst."]
SPKATT_SENTENCES = [
    ["Jane", "Roth", "von", "der", "University", "of", "Kent", "sagte", ",", "es", "sei", "kalt", "."],
    ["Laut", "dem", "Sprecher", "Elmar", "Gesse", ",", "der", "Chef", "des", "Vereins", ",", "sei", "es", "„",
     "ganz", "klar", "“", "."],
    ["„", "Wir", "kommen", "!", "“", ",", "rief", "der", "Trainer", "(", "SPD", ")", "."],
    ["Wie", "die", "Ministerin", "schrieb", ",", "seien", "die", "Pläne", "fertig", "."],
    ["Demnach", "sei", "das", "Geld", "da", "."],
    ["Nach", "Angaben", "von", "Augenzeugen", "sei", "das", "Haus", "zerstört", "."],
    "Laut einem ersten Bericht der Polizei ist der Fahrer geflohen .".split(),
]


def _read_once(nlp, learned_nlp):
    """Run the pipelines on PROBE and the SpkAtt mapping on a few sentences: what claimx reads doing so."""
    for text in (PROBE, *SHORT_PROBES):
        claimx.extract(text, nlp=nlp)
    claimx.extract(PROBE, nlp=learned_nlp)
    document = SpkAttDocument(name="probe", sentences=SPKATT_SENTENCES)
    predict.predict_document(nlp, document, mode="rules")
    predict.predict_document(learned_nlp, document, mode="learned")
    predict.extend_source(nlp("Auch der Minister sagte das."), [0, 1, 2])  # "Auch der Minister" -> "der Minister"
    predict.extend_source(nlp("Der Sprecher von Siemens, Anna Berg, sagte das."), [0, 1, 2, 3])  # + ", Anna Berg"
    predict.extend_source(nlp("Das sagte der Chef des Vereins, Anna Berg, von der Beispiel Bank."), [7, 8])
    learned_claims.is_reported_clause(nlp("Sie sagte, dass es regnet."), [3, 4, 5])  # a learned event's "dass …"
    _torn_prefield_source()
    _torn_named_prefield_source()


def _torn_prefield_source():
    """ "Die neue Ministerin erklärte: „Wir helfen.“" with the prefield torn apart by the parse (no subject)."""
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Die", "neue", "Ministerin", "erklärte", ":", "„", "Wir", "helfen", ".", "“"]
    doc = Doc(spacy.blank("de").vocab, words=words,
              pos=["DET", "ADJ", "NOUN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT"],
              heads=[3, 3, 1, 3, 7, 7, 7, 3, 3, 3],
              deps=["det", "amod", "conj", "ROOT", "punct", "punct", "nsubj", "ccomp", "punct", "punct"],
              morphs=["", "", "", "VerbForm=Fin", "", "", "", "", "", ""], sent_starts=[True] + [False] * 9)
    return source_mention(doc, VERB, 3, 4, WordLists.shipped())


def _torn_named_prefield_source():
    """ "Paul Kerr vom Institut in Leeds erklärte, es sei neu." with the name hung under "Institut" by the parse."""
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Paul", "Kerr", "vom", "Institut", "in", "Leeds", "erklärte", ",", "es", "sei", "neu", "."]
    doc = Doc(spacy.blank("de").vocab, words=words,
              pos=["PROPN", "PROPN", "ADP", "NOUN", "ADP", "PROPN", "VERB", "PUNCT", "PRON", "AUX", "ADJ", "PUNCT"],
              heads=[1, 3, 3, 6, 5, 3, 6, 10, 10, 10, 6, 6],
              deps=["dep", "compound", "case", "obl", "case", "nmod", "ROOT", "punct", "nsubj", "cop", "ccomp", "punct"],
              morphs=[""] * 6 + ["VerbForm=Fin"] + [""] * 5)
    return source_mention(doc, VERB, 6, 7, WordLists.shipped())


@pytest.fixture(scope="module")
def read_lists(nlp):
    learned_nlp = claimx.load(learned=True)
    """(file, list name) of every list looked up while the probe text is processed."""
    seen: set[tuple[str, str]] = set()
    real_read = resources._read

    class Recording(dict):
        def __init__(self, filename, data):
            super().__init__(data)
            self.filename = filename

        def __getitem__(self, key):
            seen.add((self.filename, key))
            return super().__getitem__(key)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(resources, "_read", lambda filename: Recording(filename, real_read(filename)))
        resources.clear_caches()
        _read_once(nlp, learned_nlp)
    resources.clear_caches()
    return seen


@pytest.mark.parametrize(("filename", "name"), LISTS)
def test_every_list_is_read_while_claimx_works(read_lists, filename, name):
    assert (filename, name) in read_lists, f"claimx/data/{filename}: nobody read '{name}' for the probe text"


def test_every_list_of_a_file_is_declared_and_every_declared_list_is_in_its_file():
    for data_file in resources.FILES:
        assert sorted(data_file.lists()) == sorted(_list_names(data_file.filename))


@pytest.fixture
def edited(monkeypatch):
    """``edited(filename, name=value, …)``: those lists replaced for the rest of the test."""
    real_read = resources._read
    changes: dict[str, dict] = {}

    def edit(filename, **lists):
        changes.setdefault(filename, {}).update(lists)
        monkeypatch.setattr(resources, "_read", lambda name: {**real_read(name), **changes.get(name, {})})
        resources.clear_caches()

    yield edit
    monkeypatch.undo()
    resources.clear_caches()


def _marks(name):
    return sorted(getattr(resources.MARKS, name))


def test_a_missing_list_is_a_clear_error(edited, monkeypatch):
    real_read = resources._read
    monkeypatch.setattr(resources, "_read", lambda name: {k: v for k, v in real_read(name).items() if k != "quote_marks"})
    resources.clear_caches()
    with pytest.raises(WordListError, match="marks.yaml: no list 'quote_marks'"):
        resources.MARKS.quote_marks


def test_an_ill_typed_list_is_a_clear_error(edited):
    edited("marks.yaml", quote_marks="„“")
    with pytest.raises(WordListError, match="'quote_marks' must be a list of strings"):
        resources.MARKS.quote_marks


# --- editing a list changes behaviour --------------------------------------------------------
def test_quote_marks_decide_what_is_a_quotation(nlp, edited):
    text = "Der Trainer war zufrieden. „Wir gewinnen heute ganz sicher das Spiel.“"
    assert any(c.kind == "direct" for c in claimx.extract(text, nlp=nlp))
    edited("marks.yaml", quote_marks=[m for m in _marks("quote_marks") if m not in "„“"])
    assert not any(c.kind == "direct" for c in claimx.extract(text, nlp=nlp))


def test_quote_openers_decide_the_colon_verb(nlp, edited):
    text = "Die Trainerin zeigte sich zufrieden: „Wir haben heute gut gespielt.“"
    assert "zeigte" in [c.cue.text for c in claimx.extract(text, nlp=nlp) if c.cue]
    edited("marks.yaml", quote_openers=[])
    assert "zeigte" not in [c.cue.text for c in claimx.extract(text, nlp=nlp) if c.cue]


def _sources(text, nlp):
    return [(c.source.text if c.source else None, c.source.name if c.source else None) for c in claimx.extract(text, nlp=nlp)]


def test_subject_deps_decide_who_speaks(nlp, edited):
    text = "Die Ministerin sagte, die Schulen seien sicher."
    assert _sources(text, nlp)[0][0] == "Die Ministerin"
    edited("grammar.yaml", subject_deps=["sb"], prefield_phrase_pos=[])  # (the torn-prefield fallback off too)
    assert _sources(text, nlp)[0][0] != "Die Ministerin"


def test_demonstrative_subjects_point_back_not_to_a_speaker(nlp, edited):
    text = "Die Schulen bleiben zu. Das erklärte der Sprecher der Stadt."
    assert "Sprecher" in (_sources(text, nlp)[0][0] or "")
    edited("grammar.yaml", demonstrative_subjects=["dies", "dieses", "es", "was", "welche", "der", "die"])
    assert "Sprecher" not in (_sources(text, nlp)[0][0] or "")


def test_possessives_stand_for_their_owner(nlp, edited):
    text = "Die Ministerin Anna Berger besuchte die Schule. Ihrer Meinung nach ist das Gebäude zu alt."
    assert ("Ihrer", "Anna Berger") in _sources(text, nlp)
    edited("grammar.yaml", possessives=["seiner", "seinen", "seinem", "seines", "dessen", "deren"])
    assert ("Ihrer", "Anna Berger") not in _sources(text, nlp)


def test_articles_are_dropped_from_a_sources_name(nlp, edited):
    text = "Laut besorgten Anwohnern ist es jede Nacht laut."
    assert _sources(text, nlp)[0][1] == "besorgten Anwohnern"
    edited("grammar.yaml", articles=[*sorted(resources.GRAMMAR.articles), "besorgten"])
    assert _sources(text, nlp)[0][1] == "Anwohnern"


def test_boilerplate_starts_decide_what_is_page_furniture(nlp, edited):
    text = "Eilmeldung: Der Minister sagte, die Schulen seien ab Montag zu."
    assert claimx.extract(text, nlp=nlp)
    starts = resources.package_data("grammar.yaml")["boilerplate_starts"]
    edited("grammar.yaml", boilerplate_starts={**starts, "starts": [*starts["starts"], "eilmeldung:"]})
    assert not claimx.extract(text, nlp=nlp)


def test_inflection_endings_decide_which_word_forms_match(edited):
    from claimx.rules.text import words_match  # what the source resolver compares registry aliases and mentions with

    assert words_match("Geheimdienstes", "Geheimdienst")
    edited("grammar.yaml", inflection_endings=[])
    assert not words_match("Geheimdienstes", "Geheimdienst")


def _cue_words(text, nlp):
    from claimx.components.doc_data import CUES

    doc = nlp(text)
    return [span.text for span in doc.spans[CUES]]


def test_np_start_pos_decides_what_may_follow_laut(nlp, edited):
    text = "Laut dem neuen Gutachten ist die Brücke marode."
    assert "Laut" in _cue_words(text, nlp)
    edited("grammar.yaml", np_start_pos=[p for p in sorted(resources.GRAMMAR.np_start_pos) if p != "DET"])
    assert "Laut" not in _cue_words(text, nlp)


def test_frame_deps_decide_where_a_weak_verb_finds_its_frame_word(nlp, edited):
    text = "Der Bürgermeister sprach von einer Wende in der Verkehrspolitik."
    assert "sprach" in _cue_words(text, nlp)
    edited("grammar.yaml", frame_deps=[])
    assert "sprach" not in _cue_words(text, nlp)


def test_so_source_pos_decide_what_may_follow_so(nlp, edited):
    text = "„Wir fahren morgen nach Hause“, so die Kapitänin der Mannschaft."
    assert "so" in _cue_words(text, nlp)
    edited("grammar.yaml", so_source_pos=[p for p in sorted(resources.GRAMMAR.so_source_pos) if p != "DET"])
    assert "so" not in _cue_words(text, nlp)


def test_spkatt_writing_cues_decide_the_stwr_of_a_cue(edited):
    assert predict.stwr_of("twittern") == "Writing"
    edited("grammar.yaml", spkatt_writing_cues=["schreiben"])
    assert predict.stwr_of("twittern") == "Speech"


def test_not_verb_pos_decide_which_lower_case_words_may_be_verbs(nlp, edited):
    from claimx.rules.mood import maybe_verbs

    doc = nlp("Die Kinder spielen lange im Garten.")
    lange = next(t.i for t in doc if t.text == "lange")
    before = maybe_verbs(doc)[lange]
    edited("grammar.yaml", not_verb_pos=[p for p in sorted(resources.GRAMMAR.not_verb_pos) if p != doc[lange].pos_])
    assert maybe_verbs(doc)[lange] != before


def test_the_stem_length_decides_which_word_forms_match(edited):
    from claimx.rules.text import word_keys, words_match

    assert words_match("Amtes", "Amt")  # "amt" keeps 3 characters of stem
    edited("grammar.yaml", min_stem_chars=4)
    word_keys.cache_clear()
    try:
        assert not words_match("Amtes", "Amt")
    finally:
        word_keys.cache_clear()


def test_a_length_must_be_a_whole_number(edited):
    edited("grammar.yaml", min_stem_chars="drei")
    with pytest.raises(WordListError, match="'min_stem_chars' must be a whole number"):
        resources.GRAMMAR.min_stem_chars
