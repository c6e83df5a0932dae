"""Paragraph-aware sentence boundaries for the base pipeline (factory ``claimx_paragraphs``).

Runs before the parser, which keeps boundaries that are already set. The treebank has no
whitespace tokens, so without this the parser makes "\\n\\n" a sentence of its own; and a
blank line in news text always ends a sentence, even after a headline without a full stop.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAK = "\n\n"


@Language.factory("claimx_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> ParagraphBoundaries:
    return ParagraphBoundaries(name)


class ParagraphBoundaries:
    """Whitespace tokens join the preceding sentence; the word after a blank line starts one."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            if token.is_space:
                token.is_sent_start = False  # "ernst.\n\nLaut": no sentence made of "\n\n"
            elif _follows_blank_line(doc, token.i):
                token.is_sent_start = True  # "Headline\n\nText": a blank line ends a sentence
        return doc


def _follows_blank_line(doc: Doc, i: int) -> bool:
    previous = doc[i - 1]
    gap = previous.text if previous.is_space else ""
    return (gap + previous.whitespace_).count("\n") >= 2 or PARAGRAPH_BREAK in previous.whitespace_
