"""How claims and learned events become SpkAtt annotations: span conventions of the news annotation."""

from __future__ import annotations

import spacy
import yaml
from spacy.tokens import Doc

import claimx.spkatt.predict as predict

from claimx.learned.tags import cue_pieces, role_spans
from claimx.learned.taggers import mark_cue
from claimx.spkatt.predict import (
    claim_annotations,
    MAPPING_PATH,
    extend_source,
    load_report_nouns,
    report_phrase_source,
    strip_tokens,
    stwr_of,
    with_anaphor,
    with_enclosing_quotes,
    with_final_punctuation,
)

VOCAB = spacy.blank("de").vocab


def tagged(pairs: str) -> Doc:
    """A Doc from "word/POS word/POS ..." (one sentence)."""
    words, pos = zip(*(item.rsplit("/", 1) for item in pairs.split()))
    return Doc(VOCAB, words=list(words), pos=list(pos), sent_starts=[True] + [False] * (len(words) - 1))


def test_direct_messages_keep_their_quotation_marks_and_inner_punctuation():
    doc = tagged("„/PUNCT Lasst/VERB mich/PRON raus/ADV !/PUNCT “/PUNCT ,/PUNCT rief/VERB er/PRON ./PUNCT")
    assert with_enclosing_quotes(doc, [1, 2, 3]) == [0, 1, 2, 3, 4, 5]


def test_a_quote_opened_inside_the_message_is_closed():
    doc = tagged("dann/ADV solle/AUX er/PRON „/PUNCT sehen/VERB “/PUNCT ./PUNCT")
    assert with_enclosing_quotes(doc, [0, 1, 2, 3, 4]) == [0, 1, 2, 3, 4, 5]


def test_unquoted_messages_stay_as_they_are():
    doc = tagged("Er/PRON sagte/VERB ,/PUNCT es/PRON regne/VERB ./PUNCT")
    assert with_enclosing_quotes(doc, [3, 4]) == [3, 4]


def test_a_message_that_is_its_own_sentence_takes_the_full_stop():
    doc = tagged("Es/PRON sei/AUX zu/ADP Kämpfen/NOUN gekommen/VERB ./PUNCT")
    assert with_final_punctuation(doc, [0, 1, 2, 3, 4]) == [0, 1, 2, 3, 4, 5]


def test_sources_grow_to_report_noun_article_and_first_name():
    doc = tagged("Nach/ADP Angaben/NOUN des/DET Verlages/NOUN sei/AUX es/PRON so/ADV ./PUNCT")
    assert extend_source(doc, [3]) == [1, 2, 3]
    doc = tagged("Dem/DET Sender/NOUN al-Dschasira/PROPN sagte/VERB er/PRON ./PUNCT")
    assert extend_source(doc, [1, 2]) == [0, 1, 2]
    doc = tagged("Sprecher/NOUN Sergei/PROPN Voznyak/PROPN sagte/VERB ./PUNCT")
    assert extend_source(doc, [2]) == [0, 1, 2]


def test_report_nouns_are_read_from_the_mapping_yaml(tmp_path, monkeypatch):
    assert predict.REPORT_NOUNS == load_report_nouns(MAPPING_PATH)
    doc = tagged("Nach/ADP Zählungen/NOUN des/DET Vereins/NOUN sei/AUX es/PRON so/ADV ./PUNCT")
    assert extend_source(doc, [3]) == [2, 3]  # "Zählungen" is no report noun: only the article joins
    data = yaml.safe_load(MAPPING_PATH.read_text(encoding="utf-8"))
    data["report_nouns"].append("zählungen")
    edited = tmp_path / "mapping.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(predict, "REPORT_NOUNS", load_report_nouns(edited))
    assert extend_source(doc, [3]) == [1, 2, 3]


def test_sources_lose_leading_particles_and_trailing_adverbials():
    doc = tagged("Wie/SCONJ die/DET Ministerin/NOUN am/ADP Dienstag/NOUN sagte/VERB ./PUNCT")
    assert extend_source(doc, [0, 1, 2, 3, 4]) == [1, 2]


