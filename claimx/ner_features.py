"""Token features of claimx's named-entity tagger (a linear-chain CRF, ``claimx.components.crf_ner``).

Pure functions over a sentence's word forms. What they read besides the words is data: a
``Gazetteer`` (word -> kinds of name lists it occurs in, written at training time and stored
with the model) and the shipped morphological lexicon (is a capitalised word a known noun or
verb form? "Regierung" is, "Gelsenkirchen" is not). Training (``models/ner/train_crf.py``)
and tagging call the same functions, so the features cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

AFFIX_LENGTHS = (1, 2, 3, 4, 5)  # suffixes and prefixes ("-ingen", "-mann"; "Bundes-")
MAX_LENGTH_BUCKET = 12
_SHAPE_CLASSES = str.maketrans({**{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"},
                                 **{c: "x" for c in "abcdefghijklmnopqrstuvwxyzäöüß"},
                                 **{c: "d" for c in "0123456789"}})


@dataclass(frozen=True)
class Gazetteer:
    """Which name lists a lower-cased word occurs in (as a whole name or as one word of a name)."""

    kinds_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    organisation_suffixes: tuple[str, ...] = ()
    names: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # whole names, lower-cased

    def __post_init__(self) -> None:
        # first words of the listed names: most words start none, and their lookup is skipped
        object.__setattr__(self, "_name_starts", frozenset(name[0] for name in self.names))
        object.__setattr__(self, "_longest_name", max((len(name) for name in self.names), default=0))

    def whole_name_kinds(self, lower_words: Sequence[str]) -> list[list[str]]:
        """Per word, the kinds of the whole listed names it is part of ("new york times" -> ORG on all three)."""
        found: list[list[str]] = [[] for _ in lower_words]
        starts = self._name_starts
        n = len(lower_words)
        for i, word in enumerate(lower_words):
            if word not in starts:
                continue
            for length in range(min(self._longest_name, n - i), 0, -1):
                kinds = self.names.get(tuple(lower_words[i:i + length]))
                if kinds:
                    for j in range(i, i + length):
                        found[j] += kinds
                    break
        return found

    @classmethod
    def from_lists(cls, lists: Mapping[str, Iterable[str]], organisation_suffixes: Iterable[str] = ()) -> Gazetteer:
        """``{"LOC": ["Bad Homburg", …], "first_name": […]}`` -> each word of each name with its list names.

        Only the capitalised words of a name count: "am" of "Frankfurt am Main" is no place.
        """
        kinds: dict[str, set[str]] = {}
        for kind, names in lists.items():
            for name in names:
                for word in name.split():
                    if word[:1].isupper() or word[:1].isdigit():
                        kinds.setdefault(word.lower(), set()).add(kind)
        names: dict[tuple[str, ...], set[str]] = {}
        for kind, listed in lists.items():
            for name in listed:
                names.setdefault(tuple(name.lower().split()), set()).add(kind)
        return cls({word: tuple(sorted(found)) for word, found in sorted(kinds.items())},
                   tuple(sorted({suffix.lower() for suffix in organisation_suffixes})),
                   {name: tuple(sorted(found)) for name, found in sorted(names.items())})

    def to_dict(self) -> dict:
        return {"kinds_of": {word: list(kinds) for word, kinds in self.kinds_of.items()},
                "organisation_suffixes": list(self.organisation_suffixes),
                "names": [[" ".join(name), list(kinds)] for name, kinds in self.names.items()]}

    @classmethod
    def from_dict(cls, data: Mapping) -> Gazetteer:
        names = {tuple(name.split()): tuple(kinds) for name, kinds in data.get("names", ())}
        return cls({word: tuple(kinds) for word, kinds in data["kinds_of"].items()},
                   tuple(data["organisation_suffixes"]), names)


WordClasses = Callable[[str], tuple[str, ...]]  # what the lexicon knows about a word as written


def lexicon_word_classes() -> WordClasses:
    """Word classes from the shipped lexicon tables: known noun form / noun lemma / verb form.

    Only a capitalised word is looked up as a noun (German writes nouns capitalised; the
    compound search is the costly part, and "und" needs none).
    """
    from claimx.components.lexicons import package_nouns, package_verbs

    nouns, verbs = package_nouns(), package_verbs()

    def classes(word: str) -> tuple[str, ...]:
        found = []
        if word[:1].isupper():
            capitalised = word[:1] + word[1:].lower()  # "NATO" -> "Nato", "Regierung" stays
            lemmas = nouns.lemmas(capitalised, compounds=False)
            if lemmas:
                found.append("noun_lemma" if capitalised in lemmas else "noun_form")
            elif nouns.lemmas(capitalised):
                found.append("noun_compound")  # "Zahnärzte"; also names with a noun as head ("Gelsenkirchen")
        if word in verbs:
            found.append("verb")
        return tuple(found)

    return classes


def word_shape(word: str) -> str:
    """"Müller-Lüdenscheid" -> "Xxx-Xxx", "G7" -> "Xd": letters and digits by class, runs cut to two."""
    shape = word.translate(_SHAPE_CLASSES)
    out = shape[:2]
    for char in shape[2:]:
        if not (char == out[-1] == out[-2]):
            out += char
    return out


class _Word(NamedTuple):
    """Everything a sequence needs of one word form, computed once per form."""

    lower: str
    capital_class: str
    own: tuple[str, ...]  # "bias" and the word's own features
    seen_from_right: tuple[str, ...]  # its features as the token after it sees them ("-1:w=in", …)
    seen_from_left: tuple[str, ...]  # as the token before it sees them ("1:…")
    far_left: str  # "-2:w=…"
    far_right: str  # "2:w=…"


class FeatureExtractor:
    """Features per token of a sentence; the per-word part is cached (news repeats its words)."""

    def __init__(self, gazetteer: Gazetteer, word_classes: WordClasses, cache_size: int = 200_000) -> None:
        self.gazetteer = gazetteer
        self.word_classes = lru_cache(maxsize=cache_size)(word_classes)
        self._word = lru_cache(maxsize=cache_size)(self._describe)

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """One feature list per word: its own features, its neighbours' and the bigram before it."""
        return self.sequence(words, (0,))

    def sequence(self, words: Sequence[str], sentence_starts: Collection[int]) -> list[list[str]]:
        """Features of a run of sentences (a whole Doc): neighbours cross sentence ends, and
        each sentence start is marked (its first word is capitalised anyway: "Gestern …").

        Near neighbours (±1) give their word, shape and name features, far ones (±2) their word.
        """
        n = len(words)
        described = [self._word(word) for word in words]
        whole = self.gazetteer.whole_name_kinds([w.lower for w in described])
        features = []
        for i, word in enumerate(described):
            token = list(word.own)
            if whole[i]:
                token += ["full=" + kind for kind in whole[i]]
            if i in sentence_starts:
                token.append("BOS")
            if i > 0:
                before = described[i - 1]
                token += ("bi=" + before.lower + "|" + word.lower, "pc=" + before.lower + "|" + word.capital_class)
                token += before.seen_from_right
                token.append(described[i - 2].far_left if i > 1 else "-2:pad")
            else:
                token += ("-1:pad", "-2:pad")
            if i + 1 < n:
                after = described[i + 1]
                token.append("nc=" + after.lower + "|" + word.capital_class)
                token += after.seen_from_left
                token.append(described[i + 2].far_right if i + 2 < n else "2:pad")
            else:
                token += ("1:pad", "2:pad")
            features.append(token)
        return features

    def _describe(self, word: str) -> _Word:
        lower = word.lower()
        shape = word_shape(word)
        names = self._name_features(word, lower)
        return _Word(lower, self._capital_class(word, lower), ("bias", *self._own_features(word, lower, shape), *names),
                     ("-1:w=" + lower, "-1:sh=" + shape, *["-1:" + f for f in names]),
                     ("1:w=" + lower, "1:sh=" + shape, *["1:" + f for f in names]),
                     "-2:w=" + lower, "2:w=" + lower)

    def _capital_class(self, word: str, lower: str) -> str:
        """"low", "noun" (a known noun form), "compound" (only as a compound) or "name" (unknown): "in Gelsenkirchen"."""
        if not word[:1].isupper():
            return "low"
        classes = self.word_classes(word)
        if not classes:
            return "name"
        if "noun_lemma" in classes or "noun_form" in classes:
            return "noun"
        return "compound" if "noun_compound" in classes else "other"

    def _own_features(self, word: str, lower: str, shape: str) -> list[str]:
        found = [f"w={lower}", f"sh={shape}", f"len={min(len(word), MAX_LENGTH_BUCKET)}"]
        found += [f"suf{n}={lower[-n:]}" for n in AFFIX_LENGTHS if len(lower) > n]
        found += [f"pre{n}={lower[:n]}" for n in AFFIX_LENGTHS if len(lower) > n]
        if "-" in word:
            found += ["hyph", "hyphlast=" + lower.rsplit("-", 1)[-1]]
        found += [f"lx={c}" for c in self.word_classes(word)]
        return found

    def _name_features(self, word: str, lower: str) -> list[str]:
        """Capitalisation against the lexicon, gazetteer lists, organisation suffixes."""
        found = []
        if word[:1].isupper():
            classes = self.word_classes(word)
            if not classes:
                found.append("cap_unknown")
            else:
                if "noun_lemma" in classes or "noun_form" in classes:
                    found.append("cap_noun")
                elif "noun_compound" in classes:  # "Hollmann", "Gelsenkirchen" read as compounds
                    found.append("cap_compound")
                if "verb" in classes:
                    found.append("cap_verb")
            suffixes = self.gazetteer.organisation_suffixes
            if lower.endswith(suffixes) and lower not in suffixes:  # "Sportverband", not "Verband"
                found.append("orgsuf")
        kinds_of = self.gazetteer.kinds_of
        found += ["gaz=" + kind for kind in kinds_of.get(lower, ())]
        if lower.endswith("s") and len(lower) > 3:  # genitive of a listed name: "Frankreichs"
            found += ["gazs=" + kind for kind in kinds_of.get(lower[:-1], ())]
        return found
