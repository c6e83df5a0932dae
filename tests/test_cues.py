"""Cue detection: speech verbs (also separable), reporting prepositions, "so X", "hieß es"."""

import pytest

from claimx.rules.cues import WordLists


def cues(nlp, text):
    doc = nlp(text)
    return [(span.text, span.label_, span.kb_id_) for span in doc.spans["claimx_cues"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Minister sagte, die Lage sei ernst.", ("sagte", "verb", "sagen")),
        ("Die Behörde teilte am Montag mit, die Brücke sei gesperrt.", ("teilte", "verb", "mitteilen")),
        ("Laut Polizei ist niemand verletzt worden.", ("Laut", "prep", "laut")),
        ("Dem Bericht zufolge wurden zwei Häuser zerstört.", ("zufolge", "postp", "zufolge")),
        ("Nach Angaben der Feuerwehr brannte das Dach.", ("Nach Angaben", "phrase", "nach angaben")),
        ("Nach offiziellen Angaben brannte das Dach.", ("Nach offiziellen Angaben", "phrase", "nach offiziellen angaben")),
        ("Nach Polizeiangaben wurde niemand verletzt.", ("Nach Polizeiangaben", "phrase", "nach polizeiangaben")),
        ("„Wir bleiben hier“, so der Bürgermeister.", ("so", "so", "so")),
        # a report noun with its owner, then "nach"
        ("Ihrer Ansicht nach ist die Reform gescheitert.", ("nach", "postp", "nach")),
        # any finite verb right before a colon and a quotation introduces it
        ("Die Trainerin zeigte sich zufrieden: „Wir haben gut gespielt.“", ("zeigte", "verb", "zeigen")),
        ("„Wir haben gut gespielt“, zeigte sich die Trainerin zufrieden.", ("zeigte", "verb", "zeigen")),
        # a separable adjective the parser reads as an adverb
        ("Der Minister gab am Montag bekannt, dass er zurücktrete.", ("gab", "verb", "bekanntgeben")),
        ("Die Ärztin stellte klar, dass keine Gefahr bestehe.", ("stellte", "verb", "klarstellen")),
        # a finite verb the parser hung under its subject as an adjective (amod)
        ("Im Juli vermeldete Wikinews, dass die Firma verkauft werde.", ("vermeldete", "verb", "vermelden")),
        # a weak verb with the complement its frame names: "sprechen von", "halten für", two objects of "nennen"
        ("Die Präsidentin sprach von einer fairen Wahl.", ("sprach", "verb", "sprechen")),
        ("Die Gutachter halten den Plan für falsch.", ("halten", "verb", "halten")),
        ("Die Ärztin nannte den Vorschlag einen Fehler.", ("nannte", "verb", "nennen")),
        ("Es sei ruhig gewesen, hieß es aus Militärkreisen.", ("hieß es", "impersonal", "heißen")),
    ],
)
def test_cue_found(nlp, text, expected):
    assert expected in cues(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Die Musik war sehr laut.",  # "laut" as an adjective
        "Die genannten Zahlen sind alt.",  # attributive participle of "nennen"
        "So schnell geht das nicht.",  # "so" not after a comma or quote
        "Nach dem Spiel fuhren alle nach Hause.",  # "nach" without a report noun
        "Die Präsidentin sprach mit ihrem Mann.",  # "sprechen" without its "von"
        "Er änderte seine Meinung nach der Wahl.",  # "nach" governs "der Wahl", not the opinion
        "Die Trainerin zeigte sich zufrieden: Das Team gewann.",  # a colon without a quotation
    ],
)
def test_no_cue(nlp, text):
    assert cues(nlp, text) == []


def test_speech_verb_inside_quote_is_not_a_cue(nlp):
    found = cues(nlp, "„Er sagte mir nichts“, erklärte die Zeugin.")
    assert [c[0] for c in found] == ["erklärte"]


def test_word_lists_are_yaml_data():
    words = WordLists.shipped()
    assert words.stwr("schreiben") == "writing"
    assert words.stwr("glauben") == "thought"
    assert words.stwr("sagen") == "speech"
    assert "laut" in words.prepositions and "zufolge" in words.postpositions
    assert ("nach", "angaben") in words.phrases


def claims(nlp, text):
    return [(c.text, c.source.name if c.source else None) for c in nlp(text)._.claims]