def test_sources_take_a_title_apposition_after_a_name():
    doc = tagged("Karl/PROPN Brenner/PROPN ,/PUNCT der/DET Sprecher/NOUN des/DET Vereins/NOUN ,/PUNCT sagte/VERB ./PUNCT")
    assert extend_source(doc, [0, 1]) == [0, 1, 2, 3, 4, 5, 6]
    doc = tagged("Karl/PROPN Brenner/PROPN ,/PUNCT der/DET gestern/ADV sprach/VERB ,/PUNCT sagte/VERB ./PUNCT")
    assert extend_source(doc, [0, 1]) == [0, 1]  # a relative clause is no apposition
    doc = tagged("die/DET Ministerin/NOUN von/ADP Hessen/PROPN ,/PUNCT Anna/PROPN Berg/PROPN ,/PUNCT sagte/VERB")
    assert extend_source(doc, [0, 1, 2, 3]) == [0, 1, 2, 3, 4, 5, 6]


def finite(doc: Doc) -> Doc:
    """The same Doc with every verb marked finite (``tagged`` sets no morphology)."""
    for token in doc:
        if token.pos_ in {"VERB", "AUX"}:
            token.set_morph("VerbForm=Fin")
    return doc


def test_sources_hold_every_conjunct():
    doc = tagged("Die/DET Ärzte/NOUN Jan/PROPN Roth/PROPN und/CCONJ Eva/PROPN Kern/PROPN sagten/VERB ,/PUNCT es/PRON sei/AUX ernst/ADJ")
    assert extend_source(doc, [0, 1, 2, 3]) == [0, 1, 2, 3, 4, 5, 6]
    doc = tagged("Die/DET Minister/NOUN Polens/PROPN ,/PUNCT Ungarns/PROPN und/CCONJ Tschechiens/PROPN erklärten/VERB ,/PUNCT")
    assert extend_source(doc, [0, 1, 2]) == [0, 1, 2, 3, 4, 5, 6]
    # a verb after "und" is the speaker's second act, no second speaker
    doc = tagged("sagte/VERB Jan/PROPN Roth/PROPN und/CCONJ ging/VERB ./PUNCT")
    assert extend_source(doc, [1, 2]) == [1, 2]


def test_sources_take_a_place_phrase_only_right_before_their_finite_verb():
    doc = finite(tagged("Ein/DET Sprecher/NOUN der/DET Regierung/NOUN in/ADP Oslo/PROPN sagte/VERB ,/PUNCT es/PRON sei/AUX ernst/ADJ"))
    assert extend_source(doc, [0, 1, 2, 3]) == [0, 1, 2, 3, 4, 5]
    # after the verb a place phrase says where the words were spoken
    doc = finite(tagged("„/PUNCT Ja/PART “/PUNCT ,/PUNCT sagte/VERB der/DET Minister/NOUN in/ADP Oslo/PROPN ./PUNCT"))
    assert extend_source(doc, [5, 6]) == [5, 6]


def test_report_phrase_source_is_the_phrase_after_nach():
    doc = tagged("Nach/ADP offiziellen/ADJ Angaben/NOUN sei/AUX es/PRON ruhig/ADJ ./PUNCT")
    assert report_phrase_source(doc, [0, 1, 2], []) == [1, 2]
    doc = tagged("Nach/ADP ersten/ADJ Ermittlungen/NOUN der/DET Polizei/NOUN war/AUX er/PRON schuld/ADJ ./PUNCT")
    assert report_phrase_source(doc, [0, 1, 2], [3, 4]) == [1, 2, 3, 4]
    assert report_phrase_source(doc, [0, 1, 2], [4]) == [1, 2, 3, 4]  # a source mention without its article


def test_cue_and_source_inside_an_indirect_message_are_left_out(nlp):
    from claimx.spkatt.documents import SpkAttDocument
    from claimx.spkatt.predict import document_to_doc

    words = "Verletzt wurde nach Angaben der Feuerwehr zum Glück niemand .".split()
    document = SpkAttDocument("x", [words], [])
    doc = nlp(document_to_doc(nlp.vocab, document))
    message = claim_annotations(doc, document)[0]["Message"]
    assert "0:2" not in message and "0:5" not in message and {"0:0", "0:8"} <= set(message)


def test_sources_take_a_following_name_apposition():
    doc = tagged("Ein/DET Sprecher/NOUN der/DET Polizei/NOUN ,/PUNCT Lars/PROPN Beringer/PROPN ,/PUNCT sagte/VERB")
    assert extend_source(doc, [0, 1, 2, 3]) == [0, 1, 2, 3, 4, 5, 6]


def test_stwr_classes():
    assert [stwr_of(x) for x in ("sagen", "schreiben", "glauben", "laut", None)] == ["Speech", "Writing", "ST", "SW", "Speech"]


