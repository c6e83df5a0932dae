"""The source registry (YAML) and the summary of who is cited how often.

The shipped registry lives in ``claimx/data/sources.yaml``; users extend it with files of the
same shape. Every problem with a user file is a one-line ``RegistryError`` naming the file.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claimx.errors import RegistryError
from claimx.records import Claim
from claimx.rules.text import contains_phrase, ends_with_any, load_package_yaml, phrase_words, safe_load_yaml, word_keys, words_match

REGISTRY_FILE = "sources.yaml"
ENTRY_TYPES = ("person", "organisation", "place")
_ENTRY_KEYS = {"name", "type", "full_name", "aliases", "abbreviations", "country", "keywords", "roles", "wikidata"}
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
_TOP_LEVEL_KEYS = {"version", "places", "sources"}
REGISTRY_VERSION = 1  # the file format this claimx reads (``version: 1``; a file without it is taken as 1)


@dataclass(frozen=True)
class Role:
    """An office that names a person: "Außenminister" of "Russland"."""

    title: str
    of: str | None = None


@dataclass
class Entry:
    """One registered source."""

    name: str
    type: str
    full_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    country: str | None = None
    keywords: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    wikidata: str | None = None  # the entity's Wikidata id ("Q7747"): records carry it as source.kb_id

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "type": self.type}
        for key in ("full_name", "country", "wikidata"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        for key in ("aliases", "abbreviations", "keywords"):
            if getattr(self, key):
                data[key] = list(getattr(self, key))
        if self.roles:
            data["roles"] = [{"title": r.title, **({"of": r.of} if r.of else {})} for r in self.roles]
        return data


@dataclass(frozen=True)
class Match:
    """A registry entry that a mention names, and how it was found."""

    entry: Entry
    how: str  # abbreviation | alias | role | country


class Registry:
    """Registered sources and the place names used to recognise them."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.places: dict[str, list[str]] = {}
        self._by_name: dict[str, Entry] = {}
        self._index: _Index | None = None  # built on the first lookup, dropped when data is added

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def shipped(cls) -> Registry:
        """The registry shipped with claimx."""
        registry = cls()
        registry.add_data(load_package_yaml(REGISTRY_FILE), origin=f"claimx/data/{REGISTRY_FILE}")
        return registry

    def extend(self, path: Path) -> None:
        """Add the sources of a user YAML file; ``RegistryError`` names the file and the problem."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RegistryError(f"{path}: cannot read source registry: {_one_line(error)}") from error
        try:
            data = safe_load_yaml(text)
        except yaml.YAMLError as error:
            raise RegistryError(f"{path}: not valid YAML: {_one_line(error)}") from error
        self.add_data(data, origin=str(path))

    def add_data(self, data: Any, *, origin: str) -> None:
        """Validate and add parsed registry data (``origin`` names it in error messages)."""
        if not isinstance(data, dict) or "sources" not in data and "places" not in data:
            raise RegistryError(f"{origin}: expected a mapping with a 'sources' list")
        _check_version(data, origin)
        unknown = sorted(map(str, set(data) - _TOP_LEVEL_KEYS))
        if unknown:  # a misspelt 'source:' would otherwise drop its entries silently
            raise RegistryError(f"{origin}: unknown top-level key(s) {', '.join(unknown)} (expected version, places, sources)")
        places = data.get("places") or {}
        if not isinstance(places, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in places.items()
        ):
            raise RegistryError(f"{origin}: 'places' must map each place to a list of names")
        entries = data.get("sources") or []
        if not isinstance(entries, list):
            raise RegistryError(f"{origin}: 'sources' must be a list")
        parsed = [_parse_entry(item, origin, number) for number, item in enumerate(entries, 1)]
        self._index = None
        for key, forms in places.items():
            self.places[key] = list(dict.fromkeys(self.places.get(key, []) + [key, *forms]))
        for entry in parsed:
            if entry.country and entry.country not in self.places:
                raise RegistryError(f"{origin}: source {entry.name!r}: unknown country {entry.country!r} (add it under 'places')")
            self._add(entry)

    def _add(self, entry: Entry) -> None:
        self._index = None
        previous = self._by_name.get(entry.name)
        if previous is not None:  # a user file overrides a shipped entry of the same name
            self.entries.remove(previous)
        self.entries.append(entry)
        self._by_name[entry.name] = entry

    def get(self, name: str) -> Entry | None:
        return self._by_name.get(name)

    def kb_id(self, name: str, kind: str) -> str | None:
        """The knowledge-base id of the source ``name`` of type ``kind`` (an anonymous spokesman of an entry has none)."""
        entry = self._by_name.get(name)
        return entry.wikidata if entry is not None and entry.type == kind else None

    def to_data(self) -> dict[str, Any]:
        """The whole registry as YAML-ready data (for ``to_disk``)."""
        return {"version": REGISTRY_VERSION, "places": dict(self.places), "sources": [e.to_dict() for e in self.entries]}

    @classmethod
    def from_data(cls, data: dict[str, Any], *, origin: str) -> Registry:
        registry = cls()
        registry.add_data(data, origin=origin)
        return registry

    # --- lookup -------------------------------------------------------------------------
    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = _Index(self)
        return self._index

    def place_of(self, words: list[str]) -> str | None:
        """The registered place that ``words`` mention ("Moskaus" → "Russland"), or None."""
        index = self.index
        found = [(order, key) for order, key, form in index.places.candidates(words)
                 if contains_phrase(words, form)]
        found += [index.compound_places[prefix] for prefix in _compound_prefixes(words) if prefix in index.compound_places]
        return min(found)[1] if found else None

    def lookup(self, words: list[str], head: str, *, has_name: bool) -> Match | None:
        """The entry a mention names: by abbreviation, alias, role or country + keyword."""
        index = self.index
        abbreviated = [index.abbreviations[w] for w in set(words) if w in index.abbreviations]
        if abbreviated:
            return Match(min(abbreviated, key=lambda found: found[0])[1], "abbreviation")
        best: tuple[int, int, Entry] | None = None  # longest alias; the earliest entry among equals
        for order, entry, alias_words in index.aliases.candidates(words):
            if (best is None or (-len(alias_words), order) < best[:2]) and contains_phrase(words, alias_words):
                best = (-len(alias_words), order, entry)
        if best is not None:
            return Match(best[2], "alias")
        place = self.place_of(words)
        if not has_name:
            for entry in index.with_roles:
                for role in entry.roles:
                    if _names_title(head, role.title) and (role.of is None or role.of == place or _mentions(words, role.of)):
                        return Match(entry, "role")
        if place:
            for entry in index.by_country.get(place, []):
                if any(_names_title(head, k) for k in entry.keywords):
                    return Match(entry, "country")
        return None


class _PhraseIndex:
    """Phrases filed under the comparable keys of their first word, so that a lookup only
    checks the phrases whose first word occurs in the mention."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[int, Any, tuple[str, ...]]]] = defaultdict(list)

    def add(self, order: int, payload: Any, phrase: str) -> None:
        words = phrase_words(phrase)
        if words:
            for key in word_keys(words[0]):
                self._by_key[key].append((order, payload, words))

    def candidates(self, words: Iterable[str]) -> list[tuple[int, Any, tuple[str, ...]]]:
        """Phrases that may occur in ``words``, in the order they were added."""
        seen: dict[tuple[int, tuple[str, ...]], tuple[int, Any, tuple[str, ...]]] = {}
        for word in words:
            for key in word_keys(word):
                for item in self._by_key.get(key, ()):
                    seen.setdefault((item[0], item[2]), item)
        return sorted(seen.values(), key=lambda item: item[0])


