"""Verbs and mood: which tokens are verbs, and Konjunktiv I / II or indicative of a claim."""

from __future__ import annotations

from spacy.attrs import IS_LOWER, POS
from spacy.tokens import Doc, Span, Token

from claimx.resources import GRAMMAR
from claimx.rules.text import pos_ids


KJ1 = "konjunktiv_i"
KJ2 = "konjunktiv_ii"
IND = "indicative"


class MoodRules:
    """The verb and mood rules (mixed into :class:`claimx.rules.claims.Assembler`, whose state it reads)."""

    def _is_verb(self, token: Token) -> bool:
        """A verb by the tagger, or a lower-case word the verb lexicon knows as finite ("gebe")."""
        if not self._maybe_verb[token.i]:
            return False
        known = self._verb_of.get(token.i)
        if known is None:
            known = self._verb_of[token.i] = self._tagged_or_known_verb(token)
        return known

    def _tagged_or_known_verb(self, token: Token) -> bool:
        if token.pos_ in GRAMMAR.verb_tags:
            return True
        # not an attributive adjective that looks like a verb form ("eine lange Geschichte": lange ~ er lange)
        if token.pos_ == "ADJ" and token.dep_ == "amod":
            return False
        finite = GRAMMAR.finite_tenses
        return token.is_lower and self.lexicon is not None and token.pos_ not in GRAMMAR.not_verb_pos \
            and any(r.tense in finite for r in self.lexicon.readings(token.text))

    def _main_verb_kj1(self, sent: Span, moods: frozenset[str] = frozenset({KJ1, KJ2})) -> bool:
        """Konjunktiv I on a finite verb of the main clause ("Es seien Truppen verlegt worden")."""
        for i in range(sent.start, sent.end):
            if not self._maybe_verb[i] or i in self.quoted:
                continue
            token = self.doc[i]
            if not self._is_verb(token):
                continue
            if token.dep_ in GRAMMAR.subordinate_clause_deps or token.head.dep_ in GRAMMAR.relative_clause_deps:
                continue
            # "Die Soldaten hätten Verluste erlitten": Konjunktiv II stands in for an ambiguous Konjunktiv I;
            # in the third person singular Konjunktiv I is never ambiguous ("es könne", "sie werde"), so a modal
            # there ("Das könnte den Einsatz erleichtern", "Sie dürfte das System entlasten") is the author's conjecture
            mood = self._token_mood(token)
            if mood == KJ2 and token.lemma_ in GRAMMAR.conjecture_modal_lemmas and _third_person_singular(token):
                continue
            if mood in moods:
                return True
        return False

    def _mood(self, start: int, end: int) -> str | None:
        moods = [self._token_mood(self.doc[i]) for i in range(start, end) if self._maybe_verb[i] and self._is_verb(self.doc[i])]
        for wanted in (KJ1, KJ2, IND):
            if wanted in moods:
                return wanted
        return None

    def _token_mood(self, token: Token) -> str | None:
        if token.i not in self._mood_of:
            self._mood_of[token.i] = self._reported_mood(token)
        return self._mood_of[token.i]

    def _reported_mood(self, token: Token) -> str | None:
        morph = token.morph
        # "ich sitze", "wir haben": a first-person indicative that shares its form with Konjunktiv I
        # (GRAMMAR.speaker_pronouns: "ich habe" is a first-person Konjunktiv-like form, no report)
        subject_deps, speakers = GRAMMAR.mood_subject_deps, GRAMMAR.speaker_pronouns
        if "Mood=Ind" in morph and any(c.dep_ in subject_deps and c.lower_ in speakers for c in token.children):
            return IND
        if self.lexicon is not None and self.lexicon.is_konjunktiv_i(token.text):
            return KJ1
        if "Mood=Sub" in morph:
            if self.lexicon is not None and not self.lexicon.readings(token.text):
                return None  # "eventuelle" tagged as a subjunctive verb: the lexicon knows no such verb form
            kj1_tenses, kj2_tenses = GRAMMAR.konjunktiv_i_tenses, GRAMMAR.konjunktiv_ii_tenses
            if self.lexicon is not None and {r.tense for r in self.lexicon.readings(token.text)} & kj1_tenses and \
                    not {r.tense for r in self.lexicon.readings(token.text)} & kj2_tenses:
                return KJ1
            return KJ2 if self.lexicon is not None and self.lexicon.readings(token.text) else KJ1
        # "Die Deiche befänden sich …" tagged indicative or untagged: a form the lexicon knows only as Konjunktiv II is one
        if self.lexicon is not None and self._only_konjunktiv_ii(token.text):
            return KJ2
        if "Mood=Ind" in morph:
            return IND
        return None

    def _only_konjunktiv_ii(self, form: str) -> bool:
        tenses = {r.tense for r in self.lexicon.readings(form)}
        return bool(tenses) and tenses <= GRAMMAR.konjunktiv_ii_tenses


def _third_person_singular(token: Token) -> bool:
    morph = token.morph
    return "Number=Sing" in morph and "Person=3" in morph


def maybe_verbs(doc: Doc) -> list[bool]:
    """Per token: tagged as a verb, or a lower-case word of a class the lexicon test may call a verb
    (the cheap part of ``Assembler._is_verb``, read from arrays for the whole doc at once)."""
    if not len(doc):
        return []
    verbs, never_verbs = pos_ids("verb_tags"), pos_ids("not_verb_pos")
    return [pos in verbs or (is_lower == 1 and pos not in never_verbs)
            for pos, is_lower in doc.to_array([POS, IS_LOWER]).tolist()]