def test_cue_pieces_join_detached_particles():
    assert cue_pieces(["O", "B-CUE", "O", "P-CUE", "B-CUE", "I-CUE"]) == [[1, 3], [4, 5]]


def test_role_spans_bridge_the_middle_of_long_messages_but_not_sentences():
    tags = ["B-MSG", "O", "I-MSG", "L-MSG", "U-SRC", "B-MSG", "I-MSG"]
    assert role_spans(tags) == [("MSG", 0, 4), ("SRC", 4, 5), ("MSG", 5, 7)]
    assert role_spans(["B-MSG", "O", "L-MSG"], [0, 1, 1]) == [("MSG", 0, 1), ("MSG", 2, 3)]


def test_cues_are_marked_for_the_role_labeller():
    words, positions = mark_cue(["Er", "teilte", "das", "mit"], [1, 3])
    assert words == ["Er", "⟦", "teilte", "⟧", "das", "⟦", "mit", "⟧"]
    assert positions == [0, 2, 4, 6]


def test_shipped_learned_components_find_cue_source_and_message():
    from claimx.learned.install import add_learned_components, default_learned_path

    assert default_learned_path().is_dir(), "the learned components ship in models/spkatt/pipeline"
    nlp = add_learned_components(spacy.blank("de"))
    words = ["Der", "Minister", "sagte", ",", "dass", "die", "Lage", "ernst", "sei", "."]
    doc = nlp(Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * 9))
    events = doc._.claimx_learned_events
    assert [e.cue for e in events] == [(2,)]
    assert set(events[0].source) == {0, 1} and set(events[0].message) >= {5, 6, 7, 8}
    assert [(s.start, s.end) for s in doc.spans["claimx_learned_cues"]] == [(2, 3)]


def spkatt_events(nlp, text):
    from claimx.spkatt.documents import SpkAttDocument
    from claimx.spkatt.predict import document_to_doc

    sentences = [s.split() for s in text.split(" | ")]
    document = SpkAttDocument("x", sentences, [])
    return claim_annotations(nlp(document_to_doc(nlp.vocab, document)), document)


def test_demnach_is_the_source_of_its_sentence(nlp):
    events = spkatt_events(nlp, "Die Polizei sagte , der Fahrer sei geflohen . | Demnach habe er das Auto gestohlen .")
    assert events[-1]["Source"] == ["1:0"] and "1:0" not in events[-1]["Message"]


def test_impersonal_cue_is_no_source(nlp):
    events = spkatt_events(nlp, "Die Brücke sei gesperrt , hieß es am Abend .")
    assert events[0]["Source"] == []


def test_source_keeps_a_prepositional_attribute(nlp):
    # "in Kassel" belongs to "Stadtwerke" (nmod), so it is no adverbial to cut off
    events = spkatt_events(nlp, "Ein Sprecher der Stadtwerke in Kassel sagte , es gebe keine Gefahr .")
    assert events[0]["Source"] == [f"0:{k}" for k in range(6)]


def test_a_quoted_name_closing_a_source_keeps_its_mark():
    doc = tagged("die/DET Agentur/NOUN „/PUNCT Tanjug/PROPN “/PUNCT ,/PUNCT")
    assert strip_tokens(doc, [0, 1, 2, 3, 4, 5]) == [0, 1, 2, 3, 4]


def test_a_quoted_name_opening_a_source_keeps_its_mark():
    doc = tagged("„/PUNCT Tagesblatt/PROPN Online/PROPN “/PUNCT")
    assert strip_tokens(doc, [0, 1, 2, 3]) == [0, 1, 2, 3]


def test_own_statement_phrase_is_an_event_even_without_a_subject_source(nlp):
    events = spkatt_events(nlp, "Die Mutter und ihr Freund haben nach eigenen Angaben bis vier Uhr gearbeitet .")
    assert len(events) == 1 and events[0]["Source"] == ["0:7", "0:8"]


def test_postposed_opinion_is_the_source(nlp):
    events = spkatt_events(nlp, "Die Reform ist ihrer Ansicht nach gescheitert .")
    assert events[0]["Source"] == ["0:3", "0:4"] and "0:4" not in events[0]["Message"]


def test_hearsay_continuation_is_free_indirect(nlp):
    events = spkatt_events(nlp, "Die Polizei sagte , der Fahrer sei geflohen . | Er soll zu schnell gefahren sein .")
    assert events[-1]["Form"] == "FreeIndirect"