class _Index:
    """Lookup tables over a registry's places and entries (same answers as scanning them in order)."""

    def __init__(self, registry: Registry) -> None:
        self.places = _PhraseIndex()
        self.compound_places: dict[str, tuple[int, str]] = {}
        for order, (key, forms) in enumerate(registry.places.items()):
            for form in forms:
                self.places.add(order, key, form)
                self.compound_places.setdefault(form.lower(), (order, key))
        self.abbreviations: dict[str, tuple[int, Entry]] = {}
        self.aliases = _PhraseIndex()
        self.by_country: dict[str, list[Entry]] = defaultdict(list)
        for order, entry in enumerate(registry.entries):
            for abbreviation in entry.abbreviations:
                self.abbreviations.setdefault(abbreviation, (order, entry))
            for alias in entry.aliases:
                self.aliases.add(order, entry, alias)
            if entry.country:
                self.by_country[entry.country].append(entry)
        self.with_roles = [entry for entry in registry.entries if entry.roles]


def _compound_prefixes(words: Iterable[str]) -> list[str]:
    """ "US-Präsident", "Kreml-Sprecher" → "us", "kreml": first parts of hyphenated compounds, lowercased."""
    return [w.split("-")[0].lower() for w in words if "-" in w]


def _names_title(head: str, title: str) -> bool:
    """The head noun is the title or a compound ending in it ("Russland-Außenminister")."""
    return words_match(head, title) or (len(title) > 4 and head.lower().endswith(title.lower()))


