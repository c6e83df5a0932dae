"""The ``claimx_quotes`` component: quotation spans."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from claimx.components.doc_data import QUOTES, cache_quotes, quotes_of
from claimx.rules.isolation import RuleGuard
from claimx.rules.quotes import Quote


class Quotes:
    """Quotation spans „…“ »…« "…" (label "quote", nested ‚…‘ "nested"), marks included."""

    def __init__(self, name: str, *, min_chars: int = 1, raise_errors: bool = False) -> None:
        self.name = name
        self.min_chars = min_chars
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        quotes: list[Quote] = []
        with RuleGuard(doc, self.name, self.raise_errors).at(None):
            quotes = quotes_of(doc)
        if not quotes:
            cache_quotes(doc, [])  # after a failure the claims component reads no quotations either
        for quote in quotes:
            if quote.end - quote.start < self.min_chars:
                continue
            span = doc.char_span(quote.outer_start, quote.outer_end, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(Span(doc, span.start, span.end, label="quote" if quote.depth == 0 else "nested"))
        doc.spans[QUOTES] = spans
        return doc