def test_relative_pronoun_is_the_spkatt_source(nlp):
    events = spkatt_events(nlp, "Der Minister , der den Rebellen vorwarf , die Waffen versteckt zu haben , trat zurück .")
    assert events[0]["Source"] == ["0:3"]


def test_consecutive_continuation_sentences_are_one_event(nlp):
    text = ("Die Polizei sagte , der Fahrer sei geflohen . | Er habe das Auto gestohlen . | "
            "Später sei er gefasst worden .")
    events = spkatt_events(nlp, text)
    assert len(events) == 2 and {m.split(":")[0] for m in events[1]["Message"]} == {"1", "2"}


def test_impersonal_man_is_no_spkatt_source(nlp):
    events = spkatt_events(nlp, "Man geht davon aus , dass die Brücke bald wieder offen ist .")
    assert events[0]["Source"] == []


def test_a_bare_object_of_a_criticism_is_no_spkatt_event(nlp):
    # claimx reports "kritisierte den Kurs"; the news annotation almost never counts it as a speech event
    assert spkatt_events(nlp, "Die Gewerkschaft kritisierte die neue Sparpolitik des Senats .") == []
    assert spkatt_events(nlp, "Die Gewerkschaft kritisierte , die Sparpolitik sei falsch .")


def test_sources_grow_to_the_appositions_spkatt_annotates():
    # a function noun after the name, without an article, up to the closing comma
    doc = tagged("Jan/PROPN Meier/PROPN ,/PUNCT Laborleiter/NOUN der/DET Firma/NOUN ,/PUNCT sagte/VERB ,/PUNCT es/PRON regne/VERB ./PUNCT")
    assert extend_source(doc, [0, 1]) == [0, 1, 2, 3, 4, 5]
    # the surname tagged as a noun still closes the name
    doc = tagged("Ina/PROPN Berg/NOUN ,/PUNCT Chefin/NOUN der/DET Firma/NOUN ,/PUNCT sagte/VERB ,/PUNCT es/PRON regne/VERB ./PUNCT")
    assert extend_source(doc, [0, 1]) == [0, 1, 2, 3, 4, 5]
    # a title phrase before ", Name"
    doc = tagged("Das/PRON sagte/VERB der/DET Direktor/NOUN des/DET Hilfswerks/NOUN ,/PUNCT Jan/PROPN Meier/PROPN ./PUNCT")
    assert extend_source(doc, [7, 8]) == [2, 3, 4, 5, 6, 7, 8]
    # a title the tagger calls a proper noun, and the organisation in a von-phrase after the name
    doc = tagged("Das/PRON sagte/VERB Marktanalyst/PROPN Jan/PROPN Meier/PROPN von/ADP der/DET Beispiel/PROPN Bank/NOUN ./PUNCT")
    assert extend_source(doc, [3, 4]) == [2, 3, 4, 5, 6, 7, 8]


def test_a_von_phrase_after_a_pronoun_stays_out_and_a_list_of_names_is_one_source():
    doc = tagged("Das/PRON hörte/VERB er/PRON von/ADP der/DET Bank/NOUN ./PUNCT")
    assert extend_source(doc, [2]) == [2]
    # no apposition is taken for a name list; the whole list is the Source, as SpkAtt annotates coordinated speakers
    doc = tagged("Jan/PROPN Meier/PROPN ,/PUNCT Eva/PROPN Roth/PROPN und/CCONJ Max/PROPN Kurz/PROPN kamen/VERB ./PUNCT")
    assert extend_source(doc, [0, 1]) == [0, 1, 2, 3, 4, 5, 6, 7]
    doc = tagged("Jan/PROPN Meier/PROPN ,/PUNCT Chef/NOUN der/DET Bank/NOUN ,/PUNCT und/CCONJ Max/PROPN Kurz/PROPN kamen/VERB ./PUNCT")
    assert extend_source(doc, [0, 1])[:2] == [0, 1] and 8 not in extend_source(doc, [0, 1])


def test_the_tasks_sentences_are_not_rejoined(nlp):
    # "… bei 4,5." ends the task's sentence although its last token is a number: the next sentence's
    # "Nach Angaben des Instituts" reports its own sentence, not a channel of the "meldete" before
    events = spkatt_events(nlp, "Der Sender meldete einen Wert von 4,5. | "
                                "Nach Angaben des Instituts lag das Zentrum vor der Küste .")
    assert any(e["Source"] == ["1:1", "1:2", "1:3"] and e["Message"][:2] == ["1:4", "1:5"] for e in events)


