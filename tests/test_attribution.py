"""Source attribution: which phrase speaks, its type and canonical name within the document."""

import pytest


def sources(nlp, text):
    return [(c.source.text, c.source.name, c.source.type) if c.source else None for c in nlp(text)._.claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Minister sagte, die Lage sei ernst.", ("Der Minister", "Minister", "person")),
        ("Es sei ruhig, erklärte das Verteidigungsministerium.", ("das Verteidigungsministerium", "Verteidigungsministerium", "organisation")),
        ("Laut ISW ist die Lage ernst.", ("ISW", "ISW", "organisation")),
        ("Das amerikanische Institut für Kriegsstudien geht davon aus, dass die Offensive scheitert.",
         ("Das amerikanische Institut für Kriegsstudien", "ISW", "organisation")),
        ("Berichten zufolge gab es viele Tote.", ("Berichten", "Berichten", "vague")),
        ("Ein Sprecher der Feuerwehr sagte, das Feuer sei gelöscht.",
         ("Ein Sprecher der Feuerwehr", "Feuerwehr", "anonymous")),
    ],
)
def test_source_of_single_sentence(nlp, text, expected):
    assert sources(nlp, text)[0] == expected


def test_nis_resolved_across_sentences(nlp):
    text = (
        "„Wir haben keine Angst“, sagte ein Beamter des südkoreanischen Geheimdienstes (NIS). "
        "Es sei zu schweren Kämpfen gekommen, erklärte der Geheimdienst."
    )
    claims = nlp(text)._.claims
    assert [c.source.name for c in claims] == ["NIS", "NIS"]
    assert claims[0].source.type == "anonymous"
    assert claims[1].source.resolved_by == "coreference"


def test_lawrow_resolved_from_role_and_surname(nlp):
    text = (
        "Russlands Außenminister Sergej Lawrow sagte, die Truppen seien abgezogen worden. "
        "Moskaus Chefdiplomat hatte erklärt, dass keine Soldaten beteiligt seien. "
        "„Das ist eine Lüge“, so Lawrow."
    )
    claims = nlp(text)._.claims
    assert [c.source.name for c in claims] == ["Sergej Lawrow"] * 3


def test_subject_of_the_auxiliary_speaks_for_the_participle(nlp):
    text = "Russlands Außenminister Sergej Lawrow hatte vergangene Woche erklärt, dass keine Truppen beteiligt seien."
    assert sources(nlp, text) == [("Russlands Außenminister Sergej Lawrow", "Sergej Lawrow", "person")]


def test_leading_title_is_not_part_of_the_name(nlp):
    text = "„Das Feuer breitete sich schnell aus“, sagte Kreisbrandmeister Jonas Weber."
    assert sources(nlp, text)[0][1:] == ("Jonas Weber", "person")


def test_pronoun_refers_to_last_person(nlp):
    text = "Der Bürgermeister Peter Klein sagte, die Straße bleibe gesperrt. Später erklärte er, es gebe keine Verletzten."
    claims = nlp(text)._.claims
    assert claims[-1].source.name == "Peter Klein"
    assert claims[-1].source.resolved_by == "pronoun"


def test_place_resolves_to_cited_institution(nlp):
    text = (
        "Der südkoreanische Geheimdienst erklärte, es seien Truppen verlegt worden. "
        "Das bestätigte man auch aus Seoul."
    )
    claims = nlp(text)._.claims
    assert claims[0].source.name == "NIS"


def test_channel_is_recorded_as_via(nlp):
    # the speaker's own manuscript is the channel of her words, not another party reporting them
    claims = nlp("Die Ministerin betonte laut Redemanuskript, dass der Angriff begonnen habe.")._.claims
    assert len(claims) == 1
    assert claims[0].source.text == "Die Ministerin"
    assert claims[0].source.via == "Redemanuskript"
    assert "Redemanuskript" not in claims[0].text


def test_a_party_that_reports_the_speech_act_is_the_source_not_the_via(nlp):
    claims = nlp("Die Armee hat den Angriff nach Angaben der Kyiv Post bestätigt.")._.claims
    assert [(c.source.text, c.source.via) for c in claims] == [("der Kyiv Post", None)]


def test_multi_word_name_after_laut_keeps_first_word(nlp):
    # the parse heads "Kyiv Independent" on its last word; the phrase must still start at "Kyiv"
    source = nlp("Laut Kyiv Independent seien Raketen eingeschlagen.")._.claims[0].source
    assert source.text == "Kyiv Independent"


def test_prefield_noun_labelled_advmod_is_the_speaker(nlp):
    # the parser labels the bare plural "Anwohner" advmod, not nsubj; it still speaks
    source = nlp("Anwohner berichteten, sie hätten einen Knall gehört.")._.claims[0].source
    assert (source.text, source.type) == ("Anwohner", "anonymous")


def test_report_phrase_after_nach_names_its_source(nlp):
    # "nach ADJ Angaben" has no genitive: the phrase itself is the source; a genitive after it is
    assert sources(nlp, "Nach offiziellen Angaben ist die Brücke gesperrt.")[0][0] == "offiziellen Angaben"
    assert sources(nlp, "Nach ersten Ermittlungen der Polizei war der Fahrer zu schnell.")[0][:2] == ("der Polizei", "Polizei")


def test_possessive_in_report_phrase_refers_to_last_person(nlp):
    text = "Die Forscherin Karla Brenner sagte, sie sei verärgert. Nach ihrer Ansicht ist die Studie fehlerhaft."
    assert sources(nlp, text)[1][:2] == ("ihrer", "Karla Brenner")


