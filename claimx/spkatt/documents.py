"""Read and write SpkAtt-2023 documents (GermEval 2023 shared task on speaker attribution).

A document is a JSON object ``{"DocumentName", "Sentences": [{"SentenceId", "Tokens"}],
"Annotations": [...]}``; every annotation (speech event) names its roles as lists of
``"sentence:token"`` ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimx.errors import ClaimxError


class SpkAttFormatError(ClaimxError, ValueError):
    """A file is not a valid SpkAtt document."""


@dataclass
class SpkAttDocument:
    """One SpkAtt document: its sentences (token lists) and its speech events (raw dicts)."""

    name: str
    sentences: list[list[str]]
    annotations: list[dict[str, Any]] = field(default_factory=list)
    sentence_ids: list[int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The document as a JSON-ready dict in the task's format."""
        ids = self.sentence_ids or list(range(len(self.sentences)))
        data: dict[str, Any] = dict(self.extra)
        if self.name:
            data["DocumentName"] = self.name
        data["Sentences"] = [{"SentenceId": i, "Tokens": list(t)} for i, t in zip(ids, self.sentences)]
        data["Annotations"] = list(self.annotations)
        return data


def parse_document(data: Any, *, origin: str = "<document>") -> SpkAttDocument:
    """Validate a decoded JSON object and turn it into a ``SpkAttDocument``."""
    if not isinstance(data, dict) or not isinstance(data.get("Sentences"), list):
        raise SpkAttFormatError(f"{origin}: not a SpkAtt document (no 'Sentences' list)")
    sentences: list[list[str]] = []
    ids: list[int] = []
    for position, sentence in enumerate(data["Sentences"]):
        tokens = sentence.get("Tokens") if isinstance(sentence, dict) else None
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise SpkAttFormatError(f"{origin}: sentence {position} has no list of string 'Tokens'")
        sentences.append(tokens)
        ids.append(int(sentence.get("SentenceId", position)))
    annotations = data.get("Annotations", [])
    if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
        raise SpkAttFormatError(f"{origin}: 'Annotations' must be a list of objects")
    extra = {k: v for k, v in data.items() if k not in {"DocumentName", "Sentences", "Annotations"}}
    return SpkAttDocument(str(data.get("DocumentName", "")), sentences, annotations, ids, extra)


def read_document(path: Path | str) -> SpkAttDocument:
    """Read one SpkAtt JSON file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SpkAttFormatError(f"{path}: cannot read JSON ({err})") from err
    return parse_document(data, origin=str(path))


def write_document(document: SpkAttDocument, path: Path | str) -> None:
    """Write one SpkAtt JSON file (UTF-8, not ASCII-escaped)."""
    Path(path).write_text(json.dumps(document.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")


def read_directory(directory: Path | str) -> dict[str, SpkAttDocument]:
    """All ``*.json`` documents of a directory, keyed by file name."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SpkAttFormatError(f"{directory}: not a directory")
    return {p.name: read_document(p) for p in sorted(directory.glob("*.json"))}