@pytest.mark.parametrize(
    "text, claim, source",
    [
        ("Die Ärztin ist der Meinung, dass die Station zu klein sei.", "dass die Station zu klein sei", "Ärztin"),
        ("Der Mieterbund vertritt die Ansicht, die Mieten müssten sinken.", "die Mieten müssten sinken", "Mieterbund"),
        ("Die Prüfer kamen zu dem Schluss, dass die Halle sicher ist.", "dass die Halle sicher ist", "Prüfer"),
        ("Der Verein ist überzeugt, dass der Platz rechtzeitig fertig wird.", "dass der Platz rechtzeitig fertig wird", "Verein"),
        ("Die Trainerin zeigte sich zuversichtlich, dass ihr Team aufsteigt.", "dass ihr Team aufsteigt", "Trainerin"),
        # the predicate before a participle at the end of the clause
        ("Die Forscherin hat die These vertreten, das Klima ändere sich schneller.", "das Klima ändere sich schneller", "Forscherin"),
        ("Die Ärztin hatte die Ansicht vertreten, dass die Station zu klein sei.", "dass die Station zu klein sei", "Ärztin"),
    ],
)
def test_a_predicate_of_opinion_reports_the_clause_after_it(nlp, text, claim, source):
    assert claims(nlp, text) == [(claim, source)]


def test_a_predicate_of_opinion_without_a_clause_is_no_cue(nlp):
    assert claims(nlp, "Die Prüfer kamen zu dem Schluss.") == []
    assert claims(nlp, "Der Verein ist überzeugt.") == []


def test_the_opinion_predicates_are_read_from_the_word_lists(nlp):
    component = nlp.get_pipe("claimx_cues")
    original = component.words_data
    data = {**original, "speech_verbs": {**original["speech_verbs"], "opinion_predicates": {}}}
    component._set_words(data)
    try:
        assert claims(nlp, "Die Ärztin ist der Meinung, dass die Station zu klein sei.") == []
    finally:
        component._set_words(original)


def test_aus_sicht_names_the_source_after_it(nlp):
    assert claims(nlp, "Aus Sicht der Ärztin kam die Hilfe zu spät.") == [("kam die Hilfe zu spät", "Ärztin")]


# --- report nouns with their clause: "Spekulationen, wonach …" ----------------------------------
def claims_of(nlp, text):
    return [(c.text, c.kind, c.source.name if c.source else None, c.source.type if c.source else None)
            for c in nlp(text)._.claims]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Es gibt Gerüchte, wonach der Trainer vor dem Aus steht.", ("der Trainer vor dem Aus steht", "reported", "Gerüchte", "vague")),
        # the clause extraposed after the rest of the noun's clause
        ("Am Montag machten Spekulationen die Runde, dass der Chef bald gehen müsse.",
         ("dass der Chef bald gehen müsse", "reported", "Spekulationen", "vague")),
        # a genitive owner, a possessive, a name compounded with the noun
        ("Die Forderung der Gewerkschaft, dass die Löhne steigen, stieß auf Widerstand.",
         ("dass die Löhne steigen", "reported", "Gewerkschaft", "organisation")),
        ("Der Minister Jonas Weber schwieg lange. Seine Warnung, dass die Lage ernst sei, verhallte.",
         ("dass die Lage ernst sei", "reported", "Jonas Weber", "person")),
        ("Eine ARD-Umfrage, wonach die Partei verliert, sorgte für Unruhe.", ("die Partei verliert", "reported", "ARD", "organisation")),
    ],
)
def test_a_report_noun_before_its_clause_is_a_cue(nlp, text, claim):
    assert claim in claims_of(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Die größte Herausforderung, dass alle mitziehen, bleibt.",  # ends like "Forderung", reports nothing
        "Die Angst, dass alles teurer wird, wächst.",  # not a listed noun
    ],
)
def test_other_nouns_before_a_dass_clause_are_no_cue(nlp, text):
    assert claims_of(nlp, text) == []


def test_a_speaker_who_confirms_reports_keeps_the_clause(nlp):
    # "bestätigte Berichte, wonach …": Weber vouches for it, the reports are not the source
    assert [c[2] for c in claims_of(nlp, "Jonas Weber bestätigte Berichte, wonach die Firma verkauft werde.")] == ["Jonas Weber"]



