"""A tiny stand-in for the claimx pipeline, so runner and CLI tests do not depend on the model.

It finds „…“ quotes (with an optional ", sagte NAME" after them) and splits sentences after
. ! ?; a text containing EXPLODE makes it raise, like a pipeline bug on odd input. Its docs
offer the part of spaCy's Doc the runner reads (tokens, sentence spans, extensions), so
production code runs on them unchanged.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from claimx.records import FIRST_CLAIM_NUMBER, Claim, Cue, Source, claim_id

_TOKEN = re.compile(r"\w+|[^\w\s]")  # words and single marks, as spaCy's tokenizer splits them
_QUOTE = re.compile(r"„([^“]*)“(?:, (sagte) (\w+))?")
_ENDS = frozenset(".!?")


class FakeToken:
    def __init__(self, doc: FakeDoc, i: int, match: re.Match, next_start: int) -> None:
        self.doc, self.i, self.idx = doc, i, match.start()
        self.text = match.group()
        self.whitespace_ = doc.text[match.end() : next_start]
        self.is_space = False


class FakeSpan:
    """Tokens ``start`` to ``end`` of a doc, as a spaCy Span."""

    def __init__(self, doc: FakeDoc, start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, key: int | slice) -> FakeToken | list[FakeToken]:
        return self.doc.tokens[self.start : self.end][key]

    @property
    def start_char(self) -> int:
        return self.doc.tokens[self.start].idx if len(self) else 0

    @property
    def text(self) -> str:
        if not len(self):
            return ""
        last = self.doc.tokens[self.end - 1]
        return self.doc.text[self.start_char : last.idx + len(last.text)]


class FakeDoc:
    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_TOKEN.finditer(text))
        starts = [m.start() for m in matches[1:]] + [len(text)]
        self.tokens = [FakeToken(self, i, m, nxt) for i, (m, nxt) in enumerate(zip(matches, starts))]
        self._ = SimpleNamespace(doc_id="-", claims=[])

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, key: int | slice) -> FakeToken | FakeSpan:
        if isinstance(key, slice):
            start, end, _ = key.indices(len(self.tokens))
            return FakeSpan(self, start, end)
        return self.tokens[key]

    def has_annotation(self, name: str) -> bool:
        return name == "SENT_START"

    @property
    def sents(self) -> list[FakeSpan]:
        """Sentences end after a run of . ! ?"""
        spans, start = [], 0
        for token in self.tokens:
            following = token.i + 1 < len(self.tokens) and self.tokens[token.i + 1].text in _ENDS
            if token.text in _ENDS and not following:
                spans.append(FakeSpan(self, start, token.i + 1))
                start = token.i + 1
        if start < len(self.tokens):
            spans.append(FakeSpan(self, start, len(self.tokens)))
        return spans


class FakeNLP:
    """Duck-types the parts of a spaCy ``Language`` the runner uses."""

    pipeline: tuple = ()  # no claimx components whose rule errors could be switched to raising

    def __init__(self) -> None:
        self.calls = 0

    def make_doc(self, text: str) -> FakeDoc:
        return FakeDoc(text)

    def pipe(self, docs, batch_size: int = 32):
        for doc in docs:
            self.calls += 1
            if "EXPLODE" in doc.text:
                raise RuntimeError("the fake pipeline exploded")
            doc._.claims = find_claims(doc)
            yield doc

    def __call__(self, text: str) -> FakeDoc:
        return next(self.pipe([self.make_doc(text)]))


def find_claims(doc: FakeDoc) -> list[Claim]:
    starts = [s.start_char for s in doc.sents]
    claims = []
    for number, match in enumerate(_QUOTE.finditer(doc.text), start=FIRST_CLAIM_NUMBER):
        sentence = sum(1 for s in starts if s <= match.start(1)) - 1
        cue = source = None
        if match.group(2):
            cue = Cue(match.group(2), "sagen", match.start(2), match.end(2))
            source = Source(match.group(3), match.group(3), "person", match.start(3), match.end(3), "name")
        claims.append(
            Claim(
                doc=doc._.doc_id,
                id=claim_id(doc._.doc_id, number),
                text=match.group(1),
                start=match.start(1),
                end=match.end(1),
                sentence=max(sentence, 0),
                kind="direct",
                cue=cue,
                source=source,
                mood=None,
                confidence=0.9,
            )
        )
    return claims
