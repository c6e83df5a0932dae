"""Claim assembly: from quotes, cues and sources to claim records.

Each cue gets a message (the claim content) by where it stands in its sentence; sentences
without a cue continue the previous source when they are marked as reported ("Demnach …",
Konjunktiv I, "soll …", a quotation in the same paragraph).

The rules live in one module each, mixed into :class:`Assembler`, which holds the state of one
document and runs them in order: :mod:`~claimx.rules.cue_claims` (the claim of one cue),
:mod:`~claimx.rules.channels` (nested channels), :mod:`~claimx.rules.quotations`,
:mod:`~claimx.rules.message` (where a cue's message is), :mod:`~claimx.rules.continuations`
and :mod:`~claimx.rules.mood`; drafts and records are in :mod:`~claimx.rules.drafts`, the claim
sentences in :mod:`~claimx.rules.sentences`.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from claimx.lexicon import VerbLexicon
from claimx.rules.channels import ChannelRules
from claimx.rules.continuations import ContinuationRules
from claimx.rules.cue_claims import CueClaimRules
from claimx.rules.cues import IMPERSONAL, SO, VERB, WordLists
from claimx.rules.drafts import CueInfo, Draft, to_record
from claimx.rules.isolation import RuleGuard, StrictGuard, failed_tokens
from claimx.rules.message import MessageRules
from claimx.rules.mood import MoodRules, maybe_verbs
from claimx.rules.quotations import QuotationRules, has_words, quote_tokens
from claimx.rules.quotes import Quote
from claimx.rules.sentences import claim_sentences
from claimx.rules.thresholds import ClaimThresholds, shipped


class Assembler(CueClaimRules, ChannelRules, QuotationRules, MessageRules, ContinuationRules, MoodRules):
    """Builds the claims of one document: the state below, read by the rule mixins (one module each)."""

    def __init__(self, doc: Doc, quotes: list[Quote], cues: list[CueInfo], words: WordLists,
                 lexicon: VerbLexicon | None, boilerplate: set[int], paragraph_of: list[int],
                 guard: RuleGuard | None = None, limits: ClaimThresholds | None = None) -> None:
        self.doc = doc
        self.limits = limits or shipped(ClaimThresholds)
        self.guard = guard or StrictGuard(doc)  # per cue and per sentence: a failure costs that sentence
        self.words = words
        self.lexicon = lexicon
        self.boilerplate = boilerplate
        self.paragraph_of = paragraph_of
        self.cues = cues
        self.quotes = [q for q in (quote_tokens(doc, q) for q in quotes if q.depth == 0) if q]
        self.quoted: set[int] = {i for qs, qe, _, _ in self.quotes for i in range(qs, qe)}
        self.sents = claim_sentences(doc)
        self.sent_starts = [s.start for s in self.sents]
        self.drafts: list[Draft] = []
        self.used_quotes: set[int] = set()
        self._segments_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._name_quotes: dict[int, bool] = {}
        self._verb_of: dict[int, bool] = {}  # per token: asked again and again by the continuation rules
        self._maybe_verb = maybe_verbs(doc)
        self._mood_of: dict[int, str | None] = {}
        self._speaker_cues: dict[int, CueInfo] | None = None  # per sentence index: its last cue with a speaker
        self.hypothetical_sents: set[int] = set()  # sentences of a speech act in Konjunktiv II: no claim, no continuation

    def sentence_index(self, token_i: int) -> int:
        return bisect_right(self.sent_starts, token_i) - 1

    # --- main ---------------------------------------------------------------------------
    def run(self) -> list[Draft]:
        via_cues = self._via_cues() | self._verbs_inside_so_reports()
        for cue in sorted(self.cues, key=lambda c: (c.kind not in {VERB, IMPERSONAL, SO}, c.start)):
            if cue.start in self.boilerplate or id(cue) in via_cues:
                continue
            with self.guard.at(cue.start):
                draft = self._claim_for(cue)
                if draft is not None:
                    self._drop_nested_in(draft)
                if draft is not None and not self._overlaps(draft):
                    self._attach_via(draft, cue)
                    self.drafts.append(draft)
        self.drafts.sort(key=lambda d: d.start)
        self._continuations()
        self.drafts.sort(key=lambda d: d.start)
        for draft in self.drafts:
            if draft.mood is None:
                with self.guard.at(draft.start):
                    draft.mood = self._mood(draft.start, draft.end)
        failed = {self.sentence_index(i) for i in failed_tokens(self.doc)}  # here and in the earlier components
        self.drafts = [d for d in self.drafts if has_words(self.doc, d) and not (failed and self._touches(d, failed))]
        return self.drafts

    def _touches(self, draft: Draft, sentences: set[int]) -> bool:
        """The draft lies (partly) in one of ``sentences``."""
        return any(k in sentences for k in range(self.sentence_index(draft.start), self.sentence_index(draft.end - 1) + 1))

    def _drop_nested_in(self, draft: Draft) -> None:
        """Earlier drafts lying wholly inside ``draft`` and much shorter are claims nested in it: the outer one stays."""
        # "Nach Angaben von ISNA sollen neun Teilnehmer (von ISNA als „Anführer“ bezeichnet) warten": "Anführer" is
        # part of what ISNA reports, not a claim that keeps ISNA's out
        share = self.limits.nested_claim_share
        # (a claim whose own speaker uses a verb of speaking stays: "„Wir kommen wieder“, sagte sie, so die Zeitung";
        # a weak frame gives way: "Die Opposition hält das für einen „Fehler“, wie es Lindner ausdrückte")
        inner = [d for d in self.drafts if draft.start <= d.start and d.end <= draft.end and not self._spoken(d)
                 and (d.end - d.start) <= share * (draft.end - draft.start)]
        if inner and all(d in inner for d in self.drafts if min(d.end, draft.end) > max(d.start, draft.start)):
            self.drafts = [d for d in self.drafts if d not in inner]

    def _spoken(self, draft: Draft) -> bool:
        """The draft has a speaker and a cue verb that speaks ("sagte", "erklärte"), not a weak frame ("hält … für")."""
        return draft.source is not None and draft.cue is not None \
            and self.words.strength(draft.cue[2]) >= self.limits.speaking_verb_strength

    def _overlaps(self, draft: Draft) -> bool:
        for other in self.drafts:
            overlap = min(other.end, draft.end) - max(other.start, draft.start)
            if overlap > 0 and overlap >= self.limits.overlap_share * min(other.end - other.start, draft.end - draft.start):
                return True
        return False


__all__ = ["Assembler", "CueInfo", "Draft", "claim_sentences", "to_record"]