def _mentions(words: list[str], name: str) -> bool:
    return contains_phrase(words, phrase_words(name)) or name.lower() in _compound_prefixes(words)


def _check_version(data: dict[str, Any], origin: str) -> None:
    version = data.get("version", REGISTRY_VERSION)
    if isinstance(version, bool) or version != REGISTRY_VERSION:
        raise RegistryError(
            f"{origin}: unsupported registry version {version!r} (this claimx reads version {REGISTRY_VERSION})"
        )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _string_list(item: dict[str, Any], key: str, origin: str, label: str) -> list[str]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise RegistryError(f"{origin}: {label}: '{key}' must be a list of strings")
    return [str(v) for v in value]


def _parse_entry(item: Any, origin: str, number: int) -> Entry:
    label = f"source #{number}"
    if not isinstance(item, dict):
        raise RegistryError(f"{origin}: {label}: expected a mapping with 'name' and 'type'")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{origin}: {label}: missing 'name'")
    label = f"source {name!r}"
    unknown = set(item) - _ENTRY_KEYS
    if unknown:
        raise RegistryError(f"{origin}: {label}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    kind = item.get("type", "organisation")
    if kind not in ENTRY_TYPES:
        raise RegistryError(f"{origin}: {label}: type must be one of {', '.join(ENTRY_TYPES)}, not {kind!r}")
    roles_data = item.get("roles") or []
    if not isinstance(roles_data, list):
        raise RegistryError(f"{origin}: {label}: 'roles' must be a list of {{title, of}} mappings")
    roles = []
    for role in roles_data:
        if not isinstance(role, dict) or not isinstance(role.get("title"), str) or set(role) - {"title", "of"}:
            raise RegistryError(f"{origin}: {label}: each role needs a 'title' (and optionally 'of')")
        roles.append(Role(role["title"], role.get("of")))
    country = item.get("country")
    if country is not None and not isinstance(country, str):
        raise RegistryError(f"{origin}: {label}: 'country' must be a string")
    full_name = item.get("full_name")
    wikidata = item.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA_ID.fullmatch(wikidata)):
        raise RegistryError(f"{origin}: {label}: 'wikidata' must be an id like Q7747, not {wikidata!r}")
    return Entry(
        name=name.strip(),
        type=kind,
        full_name=str(full_name) if full_name else None,
        aliases=_string_list(item, "aliases", origin, label),
        abbreviations=_string_list(item, "abbreviations", origin, label),
        country=country,
        keywords=_string_list(item, "keywords", origin, label),
        roles=roles,
        wikidata=wikidata,
    )


