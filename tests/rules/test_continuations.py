"""The continuation rules read their words from reporting.yaml: editing a list there changes the claims."""

from __future__ import annotations

import pytest


def claims_of(nlp, text):
    return [(c.text, c.source.name if c.source else None) for c in nlp(text)._.claims]


DEMNACH = "Die Polizei teilte mit, sie ermittle. Demnach wurden zwei Männer festgenommen."


def test_a_sentence_starting_with_a_continuation_start_continues_the_source(nlp, reporting_lists):
    assert ("Demnach wurden zwei Männer festgenommen", "Polizei") in claims_of(nlp, DEMNACH)
    with reporting_lists(continuation_starts=[], continuation_words=[]):
        assert [text for text, _ in claims_of(nlp, DEMNACH)] == ["sie ermittle"]


def test_a_continuation_word_anywhere_continues_the_source(nlp, reporting_lists):
    text = "Die Polizei teilte mit, sie ermittle. Zwei Männer wurden demnach festgenommen."
    assert ("Zwei Männer wurden demnach festgenommen", "Polizei") in claims_of(nlp, text)
    with reporting_lists(continuation_words=[]):
        assert [text for text, _ in claims_of(nlp, text)] == ["sie ermittle"]
    with reporting_lists(continuation_starts=["zwei"], continuation_words=[]):
        assert ("Zwei Männer wurden demnach festgenommen", "Polizei") in claims_of(nlp, text)


@pytest.mark.parametrize("adverb", ["weiter", "zudem"])
def test_an_impersonal_cue_with_a_continuation_adverb_keeps_the_previous_source(nlp, reporting_lists, adverb):
    # (a sentence between: right after a claim, "hieß es" goes on with its speaker even without the adverb)
    text = f"Die Polizei teilte mit, sie ermittle. Das Dorf liegt am See. Es gebe keine Spur, hieß es {adverb}."
    assert claims_of(nlp, text)[-1] == ("Es gebe keine Spur", "Polizei")
    with reporting_lists(continuation_adverbs=[]):
        assert claims_of(nlp, text)[-1] != ("Es gebe keine Spur", "Polizei")


def test_a_distant_konjunktiv_continues_the_nearest_earlier_source_in_the_text(nlp):
    # the continuation "Demnach …" is found after the Bürgermeister's claim: it must not outrank it
    text = ("Die Polizei teilte mit, sie ermittle. Demnach wurden zwei Männer festgenommen. "
            "Der Bürgermeister sagte, er sei entsetzt. Das Dorf liegt am See. Die Schule bleibe morgen geschlossen.")
    assert claims_of(nlp, text)[-1] == ("Die Schule bleibe morgen geschlossen", "Bürgermeister")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Der Premier sagte, er sei zufrieden. Am Montag hat Siemens den Plan vorgelegt. "
         "Der Bau beginne im Mai und dauere zwei Jahre.", "Siemens"),
        ("Der Premier sagte, er sei zufrieden. Bürgermeisterin Eva Roth ist beunruhigt. "
         "Die Lage im Viertel sei angespannt.", "Eva Roth"),
        # a passive subject is what happened to someone, still told by the source before
        ("Die Polizei sagte, der Fahrer sei betrunken gewesen. Hans Meier wurde festgenommen. "
         "Er habe zwei Promille gehabt.", "Polizei"),
    ],
)
def test_a_konjunktiv_after_a_sentence_about_a_named_actor_is_his(nlp, text, speaker):
    assert claims_of(nlp, text)[-1][1] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Der Wind war kalt. Trainerin Anna Weber ist seit Tagen unterwegs. „Es ist anstrengender als je zuvor.“",
         "Anna Weber"),
        # a pronoun subject stands for the person named before it
        ("Die Kosten steigen. Seit Mai leitet Peter Brandt die Firma. Er ist viel unterwegs. "
         "„Wir arbeiten Tag und Nacht an der Lösung.“", "Peter Brandt"),
    ],
)
def test_a_quotation_without_cue_is_spoken_by_the_subject_of_the_sentence_before(nlp, text, speaker):
    assert claims_of(nlp, text)[-1][1] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a name before the colon outranks the speaker of the claim before
        ("„Wir sind bereit“, sagte Trainerin Eva Roth. Kapitän Jonas Brandt: „Das Spiel wird schwer, aber wir "
         "glauben an uns.“", "Jonas Brandt"),
        # a descriptor before the colon stands for the person named before
        ("Der Wind war kalt. Stürmerin Lea Kurz fehlt verletzt. Die 24-Jährige: „Ich bin traurig, dass ich nicht "
         "dabei sein kann.“", "Lea Kurz"),
    ],
)
def test_a_quotation_after_a_colon_is_spoken_by_the_person_before_it(nlp, text, speaker):
    assert claims_of(nlp, text)[-1][1] == speaker


