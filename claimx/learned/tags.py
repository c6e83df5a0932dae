"""The learned taggers' tag sets and the token runs, cues and role spans read from their tags (plain data, no spaCy)."""

from __future__ import annotations

from collections.abc import Sequence

TAGS_KEY = "claimx_learned_tags"
CUE_LABELS = ("O", "B-CUE", "I-CUE", "P-CUE")
ROLE_LABELS = tuple(["O"] + [f"{p}-{r}" for r in ("SRC", "MSG", "ADR") for p in "BILU"])
ROLE_NAMES = {"SRC": "Source", "MSG": "Message", "ADR": "Addr"}
EVENT_ROLES_KEY = "event_roles"  # the role labeller's per-cue results under TAGS_KEY


def cue_pieces(tags: Sequence[str]) -> list[list[int]]:
    """Cues as token lists from cue tags; a P-CUE token joins the cue begun last."""
    cues: list[list[int]] = []
    previous = "O"
    for i, tag in enumerate(tags):
        if tag == "B-CUE" or (tag == "I-CUE" and previous == "O") or (tag == "P-CUE" and not cues):
            cues.append([i])
        elif tag in ("I-CUE", "P-CUE"):
            cues[-1].append(i)
        previous = tag
    return cues


def role_spans(tags: Sequence[str], sentence_of: Sequence[int] | None = None) -> list[tuple[str, int, int]]:
    """(label, start, end) spans from BILOU role tags.

    A span runs from its B- to the next L- of the same label; for messages the tokens in between
    may carry any tag (the tagger loses the thread in long messages), for other roles an O ends it.
    Without an L- the span ends after its last I- token.  Spans never cross a sentence boundary."""
    sentence_of = sentence_of or [0] * len(tags)
    spans: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tags):
        kind, _, label = tags[i].partition("-")
        if kind in ("U", "L") or (kind == "I" and not (spans and spans[-1][2] == i and spans[-1][0] == label)):
            spans.append((label, i, _span_end(tags, sentence_of, i, label)))
            i = spans[-1][2]
        elif kind == "B":
            spans.append((label, i, _span_end(tags, sentence_of, i, label)))
            i = spans[-1][2]
        else:
            i += 1
    return spans


def _span_end(tags: Sequence[str], sentence_of: Sequence[int], start: int, label: str) -> int:
    """End (exclusive) of the span starting at ``start``."""
    if tags[start] in (f"U-{label}", f"L-{label}"):
        return start + 1
    last_inside = start
    for j in range(start + 1, len(tags)):
        if sentence_of[j] != sentence_of[start]:
            break
        kind, _, other = tags[j].partition("-")
        if other == label:
            if kind == "L":
                return j + 1
            if kind in ("B", "U"):
                break
            last_inside = j
        elif label != "MSG":
            break
    return last_inside + 1


def span_distance(tokens: Sequence[int], start: int, end: int) -> int:
    """Token distance between a cue (token list) and a span [start, end)."""
    return min(max(start - t, t - end + 1, 0) for t in tokens)


def runs(tokens: Sequence[int]) -> list[tuple[int, int]]:
    """Contiguous [start, end) runs of a sorted token list: (3, 4, 7) -> [(3, 5), (7, 8)]."""
    out: list[tuple[int, int]] = []
    for t in tokens:
        if out and out[-1][1] == t:
            out[-1] = (out[-1][0], t + 1)
        else:
            out.append((t, t + 1))
    return out
