"""Sentences without a cue that go on reporting the previous source ("Demnach …", Konjunktiv I, "soll …", a quotation)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from claimx.rules.drafts import Draft
from claimx.rules.message import trim
from claimx.resources import GRAMMAR
from claimx.rules.mood import KJ1


class ContinuationRules:
    """The continuation rules (mixed into :class:`claimx.rules.claims.Assembler`, whose state it reads)."""

    def _continuations(self) -> None:
        """Sentences without a cue that go on reporting the previous source."""
        self._split_quotes()
        claimed_sents = {self.sentence_index(d.start) for d in self.drafts} | {self.sentence_index(d.end - 1) for d in self.drafts}
        last_own: dict[int, Draft] = {}  # the last draft (in draft order) starting or ending in each sentence
        for draft in self.drafts:
            self._own(draft, last_own)
        last: Draft | None = None
        for index, sent in enumerate(self.sents):
            previous, last = last, None  # a sentence whose rules fail ends the run of continuations
            with self.guard.at(sent.start):
                last = self._follow(index, sent, previous, last_own, claimed_sents)

    def _own(self, draft: Draft, last_own: dict[int, Draft]) -> Draft:
        for index in {self.sentence_index(draft.start), self.sentence_index(draft.end - 1)}:
            last_own[index] = draft
        return draft

    def _follow(self, index: int, sent: Span, last: Draft | None, last_own: dict[int, Draft],
                claimed_sents: set[int]) -> Draft | None:
        """The continuation claim of sentence ``index`` if any; returns the draft the next sentence continues."""
        if index in last_own:
            return last_own[index]
        in_boilerplate = bool(self.boilerplate) and any(i in self.boilerplate for i in range(sent.start, sent.end))
        if index in claimed_sents or in_boilerplate:
            return None if in_boilerplate else last
        if last is None:
            draft = self._distant_konjunktiv(sent) or self._free_quotation(sent)
            if draft is not None:
                self.drafts.append(self._own(draft, last_own))  # a quotation may run on into later sentences
            return draft
        gap = index - self.sentence_index(last.end - 1)
        draft = self._continuation(sent, last, gap)
        if draft is not None:
            self.drafts.append(self._own(draft, last_own))
            return draft
        return None if gap > 1 else last

    def _continuation(self, sent: Span, last: Draft, gap: int) -> Draft | None:
        first = self.doc[sent.start]
        same_paragraph = self.paragraph_of[sent.start] == self.paragraph_of[last.end - 1]
        source = {**last.source, "resolved_by": "continuation"} if last.source else None
        quotes = [(i, q) for i, q in enumerate(self.quotes) if sent.start <= q[0] < sent.end and i not in self.used_quotes]
        if quotes and same_paragraph and gap <= self.limits.continuation_quote_sentences:
            i, (qs, qe, _, _) = quotes[0]
            # a quoted phrase without a verb („übergesetzlicher Notstand“) is a scare quote, not more words of the source
            if qe - qs >= self.limits.min_quote_words or qe - qs >= 2 and any(self._is_verb(t) for t in self.doc[qs:qe]):
                self.used_quotes.add(i)
                if source is not None and self._other_person_between(last.end, qs, source):
                    source = None  # "…, sagte Roth. Dann sprach Karl Hahn. „…“": no longer surely Roth
                return self._plain_draft((qs, qe), "direct", source, 0.7)
        if gap > 1:
            return self._distant_konjunktiv(sent) or self._free_quotation(sent)
        lower = {t.lower_ for t in sent}
        if first.lower_ in self.words.continuation_starts or lower & self.words.continuation_words:
            kind = "indirect" if self._mood(sent.start, sent.end) == KJ1 else "reported"
            return self._plain_draft((sent.start, sent.end), kind, source, 0.65)
        if self._main_verb_kj1(sent):
            return self._plain_draft((sent.start, sent.end), "indirect", source, 0.6)
        if "soll" in lower or "sollen" in lower or lower & self.words.hearsay:
            if any(t.lemma_ == "sollen" and t.dep_ in GRAMMAR.hearsay_sollen_deps for t in sent) or lower & self.words.hearsay:
                return self._plain_draft((sent.start, sent.end), "reported", source, 0.5)
        return None

    def _speaker_before(self, start: int) -> dict[str, Any] | None:
        """The source of the last claim, when no other person is named between it and ``start``."""
        # "„…“, sagte Müller. Er lächelte. „Wir machen weiter.“": still Müller
        previous = self._previous_source(start)
        if previous is None:
            return None
        last_end = max((d.end for d in self.drafts if d.start < start and d.source is not None), default=0)
        if self.sentence_index(start) - self.sentence_index(max(last_end - 1, 0)) > self.limits.speaker_carry_sentences:
            return None
        if self._other_person_between(last_end, start, previous):
            return None
        return {**previous, "resolved_by": "continuation"}

    def _other_person_between(self, start: int, end: int, source: dict[str, Any]) -> bool:
        """Whether a person other than ``source`` is named between tokens ``start`` and ``end``."""
        # "sagte Kreisbrandmeister Jonas Weber": an entity that holds the source's name is the source itself
        keys = {w.lower() for w in str(source.get("name", "")).split()}
        return any(ent.label_ == "PER" and ent.start >= start and ent.end <= end and not any(t.lower_ in keys for t in ent)
                   for ent in self.doc.ents)

    def _distant_konjunktiv(self, sent: Span) -> Draft | None:
        """Konjunktiv I a few sentences after the last claim still reports its source (else an unnamed one)."""
        # "Xinhua meldete, … . Die Proteste weiteten sich aus. In Lanzhou seien Studenten in Streik getreten."
        subject_deps, speakers = GRAMMAR.mood_subject_deps, GRAMMAR.speaker_pronouns
        if not self._main_verb_kj1(sent, frozenset({KJ1})) or any(t.dep_ in subject_deps and t.lower_ in speakers for t in sent):
            return None
        previous = self._previous_source(sent.start)
        source = {**previous, "resolved_by": "continuation"} if previous else None
        return self._plain_draft((sent.start, sent.end), "indirect", source, 0.5)

    def _plain_draft(self, span: tuple[int, int], kind: str, source, confidence: float) -> Draft | None:
        start, end = trim(self.doc, *span)
        if end <= start:
            return None
        return Draft(start, end, kind, None, source, confidence)

    def _previous_source(self, before: int) -> dict[str, Any] | None:
        for draft in reversed(self.drafts):
            if draft.start < before and draft.source is not None:
                return draft.source
        candidates = [c for c in self.cues if c.start < before and c.source]
        return candidates[-1].source if candidates else None
