"""Verb readings from claimx's compact German verb table (derived, CC BY-SA 4.0).

The table (``claimx/data/lexicon/verbs.tsv.gz``, made by ``python -m models.build_lexicon``)
maps each verb form, plus a separated particle if any, to its lemma and finite readings
such as ``KJ1:3S`` (Konjunktiv I, 3rd person singular).
"""

from __future__ import annotations

import gzip
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
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


def package_table_lines(name: str) -> list[str]:
    """The data lines of a table shipped in ``claimx/data/lexicon`` (comment lines start with "#")."""
    table = resources.files("claimx") / "data" / "lexicon" / name
    return _data_lines(gzip.decompress(table.read_bytes()).decode("utf-8"))


def _data_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line and line[0] != "#"]


class _SortedTable:
    """A table kept as its sorted tab-separated lines and searched by bisection: loading is a split
    and a sort, with no per-row Python work, which keeps ``claimx extract`` on one article quick to start."""

    TABLE = ""  # file name in claimx/data/lexicon

    def _set_lines(self, lines: list[str]) -> None:
        lines.sort()
        self._lines = lines

    @classmethod
    def _of_lines(cls, lines: list[str]):
        lexicon = cls.__new__(cls)  # the lines are the table already: no rows to convert
        lexicon._set_lines(lines)
        return lexicon

    @classmethod
    def from_lines(cls, text: str):
        """A lexicon from the table's text (comment lines start with "#")."""
        return cls._of_lines(_data_lines(text))

    @classmethod
    def from_path(cls, path: Path):
        return cls.from_lines(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))

    @classmethod
    def from_package(cls):
        """The table shipped in ``claimx/data/lexicon``."""
        return cls._of_lines(package_table_lines(cls.TABLE))

    def __len__(self) -> int:
        return len(self._lines)

    def _rests(self, prefix: str) -> Iterator[str]:
        """What follows ``prefix`` on each line that starts with it, in table order."""
        i = bisect_left(self._lines, prefix)
        while i < len(self._lines) and self._lines[i].startswith(prefix):
            yield self._lines[i][len(prefix):]
            i += 1


class VerbLexicon(_SortedTable):
    """Lookup of German verb forms: lemmas and finite readings.

    Lines "form\tparticle\tlemma\treadings", forms in lower case; one row per form, particle and
    lemma (``len``).
    """

    TABLE = PACKAGE_TABLE

    def __init__(self, rows: Iterable[tuple[str, str, str, str]] = ()) -> None:
        self._set_lines([f"{form.lower()}\t{particle.lower()}\t{lemma}\t{codes}" for form, particle, lemma, codes in rows])

    def _set_lines(self, lines: list[str]) -> None:
        super()._set_lines(lines)
        self._entries_of = lru_cache(maxsize=65536)(self._find_entries)
        self._readings_of = lru_cache(maxsize=65536)(self._parse_readings)
        self._lemmas_of = lru_cache(maxsize=65536)(self._count_lemmas)

    def _find_entries(self, form: str, particle: str) -> tuple[tuple[str, str], ...]:
        return tuple((lemma, codes) for lemma, _, codes in
                     (rest.partition("\t") for rest in self._rests(f"{form}\t{particle}\t")))

    def __contains__(self, form: str) -> bool:
        return bool(self._entries_of(form.lower(), ""))

    def readings(self, form: str, particle: str = "") -> list[Reading]:
        """All readings of ``form`` (with separated ``particle``, e.g. "teilte" + "mit")."""
        return list(self._readings_of(form.lower(), particle.lower()))

    def _parse_readings(self, form: str, particle: str) -> tuple[Reading, ...]:
        return tuple(_parse_code(lemma, code) for lemma, codes in self._entries_of(form, particle) for code in codes.split(","))

    def lemmas(self, form: str, particle: str = "") -> list[str]:
        """Distinct lemmas of ``form``, most readings first ("teilte", "mit" -> ["mitteilen"])."""
        return list(self._lemmas_of(form.lower(), particle.lower()))

    def _count_lemmas(self, form: str, particle: str) -> tuple[str, ...]:
        counts: dict[str, int] = defaultdict(int)
        for reading in self._readings_of(form, particle):
            counts[reading.lemma] += 1
        return tuple(sorted(counts, key=lambda lemma: -counts[lemma]))

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


class NounLexicon(_SortedTable):
    """Lookup of German noun forms: which lemmas a form ("Sterne", "Zahnärzte") belongs to.

    Lines "form\tlemma" ("lemma1|lemma2" when ambiguous); ``len`` counts the known forms.
    """

    TABLE = NOUN_TABLE

    def __init__(self, rows: Iterable[tuple[str, Iterable[str]]] = ()) -> None:
        lemmas_of: dict[str, list[str]] = defaultdict(list)  # rows: (lemma, its other forms)
        for lemma, forms in rows:
            for form in [lemma, *forms]:
                if lemma not in lemmas_of[form]:
                    lemmas_of[form].append(lemma)
        self._set_lines([f"{form}\t{'|'.join(lemmas)}" for form, lemmas in lemmas_of.items()])

    def _set_lines(self, lines: list[str]) -> None:
        super()._set_lines(lines)
        self._known = lru_cache(maxsize=65536)(self._find)
        self._lemmas_of = lru_cache(maxsize=65536)(self._find_lemmas)

    def _find(self, form: str) -> str | None:
        return next(self._rests(form + "\t"), None)

    def lemmas(self, form: str, *, compounds: bool = True) -> list[str]:
        """Noun lemmas whose paradigm contains ``form`` (case-sensitive: nouns are capitalised).

        With ``compounds``, an unknown compound is lemmatised by its longest known head:
        "Zahnärzte" -> "Zahn" + "Arzt" -> "Zahnarzt".
        """
        return list(self._lemmas_of(form, compounds))

    def _find_lemmas(self, form: str, compounds: bool) -> tuple[str, ...]:
        known = self._known(form)
        if known:
            return tuple(known.split("|"))
        if not compounds:
            return ()
        for start in range(1, len(form) - MIN_COMPOUND_HEAD + 1):
            head = form[start:]
            known = self._known(head[:1].upper() + head[1:])
            if known:
                joined = form[start - 1] == "-"  # "Corona-Maßnahmen" keeps the capital after a hyphen
                return tuple(form[:start] + (lemma if joined else lemma[:1].lower() + lemma[1:])
                             for lemma in known.split("|"))
        return ()
