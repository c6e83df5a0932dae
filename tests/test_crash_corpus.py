"""The crash corpus: every document we have, as claimx may meet it, through the real pipeline.

Every document of SpkAtt news (train, unlabelled), SpkAtt debates (train, dev), UD German,
modern-news and the GermEval 2014 NER sentences goes through ``claimx.load()`` twice: as is,
its tokens joined with spaces (as the Wikinews files come) or detokenised, every other
document; and mutated (fixed seed), from the other of those two forms — quotation marks
„ “ » « " ‚ ‘ inserted, deleted, swapped or left unbalanced, random line breaks, a headline
without a full stop glued to the next line, random Unicode including lone surrogates; one to
six mutations per text. Every other sentence also goes through alone, cut after a random
token (a document that ends mid-sentence: "„Bild“, ARD berichtet"). The rules run with
``raise_errors`` on,
so that isolation hides no bug: any exception fails the test. Every claim, cue and source
must be a slice of the text (``text[start:end]``, the text as claimx reads it: lone
surrogates are U+FFFD, one for one) and no claim may be empty.

The corpus is read in place from ../shared/data; the test skips when it is absent.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.ner.germeval import read_sentences

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SEED = 20260901
UD_SENTENCES_PER_DOCUMENT = 20  # UD and GermEval are sentences: grouped into short documents
NER_SENTENCES_PER_DOCUMENT = 25

OPENING = {"„", "»", "(", "[", "‚"}
CLOSING = {",", ".", ";", ":", "!", "?", ")", "]", "“", "«", "‘", "…", "%"}
MARKS = ["„", "“", "»", "«", '"', "‚", "‘"]
# code points that are legal in a Python str but hostile to text processing
HOSTILE = ["\ud800", "\udfff", "\udc80", "\u200b", "\u200e", "\u202e", "\ufeff", "\u00ad", "\u0301", "\u2028",
           "\u0000", "\u0007", "\x85", "\ufffd", "\uffff", "\U0001f600", "\U0001f1e9\U0001f1ea", "\ue000",
           "\u3000", "\t", "\r", "\r\n", "\x0b", "\u05d0", "\u0627", "\U00010348"]


@dataclass(frozen=True)
class Document:
    """One document of the corpus: its sentences as token lists (or as text, for UD)."""

    name: str
    sentences: tuple[tuple[str, ...], ...]
    text: str | None = None  # the original text where the corpus has one (UD, modern-news)


# --------------------------------------------------------------------------- reading the corpus


def spkatt_documents(folder: Path) -> Iterator[Document]:
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sentences = tuple(tuple(s["Tokens"]) for s in data["Sentences"])
        yield Document(f"{folder.parent.name}/{folder.name}/{path.stem}", sentences)


def ud_documents(path: Path) -> Iterator[Document]:
    sentences: list[tuple[str, ...]] = []
    texts: list[str] = []
    tokens: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            texts.append(line[len("# text = ") :])
        elif line and not line.startswith("#"):
            index = line.split("\t", 2)[0]
            if index.isdigit():  # not the multi-word "1-2" or empty "1.1" rows
                tokens.append(line.split("\t", 2)[1])
        elif not line and tokens:
            sentences.append(tuple(tokens))
            tokens = []
    if tokens:
        sentences.append(tuple(tokens))
    for n in range(0, len(sentences), UD_SENTENCES_PER_DOCUMENT):
        yield Document(f"ud-german/{path.stem}/{n}", tuple(sentences[n : n + UD_SENTENCES_PER_DOCUMENT]),
                       " ".join(texts[n : n + UD_SENTENCES_PER_DOCUMENT]))


def germeval_documents(path: Path) -> Iterator[Document]:
    sentences = [tuple(sentence.words) for sentence in read_sentences(path)]
    for n in range(0, len(sentences), NER_SENTENCES_PER_DOCUMENT):
        yield Document(f"germeval2014-ner/{path.stem}/{n}", tuple(sentences[n : n + NER_SENTENCES_PER_DOCUMENT]))


def modern_news_documents(folder: Path) -> Iterator[Document]:
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = tuple(tuple(line.split()) for line in text.splitlines() if line.strip())
        yield Document(f"modern-news/{path.stem}", lines, text)


def corpus(root: Path = SHARED_DATA) -> list[Document]:
    """All documents of the crash corpus, in a fixed order."""
    documents: list[Document] = []
    for folder in ("spkatt-news/train", "spkatt-news/unlabelled", "spkatt-debates/train", "spkatt-debates/dev"):
        documents.extend(spkatt_documents(root / folder))
    for path in sorted((root / "ud-german").glob("*.conllu")):
        documents.extend(ud_documents(path))
    documents.extend(modern_news_documents(root / "modern-news"))
    for path in sorted((root / "germeval2014-ner").glob("*.tsv")):
        documents.extend(germeval_documents(path))
    return documents


# --------------------------------------------------------------------------- forms and mutations


def joined(document: Document) -> str:
    """The tokens joined with spaces, a sentence per line ("den „ Alarmzustand “ .")."""
    return "\n".join(" ".join(sentence) for sentence in document.sentences)


def detokenised(document: Document) -> str:
    """The text as it would have been written: no space before a comma, inside quotation marks, …"""
    if document.text is not None:
        return document.text
    return " ".join(detokenise(sentence) for sentence in document.sentences)


def detokenise(tokens: tuple[str, ...]) -> str:
    out: list[str] = []
    glue_next = True
    straight_open = False  # '"' alternates between opening and closing
    for token in tokens:
        if token == '"':
            straight_open = not straight_open
            opening, closing = straight_open, not straight_open
        else:
            opening, closing = token in OPENING, token in CLOSING
        if out and not closing and not glue_next:
            out.append(" ")
        out.append(token)
        glue_next = opening
    return "".join(out)


def mutated(text: str, rng: random.Random) -> str:
    """``text`` with a few random mutations of marks, lines and characters."""
    for _ in range(rng.randint(1, 6)):
        text = rng.choice(MUTATIONS)(text, rng)
    return text


def _insert_mark(text: str, rng: random.Random) -> str:
    i = rng.randint(0, len(text))
    return text[:i] + rng.choice(MARKS) + text[i:]


def _delete_mark(text: str, rng: random.Random) -> str:
    positions = [i for i, char in enumerate(text) if char in MARKS]
    if not positions:
        return _insert_mark(text, rng)
    i = rng.choice(positions)
    return text[:i] + text[i + 1 :]


def _swap_marks(text: str, rng: random.Random) -> str:
    swaps = dict(zip(MARKS, rng.sample(MARKS, len(MARKS))))
    return "".join(swaps.get(char, char) if rng.random() < 0.5 else char for char in text)


def _unbalance(text: str, rng: random.Random) -> str:
    # all opening marks gone, or all closing ones: every quotation is left open (or never opened)
    gone = {"„", "»", "‚"} if rng.random() < 0.5 else {"“", "«", "‘"}
    return "".join(char for char in text if char not in gone)


def _newlines(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 8)):
        i = rng.randint(0, len(text))
        text = text[:i] + rng.choice(["\n", "\n\n", " \n ", "\n\n\n"]) + text[i:]
    return text


def _glued_headline(text: str, rng: random.Random) -> str:
    # "Minister tritt zurück\nDer Minister sagte …": a headline without a full stop, one line break
    words = text.split()
    headline = " ".join(words[: rng.randint(2, 8)]).rstrip(".!?:")
    return headline + rng.choice(["\n", " ", "\n\n"]) + text


def _hostile_unicode(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 10)):
        i = rng.randint(0, len(text))
        char = rng.choice(HOSTILE) if rng.random() < 0.7 else chr(rng.randint(0x20, 0x10FFFF))
        text = text[:i] + char + text[i:]
    return text


MUTATIONS = [_insert_mark, _delete_mark, _swap_marks, _unbalance, _newlines, _glued_headline, _hostile_unicode]


def variants(documents: list[Document], seed: int = SEED) -> Iterator[tuple[str, str]]:
    """``(id, text)``: every document as is (joined or detokenised) and mutated from the other form."""
    rng = random.Random(seed)
    for n, document in enumerate(documents):
        plain, other = (joined, detokenised) if n % 2 == 0 else (detokenised, joined)
        yield f"{document.name} ({plain.__name__})", plain(document)
        yield f"{document.name} (mutated {other.__name__})", mutated(other(document), rng)


def fragments(documents: list[Document], seed: int = SEED) -> Iterator[tuple[str, str]]:
    """``(id, text)``: every other sentence alone, cut after a random token, joined or detokenised."""
    rng = random.Random(seed)
    for document in documents:
        for n, sentence in enumerate(document.sentences[::2]):
            if not sentence:
                continue
            cut = sentence[: rng.randint(1, len(sentence))]
            text = " ".join(cut) if n % 2 == 0 else detokenise(cut)
            yield f"{document.name} (sentence {2 * n}, {len(cut)} tokens)", text


# --------------------------------------------------------------------------- the test


@pytest.fixture
def strict_nlp(nlp):
    """The session pipeline with ``raise_errors`` on: no rule error is isolated away."""
    from claimx.rules.isolation import set_raise_errors

    set_raise_errors(nlp, True)
    yield nlp
    set_raise_errors(nlp, False)


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    return corpus()


def assert_valid_claims(nlp, items: list[tuple[str, str]]) -> int:
    """Runs ``items`` through ``claimx.pipe``; every claim, cue and source must be a slice of its text."""
    import claimx
    from claimx.io import valid_unicode

    texts = dict(items)
    assert len(texts) == len(items)
    n_claims = 0
    for doc_id, claims in claimx.pipe(items, nlp=nlp):
        text = valid_unicode(texts[doc_id])  # lone surrogates are read as U+FFFD, one for one
        for claim in claims:
            assert claim.end > claim.start and claim.text.strip(), f"{doc_id}: empty claim {claim}"
            assert text[claim.start : claim.end] == claim.text, f"{doc_id}: {claim}"
            if claim.cue is not None:
                assert text[claim.cue.start : claim.cue.end] == claim.cue.text, f"{doc_id}: {claim.cue}"
            if claim.source is not None and claim.source.start is not None:
                assert text[claim.source.start : claim.source.end] == claim.source.text, f"{doc_id}: {claim.source}"
        n_claims += len(claims)
    return n_claims


@pytest.mark.slow
def test_documents_as_they_are_and_mutated(strict_nlp, documents):
    items = list(variants(documents))
    started = time.perf_counter()
    n_claims = assert_valid_claims(strict_nlp, items)
    characters = sum(len(text) for _, text in items)
    print(f"\ncrash corpus: {len(documents)} documents, {len(items)} texts ({characters:,} characters: "
          f"{len(documents)} as is, {len(documents)} mutated), {n_claims} claims, {time.perf_counter() - started:.0f} s")
    assert n_claims > len(items)  # the corpus went through the real extractor


@pytest.mark.slow
def test_sentences_cut_after_any_token(strict_nlp, documents):
    items = list(fragments(documents))
    started = time.perf_counter()
    n_claims = assert_valid_claims(strict_nlp, items)
    print(f"\ncrash corpus: {len(items)} sentence fragments of {len(documents)} documents, {n_claims} claims, "
          f"{time.perf_counter() - started:.0f} s")
    assert n_claims > len(items) // 20