@pytest.mark.parametrize("lists", [{"content_clause_nouns": []}, {"content_clause_openers": ["dass"]}])
def test_the_report_nouns_and_their_openers_are_read_from_the_word_lists(nlp, lists):
    component = nlp.get_pipe("claimx_cues")
    original = component.words_data
    component._set_words({**original, "reporting": {**original["reporting"], **lists}})
    try:
        assert claims_of(nlp, "Es gibt Gerüchte, wonach der Trainer vor dem Aus steht.") == []
    finally:
        component._set_words(original)


# --- "Für X ist klar, dass …": a named holder's view --------------------------------------------
@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Für Jonas Weber ist klar, dass der Plan scheitert.", ("ist klar, dass der Plan scheitert", "reported", "Jonas Weber", "person")),
        # Konjunktiv after the holder and a long apposition
        ("Für Jonas Weber, den Sprecher des Vereins der Landwirte im Kreis, würden durch den Plan vor allem kleine Höfe gestärkt.",
         ("würden durch den Plan vor allem kleine Höfe gestärkt", "reported", "Jonas Weber", "person")),
    ],
)
def test_a_named_holder_after_fuer_opens_his_view(nlp, text, claim):
    assert claims_of(nlp, text) == [claim]


@pytest.mark.parametrize("text", ["Für Jonas Weber war es der dritte Sieg.", "Für die Kinder sei das schwer."])
def test_fuer_before_a_fact_or_without_a_name_is_no_cue(nlp, text):
    assert not any(c[2] in {"Jonas Weber", "Kinder"} for c in claims_of(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "Wie bereits im Dezember berichtet, sitzt die Boxerin in Haft.",  # the publication's own earlier report
        "Dem Beamten ist anzumerken, dass ihm das unangenehm ist.",  # "one can tell": an infinitive with "ist … zu"
        "Dass die Firma unabhängiger werden will, deutet sich seit Jahren an.",  # reflexive: "to emerge"
        "Was nach dem Rennen befürchtet wurde, ist nun Wirklichkeit: Sie fehlt.",  # a free relative clause
        "Was dabei wenig Beachtung findet: Die Konkurrenz hat das längst eingeführt.",
    ],
)
def test_a_speech_verb_that_reports_nothing_makes_no_claim(nlp, text):
    assert claims_of(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Wie die Polizei berichtet, ist die Straße gesperrt.", ("ist die Straße gesperrt", "reported", "Polizei", "organisation")),
        # Konjunktiv I: someone's words (the speaker before goes on)
        ("Der Minister sagte, er sei zufrieden. Auch sei zu befürchten, dass viele Anlagen schließen.",
         ("dass viele Anlagen schließen", "indirect", "Minister", "person")),
    ],
)
def test_the_same_verbs_report_with_a_speaker_or_in_konjunktiv(nlp, text, claim):
    assert claims_of(nlp, text)[-1] == claim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the particle's verb, not the bare one that is listed too ("halten für")
        ("Die Ministerin hielt fest, dass der Plan gescheitert sei.", ("hielt", "verb", "festhalten")),
        ("Die Leiterin pochte darauf, die Anlagen auszunehmen.", ("pochte", "verb", "pochen")),
        ("Der Präsident konstatierte eine wachsende Kluft.", ("konstatierte", "verb", "konstatieren")),
        ("Die Ursache sei noch unklar, verlautbarte die Reederei.", ("verlautbarte", "verb", "verlautbaren")),
        # "sich ausdrücken" reports; "drückte sein Bedauern aus" without "sich" is no cue (reflexive_only)
        ("Die Regel sei veraltet, wie sich der Abgeordnete ausdrückte.", ("ausdrückte", "verb", "ausdrücken")),
        ("Der Anwalt trug vor, sein Mandant sei unschuldig.", ("trug", "verb", "vortragen")),
        # "würdigen" only with its "als": "würdigte die Arbeit der Helfer" is praise without content
        ("Die Ministerin würdigte den Verstorbenen als großen Europäer.", ("würdigte", "verb", "würdigen")),
        # "verurteilen" only with its "als", "schätzen" a figure with its "auf", "empfehlen" with an object
        ("Das Ministerium verurteilte den Anschlag als feige.", ("verurteilte", "verb", "verurteilen")),
        ("Der Verband schätzt die Zahl der Betroffenen auf 150.000.", ("schätzt", "verb", "schätzen")),
        ("Der Minister empfahl den Umstieg auf Busse.", ("empfahl", "verb", "empfehlen")),
        ("„Das ist falsch“, konterte die Ministerin.", ("konterte", "verb", "kontern")),
        ("Der Rechnungshof rügte die hohen Kosten.", ("rügte", "verb", "rügen")),
        ("Die Firma bedauerte, dass es zu Verzögerungen kam.", ("bedauerte", "verb", "bedauern")),
        ("Der Verband begrüßte, dass die Steuer sinkt.", ("begrüßte", "verb", "begrüßen")),
    ],
)
def test_more_speech_verbs(nlp, text, expected):
    assert cues(nlp, text) == [expected]


