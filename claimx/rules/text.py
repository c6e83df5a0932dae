"""Small text helpers shared by claimx's components: word keys, YAML data, boilerplate."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.parts_of_speech import IDS as _POS_IDS

from claimx.errors import WordListError
from claimx.resources import GRAMMAR, MARKS

# Inflection endings stripped to compare word forms ("Geheimdienstes" ~ "Geheimdienst",
# "südkoreanischen" ~ "südkoreanischer"): GRAMMAR.inflection_endings. Lines that are page furniture,
# not article text ("Alles zum Thema …", "Foto: …"): GRAMMAR.boilerplate_starts (claimx/data/grammar.yaml).


@cache  # cleared by claimx.resources.clear_caches
def pos_ids(name: str) -> frozenset[int]:
    """The coarse tags of the list ``GRAMMAR.<name>`` as ids, to compare with ``doc.to_array(POS)`` without
    building Token objects (``pos_ids("verb_tags")``: VERB and AUX)."""
    return frozenset(_POS_IDS[tag] for tag in getattr(GRAMMAR, name))


@lru_cache(maxsize=65536)  # the same few thousand word forms are compared again and again
def word_keys(word: str) -> frozenset[str]:
    """Comparable keys of a German word form: itself and itself minus one inflection ending."""
    lower = word.lower().strip(_word_key_strip())
    keys = {lower}
    min_stem = GRAMMAR.min_stem_chars
    for ending in GRAMMAR.inflection_endings:
        if lower.endswith(ending) and len(lower) - len(ending) >= min_stem:
            keys.add(lower[: -len(ending)])
    return frozenset(keys)


@cache
def _word_key_strip() -> str:
    return "".join(MARKS.word_key_strip)  # cleared with word_keys by claimx.resources.clear_caches


def words_match(a: str, b: str) -> bool:
    """True when two word forms may be inflections of one word ("Russlands" ~ "Russland")."""
    return bool(word_keys(a) & word_keys(b))


@lru_cache(maxsize=16384)  # registry aliases and place names are split again for every mention
def phrase_words(phrase: str) -> tuple[str, ...]:
    """The words of a phrase, split at spaces ("Institut für Kriegsstudien")."""
    return tuple(w for w in re.split(r"\s+", phrase.strip()) if w)


def contains_phrase(words: Sequence[str], phrase: Sequence[str]) -> bool:
    """True when ``phrase`` occurs in ``words`` as a contiguous, inflection-tolerant sequence."""
    n = len(phrase)
    if n == 0 or n > len(words):
        return False
    first = word_keys(phrase[0])
    if not any(first & word_keys(w) for w in words):  # cheap rejection: the first word occurs nowhere
        return False
    return any(
        all(words_match(words[i + k], phrase[k]) for k in range(n)) for i in range(len(words) - n + 1)
    )


def is_web_name(word: str) -> bool:
    """A site's name as written: "tagesschau.de", "faz.net" (a source of its own, quoted or not)."""
    ending = ends_with_any(word, GRAMMAR.web_name_endings)
    return ending is not None and len(word) > len(ending) + 1 and word[0].isalnum() and " " not in word


def ends_with_any(word: str, suffixes: Iterable[str]) -> str | None:
    """The longest suffix in ``suffixes`` that ``word`` ends with (compounds), or None."""
    lower = word.lower()
    best = None
    for suffix in suffixes:
        if lower.endswith(suffix) and (best is None or len(suffix) > len(best)):
            best = suffix
    return best


# libyaml's loader parses the word lists and registry ~8x faster than the pure-Python one (start-up time)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load_yaml(text: str) -> Any:
    """``yaml.safe_load`` with libyaml when PyYAML was built with it."""
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


def load_package_yaml(filename: str) -> dict[str, Any]:
    """A YAML data file shipped in ``claimx/data``; ``WordListError`` if malformed."""
    resource = resources.files("claimx") / "data" / filename
    try:
        data = safe_load_yaml(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise WordListError(f"claimx/data/{filename}: {_one_line(error)}") from error
    if not isinstance(data, dict):
        raise WordListError(f"claimx/data/{filename}: expected a mapping at the top level")
    return data


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def boilerplate_ranges(text: str, max_nav_cell_words: int) -> list[tuple[int, int]]:
    """Character ranges of lines that are page furniture (link lists, captions, credits, navigation trails)."""
    ranges = []
    offset = 0
    in_link_list = False
    boilerplate, link_list_heads = GRAMMAR.boilerplate_starts, GRAMMAR.link_list_heads
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            in_link_list = False
        elif boilerplate.match(stripped):
            ranges.append((offset, offset + len(line)))
            # "Alles zum Thema Ukraine" heads a list of link titles that follows it
            in_link_list = stripped.lower().startswith(link_list_heads)
        elif in_link_list or _looks_like_caption(stripped) or _is_navigation_trail(stripped, max_nav_cell_words):
            ranges.append((offset, offset + len(line)))
        offset += len(line)
    return ranges


def _looks_like_caption(line: str) -> bool:
    """A short line without a sentence end and with a credit, e.g. "Panzer bei Kursk (Foto: AP)"."""
    credit = re.search(r"\((?:foto|bild|archiv|symbolbild)\b[^)]*\)\s*$", line, re.IGNORECASE)
    if credit:
        return True
    return False


def _is_navigation_trail(line: str, max_cell_words: int) -> bool:
    """ "Startseite | Politik | Ausland", "Home › Wirtschaft": short cells between separators.

    A line whose cells are sentences is text ("| Der Minister sagte, … |": a body laid out as a
    table), and a separator that is a quotation mark with its partner in the line quotes ("›nie‹").
    """
    ends = MARKS.sentence_ends
    for separator in MARKS.navigation_separators:
        if separator not in line or any(partner in line for partner in MARKS.nested_pairs.get(separator, ())):
            continue
        cells = [cell.strip() for cell in line.split(separator) if cell.strip()]
        if all(len(cell.split()) <= max_cell_words and cell[-1] not in ends for cell in cells):
            return True
    return False


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs begin (after an empty line or a line break)."""
    starts = [0]
    for match in re.finditer(r"\n\s*", text):
        starts.append(match.end())
    return starts
