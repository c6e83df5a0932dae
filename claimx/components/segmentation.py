"""Sentence-boundary hints for the base pipeline (factory ``claimx_boundaries``, in claimx.components.factories).

Runs before the parser, which keeps boundaries that are already set. The treebank has no
whitespace tokens and few quotations, so without these hints the parser makes "\\n\\n" a
sentence of its own and starts the next sentence with the closing quote of the previous
one ("»Wir prüfen das.« Danach ..."), or splits "Er sagte: „…“" at the colon. A blank line in news text always ends a sentence,
even after a headline without a full stop.

A run of more than ``MAX_SENTENCE_TOKENS`` tokens without a full stop, colon, semicolon or line
break (a 5 MB line without punctuation) is cut into sentences of that length, so that the
parser and the per-sentence rules never see an unbounded sentence. The longest such run in
all our corpora (SpkAtt news and debates, UD German, GermEval, modern-news) is 136 tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH, SENT_START, SPACY
from spacy.errors import Errors
from spacy.tokens import Doc

from claimx.resources import MARKS
from claimx.rules.isolation import RuleGuard

MAX_SENTENCE_TOKENS = 400
PARAGRAPH_LINE_CHARS = 160  # a line this long is a paragraph: the text is not wrapped at a width
HEADLINE_CHARS = 50  # in wrapped text, a shorter line ending without a mark is a headline of its own


class SentenceHints:
    """Presets the boundaries the parser gets wrong: blank lines, whitespace, quotes, colons."""

    def __init__(self, name: str, *, raise_errors: bool = False) -> None:
        self.name = name
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        with RuleGuard(doc, self.name, self.raise_errors).at(None):  # a failure: the parser decides alone
            _set_sent_starts(doc, sentence_hints(Layout.of(doc)))
        return doc


@dataclass(frozen=True, slots=True)
class Layout:
    """The tokens' texts and spacing, read from the doc once: a Token object per look costs more than the test."""

    text: str
    texts: list[str]
    whitespace: list[str]  # Token.whitespace_
    is_space: list[bool]
    is_punct: list[bool]
    idx: list[int]

    @classmethod
    def of(cls, doc: Doc) -> Layout:
        table = doc.to_array([ORTH, SPACY, IS_SPACE, IS_PUNCT, IDX]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        return cls(doc.text, [strings[row[0]] for row in table], [" " if row[1] else "" for row in table],
                   [bool(row[2]) for row in table], [bool(row[3]) for row in table], [row[4] for row in table])


def sentence_hints(layout: Layout) -> dict[int, bool]:
    """The sentence starts to preset (True) or rule out (False), by token; the parser decides the others."""
    hints: dict[int, bool] = {}
    run = 1  # tokens since the last possible end of a sentence
    paragraph_lines = has_paragraph_lines(layout.text)
    ends = MARKS.segment_sentence_ends  # after these the run of a sentence starts anew
    clause_ends, joiners = MARKS.clause_sentence_ends, MARKS.sentence_joiners
    texts, whitespace, is_space, is_punct = layout.texts, layout.whitespace, layout.is_space, layout.is_punct
    for i in range(1, len(texts)):
        text, before = texts[i], texts[i - 1]
        if before in ends or "\n" in before or "\n" in whitespace[i - 1]:
            run = 0
        if follows_line_break(layout, i) and (follows_blank_line(layout, i) or follows_line_end(layout, i, paragraph_lines)):
            hints[i] = True  # "Headline\n\nText": a blank line ends a sentence
        elif is_space[i] or is_closing_quote(layout, i):
            hints[i] = False  # "ernst.\n\nLaut", "das.« Danach": no new sentence here
        elif before in clause_ends and not is_punct[i]:
            hints[i] = True  # "Sie stünden in Konkurrenz zu Kohle; dies seien die Preistreiber": two claims
        elif before == ":":
            hints[i] = False  # "Er sagte: „Wir kommen.“": speech verb and quote stay together
        elif text in joiners or before in joiners:
            hints[i] = False  # "Jonas Weber, Chef der Werke Süd, erklärte …": a comma joins, never ends
        elif run >= MAX_SENTENCE_TOKENS:
            hints[i] = True  # no sentence is this long: cut the run
            run = 0
        run += 1
    return hints


def _set_sent_starts(doc: Doc, hints: dict[int, bool]) -> None:
    """``token.is_sent_start = hint`` for each hint, in one array: the setter scans the whole doc for a parse
    every time (quadratic in the doc's length)."""
    if not hints:
        return
    if doc.has_annotation("DEP"):
        raise ValueError(Errors.E043)  # as the setter: a parsed doc's sentences are the parse's
    starts = doc.to_array([SENT_START]).astype("int64")
    for i, start in hints.items():
        starts[i] = 1 if start else -1
    doc.from_array([SENT_START], starts.astype("uint64"))


def is_closing_quote(layout: Layout, i: int) -> bool:
    """A quotation mark glued to the word before it ("das.«", "bereit.“")."""
    return layout.texts[i] in MARKS.glued_closing_quotes and not layout.whitespace[i - 1] and not layout.is_space[i - 1]


def has_paragraph_lines(text: str) -> bool:
    """Whether the text holds one paragraph a line (web text) rather than lines wrapped at a width."""
    return any(len(line) > PARAGRAPH_LINE_CHARS for line in text.split("\n"))


def follows_line_break(layout: Layout, i: int) -> bool:
    return "\n" in layout.whitespace[i - 1] or layout.is_space[i - 1] and "\n" in layout.texts[i - 1]


def follows_line_end(layout: Layout, i: int, paragraph_lines: bool) -> bool:
    """A line break that ends a segment: "Kicker\nHeadline\nTeaser", "Foto: dpa\nDer Minister sagte …"."""
    if not follows_line_break(layout, i):
        return False
    previous = layout.texts[i - 1]
    if layout.is_space[i] or is_closing_quote(layout, i):
        return False
    if paragraph_lines:
        return True  # web text: every line is a paragraph, a headline or a caption
    # text wrapped at a width: only a short line without a final mark (a headline) ends there
    text, previous_idx = layout.text, layout.idx[i - 1]
    end = previous_idx + len(previous)
    line = text[text.rfind("\n", 0, previous_idx) + 1 : end].strip()
    return len(line) <= HEADLINE_CHARS and previous not in MARKS.headline_continues and layout.texts[i][:1].isupper()


def follows_blank_line(layout: Layout, i: int) -> bool:
    gap = (layout.texts[i - 1] if layout.is_space[i - 1] else "") + layout.whitespace[i - 1]
    return gap.count("\n") >= 2