@pytest.mark.parametrize("text", ["Das Gericht verurteilte den Mann zu drei Jahren Haft.", "Die Ärztin schätzt ihre Kollegen.",
                                  "Die Ministerin begrüßte die Gäste."])
def test_a_verdict_or_esteem_reports_nothing(nlp, text):
    assert claims(nlp, text) == []


def test_an_adverb_the_parse_joined_to_the_verb_leaves_the_speech_verb(nlp):
    # the lemmatiser reads "sagte … weiter" as "weitersagen"; a real particle ("sieht … vor") is another verb
    assert cues(nlp, "Es sah so aus, als ob der Flügel beschädigt gewesen wäre, sagte Henderson weiter.") == [
        ("sagte", "verb", "sagen")]
    assert all(lemma != "sehen" for _, _, lemma in cues(nlp, "Die Richtlinie sehe vor, dass Käufer geprüft werden."))
    # only a continuation adverb of reporting.yaml ("weiter", "zudem") is dropped: "hält … frei" is no "halten"
    assert all(lemma != "halten" for _, _, lemma in cues(nlp, "Die Firma hält einen Platz für Gäste frei."))


def test_only_a_continuation_adverb_is_taken_off_a_joined_lemma():
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.cues import verb_lemma

    def lemma_of(particle: str, joined: str) -> str:
        doc = Doc(spacy.blank("de").vocab, words=["Sie", "hielt", "es", particle, "."],
                  pos=["PRON", "VERB", "PRON", "ADV", "PUNCT"], lemmas=["sie", joined, "es", particle, "."],
                  heads=[1, 1, 1, 1, 1], deps=["nsubj", "ROOT", "obj", "compound:prt", "punct"])
        return verb_lemma(doc[1], WordLists.shipped())

    assert lemma_of("frei", "freihalten") == "freihalten"  # a real particle: not the listed "halten"
    doc = Doc(spacy.blank("de").vocab, words=["Er", "sagte", "das", "weiter", "."],
              pos=["PRON", "VERB", "PRON", "ADV", "PUNCT"], lemmas=["er", "weitersagen", "der", "weiter", "."],
              heads=[1, 1, 1, 1, 1], deps=["nsubj", "ROOT", "obj", "compound:prt", "punct"])
    assert verb_lemma(doc[1], WordLists.shipped()) == "sagen"  # a continuation adverb: "sagte … weiter" is sagen


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        # a weak speech verb reports the zu-infinitive set off after it: a request, a threat, a plea
        ("Die Ärztin bat die Gäste, im Saal leise zu sein.", ("im Saal leise zu sein", "indirect", "Ärztin", "person")),
        ("Die Gewerkschaft drohte, den Streik auszuweiten.",
         ("den Streik auszuweiten", "indirect", "Gewerkschaft", "organisation")),
        # the parse hangs the infinitive under the addressee ("den Bürgermeister")
        ("Die Anwohner drängten den Bürgermeister, die Brücke zu sanieren.",
         ("die Brücke zu sanieren", "indirect", "Anwohner", None)),
    ],
)
def test_a_weak_speech_verb_reports_its_infinitive_clause(nlp, text, claim):
    got = claims_of(nlp, text)
    assert got and got[-1][:3] == claim[:3]


@pytest.mark.parametrize("text", ["Der Schwimmer drohte zu ertrinken.", "Die Fans drängten in das Stadion."])
def test_a_weak_verb_without_an_infinitive_clause_of_content_makes_no_claim(nlp, text):
    assert claims_of(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # "vom" is "von dem": the frame word of "berichten von", "sprechen von" in its contracted form
        ("Der Sender berichtete vom Brand einer Scheune.", "vom Brand einer Scheune"),
        ("Die Trainerin sprach vom schwersten Spiel der Saison.", "vom schwersten Spiel der Saison"),
    ],
)
def test_a_contracted_frame_preposition_opens_the_content(nlp, text, content):
    assert [c[0] for c in claims_of(nlp, text)] == [content]


