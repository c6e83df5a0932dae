"""The claim of one cue: its quotation or message, its source, anaphoric "Das sagte …"."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from claimx.rules.cues import IMPERSONAL, VERB, has_frame
from claimx.rules.drafts import CueInfo, Draft
from claimx.resources import GRAMMAR, MARKS
from claimx.rules.message import trim
from claimx.rules.mood import KJ1


def _auxiliaries(verb) -> list:
    """The auxiliaries and modals the parse hung on a verb ("hat … gesagt", "wollte … bestätigen")."""
    return [c for c in verb.children if c.dep_ in GRAMMAR.auxiliary_deps]


def _is_negated(verb, message: tuple[int, int]) -> bool:
    """A speech verb under "nicht" or "nie" outside its message asserts nothing ("wollte nicht bestätigen, dass …")."""
    if verb.lemma_.lower() in GRAMMAR.negation_affirming_lemmas:
        return False  # "schloss nicht aus, dass …": the possibility is claimed
    doc = verb.doc
    for holder in (verb, *_auxiliaries(verb)):
        for child in holder.children:
            # (not past a comma or dash after the verb: "„…“, sagt Arend, Abgeordneter – nicht ohne Sarkasmus")
            if child.lower_ in GRAMMAR.negations and not message[0] <= child.i < message[1] \
                    and not any(t.is_punct for t in doc[holder.i + 1 : child.i]) \
                    and not (child.i + 1 < len(doc) and doc[child.i + 1].lower_ in GRAMMAR.negation_releasers):
                return True
    return False


def _is_hypothetical(verb) -> bool:
    """A speech act in Konjunktiv II did not take place: "Man könnte sagen, …", "Er würde fordern, …", "Das Land
    hätte die Rückgabe verlangen müssen" (unambiguous forms only: not "sollte", "wollte", which are also past tense)."""
    holders = _auxiliaries(verb)
    if verb.head.i != verb.i and verb.dep_ in GRAMMAR.hypothetical_head_deps:
        holders.append(verb.head)  # "müsste fordern" parsed with the modal as head
    if any(h.lower_ in GRAMMAR.hypothetical_auxiliary_forms for h in holders):
        return True
    # "hätte … verlangen müssen": the perfect of a modal; not "Firmen hätten gesagt, …", a past in reported speech
    return any(h.lower_ in GRAMMAR.hypothetical_perfect_forms for h in holders) \
        and any(h.lemma_ in GRAMMAR.modal_lemmas for h in holders)