def test_given_sentences_are_kept_in_the_library(nlp):
    words = ["Die", "Messe", "beginnt", "am", "3.", "Ohne", "Ticket", "kommt", "niemand", "hinein", "."]
    doc = Doc(nlp.vocab, words=words, sent_starts=[k in (0, 5) for k in range(len(words))])
    doc._.given_sentences = True
    from claimx.rules.sentences import claim_sentences
    assert [s.start for s in claim_sentences(nlp(doc))] == [0, 5]


def test_a_source_cut_after_an_article_or_adjective_grows_to_its_noun():
    # "Wie eine Sprecherin des Kasseler Konzerns bestätigte": the parse may end the source at "Kasseler"
    import spacy
    from spacy.tokens import Doc

    from claimx.spkatt.predict import extend_source

    words = ["Wie", "eine", "Sprecherin", "des", "Kasseler", "Konzerns", "bestätigte", ",", "sinkt", "es", "."]
    pos = ["SCONJ", "DET", "NOUN", "DET", "ADJ", "NOUN", "VERB", "PUNCT", "VERB", "PRON", "PUNCT"]
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, sent_starts=[True] + [False] * 10)
    assert [doc[i].text for i in extend_source(doc, [1, 2, 3, 4])] == ["eine", "Sprecherin", "des", "Kasseler", "Konzerns"]
    assert [doc[i].text for i in extend_source(doc, [1, 2, 3, 4, 5])] == ["eine", "Sprecherin", "des", "Kasseler", "Konzerns"]


def test_sources_grow_to_the_adjectives_and_article_or_owner_of_a_title_before_a_name():
    doc = tagged("Der/DET polnische/ADJ Innenminister/NOUN Jan/PROPN Nowak/PROPN sagte/VERB ./PUNCT")
    assert extend_source(doc, [2, 3, 4]) == [0, 1, 2, 3, 4]
    doc = tagged("Das/PRON sagte/VERB Bergs/PROPN Sprecher/NOUN Bruno/PROPN Kurz/PROPN ./PUNCT")
    assert extend_source(doc, [3, 4, 5]) == [2, 3, 4, 5]
    doc = tagged("Das/PRON sagte/VERB gestern/ADV Sprecher/NOUN Bruno/PROPN Kurz/PROPN ./PUNCT")
    assert extend_source(doc, [3, 4, 5]) == [3, 4, 5]  # an adverb before the title is no part of it


def test_a_title_apposition_may_end_the_sentence_or_have_a_genitive_owner():
    doc = tagged("„/PUNCT Ja/PART “/PUNCT ,/PUNCT sagte/VERB Karl/PROPN Brenner/PROPN ,/PUNCT Chef/NOUN der/DET Liberalen/NOUN ./PUNCT")
    assert extend_source(doc, [5, 6]) == [5, 6, 7, 8, 9, 10]
    doc = tagged("Auch/ADV Karl/PROPN Brenner/PROPN ,/PUNCT Bergs/PROPN Stellvertreter/NOUN ,/PUNCT glaubt/VERB das/PRON ./PUNCT")
    assert extend_source(doc, [1, 2]) == [1, 2, 3, 4, 5]


def test_a_source_named_as_a_reports_author_is_annotated_with_the_report_noun(nlp):
    # claimx's source of "laut einem ersten Bericht der Polizei" is "der Polizei"; SpkAtt's is the whole phrase
    events = spkatt_events(nlp, "Laut einem ersten Bericht der Polizei ist der Fahrer geflohen .")
    assert events[0]["Source"] == ["0:1", "0:2", "0:3", "0:4", "0:5"]


def test_the_message_of_an_anaphoric_cue_holds_the_pointing_word():
    doc = tagged("Die/DET Firma/NOUN klagt/VERB ./PUNCT Dies/PRON berichtete/VERB die/DET Zeitung/NOUN ./PUNCT")
    doc[4].is_sent_start = True
    assert with_anaphor(doc, [0, 1, 2], [5]) == [0, 1, 2, 4]
    # a message in the cue's own sentence takes nothing
    assert with_anaphor(doc, [6, 7], [5]) == [6, 7]


