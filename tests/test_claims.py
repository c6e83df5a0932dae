"""Claim assembly: kinds, mood, continuations, anaphora, boilerplate, records and serialisation."""

import json

import pytest
import spacy
from spacy.tokens import DocBin

import claimx
from claimx.errors import RegistryError
from claimx.components.pipeline import COMPONENTS, info
from claimx.records import KINDS, Claim


def claims(nlp, text):
    doc = nlp(text)
    return doc._.claims


@pytest.mark.parametrize(
    ("text", "kind", "content"),
    [
        ("„Wir haben keine Angst“, sagte der Kommandeur.", "direct", "Wir haben keine Angst"),
        ("Der Kommandeur sagte: „Wir haben keine Angst.“", "direct", "Wir haben keine Angst."),
        ("Es sei zu Kämpfen gekommen, erklärte der Geheimdienst.", "indirect", "Es sei zu Kämpfen gekommen"),
        ("Der Minister hatte erklärt, dass keine Soldaten beteiligt seien.", "indirect", "dass keine Soldaten beteiligt seien"),
        ("Laut Polizei ist niemand verletzt worden.", "reported", "ist niemand verletzt worden"),
        ("Die Brücke ist nach Angaben der Feuerwehr gesperrt.", "reported", "Die Brücke ist nach Angaben der Feuerwehr gesperrt"),
        ("Die Lage ist ernst, wie das Ministerium mitteilte.", "reported", "Die Lage ist ernst"),
        ("Die Polizei geht von einer Brandstiftung aus.", "reported", "von einer Brandstiftung"),
        # a relative clause after the object is not what was said
        ("Die Ministerin forderte eine neue Abstimmung, die im Mai stattfinden soll.", "reported", "eine neue Abstimmung"),
        ("Der Pilot meldete einen Defekt, so dass ein Alarm ausgelöst wurde.", "reported", "einen Defekt"),
        ("Die Soldaten hingegen „hatten keine Angst vor dem Tod“, hieß es.", "mixed", "Die Soldaten hingegen „hatten keine Angst vor dem Tod“"),
    ],
)
def test_kind_and_content(nlp, text, kind, content):
    found = claims(nlp, text)
    assert [(c.kind, c.text) for c in found] == [(kind, content)]


def test_mood_is_recorded(nlp):
    (claim,) = claims(nlp, "Es sei zu Kämpfen gekommen, erklärte der Geheimdienst.")
    assert claim.mood == "konjunktiv_i"
    (claim,) = claims(nlp, "Laut Polizei ist niemand verletzt worden.")
    assert claim.mood == "indicative"


def test_quote_split_by_cue_gives_two_direct_claims(nlp):
    found = claims(nlp, "„Wir kommen“, sagte der Trainer, „und wir gewinnen.“")
    assert [c.text for c in found] == ["Wir kommen", "und wir gewinnen."]
    assert all(c.source.text == "der Trainer" for c in found)


def test_quote_over_several_sentences(nlp):
    (claim,) = claims(nlp, "„Das ist eine Lüge. Wir werden das nicht hinnehmen“, so der Sprecher.")
    assert claim.text == "Das ist eine Lüge. Wir werden das nicht hinnehmen"


def test_konjunktiv_continuation_keeps_the_source(nlp):
    text = "Der Geheimdienst erklärte, es seien Truppen verlegt worden. Die Soldaten hätten hohe Verluste erlitten. Sie seien erschöpft."
    found = claims(nlp, text)
    assert len(found) == 3
    assert {c.source.name for c in found} == {found[0].source.name}
    assert [c.source.resolved_by for c in found[1:]] == ["continuation", "continuation"]
    assert found[1].cue is None


def test_demnach_continues(nlp):
    text = "Die Polizei teilte mit, dass zwei Männer festgenommen wurden. Demnach sollen sie Waffen getragen haben."
    found = claims(nlp, text)
    assert len(found) == 2 and found[1].text.startswith("Demnach")
    assert found[1].source.resolved_by == "continuation"


def test_indicative_sentence_after_claim_is_not_a_claim(nlp):
    text = "Die Polizei teilte mit, dass zwei Männer festgenommen wurden. Am Abend regnete es."
    assert len(claims(nlp, text)) == 1


