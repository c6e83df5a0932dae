"""The ``claimx_sources`` component: the source of each cue, resolved to a canonical name."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from claimx.components.doc_data import CUES, SOURCES, CueKey, cue_key, quoted_tokens, set_cue_sources
from claimx.components.word_lists import WordListHolder
from claimx.rules.attribution import DocumentResolver, ResolvedSource, forget_noun_index, source_mention
from claimx.rules.isolation import RuleGuard
from claimx.rules.text import safe_load_yaml
from claimx.rules.thresholds import SourceThresholds, thresholds_from
from claimx.sources import Registry


class RegistryHolder(WordListHolder):
    """A component that resolves names with its own source registry and saves it with the pipeline."""

    registry: Registry

    def add_registry(self, path: Path) -> None:
        """Extend the registry with a user YAML file (``RegistryError`` if it is bad)."""
        self.registry.extend(path)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        super().to_disk(path, exclude=exclude)
        write_registry(self.registry, ensure_path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RegistryHolder:
        super().from_disk(path, exclude=exclude)
        self.registry = read_registry(ensure_path(path)) or self.registry
        return self


class Sources(RegistryHolder):
    """The source of each cue, resolved to a canonical name (label = type, kb_id = name)."""

    def __init__(self, name: str, registry: Registry, words_data: dict[str, Any], *,
                 thresholds: dict[str, Any] | None = None, raise_errors: bool = False) -> None:
        self.name = name
        self.limits = thresholds_from(SourceThresholds, thresholds or {})
        self.registry = registry
        self._set_words(words_data)
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        guard = RuleGuard(doc, self.name, self.raise_errors)
        resolver = DocumentResolver(self.registry, self.words, self.limits)
        quoted: set[int] = set()
        with guard.at(None):
            quoted = quoted_tokens(doc)
        resolved_of: dict[CueKey, ResolvedSource] = {}
        spans = []
        for cue in doc.spans.get(CUES, []):
            with guard.at(cue.start):  # a failing source search costs the claims of the cue's sentence
                resolved, span = self._source_of(doc, cue, resolver, quoted)
                if resolved is not None:
                    resolved_of.setdefault(cue_key(cue), resolved)
                    spans.append(span)
        doc.spans[SOURCES] = spans
        set_cue_sources(doc, resolved_of)
        forget_noun_index(doc)
        return doc

    def _source_of(self, doc: Doc, cue: Span, resolver: DocumentResolver,
                   quoted: set[int]) -> tuple[ResolvedSource | None, Span | None]:
        """The resolved source of one cue and its mention's span (both None when the cue names no source)."""
        mention = source_mention(doc, cue.label_, cue.start, cue.end, self.words, quoted, self.limits)
        if mention is None or len(mention) == 0:
            return None, None
        resolved = resolver.resolve(mention)
        kb_id = self.registry.kb_id(resolved.name, resolved.type)
        if kb_id is not None:
            resolved = dataclasses.replace(resolved, kb_id=kb_id)
        return resolved, Span(doc, mention.start, mention.end, label=resolved.type, kb_id=resolved.name)

REGISTRY_FILE = "registry.yaml"  # in a component's folder of a saved pipeline


def write_registry(registry: Registry, folder: Path) -> None:
    data = yaml.safe_dump(registry.to_data(), allow_unicode=True, sort_keys=False)
    (folder / REGISTRY_FILE).write_text(data, encoding="utf-8")


def read_registry(folder: Path) -> Registry | None:
    """The registry a component saved in ``folder``, or None if it saved none."""
    registry_file = folder / REGISTRY_FILE
    if not registry_file.exists():
        return None
    return Registry.from_data(safe_load_yaml(registry_file.read_text(encoding="utf-8")), origin=str(registry_file))
