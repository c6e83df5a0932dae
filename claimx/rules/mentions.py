"""Document-level person tracking: every named person of a document, in order, with the gender its title shows.

A pronoun source ("Sie sagte, …") stands for the most recent compatible person the article has named,
whether or not that person has spoken before ("Die Biologin Clara Winter forscht in Kiel. Sie sagte, …").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from spacy.tokens import Doc, Token

from claimx.resources import GRAMMAR, PERSON_TITLES
from claimx.rules.text import ends_with_any

_MENTIONS = "claimx_person_mentions"  # doc.user_data cache, rebuilt when the doc changes length


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    name: str
    gender: str | None  # "Fem", "Masc" or None when the text does not show it
    title: str | None = None  # lower-cased title word before the name ("vorstandschef")


def person_mentions(doc: Doc, person_nouns: tuple[str, ...] | frozenset[str]) -> list[PersonMention]:
    """The named persons of ``doc`` in document order (cached on the doc)."""
    cached = doc.user_data.get(_MENTIONS)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    mentions = _with_known_gender(list(_find_mentions(doc, person_nouns)))
    doc.user_data[_MENTIONS] = (len(doc), mentions)
    return mentions


def last_person_before(doc: Doc, i: int, person_nouns, gender: str | None) -> PersonMention | None:
    """The most recent person named before token ``i`` whose gender does not contradict ``gender``."""
    for mention in reversed(person_mentions(doc, person_nouns)):
        if mention.end <= i and (gender is None or mention.gender in {None, gender}):
            return mention
    return None


def person_titled(doc: Doc, i: int, person_nouns, role: str) -> PersonMention | None:
    """The last person named before token ``i`` whose title has the office of ``role``.

    "der Vorstandschef" after "VW-Chef Herbert Diess" (both a "chef"), "der Minister" after
    "Außenminister Tom Kurz".
    """
    office = office_of(role, person_nouns)
    if office is None:
        return None
    for mention in reversed(person_mentions(doc, person_nouns)):
        if mention.end <= i and mention.title is not None and office_of(mention.title, person_nouns) == office:
            return mention
    return None


def office_of(role: str, person_nouns) -> str | None:
    """The office a role noun names: its person-noun ending, or the office it is another word for."""
    # "der CEO" / "der VW-Boss" after "Konzernchef Robert Brandt": a "chef" (person_titles.yaml same_office)
    lower = role.lower()
    best = None
    for office, words in PERSON_TITLES.same_office.items():
        word = ends_with_any(lower, words)
        if word is not None and (best is None or len(word) > len(best[1])):
            best = (office, word)
    return best[0] if best is not None else ends_with_any(lower, person_nouns)


def _find_mentions(doc: Doc, person_nouns):
    found: list[PersonMention] = []
    i = 0
    while i < len(doc):
        run = _name_run(doc, i, person_nouns) or _surname_noun(doc, i, found)
        if not run:
            i += 1
            continue
        start, end = i, i + run
        # "Spielerin/PROPN Lea Kurz", "Bayerns/PROPN Wirtschaftsminister/PROPN Hubert Aiwanger": a tagger may take
        # the title (and a place before it) for part of the name
        titles = [j for j in range(start, end - 1) if is_person_title(doc[j], person_nouns)]
        if titles:
            start = titles[-1] + 1
        start = person_entity_start(doc, start, end)
        title = doc[start - 1] if start > 0 else None
        titled = title is not None and is_person_title(title, person_nouns)
        # "im Stadtteil Albany Park", "des Projekts Synodaler Weg": a name after another noun names that thing
        thing = title is not None and not titled and title.pos_ in GRAMMAR.noun_tags and title.text[:1].isupper()
        other = _is_other_entity(doc, start, end) or thing
        tagged_person = any(t.ent_type_ == "PER" for t in doc[start:end])
        # (a known surname after a noun is the person again: "auf Einladung Hahns", not a thing's name)
        known = end - start == 1 and (tagged_person or not _is_other_entity(doc, start, end))
        earlier = _same_surname(found, doc[start].text) if known else None
        if earlier is not None:
            # "Seit dem Vorjahr ist Stetter-Karp …", "nach Intervention Webers": the person named before, again
            yield PersonMention(start, end, earlier.name, _gender(title) if titled else earlier.gender,
                                title.lower_ if titled else earlier.title)
        elif tagged_person and not (end - start == 1 and is_person_title(doc[start], person_nouns)) \
                or not other and (titled or end - start >= 2):
            # "Ministerin Anna Berger", "Irme Stetter-Karp" (a first name and a surname); not a title alone
            mention = PersonMention(start, end, " ".join(t.text for t in doc[start:end]), _gender(title) if titled else None,
                                    title.lower_ if titled else None)
            found.append(mention)
            yield mention
        i = end


def person_entity_start(doc: Doc, start: int, end: int) -> int:
    """Where the full name the recogniser found at the end of the run doc[start:end] starts: the words before it
    are a title or an owner the lists do not know ("Bergs Kollege Jan Korn", "Fraktionsgeschäftsführer Jan Korn")."""
    if end - start < 3 or doc[end - 1].ent_type_ != "PER":
        return start
    first = end - 1
    while first > start and doc[first - 1].ent_type_ == "PER" and doc[first].ent_iob_ != "B":
        first -= 1
    return first if end - first >= 2 and first > start and doc[first - 1].ent_type_ != "PER" else start


def _same_surname(found: list[PersonMention], word: str) -> PersonMention | None:
    """The person named before whose surname ``word`` is, also in the genitive ("Webers", "Diess'")."""
    genitive = word.endswith(GRAMMAR.genitive_name_endings) and len(word) >= GRAMMAR.min_genitive_name_chars
    forms = {word, word[:-1]} if genitive else {word}
    return next((m for m in reversed(found) if m.name != word and " " in m.name and m.name.split()[-1] in forms), None)


def _surname_noun(doc: Doc, i: int, found: list[PersonMention]) -> int:
    """1 when token ``i`` is the surname of a person named before that the tagger called a common noun."""
    # "Auf die Frage ging Weber/NOUN nicht ein" after "Jonas Weber"; not "der Weber" (an article: a noun)
    token = doc[i]
    before = doc[i - 1] if i > 0 else None
    if token.pos_ != "NOUN" or not token.text[:1].isupper() \
            or before is not None and (before.pos_ == "DET" or before.dep_ == "amod" and before.head.i == i):
        return 0
    return 1 if _same_surname(found, token.text) is not None else 0


def _with_known_gender(mentions: list[PersonMention]) -> list[PersonMention]:
    """Each mention with the gender another mention of the same person shows ("Ministerin Anna Berger" … "Berger")."""
    genders: dict[str, str] = {}
    for mention in mentions:
        if mention.gender is not None:
            genders.setdefault(mention.name, mention.gender)
    return [replace(m, gender=genders[m.name]) if m.gender is None and m.name in genders else m for m in mentions]


def _name_run(doc: Doc, i: int, person_nouns) -> int:
    """Length of the run of capitalised proper nouns starting at ``i`` (0 when none starts there)."""
    # "Clara Winter", "Lea Kurz": a tagger may call a surname a noun or an adjective after the first name
    n = 0
    continuation = GRAMMAR.name_continuation_pos
    while i + n < len(doc):
        token = doc[i + n]
        # "Die Biologin Clara/NOUN Winter/NOUN": after a person's title a capitalised noun starts the name
        after_title = n == 0 and token.pos_ == "NOUN" and i > 0 and is_person_title(doc[i - 1], person_nouns) \
            and i + 1 < len(doc) and doc[i + 1].pos_ in GRAMMAR.noun_tags and doc[i + 1].text[:1].isupper()
        proper = token.pos_ == "PROPN" or after_title or n and token.pos_ in continuation
        if not proper or not token.text[:1].isupper() or token.text.isupper() or token.is_sent_start and n:
            break
        n += 1
    return n


def _is_other_entity(doc: Doc, start: int, end: int) -> bool:
    others = GRAMMAR.other_entity_types
    return any(t.ent_type_ in others for t in doc[start:end])


def _title_endings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return PERSON_TITLES.feminine, PERSON_TITLES.masculine  # claimx/data/person_titles.yaml


def is_person_descriptor(word: str) -> bool:
    """A noun that can only stand for a person ("der 48-Jährige"): claimx/data/person_titles.yaml descriptors."""
    return word.lower().endswith(PERSON_TITLES.descriptors)


def is_person_title(token: Token, person_nouns) -> bool:
    # "Ministerin Anna Berger", "Frau Berger", "Herr Weber", "die Biologin Clara Winter"
    if token.pos_ not in GRAMMAR.noun_tags or not token.text[:1].isupper():
        return False
    lower = token.lower_
    feminine, masculine = _title_endings()
    suffix = next((s for s in GRAMMAR.feminine_suffixes if lower.endswith(s)), None)
    return lower in GRAMMAR.address_titles or ends_with_any(lower, person_nouns) is not None \
        or suffix is not None and ends_with_any(lower[: -len(suffix)], person_nouns) is not None \
        or lower.endswith(feminine) or lower.endswith(masculine) and len(lower) >= GRAMMAR.min_masculine_title_chars


def _gender(title: Token) -> str | None:
    lower = title.lower_
    feminine, _ = _title_endings()
    if lower == "frau" or lower.endswith(feminine) or lower.endswith("in"):
        return "Fem"
    return "Masc"
