"""Convert GermEval 2014 NER (tab-separated, BIO) to spaCy docs with entity spans.

Only the outer column (the third) is read: spaCy's entities cannot nest, so the embedded
entity of "[Universität [Wien]LOC]ORG" is dropped. The sub-types are not names of their
own kind: ``-deriv`` marks a word derived from a name ("deutsche", "Marxist") and
``-part`` a word containing one ("EU-Kommission" is ORG in the outer column, but
"Deutschlandreise" is LOCpart); both become "no entity", as claimx wants names as sources.
OTH (titles, events, languages, …) becomes MISC, or nothing with ``other_label=None``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

MAIN_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
OTHER_LABEL = "MISC"


@dataclass
class Sentence:
    """One GermEval sentence: its tokens and their outer BIO tags ("B-PER", "I-LOCderiv", "O")."""

    words: list[str]
    tags: list[str]


def read_sentences(path: Path) -> Iterator[Sentence]:
    """Sentences of a GermEval TSV file (``#`` source lines skipped, a blank line ends a sentence)."""
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and not words:
            continue
        if not line.strip():
            if words:
                yield Sentence(words, tags)
            words, tags = [], []
            continue
        columns = line.split("\t")
        if len(columns) < 3:
            raise ValueError(f"{path}: not a GermEval token line: {line!r}")
        words.append(columns[1])
        tags.append(columns[2])
    if words:
        yield Sentence(words, tags)


def label_map(other_label: str | None = OTHER_LABEL) -> dict[str, str]:
    """GermEval type -> spaCy label; types not in the map (``-deriv``, ``-part``) are dropped."""
    labels = dict(MAIN_LABELS)
    if other_label:
        labels["OTH"] = other_label
    return labels


def entity_spans(tags: list[str], labels: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the entities of a BIO sequence, mapped through ``labels``.

    An ``I-`` tag that does not continue an entity of the same GermEval type starts one
    (the corpus has a few of these).
    """
    spans: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_kind = tag.partition("-")
        continues = prefix == "I" and tag_kind == kind
        if start is not None and not continues:
            if kind in labels:
                spans.append((start, i, labels[kind]))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, tag_kind
    return spans


def sentence_doc(vocab: Vocab, sentence: Sentence, labels: dict[str, str]) -> Doc:
    """A Doc of the sentence's tokens with its entities; every other token is outside (O)."""
    doc = Doc(vocab, words=sentence.words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in entity_spans(sentence.tags, labels)]
    return doc


def docs_from_file(path: Path, vocab: Vocab, other_label: str | None = OTHER_LABEL) -> list[Doc]:
    labels = label_map(other_label)
    return [sentence_doc(vocab, sentence, labels) for sentence in read_sentences(path)]


def split_for_selection(docs: list[Doc], fraction: float, seed: int = 0) -> tuple[list[Doc], list[Doc]]:
    """(training, model selection): a seeded random ``fraction`` of the docs is kept apart."""
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    cut = round(len(docs) * fraction)
    selection = set(order[:cut])
    return ([d for i, d in enumerate(docs) if i not in selection],
            [d for i, d in enumerate(docs) if i in selection])


def mention_pool(docs: Iterable[Doc]) -> dict[str, list[list[str]]]:
    """The words of every entity mention, by label (repeats kept: frequent names stay frequent)."""
    pool: dict[str, list[list[str]]] = {}
    for doc in docs:
        for ent in doc.ents:
            pool.setdefault(ent.label_, []).append([t.text for t in ent])
    return pool


def replace_mentions(doc: Doc, pool: dict[str, list[list[str]]], rng: random.Random) -> Doc:
    """A copy of ``doc`` with every entity replaced by a random mention of the same label.

    Most names of new text were never seen in training (70 % of GermEval dev's entities);
    "Er zog nach Kiel" rewritten as "Er zog nach Bad Ems" teaches the context, not the name.
    """
    words: list[str] = []
    spans: list[tuple[int, int, str]] = []
    position = 0
    for ent in doc.ents:
        words += [t.text for t in doc[position:ent.start]]
        mention = rng.choice(pool[ent.label_])
        spans.append((len(words), len(words) + len(mention), ent.label_))
        words += mention
        position = ent.end
    words += [t.text for t in doc[position:]]
    copy = Doc(doc.vocab, words=words)
    copy.ents = [Span(copy, start, end, label=label) for start, end, label in spans]
    return copy


def augment(docs: list[Doc], copies: int, seed: int = 0) -> list[Doc]:
    """``docs`` plus ``copies`` mention-replaced copies of each doc that has an entity."""
    rng = random.Random(seed)
    pool = mention_pool(docs)
    extra = [replace_mentions(doc, pool, rng) for _ in range(copies) for doc in docs if doc.ents]
    return docs + extra


def write_docs(docs: Iterable[Doc], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    docs = list(docs)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return len(docs)


def write_corpus(train_file: Path, eval_file: Path, corpus: Path, *, other_label: str | None = OTHER_LABEL,
                 selection_fraction: float = 0.1, copies: int = 0) -> dict[str, Path]:
    """``ner-train.spacy`` (plus ``copies`` mention-replaced copies) + ``ner-select.spacy``
    (model selection) from ``train_file``; ``ner-eval.spacy`` from the held-out ``eval_file``."""
    vocab = Vocab()
    train, select = split_for_selection(docs_from_file(train_file, vocab, other_label), selection_fraction)
    train = augment(train, copies)
    paths = {"train": corpus / "ner-train.spacy", "select": corpus / "ner-select.spacy",
             "eval": corpus / "ner-eval.spacy"}
    write_docs(train, paths["train"])
    write_docs(select, paths["select"])
    write_docs(docs_from_file(eval_file, vocab, other_label), paths["eval"])
    return paths
