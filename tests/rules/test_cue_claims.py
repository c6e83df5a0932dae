"""The claim of one cue: an anaphoric cue ("Das erklärte …") reports the sentence before, by reporting.yaml's anaphors."""

from __future__ import annotations

TEXT = "Die Lage an der Grenze ist ernst. Das erklärte ein Sprecher der Polizei am Montag."


def test_an_anaphor_before_the_cue_makes_the_sentence_before_the_claim(nlp, reporting_lists):
    assert [c.text for c in nlp(TEXT)._.claims] == ["Die Lage an der Grenze ist ernst"]
    with reporting_lists(anaphors=[]):
        assert "Die Lage an der Grenze ist ernst" not in [c.text for c in nlp(TEXT)._.claims]


def test_an_article_of_the_subject_is_no_anaphor(nlp):
    # "Das" of "Das DRK" is the subject's article: the claim is the demanded object, and DRK speaks
    doc = nlp("Die Stadt plant eine neue Brücke. Das DRK fordere eine schnelle Aufklärung des Falls.")
    claims = [(c.text, c.source.name if c.source else None) for c in doc._.claims]
    assert ("eine schnelle Aufklärung des Falls", "DRK") in claims
    assert not any(text == "Die Stadt plant eine neue Brücke" for text, _ in claims)


def test_a_pointing_das_still_takes_the_sentence_before(nlp):
    doc = nlp("Der Bau beginnt im Mai. Das bestätigte das Bauamt am Montag.")
    assert [(c.text, c.source.name) for c in doc._.claims] == [("Der Bau beginnt im Mai", "Bauamt")]


def test_a_quotation_after_a_colon_belongs_to_the_speech_verb_that_follows_it(nlp):
    # the verb before the colon is no cue when the quotation has its own: Anna Weber speaks, not the club
    doc = nlp("Der Verein blickt auf eine starke Saison zurück: „Wir haben alle Ziele erreicht“, sagte Trainerin Anna Weber.")
    assert [(c.text, c.source.name) for c in doc._.claims] == [("Wir haben alle Ziele erreicht", "Anna Weber")]


def test_a_colon_quotation_whose_verb_has_no_subject_goes_on_with_the_speaker(nlp):
    # "heiße das: „…“" names no one: the quotation is still the words of the speaker before
    doc = nlp("Der Umbau sei nötig, sagte Vorstandschef Jonas Weber. Mit Blick auf die Konkurrenz heiße das: "
              "„Wir müssen schneller werden.“")
    claims = [(c.text, c.source.name if c.source else None) for c in doc._.claims]
    assert claims[-1] == ("Wir müssen schneller werden.", "Jonas Weber")



def test_hiess_es_right_after_a_named_source_goes_on_with_it(nlp):
    text = "Die Gewerkschaft fordert mehr Geld für Familien. Der Fokus solle auf den Ferien liegen, hieß es."
    claims = [(c.text, c.source.name if c.source else None) for c in nlp(text)._.claims]
    assert claims[-1] == ("Der Fokus solle auf den Ferien liegen", "Gewerkschaft")
    # a new paragraph, or no claim before: a vague source
    claims = [(c.text, c.source.type) for c in nlp(text.replace(". ", ".\n\n", 1))._.claims]
    assert claims[-1] == ("Der Fokus solle auf den Ferien liegen", "vague")


def test_so_before_a_verb_with_its_own_frame_is_for_instance(nlp):
    # "So rief … auf" gives an example: the appeal "zu mehr Geduld" is the claim, not the sentence before
    for text in ("Der Trainer kam spät. So rief die Ärztin zu mehr Geduld auf.",
                 "Der Trainer kam spät. So warnte die Ärztin vor zu viel Sport."):
        claims = [(c.text, c.source.name) for c in nlp(text)._.claims]
        assert len(claims) == 1 and claims[0][1] == "Ärztin" and claims[0][0] != "Der Trainer kam spät"


def test_so_before_a_bare_speech_verb_still_points_back(nlp):
    doc = nlp("Die Mieten steigen weiter. So sagte es der Minister.")
    assert [(c.text, c.source.name) for c in doc._.claims] == [("Die Mieten steigen weiter", "Minister")]


def test_an_anaphor_before_the_auxiliary_of_a_participle_cue_points_back(nlp):
    # "Das hat … bekannt gegeben": the participle stands at the end, the auxiliary in second place
    doc = nlp("Der Trainer bleibt. Das hat der Verein am Sonntag in einer Meldung bekannt gegeben.")
    assert [c.text for c in doc._.claims] == ["Der Trainer bleibt"]
