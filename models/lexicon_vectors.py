"""Static "lexicon vectors" for the tok2vec layer, derived from claimx's verb and noun tables.

UD German gives the tagger and parser only ~2k training sentences, so most word forms of news
text are unseen. The German morphological lexicon knows a few hundred thousand of them. Each
lower-cased form gets a small binary vector of what the lexicon says about it (noun form, noun
lemma, verb paradigm cells such as Konjunktiv I or participle, person and number), and the
tok2vec layer reads it as spaCy static vectors. Forms with the same analysis share one row, so
the table holds a few thousand rows for ~300k keys; the keys are hashes of the lower-cased
forms (no strings are stored). Licence: derived from the german-morph-lexicon, CC BY-SA 4.0.

Run: ``python -m models.lexicon_vectors OUTPUT_DIR`` writes a blank German pipeline whose
vocab holds the vectors (the ``[initialize] vectors`` of ``models/configs/base.cfg``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy

from claimx.lexicon import NOUN_TABLE, PACKAGE_TABLE, package_table_lines

FEATURES = (
    "noun_form", "noun_lemma", "verb_lemma",
    "PRÄ", "PRT", "KJ1", "KJ2", "IMP", "INF", "EIZ", "PA2", "with_particle",
    "1S", "2S", "3S", "1P", "2P", "3P",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}


def lexicon_features() -> dict[str, set[str]]:
    """What the lexicon says about each lower-cased form."""
    features: dict[str, set[str]] = {}
    for line in package_table_lines(PACKAGE_TABLE):
        form, particle, lemma, codes = line.split("\t")
        found = features.setdefault(form.lower(), set())
        if particle:
            found.add("with_particle")
        for code in codes.split(","):
            tense, _, cell = code.partition(":")
            found.add(tense)
            if cell and tense != "IMP":
                found.add(cell)
        found_lemma = features.setdefault(lemma.lower(), set())
        found_lemma.add("verb_lemma")
    for line in package_table_lines(NOUN_TABLE):
        form, lemmas = line.split("\t")
        found = features.setdefault(form.lower(), set())
        found.add("noun_form")
        if form in lemmas.split("|"):
            found.add("noun_lemma")
    return features


def build_vectors(features: dict[str, set[str]]):
    """spaCy ``Vectors`` keyed by the LOWER attribute; one row per distinct analysis."""
    from spacy.strings import hash_string
    from spacy.vectors import Vectors

    rows: dict[frozenset[str], int] = {}
    keys: list[int] = []
    key_rows: list[int] = []
    for form in sorted(features):
        analysis = frozenset(features[form])
        keys.append(hash_string(form))
        key_rows.append(rows.setdefault(analysis, len(rows)))
    data = numpy.zeros((len(rows), len(FEATURES)), dtype="float32")
    for analysis, row in rows.items():
        for name in analysis:
            data[row, _INDEX[name]] = 1.0
    vectors = Vectors(shape=data.shape, name="claimx_lexicon_vectors", attr="LOWER")
    vectors.data[:] = data
    for key, row in zip(keys, key_rows):
        vectors.add(key, row=row)
    return vectors


def write_vectors_pipeline(output: Path) -> tuple[int, int]:
    """A blank German pipeline holding the lexicon vectors; returns (keys, rows)."""
    import spacy

    nlp = spacy.blank("de")
    nlp.vocab.vectors = build_vectors(lexicon_features())
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return len(nlp.vocab.vectors.key2row), nlp.vocab.vectors.shape[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    keys, rows = write_vectors_pipeline(args.output)
    print(f"{keys} forms, {rows} distinct rows of {len(FEATURES)} features -> {args.output}")


if __name__ == "__main__":
    main()