def test_a_bare_naming_participle_reports_nothing(nlp):
    # "genannt „Stufe 2“" gives the norm its name; nobody said anything
    assert all(lemma != "nennen" for _, _, lemma in cues(nlp, "Die Norm, genannt „Stufe 2“, soll im Mai gelten."))


def test_a_naming_verb_with_its_auxiliary_still_reports(nlp):
    assert [c[0] for c in claims_of(nlp, "Die Ministerin hat den Plan einen Fehler genannt.")] == ["den Plan einen Fehler"]


def _verb_with_particle(words, pos, heads, deps, verb_index):
    import spacy
    from spacy.tokens import Doc

    from claimx.rules.cues import verb_lemma

    lemmas = [w.lower() for w in words]
    lemmas[verb_index] = "geben"
    doc = Doc(spacy.blank("de").vocab, words=words, pos=pos, heads=heads, deps=deps, lemmas=lemmas,
              sent_starts=[True] + [False] * (len(words) - 1))
    return verb_lemma(doc[verb_index], WordLists.shipped())


def test_an_adjectival_particle_before_a_verb_final_verb_joins_it():
    # "…, wie der Verband bekannt gab": the reformed spelling writes the particle apart, before the verb
    words = ["wie", "der", "Verband", "bekannt", "gab"]
    assert _verb_with_particle(words, ["SCONJ", "DET", "NOUN", "ADJ", "VERB"], [4, 2, 4, 4, 4],
                               ["mark", "det", "nsubj", "advmod", "ROOT"], 4) == "bekanntgeben"


def test_an_adjectival_particle_parsed_as_a_conjunct_joins_the_verb():
    words = ["Der", "Verband", "gab", "gestern", "bekannt", ",", "dass", "er", "wächst"]
    assert _verb_with_particle(words, ["DET", "NOUN", "VERB", "ADV", "VERB", "PUNCT", "SCONJ", "PRON", "VERB"],
                               [1, 2, 2, 2, 2, 8, 8, 8, 2],
                               ["det", "nsubj", "ROOT", "advmod", "conj", "punct", "mark", "nsubj", "ccomp"], 2) == "bekanntgeben"


def test_a_quoted_phrase_between_verb_and_particle_does_not_part_them(nlp):
    # "rief … zum „Widerstand“ … auf" is aufrufen; a quotation the particle stands in is another clause
    [claim] = nlp("Er rief die Bürger zum „Widerstand“ gegen das Gesetz auf.")._.claims
    assert (claim.cue.lemma, claim.source.name) == ("aufrufen", "Er")
    assert verb_lemma_of(nlp("Er sagte: „Wir rufen auf.“"), "sagte") == "sagen"


def verb_lemma_of(doc, word):
    from claimx.rules.cues import WordLists, verb_lemma

    return verb_lemma(next(t for t in doc if t.text == word), WordLists.shipped())


def test_wuerdigen_without_its_frame_is_no_cue(nlp):
    assert cues(nlp, "Die Ministerin würdigte die Arbeit der Helfer.") == []


def test_a_decision_with_its_clause_is_reported(nlp):
    # a court or council deciding "dass …" states what holds; without a clause a decision reports nothing
    assert [c[:2] for c in claims_of(nlp, "Das Gericht hat entschieden, dass der Vertrag gültig ist.")] == [
        ("dass der Vertrag gültig ist", "indirect")]
    assert claims_of(nlp, "Das Spiel wurde im Elfmeterschießen entschieden.") == []


@pytest.mark.parametrize(
    "text, claim, source",
    [
        ("Aus dem Rathaus ist zu hören, die Bürgermeisterin habe den Plan gestoppt.",
         "die Bürgermeisterin habe den Plan gestoppt", "Rathaus"),
        ("Aus Kreisen der Partei war zu hören, dass der Vorsitzende gehen wolle.", "dass der Vorsitzende gehen wolle", "Partei"),
    ],
)
def test_zu_hoeren_is_an_impersonal_report_with_its_aus_phrase_as_source(nlp, text, claim, source):
    assert claims(nlp, text) == [(claim, source)]