def test_office_after_place_resolves_even_when_tagged_as_name(nlp):
    # the tagger may read "Moskaus Chefdiplomat" as two proper nouns; the office still names Lawrow
    text = ("Russlands Außenminister Sergej Lawrow hatte erklärt, es gebe keine Truppen. "
            "Moskaus Chefdiplomat sprach von „westlicher Propaganda“.")
    assert [c.source.name for c in nlp(text)._.claims] == ["Sergej Lawrow", "Sergej Lawrow"]


def test_source_takes_an_attribute_hung_on_the_report_noun(nlp):
    # the parse attaches "für verfolgte Journalisten" to "Angaben"; it still names the foundation
    found = sources(nlp, "Nach Angaben der Stiftung für verfolgte Journalisten wurden zwei Reporter verhaftet.")
    assert found[0][0] == "der Stiftung für verfolgte Journalisten"


@pytest.mark.parametrize(
    ("text", "source_text"),
    [
        ("Laut „Tagesblatt Online“ ist der Bürgermeister zurückgetreten.", "„Tagesblatt Online“"),
        ("Der Bürgermeister sei zurückgetreten, berichtete „Tagesblatt Online“.", "„Tagesblatt Online“"),
        ("Wie die „Kieler Rundschau“ berichtet, ist der Bürgermeister zurückgetreten.", "die „Kieler Rundschau“"),
    ],
)
def test_quoted_name_is_a_source_with_its_marks(nlp, text, source_text):
    found = nlp(text)._.claims
    assert found[0].source.text == source_text and "“" not in found[0].text and "“" not in found[0].source.name


def test_passive_subject_is_not_the_speaker(nlp):
    # the results were reported, they did not report; "X wurde zitiert" still names the speaker
    assert sources(nlp, "Gute Ergebnisse wurden gemeldet, die Ernte sei gut.") == [None]
    # "aus dem Norden" is no object of "melden": no claim (message.py, frames)
    assert sources(nlp, "Aus dem Norden wurden gute Ergebnisse gemeldet.") == []
    assert sources(nlp, "Der Minister wurde mit den Worten zitiert, er sei zufrieden.")[0][0] == "Der Minister"


def test_owner_of_a_postposed_opinion_speaks(nlp):
    text = "Die Forscherin Karla Brenner sagte, sie sei verärgert. Ihrer Meinung nach ist die Studie fehlerhaft."
    assert sources(nlp, text)[1][:2] == ("Ihrer", "Karla Brenner")


def test_number_after_the_source_starts_the_claim(nlp):
    found = nlp("In der Region mussten laut Behörden 7.000 Menschen in Sicherheit gebracht werden.")._.claims
    assert found[0].source.text == "Behörden" and "7.000 Menschen" in found[0].text


def test_relative_pronoun_speaks_for_its_noun(nlp):
    found = nlp("Der Minister, der den Rebellen vorwarf, die Waffen versteckt zu haben, trat zurück.")._.claims
    assert [(c.text, c.source.text) for c in found] == [("die Waffen versteckt zu haben", "Der Minister")]


def test_document_before_an_impersonal_formula_is_the_source(nlp):
    found = nlp("In dem Bericht der Kommission heißt es, die Lage sei ernst.")._.claims
    assert found[0].source.text == "dem Bericht der Kommission"


def test_name_apposed_to_the_source_noun_keeps_the_noun(nlp):
    assert sources(nlp, "Laut dem Verband Bioland ist die Ernte gut.")[0][0] == "dem Verband Bioland"


def test_name_tagged_as_adverb_in_the_prefield_speaks_when_named_elsewhere():
    # the tagger may call a surname at the start of a sentence an adverb ("Gall/ADV schreibt")
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Sie", "traf", "Anna", "Gall", ".", "Gall", "schreibt", "viel", "."]
    pos = ["PRON", "VERB", "PROPN", "PROPN", "PUNCT", "ADV", "VERB", "ADV", "PUNCT"]
    heads = [1, 1, 3, 1, 1, 6, 6, 6, 6]
    deps = ["nsubj", "ROOT", "flat", "obj", "punct", "advmod", "ROOT", "advmod", "punct"]
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, heads=heads, deps=deps,
              sent_starts=[True, False, False, False, False, True, False, False, False])
    assert source_mention(doc, VERB, 6, 7, WordLists.shipped()).text == "Gall"
    doc = Doc(spacy.blank("de").vocab, words=["Heute", "schreibt", "man", "."], pos=["ADV", "VERB", "PRON", "PUNCT"],
              heads=[1, 1, 1, 1], deps=["advmod", "ROOT", "obj", "punct"])
    assert source_mention(doc, VERB, 1, 2, WordLists.shipped()) is None or \
        source_mention(doc, VERB, 1, 2, WordLists.shipped()).text != "Heute"