def test_anaphoric_cue_attributes_previous_sentence(nlp):
    text = "Die Truppen haben sich zurückgezogen. Das erklärte ein Beamter des Geheimdienstes."
    (claim,) = claims(nlp, text)
    assert claim.text == "Die Truppen haben sich zurückgezogen"
    assert claim.sentence == 0
    assert claim.source.type == "anonymous"


def test_following_quote_in_paragraph_continues(nlp):
    text = "„Wir bleiben hier“, sagte der Bürgermeister. „Niemand wird uns vertreiben.“"
    found = claims(nlp, text)
    assert [c.kind for c in found] == ["direct", "direct"]
    assert found[1].source.resolved_by == "continuation"


def test_short_scare_quote_is_no_claim(nlp):
    assert claims(nlp, "Der Film „Der Pate“ läuft heute im Kino.") == []


def test_boilerplate_yields_no_claims(nlp):
    text = (
        "Alles zum Thema Ukraine\n"
        "Selenskyj sagte, die Lage sei ernst\n"
        "Foto: dpa sagte, das Bild sei neu\n"
        "Copyright: Die Agentur erklärte, alles sei geschützt.\n"
    )
    assert claims(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n ",
        "„",
        "„„„ »« \" ‚",
        "sagte",
        "laut",
        "Laut.",
        "zufolge zufolge",
        "so so so, so der",
        "Das erklärte er.",
        "\x00\x01 sagte er, „es sei",
        "x" * 5000,
    ],
)
def test_hostile_input_does_not_crash_and_offsets_hold(nlp, text):
    for claim in claims(nlp, text):
        assert text[claim.start : claim.end] == claim.text


def test_records_have_ids_offsets_and_valid_fields(nlp):
    text = (
        "Russlands Außenminister Sergej Lawrow teilte mit, die Truppen seien abgezogen worden. "
        "„Wir haben keine Angst“, sagte ein Beamter des südkoreanischen Geheimdienstes (NIS).\n\n"
        "Laut ISW ist die Lage ernst."
    )
    doc = nlp(text)
    doc._.doc_id = "artikel.txt"
    found = doc._.claims
    assert [c.id for c in found] == [f"artikel.txt#{n}" for n in range(1, len(found) + 1)]
    for claim in found:
        assert text[claim.start : claim.end] == claim.text
        assert claim.kind in KINDS
        assert 0 <= claim.confidence <= 1
        if claim.cue:
            assert text[claim.cue.start : claim.cue.end] == claim.cue.text
        if claim.source:
            assert text[claim.source.start : claim.source.end] == claim.source.text
        assert Claim.from_dict(json.loads(json.dumps(claim.to_dict()))) == claim
    assert [c.sentence for c in found] == [0, 1, 2]


def test_default_doc_id(nlp):
    (claim,) = claims(nlp, "Laut Polizei ist niemand verletzt worden.")
    assert claim.id == "-#1" and claim.doc == "-"


def test_docbin_round_trip_keeps_claims(nlp):
    text = "Es sei zu Kämpfen gekommen, erklärte der Geheimdienst. „Wir bleiben“, so der Kommandeur."
    doc = nlp(text)
    doc._.doc_id = "a"
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (again,) = DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab)
    assert again._.claims == doc._.claims
    assert again._.doc_id == "a"


def test_pipeline_to_disk_round_trip(nlp, tmp_path):
    text = "Moskaus Chefdiplomat sagte, die Truppen seien abgezogen. „Das ist eine Lüge“, so Lawrow."
    nlp.to_disk(tmp_path / "pipeline")
    import claimx.components.pipeline  # noqa: F401  (registers the factories, as the entry points do)

    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded(text)._.claims == nlp(text)._.claims
    assert set(COMPONENTS) <= set(loaded.pipe_names)


def test_user_registry_travels_with_the_pipeline(tmp_path):
    registry = tmp_path / "mine.yaml"
    registry.write_text("sources:\n  - name: Kreisbrandmeister Huber\n    type: person\n"
                        "    roles: [{title: Kreisbrandmeister}]\n", encoding="utf-8")
    nlp = claimx.load(sources=[registry])
    text = "Der Kreisbrandmeister sagte, das Feuer sei gelöscht."
    assert nlp(text)._.claims[0].source.name == "Kreisbrandmeister Huber"
    nlp.to_disk(tmp_path / "p")
    registry.unlink()
    assert spacy.load(tmp_path / "p")(text)._.claims[0].source.name == "Kreisbrandmeister Huber"


