"""The ``claimx_cues`` component: speech verbs and reporting expressions."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from claimx.components.doc_data import BOILERPLATE, CUES, quoted_tokens, tokens_in
from claimx.components.word_lists import WordListHolder
from claimx.rules.cues import cue_spans, find_cues
from claimx.rules.isolation import RuleGuard
from claimx.rules.thresholds import CueThresholds, thresholds_from


class Cues(WordListHolder):
    """Speech verbs and reporting expressions (label = cue kind, kb_id = lemma)."""

    def __init__(self, name: str, words_data: dict[str, Any], *, thresholds: dict[str, Any] | None = None,
                 raise_errors: bool = False) -> None:
        self.name = name
        self.limits = thresholds_from(CueThresholds, thresholds or {})
        self._set_words(words_data)
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        guard = RuleGuard(doc, self.name, self.raise_errors)
        matches = []
        with guard.at(None):
            excluded = tokens_in(doc, BOILERPLATE) | quoted_tokens(doc)
            matches = find_cues(doc, self.words, excluded, guard, self.limits)  # a failing candidate costs its sentence
        doc.spans[CUES] = cue_spans(doc, matches)
        return doc
