"""Nested channels: a second speaker that reports the sentence ("…, so X", "nach Angaben von X")."""

from __future__ import annotations


def claims_of(nlp, text):
    return [(c.text, c.source.name if c.source else None) for c in nlp(text)._.claims]


def test_a_verb_without_its_own_speaker_before_so_x_belongs_to_the_claim_of_x(nlp):
    text = "Es sei davon auszugehen, dass die Waffen gestohlen worden seien, so Müller."
    assert claims_of(nlp, text) == [("Es sei davon auszugehen, dass die Waffen gestohlen worden seien", "Müller")]


def test_a_vague_man_before_so_x_gives_the_claim_to_x(nlp):
    text = "Man müsse davon ausgehen, dass der Täter allein gehandelt habe, so der Staatsanwalt."
    [(claim, source)] = claims_of(nlp, text)
    assert claim.startswith("Man müsse davon ausgehen") and source == "Staatsanwalt"


def test_a_verb_with_its_own_speaker_keeps_it_before_so_x(nlp):
    text = "„Wir kommen wieder“, sagte sie, so die Zeitung."
    assert ("Wir kommen wieder", "sie") in claims_of(nlp, text)


def test_a_verb_whose_subject_cannot_speak_leaves_the_sentence_to_the_phrase(nlp):
    # a plane does not announce: "nach Angaben des Presseamtes" reports the whole sentence
    text = "Eine Maschine mit 154 Passagieren an Bord hat nach Angaben des Presseamtes heute Nachmittag eine Notlandung angekündigt."
    claims = nlp(text)._.claims
    assert [c.source.name for c in claims] == ["Presseamt"]  # in the nominative
    # a party named by the phrase reports the speech act: the newspaper claims that the army confirmed it
    claims = nlp("Die Armee hat den Angriff nach Angaben der Zeitung bestätigt.")._.claims
    assert [c.source.name for c in claims] == ["Zeitung"]


def test_a_reporting_phrase_that_names_another_party_is_the_outer_source(nlp):
    [claim] = nlp("Laut CNN hat der Minister angekündigt, dass die Truppen abziehen.")._.claims
    assert claim.source.name == "CNN" and claim.text.endswith("dass die Truppen abziehen")


def test_the_message_of_a_phrase_inside_a_clause_is_the_whole_clause(nlp):
    # "laut Polizei" stands between auxiliary and participle: the claim is not cut at "hat"
    [claim] = nlp("Der Mann hat laut Polizei gestanden, dass er das Auto gestohlen habe.")._.claims
    assert (claim.text, claim.source.name) == ("Der Mann hat laut Polizei gestanden, dass er das Auto gestohlen habe", "Polizei")


def test_the_source_of_a_postposition_is_no_object_of_the_verb(nlp):
    # "der Polizei" is the source of "zufolge", never what the man denied
    claims = claims_of(nlp, "Der Mann bestritt der Polizei zufolge die Tat.")
    assert claims and all(text != "der Polizei" for text, _ in claims)
    assert [source for _, source in claims] == ["Polizei"]


def test_the_speakers_own_text_or_informant_leaves_the_claim_to_the_speaker(nlp):
    assert claims_of(nlp, "Die Ministerin betonte laut Redemanuskript, die Lage sei ernst.") == [("die Lage sei ernst", "Ministerin")]
    assert claims_of(nlp, "„Wir bleiben hier“, sagte die Ministerin laut Redetext.") == [("Wir bleiben hier", "Ministerin")]
    [(_, source)] = claims_of(nlp, "Wie der Sender unter Berufung auf Regierungskreise berichtet, soll das Gesetz fallen.")
    assert source == "Sender"


def test_a_site_name_after_laut_is_a_source_quoted_or_not(nlp):
    [claim] = nlp("Laut „tagesschau.de“ hat der Minister gelogen.")._.claims
    assert (claim.source.name, claim.source.type, claim.text) == ("tagesschau.de", "organisation", "hat der Minister gelogen")
    [claim] = nlp("Laut faz.net appellierte der Minister an die Teilnehmer, mehr zu tun.")._.claims
    assert claim.source.name == "faz.net"
    assert nlp("Der Text steht auf tagesschau.de bereit.")._.claims == []  # a site is no cue by itself