def test_bad_user_registry_is_a_claimx_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: 42\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="bad.yaml"):
        claimx.load(sources=[bad])


def test_info(nlp):
    data = info(nlp)
    assert data["claimx_version"] == claimx.__version__
    assert data["components"][-len(COMPONENTS):] == list(COMPONENTS)
    assert data["registry_size"] >= 50
    assert data["model"]["name"]


def test_konjunktiv_after_an_unreported_sentence_still_continues(nlp):
    # an indicative sentence between the claim and the Konjunktiv I sentence does not end the report
    text = ("Die Agentur meldete, die Proteste seien friedlich verlaufen. Am Abend regnete es in der Stadt. "
            "In der Altstadt seien dennoch viele Menschen unterwegs gewesen.")
    found = claims(nlp, text)
    assert found[-1].text.startswith("In der Altstadt seien") and found[-1].source.name == "Agentur"


def test_first_person_konjunktiv_form_is_no_claim(nlp):
    # "ich habe" looks like Konjunktiv I but is a first-person indicative
    assert claims(nlp, "Der Himmel war grau. Am Morgen regnete es. Ich habe heute nichts vor.") == []


def test_verb_with_only_an_object_yields_to_the_reporting_phrase(nlp):
    # "fordern" with an object is no speech act here: "nach Polizeiangaben" reports the whole sentence
    found = claims(nlp, "Der Sturm hat nach Polizeiangaben einen weiteren Toten gefordert.")
    assert [(c.cue.text, c.source.text) for c in found] == [("nach Polizeiangaben", "Polizeiangaben")]


def test_adjective_that_looks_like_a_konjunktiv_is_no_continuation(nlp):
    # "lange" is also the Konjunktiv I of "langen"; as an attributive adjective it marks no report
    text = "Die Agentur meldete, die Lage sei ruhig. Das Gasthaus hat eine lange Geschichte."
    assert [c.text for c in claims(nlp, text)] == ["die Lage sei ruhig"]


def test_first_person_indicative_after_a_claim_is_no_continuation(nlp):
    text = "Der Musiker sagte, er sei müde. Manchmal sitze ich stundenlang am Klavier."
    assert [c.text for c in claims(nlp, text)] == ["er sei müde"]


def test_quoted_name_inside_a_noun_phrase_is_no_quotation(nlp):
    # „Tanjug“ names the agency; the claim is the reported clause after it
    found = claims(nlp, "Am Montag meldete die Nachrichtenagentur „Tanjug“, das Flugzeug sei gelandet.")
    assert [(c.kind, c.text, c.source.text, c.source.name) for c in found] == \
        [("indirect", "das Flugzeug sei gelandet", "die Nachrichtenagentur „Tanjug“", "Tanjug")]


def test_quoted_sentence_without_cue_is_a_claim_of_unnamed_source(nlp):
    text = ("Der Bürgermeister sagte, das Fest sei gelungen. Am Abend gab es ein Feuerwerk. Die Gäste blieben lange. "
            "Viele tanzten. „Wir kommen nächstes Jahr bestimmt wieder.“")
    last = claims(nlp, text)[-1]
    assert (last.kind, last.text, last.source) == ("direct", "Wir kommen nächstes Jahr bestimmt wieder", None)


def test_commenting_on_an_object_is_no_claim_but_a_criticised_clause_is(nlp):
    # no_object_claim: "äußerte sich zum Kurs" says nothing yet; "kritisierte den Kurs" does (a bare object claim)
    assert claims(nlp, "Die Ministerin äußerte sich zum harten Kurs.") == []
    assert [c.text for c in claims(nlp, "Die Ministerin kritisierte den harten Kurs.")] == ["den harten Kurs"]
    assert [c.text for c in claims(nlp, "Die Ministerin kritisierte, der Kurs sei zu hart.")] == ["der Kurs sei zu hart"]


def test_verbless_quoted_title_after_an_article_is_no_quotation(nlp):
    found = claims(nlp, "Die Gruppe „Bündnis für eine saubere Elbe“ erklärte, der Fluss sei verschmutzt.")
    assert [(c.kind, c.text) for c in found] == [("indirect", "der Fluss sei verschmutzt")]