def test_figures_cited_by_a_speaker_do_not_take_over_his_continuations(nlp):
    # "laut Prognosen" cites a document inside Brandt's account: the quotation after it is still his
    text = ("Die Nachfrage nach Bussen sei hoch, sagte Firmenchef Jonas Brandt. Bis 2030 würden laut Prognosen "
            "weltweit 900 Busse gebaut. „Das ist eine gewaltige Zahl.“ Die Werke seien voll ausgelastet.")
    claims = claims_of(nlp, text)
    assert ("Bis 2030 würden laut Prognosen weltweit 900 Busse gebaut", "Prognosen") in claims
    assert claims[-2:] == [("Das ist eine gewaltige Zahl", "Jonas Brandt"), ("Die Werke seien voll ausgelastet", "Jonas Brandt")]


def test_a_name_and_colon_split_off_as_a_sentence_still_introduce_the_quotation(nlp):
    # the segmenter cuts after 'Weber: "': the name before the colon still speaks
    text = ("Vorstandschef Jonas Weber blieb gelassen. Für die Elektroautos wird weniger Arbeit gebraucht, dafür sind "
            "viele neue Kompetenzen nötig. Weber: \"Wir planen schnellere Abläufe und neue Formen der Zusammenarbeit.\"")
    assert claims_of(nlp, text)[-1] == ("Wir planen schnellere Abläufe und neue Formen der Zusammenarbeit", "Jonas Weber")


def test_a_person_named_first_is_the_subject_when_the_parse_gives_none(nlp):
    # "Sportchef Jonas Weber ist … auf Achse" is parsed with two roots and no subject: Weber is still who it is about
    text = ("Die Saison beginnt bald. Sportchef Jonas Weber ist Tag und Nacht auf Achse, um den Kader zu planen. "
            "\"Es ist anstrengender als je zuvor.\"")
    assert claims_of(nlp, text)[-1] == ("Es ist anstrengender als je zuvor", "Jonas Weber")


def test_a_quotation_after_a_relative_clause_cue_is_the_main_subjects(nlp):
    # "die selbst wissen" speaks for "Leuten", a group Weber is counted among: the quotation after it is Weber's
    text = ("Trainer Jonas Weber zählt zu jenen Leuten, die selbst wissen, wie hart die Arbeit in einem Verein sein kann. "
            "\"Es ist extrem intensiv, ich komme gar nicht zur Ruhe.\"")
    assert claims_of(nlp, text)[-1] == ("Es ist extrem intensiv, ich komme gar nicht zur Ruhe", "Jonas Weber")


@pytest.mark.parametrize(
    "text",
    [
        "Als neue Chefin will Karla Berg „mit ganzer Kraft für den Verein arbeiten“.",
        # the sentence's own subject outranks the speaker of the claim before
        "Der Minister sagte, er sei zufrieden. Danach will Karla Berg „mit ganzer Kraft für den Verein arbeiten“.",
    ],
)
def test_a_quotation_completing_a_sentence_is_spoken_by_the_person_it_names(nlp, text):
    assert claims_of(nlp, text)[-1] == ("mit ganzer Kraft für den Verein arbeiten", "Karla Berg")


def test_a_quotation_after_hearsay_soll_is_not_the_words_of_its_subject(nlp):
    # "soll": what the police say of the suspect, not his own words
    text = "Die Polizei sagte, es gebe Spuren. Der Verdächtige Jonas Weber soll „mehrfach auf das Opfer eingestochen“ haben."
    assert claims_of(nlp, text)[-1][1] != "Jonas Weber"


@pytest.mark.parametrize("impersonal", ["Auch sei zu befürchten", "Zudem werde gefordert"])
def test_an_impersonal_cue_in_konjunktiv_right_after_a_claim_goes_on_with_its_speaker(nlp, impersonal):
    text = f"Die Preise müssten sinken, sagte Berg. {impersonal}, dass viele Anlagen abgeschaltet würden."
    assert claims_of(nlp, text)[-1] == ("dass viele Anlagen abgeschaltet würden", "Berg")
    # a new paragraph ends the speaker's turn
    assert claims_of(nlp, text.replace(". ", ".\n\n", 1))[-1] == ("dass viele Anlagen abgeschaltet würden", None)


def test_an_impersonal_cue_in_the_indicative_may_open_another_turn(nlp):
    # "Es wurde betont" is the author's report; the speaker named next may be someone else
    text = "Die Preise müssten sinken, sagte Berg. Es wurde betont, dass viele Anlagen abgeschaltet würden."
    assert claims_of(nlp, text)[-1] == ("dass viele Anlagen abgeschaltet würden", None)


