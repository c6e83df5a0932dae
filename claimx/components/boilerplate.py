"""The ``claimx_boilerplate`` component: page furniture that must yield no claims."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from claimx.components.doc_data import BOILERPLATE, doc_text
from claimx.rules.isolation import RuleGuard
from claimx.rules.text import boilerplate_ranges
from claimx.rules.thresholds import BoilerplateThresholds, thresholds_from


class Boilerplate:
    """Marks page furniture (link lists, captions, credits) that must yield no claims."""

    def __init__(self, name: str, *, thresholds: dict[str, Any] | None = None, raise_errors: bool = False) -> None:
        self.name = name
        self.limits = thresholds_from(BoilerplateThresholds, thresholds or {})
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        with RuleGuard(doc, self.name, self.raise_errors).at(None):  # a failure: no furniture marked
            for start, end in boilerplate_ranges(doc_text(doc), self.limits.max_nav_cell_words):
                span = doc.char_span(start, end, alignment_mode="contract")
                if span is not None and len(span):
                    spans.append(Span(doc, span.start, span.end, label="boilerplate"))
        doc.spans[BOILERPLATE] = spans
        return doc
