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
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(
            schema=data.get("schema", SCHEMA),
            doc=data["doc"],
            id=data["id"],
            text=data["text"],
            start=data["start"],
            end=data["end"],
            sentence=data["sentence"],
            kind=data["kind"],
            cue=Cue.from_dict(data["cue"]) if data.get("cue") else None,
            source=Source.from_dict(data["source"]) if data.get("source") else None,
            mood=data.get("mood"),
            confidence=float(data["confidence"]),
        )
