"""Where a cue's message is: a clause that starts with one of reporting.yaml's not_reported_clauses is not what it reports."""

from __future__ import annotations

import pytest

TEXT = "Der Minister kritisierte die Wahl, weil sie zu früh stattfand."


def test_a_weil_clause_is_not_the_reported_message(nlp, reporting_lists):
    assert "weil sie zu früh stattfand" not in [c.text for c in nlp(TEXT)._.claims]
    with reporting_lists(not_reported_clauses=[]):
        assert "weil sie zu früh stattfand" in [c.text for c in nlp(TEXT)._.claims]


def claims_of(nlp, text):
    return [(c.text, c.source.name if c.source else None) for c in nlp(text)._.claims]


def test_an_article_the_tagger_calls_relative_still_opens_the_message(nlp):
    # the morphologizer tags this "die" PronType=Dem,Rel; it determines "Preise" and "seien" follows
    assert claims_of(nlp, "Der Verband teilte mit, die Preise seien stabil.") == [("die Preise seien stabil", "Verband")]
    assert claims_of(nlp, "Der Verband teilte am Montag mit, die Preise seien stabil.") == [("die Preise seien stabil", "Verband")]


def test_a_relative_clause_or_an_apposition_after_the_verb_is_no_message(nlp):
    assert claims_of(nlp, "Sie kritisierte die Wahl, die im Mai stattfand.") == [("die Wahl", "Sie")]
    assert claims_of(nlp, "Sie lobte den Hersteller, den Marktführer bei Chips, bei dem auch Tesla kaufe.") == []


def test_a_prepositional_phrase_the_verb_does_not_govern_is_not_reported(nlp):
    # "am Montag" and "in ihrem Bericht" are adverbials; only the verb's own object is the claim
    assert claims_of(nlp, "Die Ärztin warnte am Montag vor einer neuen Welle.") == [("vor einer neuen Welle", "Ärztin")]
    assert claims_of(nlp, "Die Forscher bestätigten in ihrem Bericht den Befund.") == [("den Befund", "Forscher")]
    assert claims_of(nlp, "Die Polizei stellte an den Schuhen des Verdächtigen fest.") == []


def test_the_verbs_own_preposition_comes_from_the_frames_list(nlp, speech_verb_lists):
    with speech_verb_lists(frames={}):
        assert claims_of(nlp, "Die Ärztin warnte am Montag vor einer neuen Welle.") == []


def test_an_apposition_of_the_source_after_laut_is_not_the_message(nlp):
    text = "Laut Jonas Weber, dem Sprecher des Vereins, ist die Lage ernst."
    assert claims_of(nlp, text) == [("ist die Lage ernst", "Jonas Weber")]
    # a relative clause has a verb: it stays (no apposition)
    assert claims_of(nlp, "Laut Polizei, die am Abend eintraf, ist die Lage ernst.")[0][0].startswith("die am Abend")


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Die Gewerkschaft rief zum Streik auf.", ("zum Streik", "Gewerkschaft")),
        ("Der Forscher riet zu Gelassenheit und Aufmerksamkeit.", ("zu Gelassenheit und Aufmerksamkeit", "Forscher")),
        ("Die Ministerin mahnte zur Vorsicht.", ("zur Vorsicht", "Ministerin")),
        ("Die Abgeordnete setzte sich für eine Aussetzung der Mieten ein.", ("für eine Aussetzung der Mieten", "Abgeordnete")),
        # "hoffen" reports no bare object ("Er hofft das Beste"), but the phrase of its frame
        ("Die Gruppe hofft auf mehr Druck auf die Abgeordneten.", ("auf mehr Druck auf die Abgeordneten", "Gruppe")),
    ],
)
def test_a_phrase_of_the_verbs_frame_is_the_claim(nlp, text, claim):
    assert claims_of(nlp, text) == [claim]


@pytest.mark.parametrize("text", ["Die Stadt setzte Geld für den Bau ein.", "Er hofft das Beste."])
def test_without_its_reflexive_or_its_frame_the_verb_reports_nothing(nlp, text):
    assert claims_of(nlp, text) == []


