"""Who said it (claimx.rules.mentions, attribution, continuations, segmentation): sources across the article."""

import pytest

import claimx


def sources(nlp, text: str) -> list[str | None]:
    return [c.source.name if c.source else None for c in claimx.extract(text, nlp=nlp)]


@pytest.mark.parametrize("text, expected", [
    # a pronoun stands for the person the article named last, whether or not she spoke before
    ("Die Biologin Clara Winter forscht seit Jahren in Kiel. Sie sagte, die Bestände seien stabil.", "Clara Winter"),
    # the gender of the title decides between two persons
    ("Der Trainer Jonas Weber lobte die Mannschaft. Die Spielerin Lea Kurz traf zweimal. "
     "Er sagte, das Team sei gewachsen.", "Jonas Weber"),
    # a later surname keeps the person recent; a name after another noun ("im Projekt Grüner Wandel") is no person
    ("Die Forscherin Lena Maria Vogt leitet das Institut. Zudem ist Vogt Mitglied im Projekt Grüner Wandel. "
     "Sie sagte, die Lage sei ernst.", "Lena Maria Vogt"),
])
def test_pronoun_resolves_to_the_last_compatible_person(nlp, text, expected):
    assert sources(nlp, text)[-1] == expected


@pytest.mark.parametrize("text, expected", [
    ("Gestern Abend erklärte der Verband, die Preise seien zu hoch.", "Verband"),
    ("Aktuell sagt die Firma, man sei zufrieden.", "Firma"),
    ("Ähnlich äußerte sich der Bürgermeister: „Wir brauchen Hilfe.“", "Bürgermeister"),
    ("Die Ministerin Anna Berger sprach am Montag in Köln. Wirtschaftspolitisch betonte sie die Notwendigkeit "
     "neuer Investitionen.", "Anna Berger"),
])
def test_adverbs_and_time_words_are_no_source(nlp, text, expected):
    assert sources(nlp, text)[-1] == expected


def test_a_cueless_quotation_keeps_the_last_speaker(nlp):
    text = ("„Wir sind bereit“, sagte Trainerin Eva Roth. Danach gab es Applaus. "
            "„Das Spiel wird schwer, aber wir glauben an uns.“")
    assert sources(nlp, text) == ["Eva Roth", "Eva Roth"]


def test_a_cueless_quotation_after_another_named_person_gets_no_source(nlp):
    text = ("„Wir sind bereit“, sagte Trainerin Eva Roth. Danach sprach Bürgermeister Karl Hahn lange. "
            "„Das Spiel wird schwer, aber wir glauben an uns.“")
    assert sources(nlp, text)[-1] is None


@pytest.mark.parametrize("text, expected", [
    ("Vorstandschef Herbert Krüger stellte die Zahlen vor. Der Gewinn stieg. Der Vorstandschef sagte, man sei zufrieden.",
     "Herbert Krüger"),
    # the same office under another title: both are a "chef"
    ("Konzernchef Herbert Krüger stellte die Zahlen vor. Der Gewinn stieg. Der Vorstandschef sagte, man sei zufrieden.",
     "Herbert Krüger"),
    # another word for the office (person_titles.yaml same_office): "der CEO" is the Konzernchef
    ("Die Nachfrage sei hoch, sagte Konzernchef Jonas Brandt am Montag. „Das hatten wir noch nie“, so der CEO.",
     "Jonas Brandt"),
    ("Die Nachfrage sei hoch, sagte Konzernchef Jonas Brandt am Montag. „Das hatten wir noch nie“, so der Vorstandsvorsitzende.",
     "Jonas Brandt"),
])
def test_a_role_descriptor_resolves_to_the_person_with_that_office(nlp, text, expected):
    assert sources(nlp, text)[-1] == expected


def test_a_caption_line_is_not_joined_to_the_next_sentence(nlp):
    # web text, one paragraph a line: a line without a final mark is a segment of its own
    text = ("Stand: 12.03.2021, 14:00 Uhr\nLaut Polizei war der Fahrer betrunken, als er in der Nacht gegen "
            "einen Baum fuhr und dabei schwer verletzt wurde, wie ein Sprecher am Morgen mitteilte.")
    claims = claimx.extract(text, nlp=nlp)
    assert claims and all("Stand" not in c.text for c in claims)


def test_a_wrapped_line_still_joins_the_next(nlp):
    # text wrapped at a width: a line break inside a sentence does not end it
    text = "Der Minister sagte am Montag in einer langen Rede vor dem\nParlament, die Lage sei ernst."
    [claim] = claimx.extract(text, nlp=nlp)
    assert claim.source.name == "Minister" and claim.text == "die Lage sei ernst"


def test_a_later_title_shows_the_gender_of_a_person_named_before(nlp):
    # "Bürgermeister Weber" makes Jonas Weber a man: the "Sie" is Eva Hahn, though Weber was named last
    text = ("Jonas Weber leitet das Amt. Die Stadträtin Eva Hahn kam. Später sprach Bürgermeister Weber. "
            "Sie sagte, es sei spät.")
    assert sources(nlp, text)[-1] == "Eva Hahn"


def test_a_surname_and_its_genitive_name_the_person_in_full(nlp):
    from claimx.components.doc_data import CLAIMS
    from claimx.rules.mentions import person_mentions

    doc = nlp("Die Stadträtin Eva Hahn kam spät. Auf Einladung Hahns sprach auch Jonas Weber. Dann redete Hahn.")
    mentions = person_mentions(doc, nlp.get_pipe(CLAIMS).words.person_nouns)
    assert [(doc[m.start:m.end].text, m.name, m.gender) for m in mentions] == [
        ("Eva Hahn", "Eva Hahn", "Fem"), ("Hahns", "Eva Hahn", "Fem"), ("Jonas Weber", "Jonas Weber", None),
        ("Hahn", "Eva Hahn", "Fem")]


@pytest.mark.parametrize("text, expected", [
    # a definite role noun stands for the person named shortly before it
    ("Bayerns Wirtschaftsminister Hubert Aiwanger kritisierte den Plan. Die Abgabe bremse Investitionen, sagte der Ressortchef.",
     "Hubert Aiwanger"),
    # a definite organisation noun stands for the organisation that spoke shortly before
    ("Neue Modelle seien geplant, schreibt die Firma Lumex. Sie seien schneller als alle anderen, teilte das Unternehmen mit.",
     "Firma Lumex"),
])
def test_a_definite_descriptor_resolves_to_the_entity_named_before(nlp, text, expected):
    assert sources(nlp, text)[-1] == expected


def test_a_descriptor_far_from_any_name_stays_as_written(nlp):
    filler = " ".join(f"Am Tag {n} regnete es." for n in range(6))
    text = f"Bayerns Wirtschaftsminister Hubert Aiwanger kritisierte den Plan. {filler} Die Abgabe sei falsch, sagte der Ressortchef."
    assert sources(nlp, text)[-1] == "Ressortchef"


def test_a_title_with_a_place_before_it_is_not_part_of_the_name(nlp):
    text = "Bayerns Wirtschaftsminister Hubert Aiwanger sagte, die Abgabe sei falsch."
    assert sources(nlp, text) == ["Hubert Aiwanger"]