# --- who is cited how often ----------------------------------------------------------------
@dataclass(frozen=True)
class SourceSummary:
    """How often one source is cited, by kind of claim."""

    name: str
    type: str
    claims: int
    kinds: dict[str, int]
    mentions: list[str]
    docs: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "claims": self.claims,
            "kinds": dict(self.kinds),
            "mentions": list(self.mentions),
            "docs": self.docs,
        }


UNATTRIBUTED = "(ohne Quelle)"


def canonical_source(claim: Claim) -> tuple[str, str]:
    """The key that merges a claim's source across documents: its canonical name and type."""
    source = claim.source
    return (source.name, source.type) if source else (UNATTRIBUTED, "unknown")


def summarize(claims: Iterable[Claim]) -> list[SourceSummary]:
    """Who is cited how often, by canonical name; most cited first, then by name."""
    counts: Counter[tuple[str, str]] = Counter()
    kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    mentions: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for claim in claims:
        source = claim.source
        key = canonical_source(claim)
        counts[key] += 1
        kinds[key][claim.kind] += 1
        docs[key].add(claim.doc)
        if source:
            mentions[key][source.text] = None
    ordered = sorted(counts, key=lambda k: (-counts[k], k[0].lower(), k[1]))
    return [
        SourceSummary(name, kind, counts[(name, kind)], dict(sorted(kinds[(name, kind)].items())),
                      list(mentions[(name, kind)]), len(docs[(name, kind)]))
        for name, kind in ordered
    ]


SUGGEST_MIN_CLAIMS = 2  # a source is suggested for the registry once it is cited this often
SUGGEST_TYPES = ("person", "organisation")


def registry_suggestions(summaries: Iterable[SourceSummary], registry: Registry, *, min_claims: int = SUGGEST_MIN_CLAIMS) -> list[SourceSummary]:
    """Frequent named sources the registry does not know yet, most cited first."""
    return [s for s in summaries
            if s.type in SUGGEST_TYPES and s.claims >= min_claims and s.name != UNATTRIBUTED and registry.get(s.name) is None]


def registry_stub(suggestions: Iterable[SourceSummary]) -> str:
    """A YAML file in the registry's format with one entry per suggestion, to be checked and passed back with ``--sources``."""
    lines = [
        "# Sources claimx found often that its registry does not know (claimx sources --suggest-registry).",
        "# Check each entry: correct the name and type, add aliases, abbreviations or roles, delete",
        "# what is wrong; then pass the file back: claimx extract ... --sources THIS_FILE",
        f"version: {REGISTRY_VERSION}",
        "sources:" if suggestions else "sources: []",
    ]
    for summary in suggestions:
        mentions = ", ".join(summary.mentions[:5])
        documents = "1 document" if summary.docs == 1 else f"{summary.docs} documents"
        lines.append(f"  # {summary.claims} claims in {documents}; mentioned as: {_one_line_text(mentions)}")
        lines.append(f"  - name: {_yaml_scalar(summary.name)}")
        lines.append(f"    type: {summary.type}")
    return "\n".join(lines) + "\n"


def registry_stub_for(summaries: Iterable[SourceSummary], extra: Iterable[Path] = ()) -> str:
    """The registry stub for ``summaries``, leaving out what the shipped registry and the ``extra`` files know."""
    registry = Registry.shipped()
    for path in extra:
        registry.extend(path)
    return registry_stub(registry_suggestions(summaries, registry))


def _yaml_scalar(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()


def _one_line_text(text: str) -> str:
    return " ".join(text.split())


__all__ = ["Registry", "Entry", "Role", "Match", "SourceSummary", "summarize", "canonical_source", "UNATTRIBUTED", "ends_with_any", "registry_suggestions", "registry_stub", "registry_stub_for"]
