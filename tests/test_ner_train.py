"""GermEval 2014 -> spaCy conversion, NER scoring and adding a trained ner to a pipeline
(no training needed: the ner added here is initialised, not trained)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from models.evaluate import ner_counts, prf
from models.ner.germeval import (augment, docs_from_file, entity_spans, label_map, read_sentences, replace_mentions,
                                 write_corpus)
from models.ner.integrate import ORDERS, add_trained_ner

# GermEval layout: index, token, outer tag, embedded tag; a "#" source line before each sentence
SNIPPET = """#\thttp://de.wikipedia.org/wiki/Beispiel\t[2009-10-23]
1\tAnna\tB-PER\tO
2\tBeispiel\tI-PER\tO
3\tarbeitet\tO\tO
4\tan\tO\tO
5\tder\tO\tO
6\tUniversität\tB-ORG\tO
7\tWien\tI-ORG\tB-LOC
8\t.\tO\tO

#\thttp://de.wikipedia.org/wiki/Zweites\t[2009-10-24]
1\tDie\tO\tO
2\tdeutsche\tB-LOCderiv\tO
3\tDeutschlandreise\tB-LOCpart\tO
4\tder\tO\tO
5\tSPD-Fraktion\tB-ORGpart\tO
6\tendete\tO\tO
7\tmit\tO\tO
8\t"\tO\tO
9\tDer\tB-OTH\tO
10\tletzte\tI-OTH\tO
11\tTag\tI-OTH\tO
12\t"\tO\tO
13\tin\tO\tO
14\tBad\tB-LOC\tO
15\tEms\tI-LOC\tO
16\t.\tO\tO
"""


@pytest.fixture()
def snippet(tmp_path: Path) -> Path:
    path = tmp_path / "snippet.tsv"
    path.write_text(SNIPPET, encoding="utf-8")
    return path


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_sentences_are_read_without_source_lines(snippet):
    sentences = list(read_sentences(snippet))
    assert [len(s.words) for s in sentences] == [8, 16]
    assert sentences[0].words[:2] == ["Anna", "Beispiel"]
    assert sentences[1].tags[1] == "B-LOCderiv"


def test_outer_entities_become_spans_and_the_embedded_one_is_dropped(snippet):
    first, _ = docs_from_file(snippet, Vocab())
    assert _ents(first) == [("Anna Beispiel", "PER"), ("Universität Wien", "ORG")]
    assert [t.ent_iob_ for t in first] == ["B", "I", "O", "O", "O", "B", "I", "O"]


def test_deriv_and_part_subtypes_are_no_entities_and_oth_is_misc(snippet):
    _, second = docs_from_file(snippet, Vocab())
    assert _ents(second) == [("Der letzte Tag", "MISC"), ("Bad Ems", "LOC")]


def test_oth_can_be_dropped(snippet):
    _, second = docs_from_file(snippet, Vocab(), other_label=None)
    assert _ents(second) == [("Bad Ems", "LOC")]


def test_i_tag_of_another_type_starts_a_new_entity():
    tags = ["B-PER", "I-LOC", "I-LOC", "O", "I-ORG"]
    assert entity_spans(tags, label_map()) == [(0, 1, "PER"), (1, 3, "LOC"), (4, 5, "ORG")]


def test_entity_at_sentence_end_is_closed():
    assert entity_spans(["O", "B-LOC", "I-LOC"], label_map()) == [(1, 3, "LOC")]


def test_bad_line_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("1\tnur zwei Spalten\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a GermEval token line"):
        list(read_sentences(path))


def test_corpus_keeps_the_evaluation_file_apart(tmp_path, snippet):
    evaluation = tmp_path / "eval.tsv"
    evaluation.write_text("1\tBerlin\tB-LOC\tO\n2\tliegt\tO\tO\n", encoding="utf-8")
    paths = write_corpus(snippet, evaluation, tmp_path / "corpus", selection_fraction=0.5)
    vocab = Vocab()
    train, select, held_out = (list(DocBin().from_disk(paths[k]).get_docs(vocab)) for k in ("train", "select", "eval"))
    assert len(train) == 1 and len(select) == 1
    assert {d.text for d in train + select} == {d.text for d in docs_from_file(snippet, vocab)}
    assert [_ents(d) for d in held_out] == [[("Berlin", "LOC")]]


def test_mention_replacement_keeps_the_context_and_the_label():
    import random

    vocab = Vocab()
    doc = Doc(vocab, words=["Er", "zog", "nach", "Kiel", "."])
    doc.ents = [Span(doc, 3, 4, "LOC")]
    copy = replace_mentions(doc, {"LOC": [["Bad", "Ems"]]}, random.Random(0))
    assert [t.text for t in copy] == ["Er", "zog", "nach", "Bad", "Ems", "."]
    assert _ents(copy) == [("Bad Ems", "LOC")]


def test_augment_adds_copies_only_of_sentences_with_entities(snippet):
    docs = docs_from_file(snippet, Vocab())
    docs.append(Doc(docs[0].vocab, words=["Es", "regnet", "."]))
    assert len(augment(docs, copies=2)) == len(docs) + 2 * 2


def test_ner_counts_need_same_span_and_label():
    vocab = Vocab()
    words = ["Anna", "Beispiel", "besucht", "Bad", "Ems", "und", "Köln"]
    gold, predicted = Doc(vocab, words=words), Doc(vocab, words=words)
    gold.ents = [Span(gold, 0, 2, "PER"), Span(gold, 3, 5, "LOC"), Span(gold, 6, 7, "LOC")]
    # right person, place cut short, "Köln" given the wrong label
    predicted.ents = [Span(predicted, 0, 2, "PER"), Span(predicted, 4, 5, "LOC"), Span(predicted, 6, 7, "ORG")]
    counts = ner_counts([predicted], [gold])
    assert counts == {"PER": [1, 1, 1], "ORG": [0, 1, 0], "LOC": [0, 1, 2]}
    assert prf(1, 3, 4)["f"] == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))


@pytest.fixture(scope="module")
def untrained_ner():
    """A pipeline with an initialised (untrained) ner that has its own encoder."""
    nlp = spacy.blank("de")
    ner = nlp.add_pipe("ner")
    for label in ("PER", "ORG", "LOC"):
        ner.add_label(label)
    nlp.initialize()
    return nlp


@pytest.mark.parametrize("order", ORDERS)
def test_trained_ner_is_placed_beside_the_entity_ruler(untrained_ner, order, tmp_path):
    from claimx.model import load_base

    nlp = add_trained_ner(load_base(), untrained_ner, order)
    names = nlp.pipe_names
    assert (names.index("ner") > names.index("entity_ruler")) == (order == "ruler-first")
    assert names[-1] == "claimx_name_repeats"
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = load_base(tmp_path / "pipeline")
    assert reloaded.pipe_names == names
    assert reloaded.get_pipe("entity_ruler").overwrite == (order == "ner-first-overwrite")
    # the ruler still labels a listed place whatever the untrained ner does around it
    if order != "ner-first":
        assert ("Deutschland", "LOC") in _ents(reloaded("Der Kanzler reiste nach Deutschland."))


def test_unknown_order_is_rejected(untrained_ner):
    from claimx.model import load_base

    with pytest.raises(ValueError, match="unknown order"):
        add_trained_ner(load_base(), untrained_ner, "ruler-last")
