"""Claim sentences: the parser's sentences, re-joined where it split without a sentence end."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimx.components.doc_data import GIVEN_SENTENCES
from claimx.components.segmentation import MAX_SENTENCE_TOKENS
from claimx.resources import MARKS


def claim_sentences(doc: Doc) -> list[Span]:
    """The parser's sentences, re-joined where it split without a sentence end.

    "Die Nordkoreaner hingegen „hatten keine Angst“, hieß es." is one sentence even when the
    small parser starts a new one at the quotation mark; a line break always ends a sentence,
    and no joined sentence grows beyond ``MAX_SENTENCE_TOKENS`` (a text without punctuation).
    """
    # a corpus split into sentences by hand ("Doc(words=…, sent_starts=…)" with ``doc._.given_sentences``) is not re-joined:
    # its "… ein Spitzenwert von 7,1." ends a sentence although the token is no sentence end
    if getattr(doc._, GIVEN_SENTENCES, False):
        return list(doc.sents)
    merged: list[Span] = []
    for sent in doc.sents:
        if merged and merged[-1].end - merged[-1].start + len(sent) <= MAX_SENTENCE_TOKENS \
                and _continues(doc, merged[-1], sent):
            merged[-1] = doc[merged[-1].start : sent.end]
        else:
            merged.append(sent)
    return merged


def _continues(doc: Doc, previous: Span, sent: Span) -> bool:
    tokens = _last_words(previous, 2)
    if not tokens or any("\n" in t.text or "\n" in t.whitespace_ for t in previous[-2:]):
        return False
    if sent[0].is_space and "\n" in sent[0].text:
        return False
    last = tokens[-1]
    ends = MARKS.sentence_ends
    if last.text in ends:
        return False
    if last.text in MARKS.sentence_closers and len(tokens) > 1 and tokens[-2].text in ends:
        return False
    return True


def _last_words(span: Span, n: int) -> list[Token]:
    """The last ``n`` tokens of ``span`` that are not whitespace, in order (without walking the whole span)."""
    found: list[Token] = []
    for i in range(span.end - 1, span.start - 1, -1):
        token = span.doc[i]
        if not token.is_space:
            found.append(token)
            if len(found) == n:
                break
    return found[::-1]
