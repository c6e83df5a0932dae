"""Texts through the pipeline: character-bounded batches, one failing text isolated, sentence counts; with the fake pipeline."""

from __future__ import annotations

import json

import pytest

from claimx.io import discover
from claimx.processing import BATCH_MAX_CHARS, char_bounded_batches, count_sentences, process_texts
from claimx.runner import ClaimsFound, RunOptions, run
from tests.fakes import FakeNLP

ABSATZ = "Die Lage war ruhig. „Wir haben keine Angst“, sagte Kim. Dann kam der Abend.\n\n"


def test_process_texts_reports_each_result_in_input_order():
    outcomes = process_texts(FakeNLP(), [("a", "„x“, sagte A."), ("b", "EXPLODE"), ("c", "Nichts.")])
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[0].claims[0].doc == "a" and outcomes[2].claims == []
    assert outcomes[1].error == "pipeline error: RuntimeError: the fake pipeline exploded"


def test_strict_processing_lets_the_pipeline_error_propagate():
    with pytest.raises(RuntimeError, match="exploded"):
        process_texts(FakeNLP(), [("a", "„x“, sagte A."), ("b", "EXPLODE")], strict=True)


def test_batches_are_bounded_by_texts_and_by_characters():
    items = [("a", "x" * 40), ("b", "x" * 40), ("c", "x" * 40), ("d", "x" * 200), ("e", "x")]
    assert [[i[0] for i in b] for b in char_bounded_batches(items, batch_size=2, max_chars=100)] == [["a", "b"], ["c"], ["d"], ["e"]]


def test_sentences_are_counted_as_claims_number_them_without_trailing_whitespace():
    doc = FakeNLP()(ABSATZ * 2)
    assert count_sentences(doc) == 6
    assert [c.sentence for c in doc._.claims] == [1, 4]


class BatchRecordingNLP(FakeNLP):
    """The fake pipeline, remembering the characters of every nlp.pipe batch."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []

    def pipe(self, docs, batch_size: int = 32):
        docs = list(docs)
        self.batches.append(sum(len(d.text) for d in docs))
        return super().pipe(docs, batch_size)


def test_a_batch_holds_a_bounded_number_of_characters_whatever_the_batch_size(tmp_path):
    articles = [{"id": f"n{i}", "text": ABSATZ * 400} for i in range(12)]  # ~32,000 characters each
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    nlp = BatchRecordingNLP()
    events = list(run(discover([str(tmp_path / "dump.jsonl")]), nlp, RunOptions(batch_size=1_000)))
    assert sum(len(e.claims) for e in events if isinstance(e, ClaimsFound)) == 12 * 400
    assert max(nlp.batches) <= BATCH_MAX_CHARS and len(nlp.batches) >= 4
    long = [{"id": f"l{i}", "text": ABSATZ * 1_500} for i in range(3)]  # 115,500 characters each
    (tmp_path / "long.jsonl").write_text("\n".join(json.dumps(a) for a in long), encoding="utf-8")
    nlp = BatchRecordingNLP()  # a chunk longer than the bound goes alone
    list(run(discover([str(tmp_path / "long.jsonl")]), nlp, RunOptions(batch_size=1_000, chunk_chars=250_000)))
    assert nlp.batches == [len(ABSATZ * 1_500)] * 3