def test_the_quoted_title_of_a_work_is_no_quotation(nlp):
    # a quotation right after "Lied", "Film", "Serie" names the work, however many words and verbs it has
    text = "Der Trainer sagte, das Spiel sei schwer. Danach spielte die Band das Lied „Wir sind die Neuen“."
    assert [c.text for c in claims(nlp, text)] == ["das Spiel sei schwer"]
    text = "Der Trainer sagte, das Spiel sei schwer. Danach spielte die Band: „Wir sind die Neuen.“"
    assert [c.text for c in claims(nlp, text)][1:] == ["Wir sind die Neuen."]


def test_scare_quote_after_a_claim_is_no_continuation(nlp):
    text = "Der Anwalt sagte, sein Mandant sei unschuldig. Am Abend gab es einen „kleinen Empfang“."
    assert [c.text for c in claims(nlp, text)] == ["sein Mandant sei unschuldig"]


def test_coordinated_speech_verb_starts_its_own_claim(nlp):
    found = claims(nlp, "Er sagte, Europa brauche die Briten und fügte hinzu: „Ohne sie geht es nicht.“")
    assert [(c.kind, c.text) for c in found] == [("indirect", "Europa brauche die Briten"), ("direct", "Ohne sie geht es nicht.")]


def test_nested_speech_verb_stays_inside_the_claim(nlp):
    found = claims(nlp, "Der Anwalt sagte, der Zeuge habe erklärt, dass er nichts gesehen habe.")
    assert found[0].text == "der Zeuge habe erklärt, dass er nichts gesehen habe"


def test_short_quoted_name_after_an_article_is_no_quotation_even_with_a_verb(nlp):
    found = claims(nlp, "Jonas Brand von der „Aktion Elbe hilft“ sagte, es sei ein falscher Eindruck entstanden.")
    assert [(c.kind, c.text) for c in found] == [("indirect", "es sei ein falscher Eindruck entstanden")]


def test_a_cue_and_source_that_take_the_whole_piece_at_the_end_of_a_document(nlp):
    # "„Bild“, ARD berichtet": the verb's frame covers the only piece before it; no empty message
    assert claims(nlp, "„Bild“, ARD berichtet") == []


def test_a_quotation_of_marks_only_gives_no_empty_claim(nlp):
    # "„ n«“": „ is left open by «, which opens a quotation of nothing but “
    text = "Er sagte:„ n«“"
    found = claims(nlp, text)
    assert [(c.kind, c.text) for c in found] == [("direct", "n")]
    assert all(c.end > c.start and text[c.start : c.end] == c.text for c in found)


def test_a_quoted_name_after_the_speaker_is_no_second_part_of_the_quotation(nlp):
    doc = nlp("„Das Thema ist jetzt im Alltag angekommen“, meint Anna Weber vom Finanzblog «Geldwelt». Sie lacht.")
    assert [c.text for c in doc._.claims] == ["Das Thema ist jetzt im Alltag angekommen"]
    # a real second part still is one
    split = nlp("„Wir kommen morgen“, sagte die Trainerin, „und wir gewinnen das Spiel.“")
    assert [c.text for c in split._.claims] == ["Wir kommen morgen", "und wir gewinnen das Spiel."]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a speech act without a content clause: its object is what was said (GOLD-GUIDELINES)
        ("Die Gewerkschaft kritisierte die neue Sparpolitik des Senats.", "die neue Sparpolitik des Senats"),
        ("Der Trainer bat die Fans um Geduld.", "um Geduld"),
        ("Die Anwohner drohten mit Klagen.", "mit Klagen"),
        ("Die Partei wirbt für eine Reform der Rente.", "für eine Reform der Rente"),
    ],
)
def test_a_speech_act_reports_its_bare_object(nlp, text, content):
    assert [(c.kind, c.text) for c in claims(nlp, text)] == [("reported", content)]


def test_an_object_before_the_verb_does_not_take_in_verb_and_source(nlp):
    found = claims(nlp, "Den Angriff bestätigte das Ministerium am Montag.")
    assert [(c.kind, c.text, c.source.text) for c in found] == [("reported", "Den Angriff", "das Ministerium")]


def test_reminding_someone_daran_reports_the_clause_but_a_memorial_reports_nothing(nlp):
    found = claims(nlp, "Der Minister erinnerte die Abgeordneten daran, die Regeln einzuhalten.")
    assert [(c.text, c.source.text) for c in found] == [("die Regeln einzuhalten", "Der Minister")]
    assert claims(nlp, "Das Denkmal erinnert an die Opfer des Krieges.") == []
