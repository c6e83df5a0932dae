"""The claim record: a small, typed, JSON-friendly description of one attributed claim.

Schema ``claimx/1`` (documented in the README). Offsets are character offsets into the
document text such that ``document[start:end] == text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

SCHEMA = "claimx/1"

Kind = Literal["direct", "indirect", "reported", "mixed"]
SourceType = Literal["person", "organisation", "place", "anonymous", "vague", "unknown"]
KINDS: tuple[str, ...] = ("direct", "indirect", "reported", "mixed")
SOURCE_TYPES: tuple[str, ...] = ("person", "organisation", "place", "anonymous", "vague", "unknown")
FIRST_CLAIM_NUMBER = 1  # a document's claims are "<doc>#1", "<doc>#2", … in document order


def claim_id(doc_id: str, number: int) -> str:
    """The id of a document's ``number``-th claim (counting from :data:`FIRST_CLAIM_NUMBER`): ``"<doc>#<number>"``."""
    return f"{doc_id}#{number}"


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that introduce a claim: a speech verb, "laut", "zufolge", …"""

    text: str
    lemma: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cue:
        return cls(**{f.name: data[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Source:
    """Who the claim is attributed to, as mentioned (``text``) and as resolved (``name``)."""

    text: str
    name: str
    type: str
    start: int
    end: int
    resolved_by: str | None = None
    via: str | None = None
    kb_id: str | None = None  # a knowledge-base id of the source (Wikidata "Q…"), where the registry knows one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(**{f.name: data.get(f.name) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim that a document attributes to a source."""

    doc: str
    id: str
    text: str
    start: int
    end: int
    sentence: int
    kind: str
    cue: Cue | None
    source: Source | None
    mood: str | None
    confidence: float
    schema: str = field(default=SCHEMA)
    meta: dict[str, Any] | None = None  # the document's metadata: title, date, sitename, author, url (HTML); null for plain text

    def to_dict(self) -> dict[str, Any]:
        """A plain dict in schema order, ready for ``json.dumps``."""
        return {
            "schema": self.schema,
            "doc": self.doc,
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "kind": self.kind,
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "mood": self.mood,
            "confidence": round(self.confidence, 3),
            "meta": dict(self.meta) if self.meta is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, doc: str | None = None, number: int | None = None) -> Claim:
        """The claim of a record written by :meth:`to_dict`.

        ``doc`` and ``number`` give a record without them (as the components keep them on a
        Doc) its document and its id, :func:`claim_id` ``(doc, number)``.
        """
        doc_id = data["doc"] if doc is None else doc
        return cls(
            schema=data.get("schema", SCHEMA),
            doc=doc_id,
            id=data["id"] if number is None else claim_id(doc_id, number),
            text=data["text"],
            start=data["start"],
            end=data["end"],
            sentence=data["sentence"],
            kind=data["kind"],
            cue=Cue.from_dict(data["cue"]) if data.get("cue") else None,
            source=Source.from_dict(data["source"]) if data.get("source") else None,
            mood=data.get("mood"),
            confidence=float(data["confidence"]),
            meta=data.get("meta"),
        )