def test_a_speaker_without_a_claim_of_his_own_takes_over_the_continuations(nlp):
    # "bestreitet das" reports nothing itself, but the Konjunktiv after it is the Land's, not the Behörde's
    text = "Die Behörde wirft dem Land Verstöße vor. Das Land bestreitet das. Sein Programm diene nur der Forschung."
    assert claims_of(nlp, text)[-1] == ("Sein Programm diene nur der Forschung", "Land")
    without = "Die Behörde wirft dem Land Verstöße vor. Sein Programm diene nur der Forschung."
    assert claims_of(nlp, without)[-1] == ("Sein Programm diene nur der Forschung", "Behörde")


def test_a_konjunktiv_sentence_around_a_quotation_is_one_mixed_claim(nlp):
    text = ("„Wir haben viele Aufträge“, sagte Firmenchef Jonas Weber. "
            "Allein bei der Firma Lumex lägen über 8.000 Bestellungen vor, „so viel wie noch nie“.")
    claim = nlp(text)._.claims[-1]
    assert (claim.text, claim.kind, claim.source.name) == (
        "Allein bei der Firma Lumex lägen über 8.000 Bestellungen vor, „so viel wie noch nie“", "mixed", "Jonas Weber")
    # a quotation that is the whole sentence stays a direct claim
    claim = nlp("„Wir haben viele Aufträge“, sagte Firmenchef Jonas Weber. „Das ist gut für alle.“")._.claims[-1]
    assert (claim.text, claim.kind) == ("Das ist gut für alle", "direct")


@pytest.mark.parametrize(
    ("second", "continues"),
    [
        ("Das könnte den Einsatz von Ammoniak erleichtern.", False),  # the author's conjecture
        ("Das würde bedeuten, dass viele Stellen wegfallen.", False),
        ("Andernfalls würden viele Stellen gefährdet.", True),  # plural: stands in for an ambiguous Konjunktiv I
        ("Das Werk könne im Mai öffnen.", True),  # Konjunktiv I
    ],
)
def test_a_modal_in_konjunktiv_ii_singular_is_no_continuation(nlp, second, continues):
    text = f"Die Firma Lumex sagte, sie baue ein Werk. {second}"
    assert (len(claims_of(nlp, text)) == 2) == continues


def test_a_konjunktiv_ii_form_the_tagger_calls_indicative_continues(nlp):
    # "befänden" is only ever Konjunktiv II (the plural Konjunktiv I "befinden" is the indicative): reported speech
    doc = nlp("Der Landrat warnt vor weiteren Regenfällen. Die Dämme befänden sich nahe der Belastungsgrenze.")
    claims = [(c.text, c.source.name if c.source else None) for c in doc._.claims]
    assert ("Die Dämme befänden sich nahe der Belastungsgrenze", "Landrat") in claims


def test_an_untagged_konjunktiv_ii_form_continues_too(nlp):
    doc = nlp("Der Verband warnt vor Engpässen. Viele Betriebe gäben bald auf.")
    assert ("Viele Betriebe gäben bald auf", "Verband") in [(c.text, c.source.name if c.source else None) for c in doc._.claims]


def test_a_country_that_denies_takes_over_the_next_konjunktiv(nlp):
    # "Der Iran streitet dies ab": a country speaking for its government is the speaker of what follows
    doc = nlp("Die Behörde wirft dem Iran vor, Waffen zu bauen. Der Iran streitet dies ab. "
              "Sein Programm diene nur der Forschung.")
    assert [(c.text, c.source.name) for c in doc._.claims][-1] == ("Sein Programm diene nur der Forschung", "Iran")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Karl Brenner, Präsident des Verbands: „Das Gesetz ist ein Fehler.“", "Karl Brenner"),
        ("Sängerin Eva Roth zur neuen Heimat: „Die meisten Kisten sind schon gepackt.“", "Eva Roth"),
        # a lead with a verb names its topic, not the speaker
        ("Der Streit um Karl Brenner eskaliert: „Das Gesetz ist ein Fehler.“", None),
    ],
)
def test_a_lead_without_a_verb_before_a_colon_is_spoken_by_the_name_it_opens_with(nlp, text, speaker):
    assert claims_of(nlp, text)[-1][1] == speaker


def test_a_quoted_name_after_a_claim_is_no_quotation_of_its_speaker(nlp):
    # „Aktion Kinder helfen“ after an article names an alliance; a quoted sentence goes on with the speaker
    claims = nlp("Die Vereine sagten, die Lage sei ernst. In der „Aktion Kinder helfen“ sind zehn Vereine "
                 "zusammengeschlossen.")._.claims
    assert [c.text for c in claims] == ["die Lage sei ernst"]
    claims = nlp("Der Trainer sagte, das Spiel sei schwer gewesen. „Wir haben alles gegeben.“")._.claims
    assert [(c.text, c.source.name) for c in claims][1] == ("Wir haben alles gegeben", "Trainer")