def test_zu_hoeren_before_a_wie_clause_is_a_sound_not_a_report(nlp):
    assert claims(nlp, "Im Video ist zu hören, wie der Mann schreit.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Eine Sprecherin der Bahn wollte nicht bestätigen, dass der Zug zu schnell war.",
        "Die Firma hat bisher nicht mitgeteilt, wann das Werk öffnet.",
        "Wann das Werk öffnet, hat die Firma bisher nicht mitgeteilt.",
    ],
)
def test_a_negated_speech_act_asserts_nothing(nlp, text):
    assert claims(nlp, text) == []


@pytest.mark.parametrize(
    "text, claim, source",
    [
        # a negated thought is a view of its own, a negated denial affirms
        ("Die Ärztin glaubt nicht, dass die Station schließt.", "dass die Station schließt", "Ärztin"),
        ("Die Firma bestritt nicht, dass die Anlage undicht war.", "dass die Anlage undicht war", "Firma"),
        ("Er sagte nicht nur, dass die Preise steigen.", "dass die Preise steigen", "Er"),
        ("„Das wird teuer“, sagt Jan Weber, Chef der Stadtwerke – nicht ohne Sorge.", "Das wird teuer", "Jan Weber"),
        ("Sie sagte, sie komme nicht.", "sie komme nicht", "Sie"),
    ],
)
def test_a_negation_that_negates_no_speech_act_keeps_the_claim(nlp, text, claim, source):
    assert claims(nlp, text) == [(claim, source)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Swiss spelling writes "ss" for "ß"
        ("Der Minister äusserte, die Lage sei ernst.", ("äusserte", "verb", "äußern")),
        ("Die Behörde stiess auf Kritik, hiess es.", ("hiess es", "impersonal", "heißen")),
    ],
)
def test_swiss_spelling_finds_the_listed_verb(nlp, text, expected):
    assert expected in cues(nlp, text)


def test_a_weak_speech_verb_before_a_colon_and_a_quotation_introduces_it(nlp):
    # "werben" reports only "für" something, but before "mit den Worten:" and a quotation it introduces it
    assert claims(nlp, "Berg warb mit den Worten: „Das bedeutet neue Arbeitsplätze.“") == \
        [("Das bedeutet neue Arbeitsplätze.", "Berg")]


@pytest.mark.parametrize(
    "text",
    [
        "Das Land hätte die Rückgabe der Grundstücke verlangen müssen.",
        "Man könnte sagen, die Lage sei ernst.",
        "Der Verband würde fordern, dass die Steuer sinkt.",
    ],
)
def test_a_speech_act_in_konjunktiv_ii_is_hypothetical_and_reports_nothing(nlp, text):
    assert claims(nlp, text) == []


def test_a_perfect_in_konjunktiv_ii_without_a_modal_is_a_reported_past(nlp):
    # the speaker of the sentence before reports what the companies said
    assert claims(nlp, "Firmen hätten ihren Mitarbeitern gesagt, sie seien nicht erwünscht.") == \
        [("sie seien nicht erwünscht", "Firmen")]


def test_a_hypothetical_sentence_continues_no_one(nlp):
    text = "Die Polizei sagte, der Täter sei geflohen. Man könnte sagen, er sei schlau. Er habe ein Auto gestohlen."
    assert claims(nlp, text) == [("der Täter sei geflohen", "Polizei"), ("Er habe ein Auto gestohlen", "Polizei")]


def test_a_frame_word_needs_the_frame_not_a_temporal_clause(nlp):
    # "als" of a temporal clause is no "sieht X als Y"; the parse may hang the predicate under the object
    assert nlp("Die Zuschauer sahen die erste Chance, als der Stürmer es mit einem Schuss versuchte.")._.claims == []
    [claim] = nlp("Der Minister sieht das Gesetz als Fehler.")._.claims
    assert (claim.text, claim.source.name) == ("das Gesetz als Fehler", "Minister")


def test_fordern_with_a_toll_as_object_is_no_demand(nlp):
    # "forderte drei Todesopfer" counts the dead; "forderte höhere Löhne" is a demand
    assert cues(nlp, "Der Sturm forderte mindestens drei Todesopfer.") == []
    assert cues(nlp, "Das Unglück forderte viele Verletzte.") == []
    assert cues(nlp, "Die Gewerkschaft forderte höhere Löhne.") != []
