"""Quotations: the one a cue introduces or follows, titles in quotation marks, split and free quotations."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from claimx.rules.drafts import CueInfo, Draft
from claimx.resources import GRAMMAR, MARKS
from claimx.rules.quotes import Quote



class QuotationRules:
    """The quotation rules (mixed into :class:`claimx.rules.claims.Assembler`, whose state it reads)."""

    def _adjacent_quote(self, cue: CueInfo, sent: Span) -> tuple[int, int, int] | None:
        """A quotation the cue introduces or follows: „…“, sagte X / X sagte: „…“."""
        low = sent.start
        high = sent.end
        best = None
        gap_pos = GRAMMAR.quote_cue_gap_pos
        for index, (qs, qe, open_i, close_i) in enumerate(self.quotes):
            if index in self.used_quotes or self._is_name_quote(index):
                continue
            if close_i is not None and close_i < cue.start and close_i >= low - 1 and qe > low - self.limits.quote_reach_tokens:
                between = self.doc[close_i + 1 : cue.start]
                if all(t.is_punct or t.i in _source_tokens(cue) or t.pos_ in gap_pos for t in between) or qs <= low:
                    if qe >= low or cue.start - close_i <= self.limits.quote_sentence_end_tokens:
                        best = (qs, qe, index)
            elif best is None and open_i is not None and open_i > cue.end and (open_i < high or self._colon_before(open_i, high)):
                between = self.doc[cue.end : open_i]
                if len(between) <= self.limits.quote_gap_tokens and not any(t.text in MARKS.gap_sentence_ends for t in between):
                    return (qs, qe, index)
        return best

    def _is_name_quote(self, index: int) -> bool:
        """``_is_quoted_name`` of quotation ``index``, computed once per document."""
        if index not in self._name_quotes:
            qs, qe, open_i, _ = self.quotes[index]
            self._name_quotes[index] = self._is_quoted_name(qs, qe, open_i)
        return self._name_quotes[index]

    def _is_quoted_name(self, qs: int, qe: int, open_i: int | None) -> bool:
        """A quoted title inside a noun phrase ("die Nachrichtenagentur „Xinhua“"), not a quotation."""
        if open_i is None or open_i == 0:
            return False
        before = self.doc[open_i - 1]
        # "mit dem Lied „Für dich soll es Rosen regnen“", "der Film „2001: Odyssee im Weltraum“": a work's title
        if before.pos_ in GRAMMAR.noun_tags and before.lower_.endswith(GRAMMAR.work_title_nouns) \
                and qe - qs <= self.limits.max_work_title_tokens:
            return True
        if qe - qs > self.limits.max_quoted_title_tokens:
            return False
        words = [t for t in self.doc[qs:qe] if not t.is_punct]
        if words and before.lower_ in self.words.prepositions and not any(self._is_verb(t) for t in words):
            return True  # "laut „tagesschau.de“", "laut „Bild“": the source's name, whatever its case
        if not words or not words[0].text[:1].isupper() or before.pos_ not in GRAMMAR.quoted_title_before_pos:
            return False
        # a verbless title („Kampagne für ein Freies Tibet“), or a short one after an article („der „Aktion Deutschland hilft“")
        return not any(self._is_verb(t) or t.pos_ == "PRON" for t in words) \
            or before.pos_ in GRAMMAR.quoted_title_article_pos and len(words) <= self.limits.max_article_title_words and not any(t.text in MARKS.gap_sentence_ends for t in self.doc[qs:qe])

    def _colon_before(self, open_i: int, sent_end: int) -> bool:
        """The sentence ends in a colon and the quotation starts the next one."""
        return sent_end <= open_i <= sent_end + 1 and self.doc[sent_end - 1].text == ":"

    def _is_mixed(self, message: tuple[int, int], quote: tuple[int, int]) -> bool:
        """Unquoted words besides the quotation in the message make the claim mixed."""
        start, end = message
        qs, qe = quote
        if not (start <= qs and qe <= end + 1):
            return False
        # "Der Verein blickt zurück: „Wir sind stolz“, sagte Weber": the lead before the colon is the author's
        if qs >= 2 and self.doc[qs - 2].text == ":" and qs - 2 >= start:
            start = qs - 1
        outside = [t for t in self.doc[start:end] if not (qs - 1 <= t.i <= qe) and not t.is_punct]
        return len(outside) >= 2

    def _split_quotes(self) -> None:
        """ "„Wir kommen“, sagte er, „und wir gewinnen.“": the second part shares cue and source."""
        for index, (qs, qe, open_i, _) in enumerate(self.quotes):
            # a quoted name after the speaker ("…“, meint Anna Weber vom Blog «Geldwelt»") is no second part
            if index in self.used_quotes or open_i is None or self._is_name_quote(index):
                continue
            with self.guard.at(open_i):
                sentence = self.sentence_index(open_i)
                owner = next((d for d in self.drafts if d.kind == "direct" and d.cue and d.cue[1] <= open_i
                              and self.sentence_index(d.cue[0]) == sentence and d.end <= open_i), None)
                if owner is not None:
                    self.used_quotes.add(index)
                    self.drafts.append(Draft(qs, qe, "direct", owner.cue, owner.source, owner.confidence))

    def _free_quotation(self, sent: Span) -> Draft | None:
        """A quoted sentence with a verb and no cue far from the last claim is still someone's words."""
        # "… sagte Müller. Am Abend gab es Applaus. „Wir haben nichts zu verbergen.“"
        for index, (qs, qe, open_i, close_i) in enumerate(self.quotes):
            # (not a quoted name: "In der „Aktion Kinder helfen“ sind zehn Vereine")
            if index in self.used_quotes or not sent.start <= qs < sent.end or close_i is None or self._is_name_quote(index):
                continue
            words = [t for t in self.doc[qs:qe] if not t.is_punct]
            if len(words) >= self.limits.min_quote_words and any(self._is_verb(t) for t in words):
                self.used_quotes.add(index)
                return self._plain_draft((qs, qe), "direct", self._free_quotation_speaker(qs, qe),
                                        self.limits.continuation_confidence["free_quote"])
        return None


    def _free_quotation_speaker(self, qs: int, qe: int):
        """Who speaks a quotation without a cue: the speaker before a colon, the sentence's own subject, the
        speaker of the claim before, or the subject of the sentence before."""
        return self._colon_speaker(qs) or self._own_subject_speaker(qs, qe) or self._speaker_before(qs) \
            or self._subject_speaker(qs)


def quote_tokens(doc: Doc, quote: Quote) -> tuple[int, int, int | None, int | None] | None:
    """Token range of a quotation's content and the token indices of its marks."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    start, end = span.start, span.end
    marks = MARKS.quote_marks
    if doc[start].text in marks and end - start > 1:
        start += 1
    if doc[end - 1].text in marks and end - start > 1:
        end -= 1
    open_i = start - 1 if start > 0 and doc[start - 1].text in marks else None
    close_i = end if quote.closed and end < len(doc) and doc[end].text in marks else None
    return (start, end, open_i, close_i)


def _source_tokens(cue: CueInfo) -> set[int]:
    return set(range(cue.source["start"], cue.source["end"])) if cue.source else set()


def has_words(doc: Doc, draft: Draft) -> bool:
    """More than quotation marks and spaces: the claim's text will not be empty ("Er sagte:„ n«“")."""
    marks = MARKS.quote_marks
    return any(any(char not in marks and not char.isspace() for char in doc[i].text)
               for i in range(draft.start, draft.end))
