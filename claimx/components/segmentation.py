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

from spacy.tokens import Doc, Token

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
            self._set_hints(doc)
        return doc

    def _set_hints(self, doc: Doc) -> None:
        run = 1  # tokens since the last possible end of a sentence
        paragraph_lines = has_paragraph_lines(doc.text)
        ends = MARKS.segment_sentence_ends  # after these the run of a sentence starts anew
        clause_ends, joiners = MARKS.clause_sentence_ends, MARKS.sentence_joiners
        texts = [t.text for t in doc]
        for token in doc[1:]:
            previous = token.nbor(-1)
            text, before = texts[token.i], texts[token.i - 1]
            if before in ends or "\n" in before or "\n" in previous.whitespace_:
                run = 0
            if follows_blank_line(token) or follows_line_end(token, paragraph_lines):
                token.is_sent_start = True  # "Headline\n\nText": a blank line ends a sentence
            elif token.is_space or is_closing_quote(token):
                token.is_sent_start = False  # "ernst.\n\nLaut", "das.« Danach": no new sentence here
            elif before in clause_ends and not token.is_punct:
                token.is_sent_start = True  # "Sie stünden in Konkurrenz zu Kohle; dies seien die Preistreiber": two claims
            elif before == ":":
                token.is_sent_start = False  # "Er sagte: „Wir kommen.“": speech verb and quote stay together
            elif text in joiners or before in joiners:
                token.is_sent_start = False  # "Jonas Weber, Chef der Werke Süd, erklärte …": a comma joins, never ends
            elif run >= MAX_SENTENCE_TOKENS:
                token.is_sent_start = True  # no sentence is this long: cut the run
                run = 0
            run += 1


def is_closing_quote(token: Token) -> bool:
    """A quotation mark glued to the word before it ("das.«", "bereit.“")."""
    previous = token.nbor(-1)
    return token.text in MARKS.glued_closing_quotes and not previous.whitespace_ and not previous.is_space


def has_paragraph_lines(text: str) -> bool:
    """Whether the text holds one paragraph a line (web text) rather than lines wrapped at a width."""
    return any(len(line) > PARAGRAPH_LINE_CHARS for line in text.split("\n"))


def follows_line_end(token: Token, paragraph_lines: bool) -> bool:
    """A line break that ends a segment: "Kicker\nHeadline\nTeaser", "Foto: dpa\nDer Minister sagte …"."""
    previous = token.nbor(-1)
    if "\n" not in previous.whitespace_ and not (previous.is_space and "\n" in previous.text):
        return False
    if token.is_space or is_closing_quote(token):
        return False
    if paragraph_lines:
        return True  # web text: every line is a paragraph, a headline or a caption
    # text wrapped at a width: only a short line without a final mark (a headline) ends there
    text = token.doc.text
    end = previous.idx + len(previous.text)
    line = text[text.rfind("\n", 0, previous.idx) + 1 : end].strip()
    return len(line) <= HEADLINE_CHARS and previous.text not in MARKS.headline_continues and token.text[:1].isupper()


def follows_blank_line(token: Token) -> bool:
    previous = token.nbor(-1)
    gap = (previous.text if previous.is_space else "") + previous.whitespace_
    return gap.count("\n") >= 2