def test_a_quoted_name_after_laut_is_no_quotation_of_the_speaker(nlp):
    # „Bild“ names the outer source; it is neither the speaker's quotation nor a reason to keep the claim his
    claims = claims_of(nlp, "Außerdem hatte er laut „Bild“ kritisiert, dass sein Stamm benachteiligt werde.")
    assert claims == [("Außerdem hatte er laut „Bild“ kritisiert, dass sein Stamm benachteiligt werde", "Bild")]


def test_a_verb_without_a_speaker_is_part_of_what_the_phrase_reports(nlp):
    # the parse makes "ein Gericht" the object of "bestätigt": no speaker of its own, ISNA reports the sentence
    assert claims_of(nlp, "Laut ISNA soll ein Gericht die im Oktober verhängten Urteile bestätigt haben.") \
        == [("soll ein Gericht die im Oktober verhängten Urteile bestätigt haben", "ISNA")]
    assert claims_of(nlp, "Laut Polizei wurde bestätigt, dass der Mann geflohen sei.") \
        == [("wurde bestätigt, dass der Mann geflohen sei", "Polizei")]


def test_a_report_noun_with_a_named_owner_is_no_vague_source(nlp):
    # "Informationen" alone is vague; with its owner it names the magazine, which reports the speech act
    [claim] = nlp("Laut Informationen des Nachrichtenmagazins DER SPIEGEL hat der IWF angekündigt, keine Hilfe mehr zu leisten.")._.claims
    assert claim.source.type == "organisation" and "IWF angekündigt" in claim.text
    [claim] = nlp("Berichten zufolge ist der Minister zurückgetreten.")._.claims
    assert claim.source.type == "vague"


def test_a_named_person_after_laut_reports_the_speech_act(nlp):
    assert claims_of(nlp, "Laut Müller hat der Minister angekündigt, dass er zurücktrete.") \
        == [("hat der Minister angekündigt, dass er zurücktrete", "Müller")]


def test_the_source_of_a_reporting_phrase_ends_where_the_clause_goes_on(nlp):
    # the parse hangs the clause's words on the source; after its head only names, genitives and von-phrases follow
    [claim] = nlp("Laut Ministerium Arbeiten an der Leitung seien beendet worden.")._.claims
    assert claim.source.text == "Ministerium"
    [claim] = nlp("In New York wollen laut Angaben der Organisation Housing Justice for All viele Mieter streiken.")._.claims
    assert claim.source.name == "Organisation Housing Justice for All"
    [claim] = nlp("Laut einem Bericht der BBC sei er geflohen.")._.claims
    assert claim.source.name == "BBC"


def test_a_quoted_name_after_laut_is_the_whole_source_with_its_marks(nlp):
    # the parse keeps only "Online" as the phrase; the name is both words, and the message no mark of it
    [claim] = nlp("Laut „Spiegel Online“ ist es ernst.")._.claims
    assert (claim.source.text, claim.text) == ("„Spiegel Online“", "ist es ernst")


def test_the_addressee_after_gegenueber_is_no_part_of_the_source(nlp):
    [claim] = nlp("„Wir machen weiter“, so der Mitarbeiter der Firma gegenüber der Zeitung „Beijing Shibao“.")._.claims
    assert claim.source.text == "der Mitarbeiter der Firma"


def test_a_quoted_name_after_the_source_noun_belongs_to_the_source(nlp):
    # the parse hangs „New York Times“ on the clause; a function word may stand inside a quoted name
    [claim] = nlp("Laut einem Artikel der „New York Times“ ist die Lage ernst.")._.claims
    assert (claim.kind, claim.text, claim.source.text) == ("reported", "ist die Lage ernst", "einem Artikel der „New York Times“")
    [claim] = nlp("Gemäß der Organisation „Helfer ohne Geld“ ist die Lage ernst.")._.claims
    assert (claim.kind, claim.source.name) == ("reported", "Helfer ohne Geld")
    [claim] = nlp("Laut „Ärzte ohne Grenzen“ ist die Lage ernst.")._.claims
    assert claim.source.text == "„Ärzte ohne Grenzen“"