def spkatt_of(nlp, sentence: str) -> list[tuple[str, str, str]]:
    """(Cue, Source, Message) words of the SpkAtt events of one tokenised sentence."""
    from claimx.spkatt.documents import SpkAttDocument
    from claimx.spkatt.predict import document_to_doc

    sentences = [part.split() for part in sentence.split(" | ")]  # " | " separates the task's sentences
    document = SpkAttDocument(name="t", sentences=sentences, annotations=[])
    doc = nlp(document_to_doc(nlp.vocab, document))

    def text(ids):
        return " ".join(sentences[int(i.split(":")[0])][int(i.split(":")[1])] for i in ids)

    return [(text(a["Cue"]), text(a["Source"]), text(a["Message"])) for a in claim_annotations(doc, document)]


def test_a_quotation_cited_through_a_channel_is_the_channels_event(nlp):
    # claimx keeps the quotation its speaker's (source.via names the channel); SpkAtt annotates the outer event
    assert spkatt_of(nlp, "„ Das ist ein Skandal “ , sagte der Leiter laut ndr.de .") == [("laut", "ndr.de", "„ Das ist ein Skandal “")]
    assert spkatt_of(nlp, "„ Wir gehen “ , sagte die Kanzlerin einigen Teilnehmern zufolge .") \
        == [("zufolge", "einigen Teilnehmern", "„ Wir gehen “")]


def test_a_pointing_adverb_anywhere_in_a_cueless_sentence_is_its_source(nlp):
    # "demnach" points back to the source of the sentence before; SpkAtt annotates it as Cue and Source
    events = spkatt_of(nlp, "Die Ministerin sagte , die Lage sei ernst . | Die Rolle der Bank solle demnach weiter gestärkt werden .")
    assert events[-1] == ("demnach", "demnach", "Die Rolle der Bank solle weiter gestärkt werden")


def test_report_phrase_source_reaches_over_a_title_before_the_name():
    doc = tagged("Nach/ADP Angaben/NOUN des/DET Priesters/NOUN Jan/PROPN Roth/PROPN sei/AUX es/PRON so/ADV ./PUNCT")
    assert report_phrase_source(doc, [0, 1], [4, 5]) == [1, 2, 3, 4, 5]


def test_a_name_right_after_an_organisation_noun_is_part_of_the_source():
    doc = tagged("Die/DET Organisation/NOUN WWF/PROPN gab/VERB bekannt/ADJ ./PUNCT")
    assert extend_source(doc, [0, 1]) == [0, 1, 2]


def test_an_apposition_follows_a_name_the_tagger_calls_noun_or_adjective():
    doc = tagged("Tony/ADJ Auden/NOUN ,/PUNCT ein/DET Sprecher/NOUN des/DET Zentrums/NOUN ,/PUNCT warnte/VERB ./PUNCT")
    assert extend_source(doc, [0, 1]) == [0, 1, 2, 3, 4, 5, 6]
    # an apposition that opens with an adjective before a function noun
    doc = tagged("sagte/VERB Jan/PROPN Roth/PROPN ,/PUNCT kanadischer/ADJ General/NOUN ,/PUNCT gestern/ADV ./PUNCT")
    assert extend_source(doc, [1, 2]) == [1, 2, 3, 4, 5]


def test_a_name_apposed_after_a_title_phrase_keeps_its_particles():
    doc = tagged("sagte/VERB die/DET Sprecherin/NOUN der/DET Stiftung/NOUN Test/PROPN ,/PUNCT Heike/PROPN van/X Laak/PROPN ./PUNCT")
    assert extend_source(doc, [1, 2, 3, 4, 5]) == [1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_an_office_before_a_name_takes_its_genitive_owner(nlp):
    # "Innensenator" is an office (anonymous_sources.yaml person_nouns), so the owner "Berlins" joins the Source
    [(_, source, _)] = spkatt_of(nlp, "Berlins Innensenator Frank Henkel erklärte , die Lage sei ernst .")
    assert source == "Berlins Innensenator Frank Henkel"


def test_a_membership_phrase_holds_a_quoted_or_an_english_name():
    doc = tagged("sagte/VERB Eva/PROPN Roth/PROPN vom/ADP „/PUNCT Kollektiv/NOUN Nord/PROPN “/PUNCT ./PUNCT")
    assert extend_source(doc, [1, 2]) == [1, 2, 3, 4, 5, 6, 7]
    doc = tagged("Jan/PROPN Roth/PROPN von/ADP der/DET University/PROPN of/X Kent/PROPN sagte/VERB ./PUNCT")
    assert extend_source(doc, [0, 1]) == [0, 1, 2, 3, 4, 5, 6]
