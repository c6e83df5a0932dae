"""The ``claimx_claims`` component: assembles the claims and keeps them on the Doc."""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from claimx.components.doc_data import (
    BOILERPLATE,
    CLAIMS,
    CLAIMS_KEY,
    CUES,
    cue_key,
    doc_text,
    forget_cached,
    quotes_of,
    take_cue_sources,
    tokens_in,
)
from claimx.components.lexicons import package_verbs
from claimx.components.word_lists import WordListHolder
from claimx.lexicon import VerbLexicon
from claimx.rules.attribution import ResolvedSource
from claimx.rules.claims import Assembler, CueInfo, to_record
from claimx.rules.isolation import RuleGuard, report_failures
from claimx.rules.text import paragraph_starts
from claimx.rules.thresholds import ClaimThresholds, thresholds_from
from claimx.view.spans import set_display_spans


class Claims(WordListHolder):
    """Assembles the claims: direct, indirect, reported and mixed, with continuations."""

    def __init__(self, name: str, words_data: dict[str, Any], *, use_lexicon: bool = True,
                 thresholds: dict[str, Any] | None = None, raise_errors: bool = False) -> None:
        self.name = name
        self.limits = thresholds_from(ClaimThresholds, thresholds or {})
        self._set_words(words_data)
        self.use_lexicon = use_lexicon
        self.raise_errors = raise_errors

    @property
    def lexicon(self) -> VerbLexicon | None:
        return package_verbs() if self.use_lexicon else None

    def __call__(self, doc: Doc) -> Doc:
        guard = RuleGuard(doc, self.name, self.raise_errors)
        records: list[dict[str, Any]] = []
        spans: list[Span] = []
        sent_starts: list[int] | None = None
        with guard.at(None):  # only a failure outside any one cue or sentence costs the document's claims
            assembler = self._assembler(doc, guard)
            sent_starts = assembler.sent_starts
            for draft in assembler.run():
                with guard.at(draft.start):
                    record, span = to_record(doc, draft, sent_starts, doc_text(doc)), Span(doc, draft.start, draft.end, label=draft.kind)
                    records.append(record)
                    spans.append(span)
        doc.user_data[CLAIMS_KEY] = records
        doc.spans[CLAIMS] = spans
        set_display_spans(doc, records)
        report_failures(doc, sent_starts)
        forget_cached(doc)  # the last claimx component: the doc leaves without the caches
        return doc

    def _assembler(self, doc: Doc, guard: RuleGuard) -> Assembler:
        sources = take_cue_sources(doc)
        cues = [CueInfo(span.label_, span.start, span.end, span.kb_id_, self.words.strength(span.kb_id_) or 1.0,
                        _source_data(sources.get(cue_key(span))))
                for span in doc.spans.get(CUES, [])]
        return Assembler(doc, quotes_of(doc), cues, self.words, self.lexicon,
                         tokens_in(doc, BOILERPLATE), _paragraph_of(doc, doc_text(doc)), guard=guard,
                         limits=self.limits)


def _source_data(resolved: ResolvedSource | None) -> dict[str, Any] | None:
    """The source as the rules read it: token offsets, name, type and how it was resolved."""
    if resolved is None:
        return None
    data = {"start": resolved.start, "end": resolved.end, "name": resolved.name,
            "type": resolved.type, "resolved_by": resolved.resolved_by}
    if resolved.kb_id is not None:
        data["kb_id"] = resolved.kb_id
    return data


def _paragraph_of(doc: Doc, text: str) -> list[int]:
    """The paragraph index of every token."""
    starts = numpy.asarray(paragraph_starts(text))
    offsets = doc.to_array(IDX).astype(numpy.int64)  # no Token objects: this runs on every doc
    return (numpy.searchsorted(starts, offsets, side="right") - 1).tolist()
