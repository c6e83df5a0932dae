"""Turn the hand-written lists in ``entities.yaml`` into entity_ruler patterns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ENTITIES = Path(__file__).with_name("entities.yaml")
Pattern = dict[str, Any]
NAME = {"POS": "PROPN", "IS_TITLE": True}


def phrase(label: str, text: str) -> Pattern:
    """A fixed name, matched on exact spelling by the phrase matcher ("Vereinte Nationen")."""
    return {"label": label, "pattern": text}


def load_lists(path: Path = ENTITIES) -> dict[str, list[str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build_patterns(lists: dict[str, list[str]]) -> list[Pattern]:
    """All patterns: places, organisations (names, compounds, "X für Y"), persons."""
    patterns = [phrase("LOC", name) for name in lists["places"]]
    patterns += [phrase("ORG", name) for name in lists["organisations"] + lists["acronyms"]]
    suffixes = "|".join(sorted(lists["organisation_suffixes"], key=len, reverse=True))
    # "Verteidigungsministerium", "Bundeskriminalamt": capitalised compound with an institution head
    patterns.append({"label": "ORG", "pattern": [
        {"TEXT": {"REGEX": f"^[A-ZÄÖÜ][a-zäöüß]+({suffixes})$", "NOT_IN": lists["generic_organisation_words"]},
         "POS": {"IN": ["NOUN", "PROPN"]}},
    ]})
    # "Institut für Weltwirtschaft", "Bundesamt für Migration und Flüchtlinge"
    patterns.append({"label": "ORG", "pattern": [
        {"TEXT": {"IN": lists["organisation_heads"]}}, {"LOWER": "für"},
        {"POS": "ADJ", "OP": "*"}, {"POS": {"IN": ["NOUN", "PROPN"]}, "IS_TITLE": True},
        {"LOWER": "und", "OP": "?"}, {"POS": {"IN": ["NOUN", "PROPN"]}, "IS_TITLE": True, "OP": "?"},
    ]})
    # "Angela Merkel", "Wolodymyr Selenskyj" (a rare surname may be tagged NOUN: "Olaf Scholz")
    surname = {"POS": {"IN": ["PROPN", "NOUN"]}, "IS_TITLE": True}
    patterns.append({"label": "PER", "pattern": [
        {"TEXT": {"IN": lists["first_names"]}}, {**NAME, "OP": "*"}, surname,
    ]})
    # "Kanzler Scholz", "Dr. Anna Schmidt", "Bundeskanzler Olaf Scholz" (surname tagged NOUN)
    patterns.append({"label": "PER", "pattern": [
        {"TEXT": {"IN": lists["person_titles"]}}, {**NAME, "OP": "+"},
        {"POS": "NOUN", "IS_TITLE": True, "OP": "?"},
    ]})
    # two or more proper names in a row ("Sergej Lawrow") are usually a person
    known = {w.lower() for key in ("places", "organisations", "acronyms") for w in lists[key] if " " not in w}
    known |= {name + "s" for name in known}  # genitive: "Moskaus Chefdiplomat"
    other = {"POS": "PROPN", "IS_TITLE": True, "LOWER": {"NOT_IN": sorted(known)}}
    patterns.append({"label": "PER", "pattern": [other, {**other, "OP": "+"}]})
    return patterns