def test_a_name_before_an_apposition_in_the_prefield_speaks_when_the_parse_gives_no_subject():
    # "Jonas Weber, Chef der Werke, erklärte, …" parsed with the name hung loosely on the verb
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Jonas", "Weber", ",", "Chef", "der", "Werke", ",", "erklärte", ",", "dass", "es", "gut", "sei", "."]
    pos = ["PROPN", "PROPN", "PUNCT", "NOUN", "DET", "NOUN", "PUNCT", "VERB", "PUNCT", "SCONJ", "PRON", "ADJ", "AUX", "PUNCT"]
    heads = [1, 7, 3, 1, 5, 3, 7, 7, 11, 11, 11, 7, 11, 7]
    deps = ["flat", "dep", "punct", "appos", "det", "nmod", "punct", "ROOT", "punct", "mark", "nsubj", "ccomp", "cop", "punct"]
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, heads=heads, deps=deps, sent_starts=[True] + [False] * 13)
    assert source_mention(doc, VERB, 7, 8, WordLists.shipped()).text == "Jonas Weber"
    # a prefield with a verb is a clause, not the speaker: "Die Preise steigen, die Kosten auch, sagte …"
    clause = ["Die", "Preise", "steigen", ",", "die", "Kosten", ",", "sagte", "er", "."]
    doc = Doc(spacy.blank("de").vocab, words=clause,
              pos=["DET", "NOUN", "VERB", "PUNCT", "DET", "NOUN", "PUNCT", "VERB", "PRON", "PUNCT"],
              heads=[1, 2, 7, 5, 5, 2, 7, 7, 7, 7],
              deps=["det", "nsubj", "ccomp", "punct", "det", "conj", "punct", "ROOT", "nsubj", "punct"],
              sent_starts=[True] + [False] * 9)
    assert source_mention(doc, VERB, 7, 8, WordLists.shipped()).text == "er"


def test_a_speaker_with_an_apposition_before_the_verb_keeps_his_name(nlp):
    text = "Jonas Weber, Betriebsratschef von Beispiel Werke Süd, erklärte, dass die Regierung wenig getan habe."
    assert sources(nlp, text)[0][1] == "Jonas Weber"


# --- a closing mark is no quoted name: "ein „Skandal“, so Müller" -------------------------------
@pytest.mark.parametrize(
    ("text", "source_name"),
    [
        ("Das sei ein „Skandal“, so Müller.", "Müller"),
        ("Der Iran müsse den „Anreicherungsprozess“ beenden, so Rice.", "Rice"),
        # two lines of a tokenised Wikinews text, as one text (spaces before the punctuation)
        ("Das spanische Militär hat am Freitagabend die Kontrolle über den Luftraum des Landes übernommen , "
         "die spanische Regierung verhängte nach einer außerordentlichen Kabinettssitzung den „ Alarmzustand “ .\n"
         "Laut Innenminister Alfredo Pérez Rubalcaba werden die Fluglotsen mit dieser Maßnahme dem Militärrecht unterstellt .",
         "Alfredo Pérez Rubalcaba"),
    ],
)
def test_source_after_a_closing_quotation_mark(nlp, text, source_name):
    assert [c.source.name for c in nlp(text)._.claims] == [source_name]


def test_laut_after_a_quoted_name_finds_its_own_source(nlp):
    # "Die „Tagesschau“ berichtete laut ARD": the mark before "laut ARD" closes „Tagesschau“
    from claimx.components.doc_data import cue_key, cue_sources

    with nlp.select_pipes(disable=["claimx_claims"]):  # the claims component takes the hand-off
        doc = nlp("Die „Tagesschau“ berichtete laut ARD darüber.")
    laut = next(cue for cue in doc.spans["claimx_cues"] if cue.text == "laut")
    source = cue_sources(doc)[cue_key(laut)]
    assert (doc[source.start : source.end].text, source.name) == ("ARD", "ARD")


@pytest.mark.parametrize(
    ("text", "source_text"),
    [
        # a later quotation must not lend its last word (or its full stop) to the source
        ("Das sei ein „Skandal“, so Müller. Später sprach er von „Betrug“.", "Müller"),
        ("Das sei ein „Skandal“ laut Polizei. Dann sagte er: „Alles gut.“", "Polizei"),
    ],
)
def test_source_is_not_taken_from_a_later_quotation(nlp, text, source_text):
    assert nlp(text)._.claims[0].source.text == source_text


def test_named_elsewhere_counts_the_other_noun_uses_of_a_word():
    # "Gall" stands as a noun once, at another place of the doc: a prefield "Gall/ADV" there speaks
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import _named_elsewhere

    words = ["Anna", "Gall", "kam", ".", "Gall", "schreibt", ".", "Bäume", "wachsen", "."]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "ADV", "VERB", "PUNCT", "NOUN", "VERB", "PUNCT"]
    starts = [True, False, False, False, True, False, False, True, False, False]
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, sent_starts=starts)
    assert _named_elsewhere(doc[4])  # "Gall" at 1 is a noun inside its sentence
    assert not _named_elsewhere(doc[1])  # only itself: the other "Gall" is an adverb
    assert not _named_elsewhere(doc[7])  # "Bäume" starts its sentence and occurs nowhere else


