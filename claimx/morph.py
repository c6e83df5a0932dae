"""Lexicon-backed verb morphology for the base pipeline (factory ``claimx_verb_morph``).

The treebank is small, so the statistical morphologizer rarely sees Konjunktiv I.
This component corrects verb lemmas and ``Mood`` with the derived verb table: a 3rd
person "sei", "habe", "könne" is Konjunktiv I ("Er sagte, die Lage sei ernst."), a
"teilte ... mit" has the lemma "mitteilen".
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimx.lexicon import Reading, VerbLexicon

VERB_POS = {"VERB", "AUX"}
SUBJECT_DEPS = {"nsubj", "nsubj:pass", "expl"}
AUX_DEPS = {"aux", "aux:pass", "cop"}
FINITE_TENSES = {"PRÄ", "PRT", "KJ1", "KJ2"}
NUMBER_CODES = {"Sing": "S", "Plur": "P"}


@Language.factory(
    "claimx_verb_morph",
    requires=["token.pos", "token.dep", "token.morph"],
    assigns=["token.lemma", "token.morph"],
    default_config={"join_particles": True, "set_mood": True},
)
def make_verb_morph(nlp: Language, name: str, join_particles: bool, set_mood: bool) -> VerbMorph:
    return VerbMorph(name, VerbLexicon.from_package(), join_particles=join_particles, set_mood=set_mood)


class VerbMorph:
    """Sets verb lemmas and Mood from the verb lexicon where it is unambiguous."""

    def __init__(self, name: str, lexicon: VerbLexicon, *, join_particles: bool = True,
                 set_mood: bool = True) -> None:
        self.name = name
        self.lexicon = lexicon
        self.join_particles = join_particles
        self.set_mood = set_mood

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.pos_ in VERB_POS:
                particle = separated_particle(token) if self.join_particles else ""
                self._fix_lemma(token, particle)
                if self.set_mood:
                    self._fix_mood(token, particle)
        return doc

    def _fix_lemma(self, token: Token, particle: str) -> None:
        lemmas = self.lexicon.lemmas(token.text, particle) if particle else []
        if not lemmas:
            lemmas = self.lexicon.lemmas(token.text)
        if lemmas and token.lemma_.lower() not in lemmas:
            token.lemma_ = lemmas[0]

    def _fix_mood(self, token: Token, particle: str) -> None:
        readings = self.lexicon.readings(token.text, particle) or self.lexicon.readings(token.text)
        finite = [r for r in readings if r.tense in FINITE_TENSES]
        if not finite or not _looks_finite(token, readings):
            return
        person, number = subject_person_number(token)
        matching = [r for r in finite if _agrees(r, person, number)]
        moods = {r.mood for r in matching}
        if len(moods) == 1:
            features = token.morph.to_dict()
            features["Mood"] = moods.pop()
            features["VerbForm"] = "Fin"
            token.set_morph(features)


def separated_particle(token: Token) -> str:
    """The separated verb particle of ``token`` ("mit" in "teilte ... mit"), or ""."""
    for child in token.children:
        if child.dep_ == "compound:prt":
            return child.text
    return ""


def subject_person_number(verb: Token) -> tuple[str, str]:
    """Person ("1"/"2"/"3") and number ("S"/"P") of the verb's subject, "" when unknown."""
    governor = verb.head if verb.dep_ in AUX_DEPS else verb
    for child in governor.children:
        if child.dep_ in SUBJECT_DEPS:
            return _person_number_of(child)
    morph = verb.morph
    return "".join(morph.get("Person")), NUMBER_CODES.get("".join(morph.get("Number")), "")


def _person_number_of(subject: Token) -> tuple[str, str]:
    number = NUMBER_CODES.get("".join(subject.morph.get("Number")), "")
    if subject.pos_ == "PRON":
        person = "".join(subject.morph.get("Person"))
        # "Sie" (polite 3rd plural) and "sie" are ambiguous: leave person to the verb form
        return (person if subject.lower_ not in {"sie"} else ""), number
    if any(child.dep_ == "conj" for child in subject.children):
        return "3", "P"  # "Peter und Maria seien ..." : coordinated subjects are plural
    return "3", number


def _agrees(reading: Reading, person: str, number: str) -> bool:
    return (not person or reading.person == person) and (not number or reading.number == number)


def _looks_finite(token: Token, readings: list[Reading]) -> bool:
    """Finite by the tagger, or a form the lexicon knows only as finite ("sei", "könne")."""
    morph = token.morph
    if morph.get("Mood") or "Fin" in morph.get("VerbForm"):
        return True
    return all(r.tense in FINITE_TENSES or r.tense == "IMP" for r in readings)
