"""Lexicon-backed morphology fixes for the base pipeline (factory ``claimx_lexicon``, in claimx.components.factories).

The treebank is small, so the statistical components rarely see Konjunktiv I or rare
nouns. This component corrects them with the tables derived from the German morph
lexicon: a 3rd person "sei", "habe", "könne" is Konjunktiv I ("Er sagte, die Lage sei
ernst."), "teilte ... mit" has the lemma "mitteilen", "Zahnärzte" the lemma "Zahnarzt".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import DEP, HEAD, LEMMA, ORTH, POS, SENT_START
from spacy.morphology import Morphology
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from claimx.lexicon import NounLexicon, Reading, VerbLexicon
from claimx.resources import GRAMMAR, MARKS
from claimx.rules.text import pos_ids

_NOUN, _PUNCT = POS_IDS["NOUN"], POS_IDS["PUNCT"]


class LexiconMorph:
    """Sets verb lemmas and Mood, and noun lemmas, from the lexicon where it is unambiguous."""

    def __init__(self, name: str, verbs: VerbLexicon, nouns: NounLexicon | None = None, *,
                 join_particles: bool = True, set_mood: bool = True) -> None:
        self.name = name
        self.verbs = verbs
        self.nouns = nouns
        self.join_particles = join_particles
        self.set_mood = set_mood
        # the same few thousand verb forms and analyses in every doc
        self._finite_readings = lru_cache(maxsize=65536)(self._select_finite)
        self._finite_morph = lru_cache(maxsize=4096)(_with_mood)
        self._past_verb_lemma = lru_cache(maxsize=65536)(self._select_past_verb)

    def __call__(self, doc: Doc) -> Doc:
        verb_ids, capitalised = pos_ids("verb_tags"), pos_ids("capitalised_lemma_pos")
        sentence_initial = _sentence_initial(doc)
        tree = Tree.of(doc)
        # the parts of speech and lemmas from one array: Token objects only for the tokens a fix may change
        table = doc.to_array([POS, ORTH, LEMMA]).tolist() if len(doc) else []
        mistagged = pos_ids("retag_as_verb_pos")
        for i, (pos, orth, lemma) in enumerate(table):
            token = None
            if pos in mistagged and not sentence_initial[i]:
                past_lemma = self._past_verb_lemma(doc.vocab.strings[orth])
                if past_lemma is not None:
                    token = doc[i]
                    self._retag_past_verb(token, past_lemma)
                    pos = token.pos
            if pos in verb_ids:
                token = doc[i]
                particle = (separated_particle(tree, i) or self._clause_final_particle(tree, i)) if self.join_particles else ""
                self._fix_verb_lemma(token, particle)
                if self.set_mood:
                    self._fix_mood(token, particle, tree)
            elif pos == _NOUN and self.nouns is not None:
                token = doc[i]
                self._fix_noun_lemma(token)
            elif pos == _PUNCT and lemma != orth:
                token = doc[i]
                token.lemma_ = token.text  # UD: punctuation is its own lemma
            if pos not in capitalised and sentence_initial[i]:
                token = token or doc[i]
                if token.lemma_[:1].isupper():
                    # "Hier", "Kein" at the start of a sentence: function words have lower-case lemmas
                    token.lemma_ = token.lemma_[:1].lower() + token.lemma_[1:]
        return doc

    def _select_past_verb(self, form: str) -> str | None:
        """The lemma of a lower-case form the lexicon knows only as a past-tense verb, else None."""
        if not form.islower():
            return None
        readings = self.verbs.readings(form)
        if not readings or any(r.tense not in GRAMMAR.retag_as_verb_tenses for r in readings):
            return None
        return readings[0].lemma

    def _retag_past_verb(self, token: Token, lemma: str) -> None:
        """A word the tagger took for an adjective, adverb or preposition that the lexicon knows only as a
        past-tense verb is that verb ("„…“, strich/ADJ Berg heraus", "Berg warb/ADV mit den Worten: …")."""
        token.pos_ = "VERB"
        token.lemma_ = lemma
        token.set_morph(self._finite_morph("Tense=Past|VerbForm=Fin", "Ind", token.vocab.morphology))

    def _clause_final_particle(self, tree: Tree, verb: int) -> str:
        """A particle of the verb the parse gave another label, last before a clause mark ("fand am Montag statt:")."""
        doc, ends = tree.doc, MARKS.clause_breaks | MARKS.sentence_ends
        for child in tree.children[verb]:
            if child <= verb or child + 1 >= len(doc) or doc[child + 1].text not in ends:
                continue
            word = doc[child].text
            if word.isalpha() and word.islower() and self._particle_lemmas(doc[verb].text, word):
                return word
        return ""

    def _particle_lemmas(self, form: str, particle: str) -> list[str]:
        """The lemmas of a finite form with its separated particle; the lexicon may know only the joined
        form of the subordinate clause ("fand … statt" as "stattfand")."""
        return self.verbs.lemmas(form, particle) or self.verbs.lemmas(particle + form)

    def _fix_verb_lemma(self, token: Token, particle: str) -> None:
        lemmas = self._particle_lemmas(token.text, particle) if particle else []
        if not lemmas:
            lemmas = self.verbs.lemmas(token.text)
        if lemmas and token.lemma_ not in lemmas:
            token.lemma_ = lemmas[0]

    def _fix_noun_lemma(self, token: Token) -> None:
        lemmas = self.nouns.lemmas(token.text) if self.nouns is not None else []
        if len(lemmas) == 1 and token.lemma_ != lemmas[0]:
            token.lemma_ = lemmas[0]

    def _fix_mood(self, token: Token, particle: str, tree: Tree) -> None:
        finite, only_finite = self._finite_readings(token.text, particle, GRAMMAR.finite_tenses)
        if not finite or not (only_finite or _tagged_finite(token)):
            return
        person, number = subject_person_number(tree, token.i)
        moods = {r.mood for r in finite if _agrees(r, person, number)}
        if len(moods) == 1:
            token.set_morph(self._finite_morph(str(token.morph), moods.pop(), token.vocab.morphology))

    def _select_finite(self, form: str, particle: str, finite_tenses: frozenset[str]) -> tuple[tuple[Reading, ...], bool]:
        """The finite readings of a form, and whether the lexicon knows it only as finite ("sei", "könne")."""
        readings = self.verbs.readings(form, particle) or self.verbs.readings(form)
        return (tuple(r for r in readings if r.tense in finite_tenses),
                all(r.tense in finite_tenses or r.tense == "IMP" for r in readings))


def _with_mood(features: str, mood: str, morphology: Morphology) -> str:
    """``features`` (UD FEATS) with the Mood found and VerbForm=Fin, normalised as ``Token.set_morph`` does."""
    changed = morphology.feats_to_dict(features)
    changed["Mood"] = mood
    changed["VerbForm"] = "Fin"
    return morphology.normalize_features(changed)


@dataclass(frozen=True, slots=True)
class Tree:
    """The dependency tree of a doc as token offsets, read once: each ``Token.children`` walks the token's subtree."""

    doc: Doc
    heads: list[int]
    deps: list[str]
    children: list[list[int]]

    @classmethod
    def of(cls, doc: Doc) -> Tree:
        heads = [i + offset for i, offset in enumerate(doc.to_array(HEAD).astype("int64").tolist())] if len(doc) else []
        strings = doc.vocab.strings
        deps = [strings[dep] for dep in doc.to_array(DEP).tolist()] if len(doc) else []
        children: list[list[int]] = [[] for _ in heads]
        for i, head in enumerate(heads):
            if head != i:
                children[head].append(i)
        return cls(doc, heads, deps, children)


