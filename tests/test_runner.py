"""The runner: inputs to events in input order, chunking, isolation, workers; with the fake pipeline of tests/fakes.py."""

from __future__ import annotations

import json

from claimx import runner
from claimx.io import discover
from claimx.processing import BATCH_MAX_CHARS
from claimx.runner import (
    ClaimsFound,
    DocumentFailed,
    FileFinished,
    FileStarted,
    RunOptions,
    Stats,
    relocate,
    run,
)
from claimx.records import Claim, Cue, Source
from tests.fakes import FakeNLP

ABSATZ = "Die Lage war ruhig. „Wir haben keine Angst“, sagte Kim. Dann kam der Abend.\n\n"


def events_for(paths, **options):
    return list(run(discover([str(p) for p in paths]), FakeNLP(), RunOptions(**options)))


def claims_of(events, name=None):
    return [c for e in events if isinstance(e, ClaimsFound) and (name is None or e.input.name == name) for c in e.claims]


def test_each_input_gets_started_claims_and_finished_events_in_order(tmp_path):
    (tmp_path / "a.txt").write_text(ABSATZ, encoding="utf-8")
    (tmp_path / "b.txt").write_text("„Nie wieder“, sagte Lee.", encoding="utf-8")
    events = events_for([tmp_path])
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["FileStarted", "ClaimsFound", "FileFinished"] * 2
    (first,) = claims_of(events, str(tmp_path / "a.txt"))
    assert first.id == f"{tmp_path / 'a.txt'}#1" and first.text == "Wir haben keine Angst"
    assert first.source.name == "Kim" and first.sentence == 1


def test_chunked_documents_get_document_offsets_sentences_and_consecutive_ids(tmp_path):
    text = ABSATZ * 200
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    events = events_for([tmp_path / "long.txt"], chunk_chars=1_000)
    assert sum(isinstance(e, ClaimsFound) for e in events) > 10  # really chunked
    claims = claims_of(events)
    assert len(claims) == 200
    assert all(text[c.start : c.end] == c.text for c in claims)
    assert all(text[c.source.start : c.source.end] == c.source.text for c in claims)
    assert all(text[c.cue.start : c.cue.end] == c.cue.text for c in claims)
    assert [c.id.rsplit("#", 1)[1] for c in claims] == [str(n) for n in range(1, 201)]
    assert [c.sentence for c in claims] == [1 + 3 * n for n in range(200)]  # three sentences per paragraph


def test_results_are_the_same_with_two_worker_processes(tmp_path):
    for n in range(12):
        (tmp_path / f"{n:02}.txt").write_text(ABSATZ * (n + 1), encoding="utf-8")
    one = claims_of(events_for([tmp_path], batch_size=2))
    two = claims_of(events_for([tmp_path], batch_size=2, jobs=2))
    assert one == two and len(one) == sum(range(1, 13))


