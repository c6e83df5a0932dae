"""A tiny stand-in for the claimx pipeline, so batch and CLI tests do not depend on the model.

It finds „…“ quotes (with an optional ", sagte NAME" after them) and splits sentences at
. ! ?; a text containing EXPLODE makes it raise, like a pipeline bug on odd input.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from claimx.records import Claim, Cue, Source

_QUOTE = re.compile(r"„([^“]*)“(?:, (sagte) (\w+))?")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


class FakeDoc:
    def __init__(self, text: str) -> None:
        self.text = text
        self._ = SimpleNamespace(doc_id="-", claims=[])

    def has_annotation(self, name: str) -> bool:
        return name == "SENT_START"

    @property
    def sents(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(text=m.group(), start=m.start()) for m in _SENTENCE.finditer(self.text) if m.group().strip()]


class FakeNLP:
    """Duck-types the parts of a spaCy ``Language`` the batch runner uses."""

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
    starts = [s.start for s in doc.sents]
    claims = []
    for number, match in enumerate(_QUOTE.finditer(doc.text), start=1):
        sentence = sum(1 for s in starts if s <= match.start(1)) - 1
        cue = source = None
        if match.group(2):
            cue = Cue(match.group(2), "sagen", match.start(2), match.end(2))
            source = Source(match.group(3), match.group(3), "person", match.start(3), match.end(3), "name")
        claims.append(
            Claim(
                doc=doc._.doc_id,
                id=f"{doc._.doc_id}#{number}",
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