def test_a_verb_at_the_start_of_the_document_does_not_look_at_its_last_word():
    # "Gemeldet, von der Polizei … werden": doc[-1] is the last word, not the word before the verb
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Gemeldet", ",", "von", "der", "Polizei", "haben", "es", "alle", "werden"]
    heads = [0, 0, 4, 4, 0, 0, 5, 5, 5]
    deps = ["ROOT", "punct", "case", "det", "obl", "conj", "nsubj", "det", "aux"]
    pos = ["VERB", "PUNCT", "ADP", "DET", "NOUN", "AUX", "PRON", "DET", "AUX"]
    lemmas = ["melden", ",", "von", "der", "Polizei", "haben", "es", "alle", "werden"]
    doc = Doc(spacy.blank("de").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    mention = source_mention(doc, VERB, 0, 1, WordLists.shipped())
    assert mention is None or mention.text != "der Polizei"


def test_a_speech_verb_after_its_content_does_not_take_the_content_subject():
    # "Die Preise seien gestiegen, sagte eine Sprecherin" parsed with both subjects on "sagte"
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Die", "Preise", "seien", "gestiegen", ",", "sagte", "eine", "Sprecherin", "."]
    pos = ["DET", "NOUN", "AUX", "VERB", "PUNCT", "VERB", "DET", "NOUN", "PUNCT"]
    heads = [1, 5, 3, 5, 3, 5, 7, 5, 5]
    deps = ["det", "nsubj", "aux", "ccomp", "punct", "ROOT", "det", "nsubj", "punct"]
    morphs = ["", "", "VerbForm=Fin", "VerbForm=Part", "", "VerbForm=Fin", "", "", ""]
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, heads=heads, deps=deps, morphs=morphs)
    assert source_mention(doc, VERB, 5, 6, WordLists.shipped()).text == "eine Sprecherin"
    # "Der Minister, der schwieg, sagte …": a relative clause between subject and verb keeps the subject
    words = ["Der", "Minister", ",", "der", "schwieg", ",", "sagte", "nichts", "."]
    pos = ["DET", "NOUN", "PUNCT", "PRON", "VERB", "PUNCT", "VERB", "PRON", "PUNCT"]
    heads = [1, 6, 4, 4, 1, 4, 6, 6, 6]
    deps = ["det", "nsubj", "punct", "nsubj", "acl:relcl", "punct", "ROOT", "obj", "punct"]
    morphs = ["", "", "", "", "VerbForm=Fin", "", "VerbForm=Fin", "", ""]
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, heads=heads, deps=deps, morphs=morphs)
    assert source_mention(doc, VERB, 6, 7, WordLists.shipped()).text == "Der Minister"


def test_a_wie_the_parse_hung_on_the_source_is_not_part_of_it():
    # "Das sinkt, wie Direktorin Anna Weber erläuterte" with "wie" as the case of the name
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Das", "sinkt", ",", "wie", "Direktorin", "Anna", "Weber", "erläuterte", "."]
    pos = ["PRON", "VERB", "PUNCT", "SCONJ", "NOUN", "PROPN", "PROPN", "VERB", "PUNCT"]
    heads = [1, 1, 7, 6, 6, 6, 7, 1, 1]
    deps = ["nsubj", "ROOT", "punct", "case", "compound", "flat", "nsubj", "acl", "punct"]
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, heads=heads, deps=deps)
    assert source_mention(doc, VERB, 7, 8, WordLists.shipped()).text == "Direktorin Anna Weber"


def test_a_medium_after_the_speaker_is_told_it_is_no_employer(nlp):
    # "sagte eine Sprecherin der dpa": a dative; the spokeswoman does not speak for dpa
    from dataclasses import replace

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    text = "Die Lage sei ernst, sagte eine Sprecherin der dpa."
    claims = nlp(text)._.claims
    assert [(c.source.text, c.source.name) for c in claims] == [("eine Sprecherin", "Sprecherin")]
    doc = nlp(text)
    verb = next(t.i for t in doc if t.text == "sagte")
    assert source_mention(doc, VERB, verb, verb + 1, WordLists.shipped()).text == "eine Sprecherin"
    unlisted = replace(WordLists.shipped(), addressee_media=set())
    assert source_mention(doc, VERB, verb, verb + 1, unlisted).text == "eine Sprecherin der dpa"


def test_an_abbreviation_that_opens_a_name_stays_in_it(nlp):
    # "IG Metall": the all-capitals first word is part of the organisation's name
    claims = nlp("Die IG Metall Nordhessen fordert, dass die Regierung handelt.")._.claims
    assert [c.source.name for c in claims] == ["IG Metall Nordhessen"]


@pytest.mark.parametrize(
    ("text", "source_name"),
    [
        ("„Das ist leider teurer geworden“, erklärte der Leiter, Peter Brandstetter.", "Peter Brandstetter"),
        ("Die Lage sei ernst, so der Sprecher, Max Hollerbach.", "Max Hollerbach"),
        # a name that starts a new clause after the comma is no apposition
        ("„Wir kommen“, sagte der Trainer, Peter Brandt kam später.", "Trainer"),
    ],
)
def test_a_title_with_the_name_after_a_comma_names_the_person(nlp, text, source_name):
    assert nlp(text)._.claims[0].source.name == source_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the source's name is the fullest the article gives: the surname alone stands for Eva Hahn
        ("Die Forscherin Eva Hahn leitet das Institut. Die Lage sei ernst, sagte Hahn.", ("Hahn", "Eva Hahn", "person")),
        # a name the parse hung apart from its title (obj) is still the name, without the title
        ("Die Lage sei ernst, sagte Institutsleiterin Eva Hahn.", ("Institutsleiterin Eva Hahn", "Eva Hahn", "person")),
        ("Die Lage sei ernst, wie Forschungsdirektor Jonas Weber der Zeitung erläuterte.",
         ("Forschungsdirektor Jonas Weber", "Jonas Weber", "person")),
    ],
)
def test_a_person_source_is_named_in_full_without_title(nlp, text, expected):
    assert sources(nlp, text)[-1] == expected



def test_a_wie_clause_without_a_parsed_subject_names_its_source_after_wie(nlp):
    # the parse hangs "Verband" on the comma as cc: the verb-final wie-clause has no subject of its own
    found = nlp("Die Saison ist beendet, wie der Verband und die Liga am Montag mitteilten.")._.claims
    assert [(c.text, c.source.text if c.source else None) for c in found] == [("Die Saison ist beendet", "der Verband und die Liga")]
    found = nlp("Die Saison ist beendet, wie in Bern am Montag mitgeteilt wurde.")._.claims
    assert [c.source for c in found] == [None]


