"""Verb readings from claimx's compact German verb table (derived, CC BY-SA 4.0).

The table (``claimx/data/lexicon/verbs.tsv.gz``, made by ``python -m models.build_lexicon``)
maps each verb form, plus a separated particle if any, to its lemma and finite readings
such as ``KJ1:3S`` (Konjunktiv I, 3rd person singular).
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PACKAGE_TABLE = "verbs.tsv.gz"
NOUN_TABLE = "nouns.tsv.gz"
MIN_COMPOUND_HEAD = 4  # shorter heads ("Ei", "Tee") split compounds at random places
INDICATIVE = ("PRÄ", "PRT")
SUBJUNCTIVE = ("KJ1", "KJ2")
MOOD_OF_TENSE = {"PRÄ": "Ind", "PRT": "Ind", "KJ1": "Sub", "KJ2": "Sub", "IMP": "Imp"}


@dataclass(frozen=True)
class Reading:
    """One analysis of a verb form: lemma, paradigm cell (e.g. "KJ1"), person, number."""

    lemma: str
    tense: str
    person: str = ""  # "1", "2", "3" or "" (imperative, non-finite)
    number: str = ""  # "S", "P" or ""

    @property
    def mood(self) -> str | None:
        """UD Mood value of this reading (None for non-finite forms)."""
        return MOOD_OF_TENSE.get(self.tense)


def _parse_code(lemma: str, code: str) -> Reading:
    tense, _, cell = code.partition(":")
    if tense == "IMP":
        return Reading(lemma, tense, "2", cell)
    return Reading(lemma, tense, cell[:1], cell[1:])


class VerbLexicon:
    """Lookup of German verb forms: lemmas and finite readings."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str]] = ()) -> None:
        # readings stay unparsed until looked up: loading 130k rows must stay fast
        self._entries: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for form, particle, lemma, codes in rows:
            self._entries[(form.lower(), particle.lower())].append((lemma, codes))

    @classmethod
    def from_path(cls, path: Path) -> VerbLexicon:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            return cls(_rows(lines))

    @classmethod
    def from_package(cls) -> VerbLexicon:
        """The table shipped in ``claimx/data/lexicon``."""
        table = resources.files("claimx") / "data" / "lexicon" / PACKAGE_TABLE
        with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
            return cls(_rows(lines))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, form: str) -> bool:
        return (form.lower(), "") in self._entries

    def readings(self, form: str, particle: str = "") -> list[Reading]:
        """All readings of ``form`` (with separated ``particle``, e.g. "teilte" + "mit")."""
        entries = self._entries.get((form.lower(), particle.lower()), ())
        return [_parse_code(lemma, code) for lemma, codes in entries for code in codes.split(",")]

    def lemmas(self, form: str, particle: str = "") -> list[str]:
        """Distinct lemmas of ``form``, most readings first ("teilte", "mit" -> ["mitteilen"])."""
        counts: dict[str, int] = defaultdict(int)
        for reading in self.readings(form, particle):
            counts[reading.lemma] += 1
        return sorted(counts, key=lambda lemma: -counts[lemma])

    def moods(self, form: str, particle: str = "", *, person: str = "", number: str = "") -> set[str]:
        """UD Mood values ``form`` can have, optionally only for one person/number."""
        return {
            r.mood
            for r in self.readings(form, particle)
            if r.mood and r.tense != "IMP" and (not person or r.person == person)
            and (not number or r.number == number)
        }

    def is_konjunktiv_i(self, form: str, particle: str = "", *, person: str = "3") -> bool:
        """True when ``form`` is Konjunktiv I and never indicative for ``person`` ("sei", "habe")."""
        readings = [r for r in self.readings(form, particle) if r.person == person]
        return any(r.tense == "KJ1" for r in readings) and not any(
            r.tense in INDICATIVE for r in readings
        )


class NounLexicon:
    """Lookup of German noun forms: which lemmas a form ("Sterne", "Zahnärzte") belongs to."""

    def __init__(self, rows: Iterable[tuple[str, str]] = ()) -> None:
        self._lemmas: dict[str, str] = {}  # form -> lemma, or "lemma1|lemma2" when ambiguous
        for lemma, forms in rows:
            for form in [lemma, *forms.split()]:
                known = self._lemmas.get(form)
                if known is None:
                    self._lemmas[form] = lemma
                elif lemma not in known.split("|"):
                    self._lemmas[form] = known + "|" + lemma

    @classmethod
    def from_package(cls) -> NounLexicon:
        """The table shipped in ``claimx/data/lexicon``."""
        table = resources.files("claimx") / "data" / "lexicon" / NOUN_TABLE
        with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
            return cls(tuple(line.rstrip("\n").split("\t")) for line in lines if not line.startswith("#"))

    def __len__(self) -> int:
        return len(self._lemmas)

    def lemmas(self, form: str, *, compounds: bool = True) -> list[str]:
        """Noun lemmas whose paradigm contains ``form`` (case-sensitive: nouns are capitalised).

        With ``compounds``, an unknown compound is lemmatised by its longest known head:
        "Zahnärzte" -> "Zahn" + "Arzt" -> "Zahnarzt".
        """
        known = self._lemmas.get(form)
        if known:
            return known.split("|")
        if not compounds:
            return []
        for start in range(1, len(form) - MIN_COMPOUND_HEAD + 1):
            head = form[start:]
            known = self._lemmas.get(head[:1].upper() + head[1:])
            if known:
                joined = form[start - 1] == "-"  # "Corona-Maßnahmen" keeps the capital after a hyphen
                return [form[:start] + (lemma if joined else lemma[:1].lower() + lemma[1:])
                        for lemma in known.split("|")]
        return []


def _rows(lines: Iterable[str]) -> Iterable[tuple[str, str, str, str]]:
    for line in lines:
        if line.startswith("#"):
            continue
        form, particle, lemma, codes = line.rstrip("\n").split("\t")
        yield form, particle, lemma, codes
