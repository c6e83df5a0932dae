"""The library (claimx.extract, claimx.pipe, claimx.extract_files) goes through the runner: its batches, chunks and isolation.

Most tests use the fake pipeline of tests/fakes.py; one runs ``extract_files`` on the real one.
"""

from __future__ import annotations

import json
import logging
import sys

import pytest

import claimx
from claimx.errors import UsageError
from claimx.output import read_claims_file
from tests.fakes import FakeNLP

ABSATZ = "Die Lage war ruhig. „Wir haben keine Angst“, sagte Kim. Dann kam der Abend.\n\n"


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ABSATZ * 2, encoding="utf-8")
    (root / "sub" / "b.md").write_text("„Es reicht“, sagte Ute.", encoding="utf-8")
    (root / "kaputt.txt").write_bytes(b"\x00\x01binary")
    return root


def test_extract_files_writes_one_output_per_input_and_reports_and_skips_a_bad_file(corpus, tmp_path):
    failures = []
    stats = claimx.extract_files([corpus], tmp_path / "out", nlp=FakeNLP(), on_failure=failures.append)
    out = tmp_path / "out"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.jsonl")) == ["a.jsonl", "sub/b.jsonl"]
    assert [c.id for c in read_claims_file(out / "a.jsonl")] == [f"{corpus / 'a.txt'}#1", f"{corpus / 'a.txt'}#2"]
    assert read_claims_file(out / "sub" / "b.jsonl")[0].source.name == "Ute"
    assert [(f.where, f.reason) for f in failures] == [(str(corpus / "kaputt.txt"), "binary file (contains NUL bytes)")]
    assert stats.failures == failures and (stats.done, stats.failed, stats.claims) == (2, 1, 3) and not stats.ok


def test_extract_files_resumes_only_what_is_not_complete(corpus, tmp_path):
    (corpus / "kaputt.txt").unlink()
    nlp = FakeNLP()
    claimx.extract_files([corpus], tmp_path / "out", nlp=nlp, format="csv")
    (tmp_path / "out" / "sub" / "b.csv").unlink()
    calls = nlp.calls
    stats = claimx.extract_files([corpus], tmp_path / "out", nlp=nlp, format="csv", resume=True)
    assert nlp.calls - calls == 1 and (stats.resumed, stats.done) == (1, 1)
    assert read_claims_file(tmp_path / "out" / "sub" / "b.csv")[0].text == "Es reicht"


def test_extract_files_logs_failures_by_default_and_refuses_a_missing_path_before_any_work(corpus, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="claimx"):
        claimx.extract_files([corpus / "kaputt.txt"], tmp_path / "out", nlp=FakeNLP())
    assert [r.getMessage() for r in caplog.records] == [f"claimx: skipped {corpus / 'kaputt.txt'}: binary file (contains NUL bytes)"]
    with pytest.raises(UsageError, match="nirgends.txt: no such file or directory"):
        claimx.extract_files([corpus / "nirgends.txt"], tmp_path / "out2", nlp=FakeNLP())
    assert not (tmp_path / "out2").exists()


def test_extract_files_with_two_jobs_writes_the_same_files(corpus, tmp_path):
    claimx.extract_files([corpus], tmp_path / "one", nlp=FakeNLP())
    claimx.extract_files([corpus], tmp_path / "two", nlp=FakeNLP(), jobs=2)
    for name in ("a.jsonl", "sub/b.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_pipe_isolates_a_failing_text_and_warns(caplog):
    items = [("a", ABSATZ), ("b", "EXPLODE"), ("c", "„Ja“, sagte Max.")]
    with caplog.at_level(logging.WARNING, logger="claimx"):
        results = list(claimx.pipe(items, nlp=FakeNLP(), batch_size=2))
    assert [(doc_id, [c.text for c in claims]) for doc_id, claims in results] == [
        ("a", ["Wir haben keine Angst"]), ("b", []), ("c", ["Ja"])]
    (warning,) = [r.getMessage() for r in caplog.records]
    assert warning == "claimx: document b failed and gives no claims: pipeline error: RuntimeError: the fake pipeline exploded"


def test_pipe_and_extract_chunk_a_long_text_as_the_cli_does(tmp_path):
    text = ABSATZ * 5_000  # 395,000 characters: four chunks
    ((doc_id, piped),) = claimx.pipe([("lang", text)], nlp=FakeNLP())
    assert len(piped) == 5_000 and [c.id for c in piped[:2]] == ["lang#1", "lang#2"]
    assert all(text[c.start : c.end] == c.text for c in piped)
    assert [c.sentence for c in piped[-2:]] == [3 * 4_998 + 1, 3 * 4_999 + 1]
    assert claimx.extract(text, doc_id="lang", nlp=FakeNLP()) == piped
    (tmp_path / "lang.txt").write_text(text, encoding="utf-8")
    claimx.extract_files([tmp_path / "lang.txt"], tmp_path / "out", nlp=FakeNLP())
    from_file = read_claims_file(tmp_path / "out" / "lang.jsonl")
    assert [(c.start, c.sentence, c.id.rsplit("#")[1]) for c in from_file] == [(c.start, c.sentence, c.id.rsplit("#")[1]) for c in piped]


def test_pipe_with_worker_processes_gives_the_same_claims():
    items = [(f"d{n}", ABSATZ * (n + 1)) for n in range(6)]
    assert list(claimx.pipe(items, nlp=FakeNLP(), batch_size=2, n_process=2)) == list(claimx.pipe(items, nlp=FakeNLP()))


def test_extract_raises_what_the_pipeline_raises():
    with pytest.raises(RuntimeError, match="exploded"):
        claimx.extract("EXPLODE", nlp=FakeNLP())
    with pytest.raises(TypeError, match="not a str"):
        claimx.extract(b"bytes", nlp=FakeNLP())


def test_extract_files_on_the_real_pipeline(nlp, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "meldung.txt").write_text("„Wir bleiben“, sagte die Ministerin am Montag.\n", encoding="utf-8")
    (tmp_path / "in" / "dump.jsonl").write_text(json.dumps({"id": "m1", "text": "Laut Polizei wurde niemand verletzt."}) + "\n", encoding="utf-8")
    stats = claimx.extract_files([tmp_path / "in"], tmp_path / "out", nlp=nlp)
    assert stats.ok and stats.done == 2
    (quote,) = read_claims_file(tmp_path / "out" / "meldung.jsonl")
    assert (quote.text, quote.kind, quote.cue.lemma) == ("Wir bleiben", "direct", "sagen")
    (reported,) = read_claims_file(tmp_path / "out" / "dump.jsonl")
    assert (reported.doc, reported.text) == ("m1", "wurde niemand verletzt")


def test_a_cluster_run_without_dask_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    from claimx.distributed import MissingDask, extract

    with pytest.raises(MissingDask, match=r"needs Dask: pip install 'claimx\[dask\]'$"):
        extract([tmp_path], tmp_path / "out", client="local:2")
    assert not (tmp_path / "out").exists()  # nothing was started or written