def test_a_subject_after_the_contents_own_verb_is_not_the_speaker(nlp):
    # "anderen" follows the content's "sei": the parse made it the subject of "teilte"
    assert sources(nlp, "Es sei schneller als alle anderen, teilte das Unternehmen mit.")[0][1] == "Unternehmen"


@pytest.mark.parametrize(
    ("text", "source_text"),
    [
        # the prefield noun cannot speak: the pronoun after the verb is the subject
        ("Das Ergebnis bezeichnete sie als Erfolg.", "sie"),
        # a phrase with a preposition is no subject
        ("Als Grund gab die Behörde technische Probleme an.", "die Behörde"),
    ],
)
def test_the_subject_is_a_speaker_not_the_phrase_the_parse_put_first(nlp, text, source_text):
    assert sources(nlp, text)[0][0] == source_text


def test_a_prefield_speaker_keeps_the_verb_when_a_pronoun_follows(nlp):
    # "Die Ministerin kritisierte sie": she is the object, the minister speaks
    assert sources(nlp, "Die Ministerin kritisierte sie scharf.")[0][0] == "Die Ministerin"


def test_the_noun_a_number_counts_is_the_head_of_the_source(nlp):
    assert sources(nlp, "Laut sechs unterschiedlichen Quellen gibt es ein Team.")[0][1] == "sechs unterschiedlichen Quellen"


def test_a_name_ending_in_an_organisation_noun_is_no_person(nlp):
    # "Galler Polizei" looks like first name + surname to the mention finder
    assert sources(nlp, "Der Lenker war unterwegs, teilte die St. Galler Polizei mit.")[0][1:] == ("St. Galler Polizei", "organisation")


def test_a_prefield_noun_the_parse_called_object_speaks_when_nothing_else_can(nlp):
    assert sources(nlp, "Die Firma sagte, sie baue ein Werk.")[0][1:] == ("Firma", "organisation")


def test_a_wie_clause_after_a_leading_conjunction_names_its_speaker(nlp):
    assert sources(nlp, "Denn wie die Zeitung berichtete, leidet der Schauspieler an einer Krankheit.")[0][1] == "Zeitung"


def _parsed(words, pos, heads, deps, morphs=None):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("de").vocab, words=words, pos=pos, heads=heads, deps=deps, morphs=morphs,
               sent_starts=[True] + [False] * (len(words) - 1))


def test_a_prefield_noun_phrase_the_parse_tore_apart_is_the_speaker_as_a_whole():
    # "Die neue Ministerin Anna Weber erklärte: „…“" parsed with "Die" and "neue" under the verb, no subject
    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Die", "neue", "Ministerin", "Anna", "Weber", "erklärte", ":", "„", "Wir", "helfen", ".", "“"]
    pos = ["DET", "ADJ", "NOUN", "PROPN", "PROPN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT"]
    heads = [5, 5, 1, 2, 3, 5, 9, 9, 9, 5, 5, 5]
    deps = ["det", "amod", "conj", "appos", "flat", "ROOT", "punct", "punct", "nsubj", "ccomp", "punct", "punct"]
    morphs = [""] * 5 + ["VerbForm=Fin"] + [""] * 6
    doc = _parsed(words, pos, heads, deps, morphs)
    assert source_mention(doc, VERB, 5, 6, WordLists.shipped()).text == "Die neue Ministerin Anna Weber"
    # an object's article opens no subject: "Dem neuen Minister erklärte: …" stays without a speaker
    doc = _parsed(["Dem"] + words[1:], pos, heads, deps, morphs)
    assert source_mention(doc, VERB, 5, 6, WordLists.shipped()) is None