def test_the_reflexive_only_verbs_come_from_speech_verbs_yaml(nlp):
    component = nlp.get_pipe("claimx_cues")
    original = component.words_data
    component._set_words({**original, "speech_verbs": {**original["speech_verbs"], "reflexive_only": []}})
    try:
        doc = nlp("Die Stadt setzte Geld für den Bau ein.")
        assert [span.text for span in doc.spans["claimx_cues"]] == ["setzte"]
    finally:
        component._set_words(original)


def test_an_object_the_parse_broke_into_pieces_is_one_claim(nlp):
    # "tausender" hung on the verb as an adverb splits "vor dem Verlust … Arbeitsplätze"
    text = "Der Betriebsrat warnte vor dem Verlust tausender hoch qualifizierter Arbeitsplätze in der Region."
    assert claims_of(nlp, text) == [("vor dem Verlust tausender hoch qualifizierter Arbeitsplätze", "Betriebsrat")]


def test_a_verb_with_sich_whose_object_is_no_claim(nlp):
    assert claims_of(nlp, "Allerdings melden sich immer wieder auch einige Eltern und Vereine zu Wort, die eine andere Meinung vertreten.") == []
    assert claims_of(nlp, "Die Polizei meldete zwei Festnahmen.") == [("zwei Festnahmen", "Polizei")]


def test_a_frame_phrase_the_parse_hung_on_the_subject_is_the_claim_not_part_of_the_source(nlp):
    # "auf die fehlende Grundlage …" parsed as an attribute of "die Richter"
    text = "In der Urteilsbegründung weisen die Richter auf die fehlende Grundlage für den Einsatz alliierter Truppen hin."
    assert claims_of(nlp, text) == [("auf die fehlende Grundlage für den Einsatz alliierter Truppen", "Richter")]


def test_a_lone_noun_object_of_a_strong_speech_verb_is_what_was_said(nlp):
    # "kündigten Untersuchungen an": one word is enough for a demand or announcement
    doc = nlp("Beide Seiten kündigten Untersuchungen an.")
    assert [c.text for c in doc._.claims] == ["Untersuchungen"]


def test_a_lone_dative_or_postposed_noun_is_an_addressee(nlp):
    for text in ("Das Unternehmen gab Investoren gegenüber Zahlen bekannt.", "Der Trainer sagte dem Sender Bescheid."):
        assert all(c.text not in {"Investoren", "Sender"} for c in nlp(text)._.claims)


def test_a_cue_inserted_between_commas_leaves_one_span_around_it(nlp):
    # the subject before "so der Minister" and the rest of the clause after it are one claim
    doc = nlp("Die Konkurrenz, so der Minister weiter, würde Geld erhalten.")
    assert [(c.text, c.source.name) for c in doc._.claims] == [
        ("Die Konkurrenz, so der Minister weiter, würde Geld erhalten", "Minister")]


def test_a_cue_after_a_whole_clause_keeps_the_clause_before(nlp):
    assert [c.text for c in nlp("Die Lage sei ernst, so der Minister.")._.claims] == ["Die Lage sei ernst"]


def test_a_cue_in_a_wobei_clause_does_not_report_the_clause_before(nlp):
    doc = nlp("Das Turnier findet im Mai statt, wobei Ort und Termin noch vom Verband mitgeteilt werden.")
    assert all(not c.text.startswith("Das Turnier") for c in doc._.claims)


def test_a_clause_opened_by_its_finite_verb_goes_on_with_the_same_subject(nlp):
    # "wurde dann entlassen" is what happened to her, not what she said
    claims = claims_of(nlp, "Anna Berg hatte den Chef der Untreue beschuldigt, wurde dann aber selbst entlassen.")
    assert all("entlassen" not in text for text, _ in claims)
    claims = claims_of(nlp, "Nachdem die Behörden vor Gurken gewarnt hatten, hatte sich gezeigt, dass sie sauber waren.")
    assert all("gezeigt" not in text for text, _ in claims)


