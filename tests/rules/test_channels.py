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
    # an organisation speaks itself, the phrase is its channel
    claims = nlp("Die Armee hat den Angriff nach Angaben der Zeitung bestätigt.")._.claims
    assert [c.source.name for c in claims] == ["Armee"]
