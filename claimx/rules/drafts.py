"""Claims under construction (token offsets) and their records (character offsets)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from claimx.resources import MARKS
from claimx.rules.sentences import claim_sentences


@dataclass
class Draft:
    """A claim under construction (token offsets; turned into a record by ``to_record``)."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int, str] | None  # token start, end, lemma
    source: dict[str, Any] | None
    confidence: float
    mood: str | None = None


@dataclass
class CueInfo:
    kind: str
    start: int
    end: int
    lemma: str
    strength: float
    source: dict[str, Any] | None  # {start, end, name, type, resolved_by} in tokens


def to_record(
    doc: Doc, draft: Draft, sent_starts: list[int] | None = None, text: str | None = None
) -> dict[str, Any]:
    """Character-offset claim data for ``doc.user_data`` (no doc id: that is added when read).

    Callers with many claims pass ``sent_starts`` and ``text``: spaCy rebuilds ``doc.text``
    from every token on each access.
    """
    start_char = doc[draft.start].idx
    end_char = doc[draft.end - 1].idx + len(doc[draft.end - 1].text)
    text = doc.text if text is None else text
    # a quotation's content starts right after its mark, which may be glued to the first word
    marks = MARKS.quote_marks
    while start_char < end_char and text[start_char] in marks and draft.kind == "direct":
        start_char += 1
    while end_char > start_char and text[end_char - 1] in marks and draft.kind == "direct":
        end_char -= 1
    while end_char > start_char and text[end_char - 1].isspace():
        end_char -= 1
    cue = None
    if draft.cue is not None:
        cs, ce, lemma = draft.cue
        span = doc[cs:ce]
        cue = {"text": span.text, "lemma": lemma, "start": span.start_char, "end": span.end_char}
    source = None
    if draft.source is not None:
        span = doc[draft.source["start"] : draft.source["end"]]
        source = {
            "text": span.text,
            "name": draft.source["name"],
            "type": draft.source["type"],
            "start": span.start_char,
            "end": span.end_char,
            "resolved_by": draft.source.get("resolved_by"),
            "via": draft.source.get("via"),
            "kb_id": draft.source.get("kb_id"),
        }
    if sent_starts is None:  # callers with many claims pass the starts (one sentence pass per doc)
        sent_starts = [s.start for s in claim_sentences(doc)]
    sentence = max(bisect_right(sent_starts, draft.start) - 1, 0)
    return {
        "text": text[start_char:end_char],
        "start": start_char,
        "end": end_char,
        "sentence": sentence,
        "kind": draft.kind,
        "cue": cue,
        "source": source,
        "mood": draft.mood,
        "confidence": round(min(1.0, max(0.0, draft.confidence)), 3),
    }
