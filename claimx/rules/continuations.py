"""Sentences without a cue that go on reporting the previous source ("Demnach …", Konjunktiv I, "soll …", a quotation)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from claimx.rules.cues import VERB
from claimx.rules.drafts import Draft
from claimx.rules.mentions import PersonMention, is_person_descriptor, last_person_before, person_mentions
from claimx.rules.message import trim
from claimx.resources import GRAMMAR, MARKS
from claimx.rules.mood import KJ1, KJ2
from claimx.rules.text import ends_with_any


class ContinuationRules:
    """The continuation rules (mixed into :class:`claimx.rules.claims.Assembler`, whose state it reads)."""

    def _continuations(self) -> None:
        """Sentences without a cue that go on reporting the previous source."""
        self._split_quotes()
        claimed_sents = {self.sentence_index(d.start) for d in self.drafts} | {self.sentence_index(d.end - 1) for d in self.drafts} \
            | self.hypothetical_sents
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
            own = last_own[index]
            if last is not None and self._impersonal_after(own, last, index):
                # "…, so Berg. Auch sei zu befürchten, dass …": an impersonal cue goes on with the speaker before
                own.source = {**last.source, "resolved_by": "continuation"}
                own.confidence = self.limits.continuation_confidence["marked"]
            return last if last is not None and self._cites_for(own, last, index) else own
        in_boilerplate = bool(self.boilerplate) and any(i in self.boilerplate for i in range(sent.start, sent.end))
        if index in claimed_sents or in_boilerplate:
            return None if in_boilerplate else last
        if last is None:
            draft = self._distant_konjunktiv(sent) or self._free_quotation(sent)
            if draft is not None:
                self.drafts.append(self._own(draft, last_own))  # a quotation may run on into later sentences
            return draft or self._speaker_without_claim(sent)
        gap = index - self.sentence_index(last.end - 1)
        draft = self._continuation(sent, last, gap)
        if draft is not None:
            self.drafts.append(self._own(draft, last_own))
            return draft
        return self._speaker_without_claim(sent) or (None if gap > 1 else last)

    def _speaker_without_claim(self, sent: Span) -> Draft | None:
        """A sentence whose speech verb has a named speaker but no claim of its own: the next continuation is his."""
        # "Die Behörde wirft dem Land Verstöße vor. Das Land bestreitet das. Sein Programm diene nur der Forschung.":
        # the Land, not the Behörde
        if self._speaker_cues is None:  # once per document: asked for many sentences
            self._speaker_cues = {}
            for c in self.cues:
                if c.kind == VERB and c.source and c.source.get("type") in GRAMMAR.speaker_source_types:
                    self._speaker_cues[self.sentence_index(c.start)] = c  # the last in each sentence
        cue = self._speaker_cues.get(self.sentence_index(sent.start))
        if cue is None:
            return None
        return Draft(sent.start, sent.end, "speaker", (cue.start, cue.end, cue.lemma), cue.source, 0.0)

    def _impersonal_after(self, draft: Draft, speaker: Draft, index: int) -> bool:
        """A sourceless claim whose cue verb has no subject ("sei zu befürchten", "wurde betont") right after a sourced one."""
        if draft.source is not None or draft.cue is None or speaker.source is None \
                or self.sentence_index(speaker.end - 1) != index - 1 \
                or self.paragraph_of[speaker.end - 1] != self.paragraph_of[draft.cue[0]]:
            return False
        verb = self.doc[draft.cue[0]]
        # only in Konjunktiv I, the mood of reported speech: "Es wurde betont, dass …" may open someone else's turn
        if not {"Inf", "Part"} & set(verb.morph.get("VerbForm")) \
                or not self._main_verb_kj1(self.sents[index], frozenset({KJ1})):
            return False
        holders = [verb, *(c for c in verb.children if c.dep_ in GRAMMAR.auxiliary_deps)]
        return not any(c.dep_ in GRAMMAR.agreement_subject_deps and c.lower_ not in GRAMMAR.expletive_subjects
                       for h in holders for c in h.children)

    def _cites_for(self, draft: Draft, speaker: Draft, index: int) -> bool:
        """``draft`` cites figures or documents for the speaker of the sentence before; he goes on speaking."""
        # "Die Nachfrage sei hoch, so Weber. Bis 2030 würden laut Prognosen 900 Busse gebaut. „Das ist viel.“": Weber
        source = draft.source
        if source is None or speaker.source is None or source.get("resolved_by") is not None or draft.cue is None \
                or source.get("type") != "unknown" or self.doc[draft.cue[0]].pos_ != "ADP" \
                or self.sentence_index(speaker.end - 1) < index - 1:
            return False
        # a bare plural ("laut Prognosen", "Umfragen zufolge"), not "laut dem Bericht" or "laut Müller"
        words = [t for t in self.doc[source["start"] : source["end"]] if not t.is_punct]
        return bool(words) and words[-1].pos_ == "NOUN" and all(t.pos_ in GRAMMAR.bare_noun_phrase_pos for t in words)

    def _continuation(self, sent: Span, last: Draft, gap: int) -> Draft | None:
        first = self.doc[sent.start]
        same_paragraph = self.paragraph_of[sent.start] == self.paragraph_of[last.end - 1]
        source = {**last.source, "resolved_by": "continuation"} if last.source else None
        # (not a quoted name: "In der „Aktion Kinder helfen“ sind zehn Vereine")
        quotes = [(i, q) for i, q in enumerate(self.quotes) if sent.start <= q[0] < sent.end and i not in self.used_quotes
                  and not self._is_name_quote(i)]
        if quotes and same_paragraph and gap <= self.limits.continuation_quote_sentences:
            i, (qs, qe, _, _) = quotes[0]
            # a quoted phrase without a verb („übergesetzlicher Notstand“) is a scare quote, not more words of the source
            if qe - qs >= self.limits.min_quote_words or qe - qs >= 2 and any(self._is_verb(t) for t in self.doc[qs:qe]):
                self.used_quotes.add(i)
                colon, own = self._colon_speaker(qs), self._own_subject_speaker(qs, qe)
                if colon is not None or own is not None or source is None:
                    # "…, sagte Roth. Danach will Karla Berg „alles geben“.": Berg's words, not Roth's
                    source = colon or own or self._subject_speaker(qs)
                elif self._in_relative_clause(last):
                    # "Weber zählt zu jenen Leuten, die wissen, wie … . „…“": Weber, not the "Leuten"
                    source = self._clause_speaker(self.sents[self.sentence_index(last.cue[0])]) or source
                elif self._other_person_between(last.end, qs, source):
                    source = None  # "…, sagte Roth. Dann sprach Karl Hahn. „…“": no longer surely Roth
                if gap == 1 and self._reports_around_quote(sent, qs, qe):
                    # "Allein bei Airbus lägen 8.000 Bestellungen vor, „so viel wie noch nie“": the whole sentence
                    return self._plain_draft((sent.start, sent.end), "mixed", source, self.limits.continuation_confidence["quote"])
                return self._plain_draft((qs, qe), "direct", source, self.limits.continuation_confidence["quote"])
        if gap > 1:
            return self._distant_konjunktiv(sent) or self._free_quotation(sent)
        lower = {t.lower_ for t in sent}
        if first.lower_ in self.words.continuation_starts or lower & self.words.continuation_words:
            kind = "indirect" if self._mood(sent.start, sent.end) == KJ1 else "reported"
            return self._plain_draft((sent.start, sent.end), kind, source, self.limits.continuation_confidence["marked"])
        if self._main_verb_kj1(sent):
            return self._plain_draft((sent.start, sent.end), "indirect", source, self.limits.continuation_confidence["konjunktiv"])
        if lower & GRAMMAR.hearsay_modal_forms or lower & self.words.hearsay:
            if any(t.lemma_ in GRAMMAR.hearsay_modal_lemmas and t.dep_ in GRAMMAR.hearsay_sollen_deps for t in sent) \
                    or lower & self.words.hearsay:
                return self._plain_draft((sent.start, sent.end), "reported", source, self.limits.continuation_confidence["hearsay"])
        return None

    def _reports_around_quote(self, sent: Span, qs: int, qe: int) -> bool:
        """The words around a quotation are a Konjunktiv clause of their own: the sentence reports, the quote is part of it."""
        outside = [t for t in sent if not qs - 1 <= t.i <= qe and not t.is_punct]
        inside = [t for t in self.doc[qs:qe] if not t.is_punct]
        return len(outside) > len(inside) and any(
            t.i < qs - 1 or t.i > qe for t in sent if self._token_mood(t) in {KJ1, KJ2}
            and t.pos_ in GRAMMAR.verb_tags and "VerbForm=Fin" in t.morph)

    def _in_relative_clause(self, draft: Draft) -> bool:
        """The draft's cue is the verb of a relative clause, its source the noun the clause describes."""
        return draft.cue is not None and self.doc[draft.cue[0]].dep_ in GRAMMAR.relative_clause_deps \
            and draft.source is not None and draft.source.get("resolved_by") is None

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

    def _quote_lead(self, quote_start: int) -> list[Token]:
        """The words of the quotation's sentence before its opening mark."""
        index = self.sentence_index(quote_start)
        sent = self.sents[index]
        lead = [t for t in self.doc[sent.start:quote_start] if not (t.is_space or t.text in MARKS.quote_marks)]
        if not lead and index > 0:
            # "Weber:" split off as a sentence of its own before „Wir planen …“
            before = [t for t in self.sents[index - 1] if not (t.is_space or t.text in MARKS.quote_marks)]
            if before and before[-1].text == ":":
                return before
        return lead

    def _subject_speaker(self, quote_start: int) -> dict[str, Any] | None:
        """The person the sentence before a cue-less quotation is about: its subject, named or a pronoun."""
        # "Trainerin Anna Weber ist seit Tagen unterwegs. „Es ist anstrengender denn je.“": Anna Weber
        index = self.sentence_index(quote_start)
        if index == 0 or self._quote_lead(quote_start):
            return None
        return self._clause_speaker(self.sents[index - 1])

    def _own_subject_speaker(self, quote_start: int, quote_end: int) -> dict[str, Any] | None:
        """The one person a quotation's own lead names beside its finite verb: the subject it completes."""
        # "Als neue Chefin will Anna Weber „mit ganzer Kraft arbeiten“.", "Nun will sie „alles geben“."
        lead = self._quote_lead(quote_start)
        if not lead or lead[-1].text == ":" or lead[0].i < self.sents[self.sentence_index(quote_start)].start:
            return None
        finite = [t for t in lead if t.pos_ in GRAMMAR.verb_tags and "VerbForm=Fin" in t.morph]
        if len(finite) != 1 or finite[0].lemma_ in GRAMMAR.hearsay_modal_lemmas:
            return None  # "Weber soll „zugestochen“ haben": what others say of him, not his words
        verb = finite[0]
        mentions = {m.name: m for m in person_mentions(self.doc, self.words.person_nouns)
                    if lead[0].i <= m.start and m.end <= verb.i + 4 and m.end <= quote_start
                    and (m.start == 0 or self.doc[m.start - 1].pos_ != "ADP")}
        if len(mentions) == 1:
            mention = next(iter(mentions.values()))
        else:
            pronoun = next((t for t in (self.doc[verb.i - 1], self.doc[verb.i + 1]) if lead[0].i <= t.i < quote_start
                            and t.lower_ in GRAMMAR.person_subject_pronouns), None)
            mention = self._person_of(pronoun) if pronoun is not None and not mentions else None
        if mention is None:
            return None
        return {"start": mention.start, "end": mention.end, "name": mention.name, "type": "person",
                "resolved_by": "continuation"}

    def _colon_speaker(self, quote_start: int) -> dict[str, Any] | None:
        """The speaker before a colon that opens a quotation: a name, a descriptor for one, or the clause's subject."""
        # "Weber: „Wir bleiben.“", "Die 24-Jährige: „…“" (the person named before), "Weber zog Bilanz: „…“"
        lead = self._quote_lead(quote_start)
        if not lead or lead[-1].text != ":" or len(lead) < 2:
            return None
        lead = self.doc[lead[0].i : lead[-1].i]
        mentions = person_mentions(self.doc, self.words.person_nouns)
        named = next((m for m in mentions if m.end == lead.end and m.start >= lead.start), None)
        head = lead[-1].lower_
        if named is None and len(lead) <= self.limits.max_descriptor_lead_tokens and lead[-1].pos_ == "NOUN" \
                and lead[0].lower_ in GRAMMAR.descriptor_articles \
                and (is_person_descriptor(head) or ends_with_any(head, self.words.person_nouns)):
            named = last_person_before(self.doc, lead.start, self.words.person_nouns, None)
        if named is None and not any(t.pos_ in GRAMMAR.verb_tags and "VerbForm=Fin" in t.morph for t in lead):
            # a lead without a verb that opens with a name: "Karl Brenner, Präsident des Verbands: „…“",
            # "Sängerin Eva Roth zur neuen Heimat: „…“"
            named = next((m for m in mentions if lead.start <= m.start <= lead.start + self.limits.colon_lead_name_offset
                          and m.end <= lead.end), None)
        if named is not None:
            return {"start": named.start, "end": named.end, "name": named.name, "type": "person",
                    "resolved_by": "continuation"}
        return self._clause_speaker(lead)

    def _clause_speaker(self, previous: Span) -> dict[str, Any] | None:
        for token in previous:
            if token.dep_ not in GRAMMAR.mood_subject_deps or token.head.i != previous.root.i or token.i in self.quoted:
                continue
            mention = self._person_of(token)
            if mention is not None:
                return {"start": mention.start, "end": mention.end, "name": mention.name, "type": "person",
                        "resolved_by": "continuation"}
        mention = self._leading_person(previous)
        if mention is not None:
            return {"start": mention.start, "end": mention.end, "name": mention.name, "type": "person",
                    "resolved_by": "continuation"}
        return None

    def _leading_person(self, previous: Span) -> PersonMention | None:
        """A person named first in a sentence whose parse gives no subject, right before its finite verb."""
        # "Sportchef Jonas Weber ist Tag und Nacht unterwegs." parsed with two roots: Weber is still its subject
        if any(t.dep_ in GRAMMAR.mood_subject_deps and t.head.i == previous.root.i for t in previous):
            return None
        mention = next((m for m in person_mentions(self.doc, self.words.person_nouns)
                        if previous.start <= m.start <= previous.start + 2 and m.end < previous.end), None)
        if mention is None or not (self.doc[mention.end].pos_ in GRAMMAR.verb_tags and "VerbForm=Fin" in self.doc[mention.end].morph):
            return None
        return mention

    def _person_of(self, subject: Token) -> PersonMention | None:
        """The named person a subject is or stands for ("Sie" after "Anna Weber"), or None."""
        if subject.lower_ in GRAMMAR.person_subject_pronouns:
            if "Number=Plur" in subject.head.morph:
                return None
            gender = "Masc" if subject.lower_ == "er" else "Fem"
            return last_person_before(self.doc, subject.i, self.words.person_nouns, gender)
        left, right = subject.left_edge.i, subject.i + 1
        return next((m for m in person_mentions(self.doc, self.words.person_nouns)
                     if left <= m.start and m.end <= right + 2 and m.start <= subject.i + 2), None)

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
        # "Am Montag hat Siemens den Plan vorgelegt. Der Bau beginne im Mai": the actor of the
        # sentence right before speaks, not the source of a claim further back
        actor = self._actor_before(sent)
        if actor is not None and (source is None or actor["name"] != source.get("name")):
            source = actor
        return self._plain_draft((sent.start, sent.end), "indirect", source, self.limits.continuation_confidence["distant"])

    def _actor_before(self, sent: Span) -> dict[str, Any] | None:
        """The named person or organisation that is the active subject of the sentence right before ``sent``."""
        index = self.sentence_index(sent.start)
        if index == 0 or self.paragraph_of[sent.start] != self.paragraph_of[sent.start - 1]:
            return None
        previous = self.sents[index - 1]
        if any(t.dep_ in GRAMMAR.passive_subject_deps for t in previous):
            return None  # "Meier wurde festgenommen": what happened to him, told by someone else
        person = self._clause_speaker(previous)
        if person is not None:
            return person
        for token in previous:
            if token.dep_ in GRAMMAR.mood_subject_deps and token.head.i == previous.root.i and token.i not in self.quoted \
                    and token.ent_type_ in GRAMMAR.organisation_entity_types:
                entity = next(e for e in self.doc.ents if e.start <= token.i < e.end)
                return {"start": entity.start, "end": entity.end, "name": entity.text, "type": "organisation",
                        "resolved_by": "continuation"}
        return None

    def _plain_draft(self, span: tuple[int, int], kind: str, source, confidence: float) -> Draft | None:
        start, end = trim(self.doc, *span)
        if end <= start:
            return None
        return Draft(start, end, kind, None, source, confidence)

    def _previous_source(self, before: int) -> dict[str, Any] | None:
        # the nearest earlier draft in the text, not the last appended: continuations join the list at its end
        sourced = [d for d in self.drafts if d.start < before and d.source is not None]
        if sourced:
            return max(sourced, key=lambda d: d.start).source
        candidates = [c for c in self.cues if c.start < before and c.source]
        return candidates[-1].source if candidates else None