class CueClaimRules:
    """The rules for one cue's claim (mixed into :class:`claimx.rules.claims.Assembler`, whose state it reads)."""

    def _claim_for(self, cue: CueInfo) -> Draft | None:
        sent = self.sents[self.sentence_index(cue.start)]
        source = cue.source
        if cue.kind == IMPERSONAL:
            source = self._impersonal_source(cue, sent)
        if cue.kind == VERB and self._is_anaphoric(cue, sent):
            return self._anaphoric(cue, sent, source)
        quote = self._adjacent_quote(cue, sent)
        message = self._message_range(cue, sent, source)
        if message is not None and message[1] <= message[0]:
            message = None  # "„Bild“, ARD berichtet": cue and source take the whole piece, nothing is said
        verb = self.doc[cue.start]
        # (a negated thought is still a view: "geht nicht davon aus, dass …")
        if cue.kind == VERB and message is not None and self.words.stwr(cue.lemma) not in GRAMMAR.negation_kept_classes \
                and _is_negated(verb, message):
            return None
        if cue.kind == VERB and _is_hypothetical(verb):
            self.hypothetical_sents.add(self.sentence_index(cue.start))  # "Man könnte sagen, es sei …": no one's words
            return None
        if message is not None and cue.kind == VERB:
            # "Er sagte, Europa brauche X, und fügte hinzu: „…“": the next speech verb starts its own claim
            conjunctions = GRAMMAR.cue_conjunctions
            later = [c.start for c in self.cues if c.kind == VERB and message[0] < c.start < message[1] and c.start > cue.start
                     and (self.doc[c.start].head.i == cue.start and self.doc[c.start].dep_ == "conj"
                          or self.doc[c.start - 1].lower_ in conjunctions)]
            if later:
                end = later[0]
                while end > message[0] and (self.doc[end - 1].is_punct or self.doc[end - 1].lower_ in conjunctions):
                    end -= 1
                if end - message[0] >= 2:
                    message = (message[0], end)
        if message is not None and cue.kind == VERB and verb.dep_ in GRAMMAR.relative_clause_deps:
            # "Der Minister, der … vorwarf, X zu haben, trat zurück": the claim ends with the relative clause
            end = min(message[1], max(t.i for t in verb.subtree) + 1)
            message = (message[0], end) if end > message[0] else message
        if quote is not None:
            qs, qe, index = quote
            if source is None and qs >= 2 and self.doc[qs - 2].text == ":":
                # "Dafür müsse man umsteuern. Mit Blick auf Tesla heiße das: „…“": no subject, the speaker goes on
                source = self._speaker_before(qs)
            if message is not None and self._is_mixed(message, (qs, qe)):
                self.used_quotes.add(index)
                return self._draft(message, "mixed", cue, source)
            self.used_quotes.add(index)
            return self._draft((qs, qe), "direct", cue, source)
        if message is None:
            return None
        kind = self._kind_of(cue, message)
        if kind == "indirect" and self._is_wie_clause(cue, self._piece_of(cue, sent)):
            kind = "reported"  # "…, wie das Ministerium mitteilte": reported, not indirect speech
        return self._draft(message, kind, cue, source)

    def _draft(self, span: tuple[int, int], kind: str, cue: CueInfo, source: dict[str, Any] | None) -> Draft | None:
        start, end = span if kind == "direct" else trim(self.doc, *span)
        if end - start < 1 or all(self.doc[i].is_punct for i in range(start, end)):
            return None
        confidence = self.limits.claim_confidence(kind, cue.strength, bool(source))
        return Draft(start, end, kind, (cue.start, cue.end, cue.lemma), source, confidence)

    def _impersonal_source(self, cue: CueInfo, sent: Span) -> dict[str, Any] | None:
        # "…, hieß es weiter": the previous source goes on speaking
        after = self.doc[cue.end] if cue.end < len(self.doc) else None
        if after is not None and after.lower_ in self.words.continuation_adverbs:
            previous = self._previous_source(cue.start)
            if previous is not None:
                return {**previous, "resolved_by": "continuation"}
        if cue.source is not None:
            return cue.source
        previous = self._speaker_of_sentence_before(cue.start)
        if previous is not None:
            # "Die Plattform fordert mehr Geld. Der Fokus solle auf den Ferien liegen, hieß es.": the Plattform
            return {**previous, "resolved_by": "continuation"}
        return {"start": cue.start, "end": cue.end, "name": self.doc[cue.start:cue.end].text,
                "type": "vague", "resolved_by": None}

    def _speaker_of_sentence_before(self, start: int) -> dict[str, Any] | None:
        """The named source of a claim in the sentence right before, in the same paragraph."""
        index = self.sentence_index(start)
        if index == 0:
            return None
        before = self.sents[index - 1]
        sourced = [d for d in self.drafts if before.start <= d.start < before.end and d.source is not None
                   and d.source.get("type") in GRAMMAR.named_source_types]
        if not sourced or self.paragraph_of[before.start] != self.paragraph_of[start]:
            return None
        return max(sourced, key=lambda d: d.start).source

    # "Das erklärte ein Beamter …": the claim is the previous sentence
    def _is_anaphoric(self, cue: CueInfo, sent: Span) -> bool:
        first = self.doc[sent.start]
        if first.lower_ not in self.words.anaphors:
            return False
        # "Das hat der Verein am Sonntag bekannt gegeben": the finite auxiliary of a participle stands in second place
        verb = self.doc[cue.start]
        position = min([cue.start, *(c.i for c in verb.children if c.dep_ in GRAMMAR.auxiliary_deps)])
        if position - sent.start > self.limits.anaphor_cue_tokens:
            return False
        if first.dep_ == "det" and first.i < first.head.i < cue.start and first.head.pos_ in GRAMMAR.noun_tags:
            return False  # "Das DRK forderte …": an article of the subject, not "Das" that points back
        if first.pos_ == "ADV" and has_frame(self.doc[cue.start], cue.lemma, self.words):
            return False  # "So riet die Ärztin zu mehr Ruhe": "so" is "for instance", the frame holds what was said
        breaks = MARKS.clause_breaks
        return not any(t.text in breaks for t in self.doc[cue.end : sent.end] if t.i not in self.quoted)

    def _anaphoric(self, cue: CueInfo, sent: Span, source: dict[str, Any] | None) -> Draft | None:
        index = self.sentence_index(sent.start)
        if index == 0:
            return None
        previous = self.sents[index - 1]
        if any(i in self.boilerplate for i in range(previous.start, previous.end)):
            return None
        draft = self._draft((previous.start, previous.end), "reported", cue, source)
        if draft is not None:
            draft.kind = "indirect" if self._mood(draft.start, draft.end) == KJ1 else "reported"
            for index_q, (qs, qe, _, _) in enumerate(self.quotes):
                if qs >= previous.start and qe <= previous.end:
                    self.used_quotes.add(index_q)
                    if qe - qs >= (draft.end - draft.start) - self.limits.anaphor_quote_slack_tokens:
                        draft.kind = "direct"
                        draft.start, draft.end = qs, qe
        return draft
