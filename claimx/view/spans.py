"""The displaCy span group ``doc.spans["claimx"]``: every claim (labelled by kind), its cue and its source.

``spacy.displacy.render(doc, style="span", options={"spans_key": "claimx"})`` shows them;
source spans carry the source's knowledge-base id (``kb_id_``) where the registry knows one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc, Span

SPANS_KEY = "claimx"
SOURCE_LABEL = "SOURCE"
CUE_LABEL = "CUE"
COLOURS = {"DIRECT": "#ffe08a", "INDIRECT": "#b9e3ff", "REPORTED": "#c8f2c2", "MIXED": "#f3c6ff",
           SOURCE_LABEL: "#d0c2f2", CUE_LABEL: "#ffc9a8"}
DISPLACY_OPTIONS = {"spans_key": SPANS_KEY, "colors": COLOURS}


def claim_label(kind: str) -> str:
    return kind.upper()


def _span(doc: Doc, start: Any, end: Any, label: str, kb_id: str | None = None) -> Span | None:
    if start is None or end is None or end <= start:
        return None
    span = doc.char_span(start, end, label=label, kb_id=kb_id or "", alignment_mode="expand")
    return span if span is not None and len(span) else None


def display_spans(doc: Doc, records: Iterable[dict[str, Any]]) -> list[Span]:
    """The claims, cues and sources of ``records`` (claim data with character offsets) as labelled spans."""
    spans: list[Span] = []
    seen: set[tuple[int, int, str]] = set()
    for record in records:
        candidates = [_span(doc, record["start"], record["end"], claim_label(record["kind"]))]
        cue, source = record.get("cue"), record.get("source")
        if cue:
            candidates.append(_span(doc, cue["start"], cue["end"], CUE_LABEL))
        if source:
            candidates.append(_span(doc, source.get("start"), source.get("end"), SOURCE_LABEL, source.get("kb_id")))
        for span in candidates:
            if span is not None and (span.start, span.end, span.label_) not in seen:  # one source cited twice: one span
                seen.add((span.start, span.end, span.label_))
                spans.append(span)
    return spans


def set_display_spans(doc: Doc, records: Iterable[dict[str, Any]]) -> None:
    doc.spans[SPANS_KEY] = display_spans(doc, records)