def test_an_unreadable_input_fails_alone_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(ABSATZ, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.txt").write_text(ABSATZ, encoding="utf-8")
    events = events_for([tmp_path])
    finished = {e.input.rel.name: e for e in events if isinstance(e, FileFinished)}
    assert finished["a.txt"].ok and finished["c.txt"].ok
    assert not finished["b.txt"].ok and "binary" in finished["b.txt"].reason
    assert len(claims_of(events)) == 2


def test_a_document_that_breaks_the_pipeline_is_isolated_from_its_batch(tmp_path):
    articles = [{"id": f"n{i}", "text": ABSATZ if i != 2 else "EXPLODE " + ABSATZ} for i in range(5)]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    events = events_for([tmp_path / "dump.jsonl"], batch_size=8)
    failed = [e for e in events if isinstance(e, DocumentFailed)]
    assert [(e.where, e.reason) for e in failed] == [("n2", "pipeline error: RuntimeError: the fake pipeline exploded")]
    assert [c.doc for c in claims_of(events)] == ["n0", "n1", "n3", "n4"]
    assert events[-1] == FileFinished(events[0].input, ok=True)


def test_a_text_file_that_breaks_the_pipeline_fails_as_a_whole(tmp_path):
    (tmp_path / "bad.txt").write_text("EXPLODE", encoding="utf-8")
    events = events_for([tmp_path / "bad.txt"])
    assert isinstance(events[0], FileStarted)
    assert isinstance(events[-1], FileFinished) and not events[-1].ok and "exploded" in events[-1].reason


def test_relocate_shifts_offsets_and_renumbers():
    claim = Claim("x", "x#1", "Angst", 5, 10, 2, "direct", Cue("sagte", "sagen", 12, 17), Source("Kim", "Kim", "person", 18, 21), None, 0.5)
    moved = relocate(claim, doc_id="doc", number=7, offset=100, sentence_offset=10)
    assert (moved.id, moved.doc, moved.start, moved.end, moved.sentence) == ("doc#7", "doc", 105, 110, 12)
    assert (moved.cue.start, moved.source.end) == (112, 121)


def test_stats_summary_names_files_claims_failures_and_time():
    stats = Stats(files=3, done=2, failed=1, claims=17, words=1000)
    line = stats.summary()
    assert line.startswith("claimx: 2 of 3 files done, 17 claims, 1 failed, ")
    assert line.endswith(" words/s")
    assert not stats.ok


def test_the_claims_of_a_chunked_text_whose_last_chunk_fails_are_withheld(tmp_path):
    (tmp_path / "long.txt").write_text(ABSATZ * 100 + "EXPLODE\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(ABSATZ, encoding="utf-8")
    events = events_for([tmp_path], chunk_chars=1_000)
    long = str(tmp_path / "long.txt")
    assert claims_of(events, long) == []  # nothing of it reaches the output
    (failed,) = [e for e in events if isinstance(e, FileFinished) and not e.ok]
    assert failed.input.name == long and "exploded" in failed.reason
    assert len(claims_of(events, str(tmp_path / "ok.txt"))) == 1


def test_a_chunked_article_that_fails_half_way_gives_no_claims_and_its_dump_goes_on(tmp_path):
    bad = ABSATZ * 20 + "EXPLODE\n\n" + ABSATZ * 20
    articles = [{"id": "a", "text": ABSATZ * 30}, {"id": "b", "text": bad}, {"id": "c", "text": ABSATZ * 30}]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    events = events_for([tmp_path / "dump.jsonl"], chunk_chars=1_000)
    assert [(e.where, e.reason) for e in events if isinstance(e, DocumentFailed)] == [("b", "pipeline error: RuntimeError: the fake pipeline exploded")]
    assert {c.doc for c in claims_of(events)} == {"a", "c"}
    assert [c.id for c in claims_of(events) if c.doc == "c"] == [f"c#{n}" for n in range(1, 31)]


def test_held_back_claims_of_a_long_document_spill_to_disk_and_come_back_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "_HELD_IN_MEMORY", 7)
    text = ABSATZ * 200
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    events = events_for([tmp_path / "long.txt"], chunk_chars=1_000)
    claims = claims_of(events)
    assert [c.id.rsplit("#", 1)[1] for c in claims] == [str(n) for n in range(1, 201)]
    assert all(text[c.start : c.end] == c.text for c in claims)
    assert sum(e.words for e in events if isinstance(e, ClaimsFound)) == len(text.split())


class ShakyNLP(FakeNLP):
    """The fake pipeline, recording an isolated rule failure (as claimx.rules.isolation does) on texts with WACKLIG."""

    def pipe(self, docs, batch_size: int = 32):
        for doc in super().pipe(docs, batch_size):
            doc._.claimx_errors = ["sentence 0: claimx_sources: StopIteration"] if "WACKLIG" in doc.text else []
            yield doc


def test_documents_with_isolated_rule_failures_are_counted_once_each(tmp_path):
    (tmp_path / "a.txt").write_text(("WACKLIG. " + ABSATZ) * 60, encoding="utf-8")  # chunked, fails in each chunk
    (tmp_path / "b.txt").write_text(ABSATZ, encoding="utf-8")
    (tmp_path / "c.txt").write_text("WACKLIG. " + ABSATZ, encoding="utf-8")
    stats = Stats(files=3)
    for event in run(discover([str(tmp_path)]), ShakyNLP(), RunOptions(chunk_chars=1_000)):
        stats.count(event)
    assert (stats.done, stats.claims, stats.documents_with_rule_failures) == (3, 62, 2)
    assert ", 0 failed, 2 documents with rule failures, " in stats.summary()
    assert stats.ok  # the documents were processed; only the failing sentences lost their claims


def test_the_progress_bar_counts_files_or_a_clusters_tasks():
    import io

    from rich.console import Console

    from claimx.runner import ProgressBar

    bar = ProgressBar(Console(file=io.StringIO(), force_terminal=True), enabled=True)
    stats = Stats(files=5, done=2, failed=1, claims=7)
    bar.update(stats)
    (task,) = bar.progress.tasks
    assert (task.completed, task.total, task.fields["unit"], task.fields["claims"]) == (3, 5, "files", 7)
    bar.update(stats, tasks=(4, 9))
    assert (task.completed, task.total, task.fields["unit"]) == (4, 9, "tasks")