def test_the_noun_of_a_prepositional_phrase_after_the_verb_is_no_speaker():
    # "Zeugen berichteten von einem Knall" parsed with "Zeugen" as object: "Knall" is what was reported
    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    doc = _parsed(["Zeugen", "berichteten", "von", "einem", "Knall", "."], ["NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
                  [1, 1, 4, 4, 1, 1], ["obj", "ROOT", "case", "det", "obl", "punct"])
    assert source_mention(doc, VERB, 1, 2, WordLists.shipped()).text == "Zeugen"


def test_a_passive_speech_verb_shares_no_subject_with_the_verb_it_is_joined_to():
    # "Der Bericht liege vor, werde aber nicht veröffentlicht": the report is what is (not) published, no speaker
    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Der", "Bericht", "liege", "vor", ",", "werde", "aber", "nicht", "veröffentlicht", "."]
    pos = ["DET", "NOUN", "VERB", "ADP", "PUNCT", "AUX", "ADV", "PART", "VERB", "PUNCT"]
    heads = [1, 2, 2, 2, 8, 8, 8, 8, 2, 2]
    deps = ["det", "nsubj", "ROOT", "compound:prt", "punct", "aux:pass", "advmod", "advmod", "conj", "punct"]
    assert source_mention(_parsed(words, pos, heads, deps), VERB, 8, 9, WordLists.shipped()) is None
    # active and joined, the subject is shared: "Der Minister kam und sagte das"
    active = _parsed(["Der", "Minister", "kam", "und", "sagte", "das", "."], ["DET", "NOUN", "VERB", "CCONJ", "VERB", "PRON", "PUNCT"],
                     [1, 2, 2, 4, 2, 4, 2], ["det", "nsubj", "ROOT", "cc", "conj", "obj", "punct"])
    assert source_mention(active, VERB, 4, 5, WordLists.shipped()).text == "Der Minister"


def test_a_bei_phrase_after_hiess_es_names_the_source(nlp):
    doc = nlp("Die Lage sei ernst, hieß es beim Verband der Bäcker.")
    assert [(c.text, c.source.type) for c in doc._.claims] == [("Die Lage sei ernst", "organisation")]
    assert "Verband" in doc._.claims[0].source.text


def test_the_subject_after_the_auxiliary_speaks_when_the_prefield_holds_none(nlp):
    # "Das hat der Verein … bekannt gegeben": "Das" points back, the subject follows the auxiliary
    doc = nlp("Der Trainer bleibt. Das hat der Verein am Sonntag in einer Meldung bekannt gegeben.")
    assert [(c.text, c.source.name if c.source else None) for c in doc._.claims] == [("Der Trainer bleibt", "Verein")]


def test_after_the_auxiliary_comes_the_object_when_the_prefield_holds_the_subject():
    # "Er hatte Fehler eingeräumt" with "Er" left unattached: "Fehler" is what he admitted, not who
    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    doc = _parsed(["Er", "hatte", "Fehler", "eingeräumt", "."], ["PRON", "AUX", "NOUN", "VERB", "PUNCT"],
                  [3, 3, 3, 3, 3], ["dep", "aux", "obj", "ROOT", "punct"],
                  ["Case=Nom|PronType=Prs", "", "", "VerbForm=Part", ""])
    mention = source_mention(doc, VERB, 3, 4, WordLists.shipped())
    assert mention is None or mention.text != "Fehler"


def test_the_aus_phrase_of_hervorgehen_is_the_source(nlp):
    doc = nlp("Aus dem Bericht der Behörde geht hervor, dass die Zahl der Unfälle steigt.")
    assert [(c.text, c.source.text) for c in doc._.claims] == [("dass die Zahl der Unfälle steigt", "dem Bericht der Behörde")]
    # without a clause "hervorgehen" reports nothing: "Aus der Ehe gingen drei Kinder hervor"
    assert nlp("Aus der Ehe gingen drei Kinder hervor.")._.claims == []


def test_a_title_before_a_name_is_no_sentence_adverb():
    # "Kardinal", "General" end like the adjectives "national", "generell" but title the name after them
    from claimx.rules.attribution import is_non_source

    doc = _parsed(["Admiral", "Berg", "erklärte", ",", "sie", "laufe", "aus", "."],
                  ["NOUN", "PROPN", "VERB", "PUNCT", "PRON", "VERB", "ADP", "PUNCT"],
                  [2, 0, 2, 5, 5, 2, 5, 2], ["nsubj", "appos", "ROOT", "punct", "nsubj", "ccomp", "compound:prt", "punct"])
    assert not is_non_source(doc[0])
    doc = _parsed(["National", "erklärte", "sie", ",", "es", "laufe", "."], ["ADJ", "VERB", "PRON", "PUNCT", "PRON", "VERB", "PUNCT"],
                  [1, 1, 1, 5, 5, 1, 1], ["nsubj", "ROOT", "obj", "punct", "nsubj", "ccomp", "punct"])
    assert is_non_source(doc[0])


@pytest.mark.parametrize("word", ["Besorgt", "Erfreut", "Unterdessen", "Sinngemäß", "Monatelang", "Jahrelang"])
def test_a_participle_or_sentence_adverb_first_in_the_sentence_is_no_source(word):
    # "Besorgt äußerte sich der Verband …", "Unterdessen haben die Abgeordneten angekündigt …"
    from claimx.rules.attribution import is_non_source

    doc = _parsed([word, "äußerte", "sich", "der", "Verband", "."], ["NOUN", "VERB", "PRON", "DET", "NOUN", "PUNCT"],
                  [1, 1, 1, 4, 1, 1], ["nsubj", "ROOT", "obj", "det", "obl", "punct"])
    assert is_non_source(doc[0])


def test_a_name_after_the_verb_speaks_when_the_parse_made_a_first_word_that_names_no_one_the_subject():
    # "Sinngemäß/PROPN hofft Berg also, dass …" parsed with "Sinngemäß" as subject and "Berg" as object
    from spacy.tokens import Span

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Freilich", "hofft", "Berg", "also", ",", "dass", "es", "klappt", "."]
    pos = ["PROPN", "VERB", "PROPN", "ADV", "PUNCT", "SCONJ", "PRON", "VERB", "PUNCT"]
    heads = [1, 1, 1, 1, 7, 7, 7, 1, 1]
    deps = ["nsubj", "ROOT", "obj", "advmod", "punct", "mark", "nsubj", "ccomp", "punct"]
    morphs = ["", "VerbForm=Fin", "", "", "", "", "", "VerbForm=Fin", ""]
    doc = _parsed(words, pos, heads, deps, morphs)
    doc.ents = [Span(doc, 2, 3, label="PER")]
    assert source_mention(doc, VERB, 1, 2, WordLists.shipped()).text == "Berg"
    # an organisation in the prefield speaks itself: "Siemens lobt Berg"
    doc = _parsed(words, pos, heads, deps, morphs)
    doc.ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 2, 3, label="PER")]
    assert source_mention(doc, VERB, 1, 2, WordLists.shipped()).text == "Freilich"