def separated_particle(tree: Tree, verb: int) -> str:
    """The separated verb particle of token ``verb`` ("mit" in "teilte ... mit"), or ""."""
    for child in tree.children[verb]:
        if tree.deps[child] == "compound:prt":
            return tree.doc[child].text
    return ""


def subject_person_number(tree: Tree, verb: int) -> tuple[str, str]:
    """Person ("1"/"2"/"3") and number ("S"/"P") of the subject of token ``verb``, "" when unknown."""
    governor = tree.heads[verb] if tree.deps[verb] in GRAMMAR.governor_deps else verb
    subject_deps = GRAMMAR.agreement_subject_deps
    for child in tree.children[governor]:
        if tree.deps[child] in subject_deps:
            return _person_number_of(tree, child)
    morph = str(tree.doc[verb].morph)
    return _values(morph, "Person"), GRAMMAR.number_codes.get(_values(morph, "Number"), "")


def _person_number_of(tree: Tree, i: int) -> tuple[str, str]:
    subject = tree.doc[i]
    morph = str(subject.morph)
    number = GRAMMAR.number_codes.get(_values(morph, "Number"), "")
    if subject.pos_ == "PRON":
        # "sie"/"Sie" is 3rd singular, 3rd plural or polite: leave person to the verb form
        person = "" if subject.lower_ == "sie" else _values(morph, "Person")
        return person, ("" if subject.lower_ == "sie" else number)
    if any(tree.deps[child] == "conj" for child in tree.children[i]):
        return "3", "P"  # "Peter und Maria seien ..." : coordinated subjects are plural
    return "3", number


@lru_cache(maxsize=4096)  # the analyses of a language are a few hundred
def _values(features: str, field: str) -> str:
    """``"".join(morph.get(field))`` for ``features = str(morph)`` (normalised UD FEATS, values sorted)."""
    return Morphology.feats_to_dict(features).get(field, "").replace(Morphology.VALUE_SEP, "")


def _agrees(reading: Reading, person: str, number: str) -> bool:
    return (not person or reading.person == person) and (not number or reading.number == number)


def _tagged_finite(token: Token) -> bool:
    morph = token.morph
    return "VerbForm=Fin" in morph or any(feature.startswith("Mood=") for feature in morph)


def _sentence_initial(doc: Doc) -> list[bool]:
    """Per token: it starts a sentence, or follows the opening mark that does („Merz sagte …“)."""
    table = doc.to_array([SENT_START, ORTH]).tolist() if len(doc) else []
    openers = {get_string_id(mark) for mark in MARKS.morph_sentence_openers}
    starts = [start == 1 for start, _ in table]
    return [starts[i] or i > 0 and starts[i - 1] and table[i - 1][1] in openers for i in range(len(table))]
