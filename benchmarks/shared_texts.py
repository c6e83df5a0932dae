"""Distinct German text for the benchmarks, read in place from ``../shared/data``.

Sources (every distinct sentence once; ``modern-news`` is evaluation only and never used):
SpkAtt news train + unlabelled and SpkAtt debates train + dev (one document per article or
speech), UD German GSD + PUD (the ``# text`` lines; PUD by its ``# newdoc`` articles, GSD in
runs of ten sentences) and the GermEval 2014 NER sentences (runs of ten). Pre-tokenised
sentences are detokenised so that the pipeline sees ordinary running text.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run as a script from benchmarks/: the GermEval reader lives in models/

from models.ner.germeval import read_sentences  # noqa: E402
SPKATT_FOLDERS = ("spkatt-news/train", "spkatt-news/unlabelled", "spkatt-debates/train", "spkatt-debates/dev")
UD_FILES = ("ud-german/de_gsd-ud-dev.conllu", "ud-german/de_gsd-ud-test.conllu", "ud-german/de_pud-ud-test.conllu")
GERMEVAL_FILES = ("germeval2014-ner/NER-de-dev.tsv", "germeval2014-ner/NER-de-test.tsv")
SENTENCES_PER_PSEUDO_DOCUMENT = 10  # GSD and GermEval sentences carry no article boundaries

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?)\]“”‘'%])")
_NO_SPACE_AFTER = re.compile(r"([(\[„‚]) ")
_PAIRED_QUOTES = frozenset({'"', "«", "»"})


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # e.g. "spkatt-news/train"
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def words(text: str) -> int:
    """Whitespace-separated tokens: the unit of every words/s figure."""
    return len(text.split())


def detokenise(tokens: Iterable[str]) -> str:
    """Tokens joined as running text: punctuation attached, straight quotes paired."""
    pieces: list[str] = []
    open_quote = {'"': False, "«": False}  # guillemets pair with each other: «…» and »…«
    glue_next = False
    for token in tokens:
        if token in _PAIRED_QUOTES:
            kind = '"' if token == '"' else "«"
            open_quote[kind] = not open_quote[kind]
            if open_quote[kind]:
                pieces.append(" " + token if pieces else token)
                glue_next = True
            else:
                pieces.append(token)
            continue
        pieces.append(token if glue_next or not pieces else " " + token)
        glue_next = False
    text = "".join(pieces)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def spkatt_documents(folder: Path, source: str) -> Iterator[Document]:
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        yield Document(source, tuple(detokenise(s["Tokens"]) for s in data["Sentences"]))


def ud_documents(path: Path, source: str) -> Iterator[Document]:
    """PUD sentences grouped by ``# newdoc``, GSD (which has none) in runs of ten."""
    sentences: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc") and sentences:
            yield Document(source, tuple(sentences))
            sentences = []
        elif line.startswith("# text = "):
            sentences.append(line.removeprefix("# text = ").strip())
    yield from _runs(sentences, source, by_newdoc="pud" in path.name)


def _runs(sentences: list[str], source: str, by_newdoc: bool) -> Iterator[Document]:
    if by_newdoc:
        if sentences:
            yield Document(source, tuple(sentences))
        return
    size = SENTENCES_PER_PSEUDO_DOCUMENT
    for start in range(0, len(sentences), size):
        yield Document(source, tuple(sentences[start : start + size]))


def germeval_documents(path: Path, source: str) -> Iterator[Document]:
    """GermEval's tab-separated tokens (one sentence per blank-line block), in runs of ten."""
    sentences = [detokenise(sentence.words) for sentence in read_sentences(path)]
    yield from _runs(sentences, source, by_newdoc=False)


def all_documents(data: Path = DATA) -> list[Document]:
    """Every available source; sentences seen before (in any source) are dropped."""
    raw: list[Document] = []
    for folder in SPKATT_FOLDERS:
        if (data / folder).is_dir():
            raw.extend(spkatt_documents(data / folder, folder))
    for name in UD_FILES:
        if (data / name).is_file():
            raw.extend(ud_documents(data / name, name.split("/")[0]))
    for name in GERMEVAL_FILES:
        if (data / name).is_file():
            raw.extend(germeval_documents(data / name, name.split("/")[0]))
    return _distinct(raw)


def _distinct(documents: list[Document]) -> list[Document]:
    seen: set[str] = set()
    kept = []
    for document in documents:
        fresh = tuple(s for s in document.sentences if s and s not in seen)
        seen.update(fresh)
        if fresh:
            kept.append(Document(document.source, fresh))
    return kept


def news_documents(documents: list[Document]) -> list[Document]:
    """The SpkAtt news articles: the 'ordinary news text' reference."""
    return [d for d in documents if d.source.startswith("spkatt-news")]


def describe(documents: list[Document]) -> str:
    """One line per source: documents, sentences, words."""
    by_source: dict[str, list[Document]] = {}
    for document in documents:
        by_source.setdefault(document.source, []).append(document)
    lines = []
    for source, docs in by_source.items():
        n_words = sum(words(d.text) for d in docs)
        n_sentences = sum(len(d.sentences) for d in docs)
        lines.append(f"  {source:<24} {len(docs):>6,} documents {n_sentences:>7,} sentences {n_words:>9,} words")
    total_words = sum(words(d.text) for d in documents)
    total_chars = sum(len(d.text) for d in documents)
    lines.append(f"  {'all (distinct)':<24} {len(documents):>6,} documents {sum(len(d.sentences) for d in documents):>7,}"
                 f" sentences {total_words:>9,} words, {total_chars / 1e6:.1f}M characters")
    return "\n".join(lines)