def test_the_agent_of_a_passive_speech_verb_hung_on_its_predicate_speaks():
    # "Die Pläne wurden von Ministerin Karla Berg als unrealistisch bezeichnet": "von …" parsed under "unrealistisch"
    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Die", "Pläne", "wurden", "von", "Ministerin", "Karla", "Berg", "als", "unrealistisch", "bezeichnet", "."]
    pos = ["DET", "NOUN", "AUX", "ADP", "NOUN", "PROPN", "PROPN", "ADP", "ADJ", "VERB", "PUNCT"]
    heads = [1, 9, 9, 4, 8, 4, 5, 8, 9, 9, 9]
    deps = ["det", "nsubj:pass", "aux:pass", "case", "obl:agent", "appos", "flat", "case", "advmod", "ROOT", "punct"]
    doc = _parsed(words, pos, heads, deps, [""] * 9 + ["VerbForm=Part", ""])
    assert source_mention(doc, VERB, 9, 10, WordLists.shipped()).text == "Ministerin Karla Berg"


def test_a_wie_clause_whose_source_has_an_apposition_reports_the_main_clause(nlp):
    doc = nlp("Der Strom fiel am Abend aus, wie Jan Weber, Sprecher der Stadtwerke, mitteilte.")
    assert [(c.text, c.kind, c.source.name) for c in doc._.claims] == [("Der Strom fiel am Abend aus", "reported", "Jan Weber")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bei der Polizei hieß es am Abend, der Täter sei gefasst.", "Polizei"),
        ("Beim Verband hieß es, die Lage sei ernst.", "Verband"),
    ],
)
def test_bei_before_hiess_es_names_a_speaker(nlp, text, name):
    assert [c.source.name for c in nlp(text)._.claims] == [name]


def test_bei_an_event_before_hiess_es_names_no_one(nlp):
    assert [c.source.type for c in nlp("Beim Treffen hieß es, die Lage sei ernst.")._.claims] == ["vague"]


def test_a_time_before_hiess_es_names_no_one(nlp):
    assert [c.source.type for c in nlp("Im Januar hieß es, der Plan sei gescheitert.")._.claims] == ["vague"]


def test_a_site_before_heisst_es_is_the_source_but_not_any_auf_phrase(nlp):
    [claim] = nlp("Auf der Homepage des Vereins heißt es: „Wir schließen das Haus.“")._.claims
    assert claim.source.text == "der Homepage des Vereins"
    assert [c.source.type for c in nlp("Auf Nachfrage hieß es, der Plan sei gescheitert.")._.claims] == ["vague"]


def test_the_document_a_passive_speech_verb_stands_in_is_its_source(nlp):
    [claim] = nlp("In einem Bericht der Stadtwerke wurde vermutet, dass die Leitung defekt ist.")._.claims
    assert (claim.text, claim.source.text) == ("dass die Leitung defekt ist", "einem Bericht der Stadtwerke")
    [claim] = nlp("Im Mai wurde angekündigt, dass die Steuer sinkt.")._.claims  # a time, no document
    assert claim.source is None


def test_a_speech_verb_opening_a_clause_of_its_own_shares_the_subject_before_it(nlp):
    doc = nlp("Die Trainerin wollte keine Namen nennen, sagte aber, das Team müsse sich steigern.")
    assert [(c.text, c.source.text) for c in doc._.claims] == [("das Team müsse sich steigern", "Die Trainerin")]


def test_the_subject_of_an_ob_clause_before_the_verb_is_not_shared():
    # "Ob die Firma weitermacht, entscheidet sich bald": "Firma" is the subject inside the ob-clause, even where
    # the parse hung "Ob" on the main verb
    from claimx.rules.attribution import _elided_subject
    from claimx.rules.thresholds import SourceThresholds, shipped

    words = ["Ob", "die", "Firma", "weitermacht", ",", "entscheidet", "sich", "bald", "."]
    pos = ["SCONJ", "DET", "NOUN", "VERB", "PUNCT", "VERB", "PRON", "ADV", "PUNCT"]
    heads = [5, 2, 3, 5, 3, 5, 5, 5, 5]
    deps = ["mark", "det", "nsubj", "csubj", "punct", "ROOT", "obj", "advmod", "punct"]
    morphs = ["", "", "", "VerbForm=Fin", "", "VerbForm=Fin", "", "", ""]
    doc = _parsed(words, pos, heads, deps, morphs)
    assert _elided_subject(doc[5], set(), shipped(SourceThresholds)) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Aufsichtsrätin Daniela Berg sagte, die Lage sei ernst.", "Daniela Berg"),
        ("Bergs Kollege Jan Korn sagte, die Lage sei ernst.", "Jan Korn"),
        ("Fraktionsgeschäftsführer Jan Korn sagte, die Lage sei ernst.", "Jan Korn"),
        ("Peter Klein sagte, die Lage sei ernst.", "Peter Klein"),
    ],
)
def test_the_canonical_name_leaves_out_a_title_or_owner_before_the_full_name(nlp, text, name):
    assert [c.source.name for c in nlp(text)._.claims] == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Laut Angaben der Polizei ist der Fahrer geflohen.", "Polizei"),
        ("Laut einem Bericht der Zeitung ist der Fahrer geflohen.", "Zeitung"),
        ("Einem Bericht der Zeitung zufolge ist der Fahrer geflohen.", "Zeitung"),
        ("Laut einem Bericht von Reuters ist der Fahrer geflohen.", "Reuters"),
        # a report without an author speaks itself; a date names no author
        ("Laut einer Umfrage ist die Mehrheit dafür.", "Umfrage"),
        ("Laut ersten Angaben vom Mittwoch ist der Fahrer geflohen.", "ersten Angaben vom Mittwoch"),
    ],
)
def test_laut_or_zufolge_a_report_names_its_author(nlp, text, name):
    assert [c.source.name for c in nlp(text)._.claims] == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Laut dem Deutschen Jagdverband ist die Zahl gestiegen.", "Deutscher Jagdverband"),
        ("Der Deutsche Gewerkschaftsbund teilte mit, die Löhne seien zu niedrig.", "Deutscher Gewerkschaftsbund"),
        ("Die Deutsche Bahn teilte mit, der Zug falle aus.", "Deutsche Bahn"),
        ("Nach Angaben des Vereins ist die Halle gesperrt.", "Verein"),
        ("Nach Angaben des Ministeriums ist die Halle gesperrt.", "Ministerium"),
    ],
)
def test_an_organisation_is_named_in_the_nominative(nlp, text, name):
    assert [(c.source.name, c.source.type) for c in nlp(text)._.claims] == [(name, "organisation")]


