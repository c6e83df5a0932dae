"""Derive claimx's compact verb table from the German morphological lexicon.

Reads ``verbs.json`` and ``nouns.json`` of the german-morph-lexicon (CC BY-SA 4.0) and
writes ``claimx/data/lexicon/verbs.tsv.gz`` (one line per form, separated particle and
lemma with the readings of that form, e.g. ``sei<TAB><TAB>sein<TAB>IMP:S,KJ1:1S,KJ1:3S``)
and ``nouns.tsv.gz`` (one line per noun form with its lemmas, e.g. ``Sterne<TAB>Stern``).
Run: ``python -m models.build_lexicon [--source DIR]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "german-morph-lexicon"
TARGET = REPO / "claimx" / "data" / "lexicon" / "verbs.tsv.gz"
NOUN_TARGET = REPO / "claimx" / "data" / "lexicon" / "nouns.tsv.gz"
CASES = ("NOM", "GEN", "DAT", "AKK")
TENSES = ("PRÄ", "PRT", "KJ1", "KJ2")
NON_FINITE = {"INF": "INF", "PA2": "PA2", "EIZ": "EIZ"}

Key = tuple[str, str, str]  # (form, separated particle or "", lemma)


def finite_entries(lemma: str, entry: dict) -> dict[Key, set[str]]:
    """Readings of every finite form of one verb, separated and joined."""
    readings: dict[Key, set[str]] = defaultdict(set)
    for tense in TENSES:
        for number, persons in entry.get(tense, {}).items():
            for person, parts in persons.items():
                code = f"{tense}:{person}{number}"
                parts = [parts] if isinstance(parts, str) else parts
                form, particle = parts[0], " ".join(parts[1:])
                readings[(form, particle, lemma)].add(code)
                if particle:  # verb-final clauses join the particle: "dass sie ... mitteilte"
                    readings[(particle.replace(" ", "") + form, "", lemma)].add(code)
    for number, parts in entry.get("IMP", {}).items():
        parts = [parts] if isinstance(parts, str) else parts
        readings[(parts[0], " ".join(parts[1:]), lemma)].add(f"IMP:{number}")
    return readings


def non_finite_entries(lemma: str, entry: dict) -> dict[Key, set[str]]:
    """Infinitive, zu-infinitive and past participle forms of one verb."""
    readings: dict[Key, set[str]] = defaultdict(set)
    for field, code in NON_FINITE.items():
        values = entry.get(field)
        for form in [values] if isinstance(values, str) else values or []:
            if form:
                readings[(form, "", lemma)].add(code)
    return readings


def build(source: Path) -> dict[Key, set[str]]:
    verbs = json.loads((source / "verbs.json").read_text(encoding="utf-8"))
    table: dict[Key, set[str]] = defaultdict(set)
    for lemma, entry in verbs.items():
        for part in (finite_entries(lemma, entry), non_finite_entries(lemma, entry)):
            for key, codes in part.items():
                table[key] |= codes
    return table


def _write_gzip(target: Path, text: str) -> None:
    """Gzip without a timestamp, so rebuilding gives byte-identical files."""
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def write(table: dict[Key, set[str]], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{form}\t{particle}\t{lemma}\t{','.join(sorted(codes))}\n"
        for (form, particle, lemma), codes in sorted(table.items())
    ]
    header = "# form\tparticle\tlemma\treadings  (derived from german-morph-lexicon, CC BY-SA 4.0)\n"
    _write_gzip(target, header + "".join(lines))


def build_nouns(source: Path) -> dict[str, set[str]]:
    """Inflected forms of every noun lemma (the lemma itself left out)."""
    nouns = json.loads((source / "nouns.json").read_text(encoding="utf-8"))
    table: dict[str, set[str]] = {}
    for lemma, entry in nouns.items():
        forms = {form for case in CASES for form in entry.get(case, {}).values() if form}
        table[lemma] = forms - {lemma}
    return table


def write_nouns(table: dict[str, set[str]], target: Path) -> None:
    """One line per noun form with its lemmas ("lemma1|lemma2" in alphabetical order), sorted by line:
    ``NounLexicon`` searches the lines by bisection without building a dictionary at load time."""
    lemmas_of: dict[str, list[str]] = defaultdict(list)
    for lemma in sorted(table):
        for form in [lemma, *sorted(table[lemma])]:
            if lemma not in lemmas_of[form]:
                lemmas_of[form].append(lemma)
    lines = sorted(f"{form}\t{'|'.join(lemmas)}\n" for form, lemmas in lemmas_of.items())
    header = "# form\tlemmas  (derived from german-morph-lexicon, CC BY-SA 4.0)\n"
    _write_gzip(target, header + "".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args()
    table = build(args.source)
    write(table, args.target)
    print(f"{len(table)} entries -> {args.target} ({args.target.stat().st_size // 1024} KiB)")
    nouns = build_nouns(args.source)
    write_nouns(nouns, NOUN_TARGET)
    print(f"{len(nouns)} nouns -> {NOUN_TARGET} ({NOUN_TARGET.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