def test_after_a_fronted_clause_the_main_clause_is_still_reported(nlp):
    assert claims_of(nlp, "Wie die Zeitung berichtet, ist auch Kiel betroffen.") == [("ist auch Kiel betroffen", "Zeitung")]
    # in Konjunktiv I even after "obwohl"
    assert claims_of(nlp, "Obwohl der Minister mit mehr Geld rechnet, sei man weit von einem Plus entfernt.") \
        == [("sei man weit von einem Plus entfernt", "Minister")]


def test_a_relative_clause_after_its_preposition_is_no_message(nlp):
    assert claims_of(nlp, "Die Firma kündigte ein Album an, auf dem die Band alte Lieder spielt.") == [("ein Album", "Firma")]
    # "nach denen" reports what the antecedent says
    assert claims_of(nlp, "Der Verband verwies auf Studien, nach denen die Preise steigen würden.") \
        == [("nach denen die Preise steigen würden", "Verband")]


def test_a_wie_clause_after_a_conjunction_still_reports_its_main_clause(nlp):
    assert claims_of(nlp, "Denn wie die Zeitung berichtete, leidet der Sänger an einer Grippe.") \
        == [("leidet der Sänger an einer Grippe", "Zeitung")]


def test_an_accusative_object_the_parse_hung_elsewhere_is_found_by_position(nlp):
    # the parse makes "Betrug" an apposition of the dative "dem Mann"; the accusative is what was alleged
    assert claims_of(nlp, "Die Behörden werfen dem Mann Betrug vor.") == [("Betrug", "Behörden")]


def test_damit_before_a_finite_verb_is_an_adverb_opening_the_reported_clause(nlp):
    assert claims_of(nlp, "Der General erklärte hingegen, damit solle ein Machtvakuum vermieden werden.") \
        == [("damit solle ein Machtvakuum vermieden werden", "General")]
    # the conjunction ("so that") is verb-final: no reported clause
    assert claims_of(nlp, "Der Minister kritisierte die Wahl, damit sie früher stattfinde.") == [("die Wahl", "Minister")]


def test_a_verb_whose_noun_object_is_what_it_reports_reports_no_main_clause_after_it(nlp):
    # the indicative main clause after the comma goes on narrating; a Konjunktiv clause is still reported
    assert claims_of(nlp, "Zwar bemerkte der Fahrer den Schaden sofort, anhalten konnte er aber nicht mehr.") == []
    assert claims_of(nlp, "Für Montag wird ein Sturm erwartet, dies entspricht der höchsten Warnstufe.") == []
    assert claims_of(nlp, "Er kritisierte die Pläne, sie seien zu teuer.") == [("sie seien zu teuer", "Er")]


def test_a_verb_that_takes_place_reports_nothing(nlp):
    # "fand … statt" is stattfinden, no "finden, dass"
    assert claims_of(nlp, "Die Feier fand am Samstag, dem 3. Mai, statt: Viele Gäste kamen.") == []


def test_a_fronted_noun_the_parse_made_the_subject_is_the_object_when_a_pronoun_after_the_verb_speaks(nlp):
    # parsed with "Tat" as subject and "er" as object: "er" speaks, "Die Tat" is what he called senseless
    assert claims_of(nlp, "Die Tat bezeichnete er als sinnlos.") == [("Die Tat", "er")]


def test_a_verb_whose_frame_phrase_is_what_it_reports_reports_no_main_clause_after_it(nlp):
    # "von einer Eskalation" is what the observers expect; "sie trauen …" narrates on
    assert claims_of(nlp, "Beobachter gehen von einer weiteren Eskalation aus, sie trauen der Regierung nicht.") \
        == [("von einer weiteren Eskalation", "Beobachter")]
    assert claims_of(nlp, "Er sprach von einem Erfolg, das Team habe gut gespielt.") == [("das Team habe gut gespielt", "Er")]


def test_an_indicative_main_clause_joined_by_und_goes_on_narrating(nlp):
    # "und sie stimmte zu" is what happened next, not what he said; a Konjunktiv clause after "und" is still his
    assert claims_of(nlp, "Er sagte „Nein“, und sie stimmte zu.") == [("Nein", "Er")]
    assert claims_of(nlp, "Er sagte, die Lage sei ernst, und die Preise würden steigen.") \
        == [("die Lage sei ernst, und die Preise würden steigen", "Er")]