def test_a_present_participle_opening_the_sentence_is_no_source(nlp):
    # "Passend zu …", "Stellvertretend für …": a sentence adverb the parser made the subject
    [claim] = nlp("Passend zu dem Wetter warnte die Sprecherin eines Senders: „Es wird glatt.“")._.claims
    assert claim.source.text == "die Sprecherin eines Senders"
    [claim] = nlp("Stellvertretend für die Kommission empfahl der Kommissar Jan Kral, Gespräche zu beginnen.")._.claims
    assert claim.source.name == "Jan Kral"


def test_a_genitive_inside_a_fronted_phrase_leaves_the_subject_after_the_auxiliary(nlp):
    [claim] = nlp("Im Rahmen des Abkommens hat die EU zugesagt, die Emissionen zu senken.")._.claims
    assert claim.source.name == "EU"


def test_the_spokesperson_of_an_unnamed_organisation_is_named_as_written(nlp):
    [claim] = nlp("Die Sprecherin eines Senders sagte, es werde glatt.")._.claims
    assert (claim.source.name, claim.source.type) == ("Sprecherin eines Senders", "anonymous")
    [claim] = nlp("Ein Sprecher der Polizei sagte, es werde glatt.")._.claims
    assert claim.source.name == "Polizei"  # a named organisation speaks through its spokesman


def test_a_fronted_object_gives_way_to_the_speaker_after_the_verb(nlp):
    # the parse makes the fronted accusative the subject; the name after the finite verb speaks
    [claim] = nlp("Eine Verschiebung der Wahl bezeichnete Brenner als fatal.")._.claims
    assert claim.source.name == "Brenner"
    # a fronted name stays the speaker, the organisation after the verb is its addressee
    [claim] = nlp("Das Forum Waffenrecht fordert die Bundesregierung auf, die Gesetze zu prüfen.")._.claims
    assert claim.source.name == "Forum Waffenrecht"


def test_a_noun_phrase_with_a_never_nominative_article_is_no_subject(nlp):
    # "den Behörden" is the dative addressee of "vorwerfen", even where the parse calls it a subject
    # "dem Sender" right after the verb is the addressee; the speaker is the "ein Sprecher" after it
    [claim] = nlp("Am Montag sagte dem Sender ein Sprecher, die Lage sei ernst.")._.claims
    assert claim.source.text == "ein Sprecher"
    [claim] = nlp("Der Bericht wirft den Behörden vor, die Opfer zu benachteiligen.")._.claims
    assert claim.source.name == "Bericht"


def test_a_name_with_its_affiliation_before_the_verb_is_the_source_however_the_parse_hangs_it():
    # "Paul Kerr vom Institut für Astronomie in Leeds erklärte, …" parsed with "Kerr" as a compound of "Institut"
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.attribution import source_mention
    from claimx.rules.cues import VERB, WordLists

    words = ["Paul", "Kerr", "vom", "Institut", "für", "Astronomie", "in", "Leeds", "erklärte", ",", "der", "Fund",
             "sei", "neu", "."]
    pos = ["PROPN", "PROPN", "ADP", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "VERB", "PUNCT", "DET", "NOUN", "AUX", "ADJ",
           "PUNCT"]
    heads = [1, 3, 3, 8, 5, 3, 7, 5, 8, 13, 11, 13, 13, 8, 8]
    deps = ["dep", "compound", "case", "obl", "case", "nmod", "case", "nmod", "ROOT", "punct", "det", "nsubj", "cop",
            "ccomp", "punct"]
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, heads=heads, deps=deps)
    doc[8].set_morph("Mood=Ind|Tense=Past|VerbForm=Fin")
    assert source_mention(doc, VERB, 8, 9, WordLists.shipped()).text == "Paul Kerr vom Institut für Astronomie in Leeds"
    doc[0].pos_ = "DET"  # "Der Kerr vom Institut": no name opens the prefield
    assert source_mention(doc, VERB, 8, 9, WordLists.shipped()) is None


def test_a_quoted_organisation_name_with_a_verb_stays_inside_the_speakers_affiliation(nlp):
    # "helfen" inside the quoted name is no verb of the clause; the name before "von der" speaks
    [claim] = nlp("Mira Holt von der „Aktion Kinder helfen“ sagte, das Geld sei angekommen.")._.claims
    assert (claim.source.name, claim.source.text) == ("Mira Holt", "Mira Holt von der „Aktion Kinder helfen“")


def test_a_hyphenated_first_name_stays_in_the_name(nlp):
    # the tagger calls "Hans-Peter" an adjective; the canonical name keeps it
    [claim] = nlp("Hans-Peter Kraus sagte, die Kosten seien hoch.")._.claims
    assert claim.source.name == "Hans-Peter Kraus"
