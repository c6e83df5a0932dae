"""Quotation spans in German text: „…“ »…« «…» "…" “…” and nested ‚…‘.

Works on characters, not tokens, so that it is independent of the tokenizer and of sentence
boundaries: one quotation may span several sentences. Unbalanced marks are tolerated: a
quotation left open ends at the end of its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimx.resources import MARKS

# the marks are data (claimx/data/marks.yaml): MARKS.outer_pairs (opener -> closers it accepts: German,
# Swiss/French and English conventions), MARKS.nested_pairs (‚…‘ ›…‹), MARKS.quote_marks (all of them)

@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` of its content, ``outer_start``/``outer_end`` with the marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    depth: int = 0
    closed: bool = True


def _is_opening_position(text: str, i: int) -> bool:
    """An ambiguous mark (" or “) opens when it follows a space or bracket and precedes a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in MARKS.opening_position_before) and not after.isspace()


def _guillemet_style(text: str) -> str:
    """"»" when »…« is the document's style (German), "«" when «…» is (Swiss/French)."""
    first_right = text.find("»")
    first_left = text.find("«")
    if first_left != -1 and (first_right == -1 or first_left < first_right):
        return "«"
    return "»"


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text`` (outer and nested), in order of their opening mark."""
    style = _guillemet_style(text)
    marks, outer_pairs, nested_pairs = MARKS.quote_marks, MARKS.outer_pairs, MARKS.nested_pairs
    quotes: list[Quote] = []
    outer: tuple[str, int] | None = None  # (opening mark, its offset)
    nested: tuple[str, int] | None = None
    for i, char in enumerate(text):
        if char == "\n" and outer is not None and _paragraph_break(text, i):
            quotes.append(_unclosed(text, outer[1], i))
            outer, nested = None, None
            continue
        if char not in marks:
            continue
        if outer is not None and char in outer_pairs[outer[0]] and not _is_nested_close(char, nested):
            quotes.append(Quote(outer[1] + 1, i, outer[1], i + 1, 0, True))
            outer, nested = None, None
        elif outer is not None and nested is None and char in nested_pairs and _is_nested_open(text, i, char):
            nested = (char, i)
        elif outer is not None and nested is not None and char in nested_pairs[nested[0]]:
            quotes.append(Quote(nested[1] + 1, i, nested[1], i + 1, 1, True))
            nested = None
        elif char in outer_pairs and _can_open(text, i, char, style):
            if outer is not None:
                # a new opening mark while one is open: the earlier one was never closed
                quotes.append(_unclosed(text, outer[1], i))
            outer, nested = (char, i), None
    if outer is not None:
        quotes.append(_unclosed(text, outer[1], len(text)))
    return sorted((q for q in quotes if _has_content(text, q)), key=lambda q: (q.outer_start, q.depth))


def _has_content(text: str, quote: Quote) -> bool:
    """Something besides marks and spaces inside: "„ n«“" opens „ n« and then «“, which quotes nothing."""
    marks = MARKS.quote_marks
    return any(not char.isspace() and char not in marks for char in text[quote.start : quote.end])


def _can_open(text: str, i: int, char: str, style: str) -> bool:
    if char == "„":
        return True
    if char in "»«":
        return char == style
    return _is_opening_position(text, i)


def _is_nested_open(text: str, i: int, char: str) -> bool:
    if char == "‚":
        return True
    return _is_opening_position(text, i)


def _is_nested_close(char: str, nested: tuple[str, int] | None) -> bool:
    return nested is not None and char in MARKS.nested_pairs[nested[0]]


def _paragraph_break(text: str, i: int) -> bool:
    """A line break that ends a paragraph: an empty line or a line starting with a quote follows.

    Hard-wrapped text keeps a quotation open across single line breaks.
    """
    rest = text[i + 1 :].lstrip(" \t")
    return rest[:1] in ("", "\n") or rest[:1] in MARKS.paragraph_quote_starts


def _unclosed(text: str, opened: int, limit: int) -> Quote:
    """A quotation whose closing mark is missing: it ends before ``limit``, without trailing space."""
    end = limit
    while end > opened + 1 and text[end - 1].isspace():
        end -= 1
    return Quote(opened + 1, end, opened, end, 0, False)


__all__ = ["Quote", "find_quotes"]
