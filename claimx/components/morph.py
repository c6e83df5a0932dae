"""Lexicon-backed morphology fixes for the base pipeline (factory ``claimx_lexicon``, in claimx.components.factories).

The treebank is small, so the statistical components rarely see Konjunktiv I or rare
nouns. This component corrects them with the tables derived from the German morph
lexicon: a 3rd person "sei", "habe", "könne" is Konjunktiv I ("Er sagte, die Lage sei
ernst."), "teilte ... mit" has the lemma "mitteilen", "Zahnärzte" the lemma "Zahnarzt".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimx.lexicon import NounLexicon, Reading, VerbLexicon
from claimx.resources import GRAMMAR, MARKS


class LexiconMorph:
    """Sets verb lemmas and Mood, and noun lemmas, from the lexicon where it is unambiguous."""

    def __init__(self, name: str, verbs: VerbLexicon, nouns: NounLexicon | None = None, *,
                 join_particles: bool = True, set_mood: bool = True) -> None:
        self.name = name
        self.verbs = verbs
        self.nouns = nouns
        self.join_particles = join_particles
        self.set_mood = set_mood

    def __call__(self, doc: Doc) -> Doc:
        verb_tags, capitalised = GRAMMAR.verb_tags, GRAMMAR.capitalised_lemma_pos
        for token in doc:
            pos = token.pos_
            if pos in verb_tags:
                particle = separated_particle(token) if self.join_particles else ""
                self._fix_verb_lemma(token, particle)
                if self.set_mood:
                    self._fix_mood(token, particle)
            elif pos == "NOUN" and self.nouns is not None:
                self._fix_noun_lemma(token)
            elif pos == "PUNCT":
                token.lemma_ = token.text  # UD: punctuation is its own lemma
            if pos not in capitalised and _starts_sentence(token) and token.lemma_[:1].isupper():
                # "Hier", "Kein" at the start of a sentence: function words have lower-case lemmas
                token.lemma_ = token.lemma_[:1].lower() + token.lemma_[1:]
        return doc

    def _fix_verb_lemma(self, token: Token, particle: str) -> None:
        lemmas = self.verbs.lemmas(token.text, particle) if particle else []
        if not lemmas:
            lemmas = self.verbs.lemmas(token.text)
        if lemmas and token.lemma_ not in lemmas:
            token.lemma_ = lemmas[0]

    def _fix_noun_lemma(self, token: Token) -> None:
        lemmas = self.nouns.lemmas(token.text) if self.nouns else []
        if len(lemmas) == 1 and token.lemma_ != lemmas[0]:
            token.lemma_ = lemmas[0]

    def _fix_mood(self, token: Token, particle: str) -> None:
        readings = self.verbs.readings(token.text, particle) or self.verbs.readings(token.text)
        finite_tenses = GRAMMAR.finite_tenses
        finite = [r for r in readings if r.tense in finite_tenses]
        if not finite or not _looks_finite(token, readings):
            return
        person, number = subject_person_number(token)
        moods = {r.mood for r in finite if _agrees(r, person, number)}
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
    governor = verb.head if verb.dep_ in GRAMMAR.governor_deps else verb
    subject_deps = GRAMMAR.agreement_subject_deps
    for child in governor.children:
        if child.dep_ in subject_deps:
            return _person_number_of(child)
    morph = verb.morph
    return "".join(morph.get("Person")), GRAMMAR.number_codes.get("".join(morph.get("Number")), "")


def _person_number_of(subject: Token) -> tuple[str, str]:
    number = GRAMMAR.number_codes.get("".join(subject.morph.get("Number")), "")
    if subject.pos_ == "PRON":
        # "sie"/"Sie" is 3rd singular, 3rd plural or polite: leave person to the verb form
        person = "" if subject.lower_ == "sie" else "".join(subject.morph.get("Person"))
        return person, ("" if subject.lower_ == "sie" else number)
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
    finite_tenses = GRAMMAR.finite_tenses
    return all(r.tense in finite_tenses or r.tense == "IMP" for r in readings)


def _starts_sentence(token: Token) -> bool:
    if token.is_sent_start:
        return True
    previous = token.nbor(-1) if token.i > 0 else None
    return previous is not None and previous.text in MARKS.morph_sentence_openers and bool(previous.is_sent_start)
