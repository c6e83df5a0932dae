"""claimx on a Dask cluster: a real LocalCluster of two worker processes, compared byte for byte with a one-process run.

The corpus is generated from sentences written for these tests (templates with varying
names): a few hundred small articles in a tree, a JSON Lines dump that is split into several
line ranges (some lines without an id, one broken), and a binary file that fails.
"""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="Dask is not installed: pip install 'claimx[dask]' (the test extra includes it)")

import claimx  # noqa: E402
from claimx import cli  # noqa: E402
from claimx.distributed import FilesTask, PartTask, extract, plan_tasks  # noqa: E402
from claimx.io import discover  # noqa: E402
from claimx.sinks import DONE_FILE, folder_targets  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

PART_BYTES = 3_000  # the dump (~30 kB) becomes about ten line ranges
NAMES = ["Anna Berger", "Jonas Weber", "Petra Kühn", "Markus Vogel", "Leyla Demir", "Tobias Brandt", "Sabine Roth", "Karim Haddad"]
ROLES = ["die Bürgermeisterin", "der Sprecher der Feuerwehr", "die Ministerin", "ein Polizeisprecher", "der Vorsitzende des Vereins"]
TOPICS = ["die neue Brücke", "der Haushalt", "das Hochwasser", "die Schulreform", "der Busverkehr", "die Ernte"]


def article(seed: int) -> str:
    r = random.Random(seed)
    speaker, other, role, topic = r.choice(NAMES), r.choice(NAMES), r.choice(ROLES), r.choice(TOPICS)
    return (
        f"Kassel – Über {topic} wurde am Montag im Rathaus lange gestritten.\n\n"
        f"„Wir werden das Problem bis zum Sommer lösen“, sagte {speaker}. "
        f"{role[0].upper() + role[1:]} erklärte, die Kosten seien um {r.randint(3, 40)} Prozent gestiegen. "
        f"Laut {other} ist über {topic} noch nicht entschieden. "
        f"Es gebe keinen Grund zur Sorge, betonte {speaker} am Abend.\n"
    )


def dump_line(n: int) -> str:
    if n == 23:
        return "{kein json\n"
    if n % 7 == 0:  # no id: named by its line number, which a part must count from the dump's start
        return json.dumps({"text": article(5000 + n)}, ensure_ascii=False) + "\n"
    return json.dumps({"id": f"meldung-{n}", "text": article(5000 + n)}, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dask") / "corpus"
    for n in range(240):
        folder = root / ("politik" if n % 3 == 0 else "lokal") / (f"tag{n % 4}" if n % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"artikel{n:03}.txt").write_text(article(n), encoding="utf-8")
    (root / "meldungen.jsonl").write_text("".join(dump_line(n) for n in range(1, 61)) + "\n", encoding="utf-8")
    (root / "kaputt.txt").write_bytes(b"\x00\x01binary\x00")
    return root


@pytest.fixture(scope="module")
def reference(corpus, nlp, tmp_path_factory):
    """The one-process run (claimx.extract_files, as `claimx extract corpus -o OUT`): its folder and Stats."""
    out = tmp_path_factory.mktemp("reference")
    stats = claimx.extract_files([corpus], out, nlp=nlp, on_failure=lambda failure: None)
    assert stats.done == 241 and stats.failed == 1 and stats.documents_failed == 1
    return out, stats


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as connected:
            yield connected


@pytest.fixture(scope="module")
def cluster_run(client, corpus, tmp_path_factory):
    """One run on the cluster with the library's defaults (the pipeline claimx.load() gives)."""
    out = tmp_path_factory.mktemp("cluster")
    failures = []
    stats = extract([corpus], out, client=client, part_bytes=PART_BYTES, on_failure=failures.append)
    return out, stats, failures


def invoke(*args):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (hidden ones too) but the done log, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != DONE_FILE}


def done_log(folder: Path) -> set[str]:
    return set((folder / DONE_FILE).read_text(encoding="utf-8").splitlines())


def counts(stats) -> tuple:
    return stats.files, stats.done, stats.failed, stats.resumed, stats.claims, stats.words, stats.documents_failed


def assert_same_output(out: Path, reference_dir: Path) -> None:
    got, want = tree(out), tree(reference_dir)
    assert sorted(got) == sorted(want)  # nothing missing, nothing left over (temporary files, spools)
    assert [name for name in want if got[name] != want[name]] == []
    assert done_log(out) == done_log(reference_dir)


# --------------------------------------------------------------------------- the same outputs


def test_the_dump_is_split_into_line_ranges_and_small_files_are_grouped(corpus, tmp_path):
    inputs = discover([str(corpus)])
    tasks = plan_tasks(inputs, folder_targets(inputs, tmp_path, "jsonl"), tmp_path, PART_BYTES)
    parts = [task.part for task in tasks if isinstance(task, PartTask)]
    files = [task for task in tasks if isinstance(task, FilesTask)]
    assert len(parts) >= 8 and [p.index for p in parts] == list(range(len(parts)))
    assert [p.start for p in parts[1:]] == [p.end for p in parts[:-1]] and parts[-1].end == (corpus / "meldungen.jsonl").stat().st_size
    assert sum(len(task.inputs) for task in files) == len(inputs) - 1 and len(files) < len(inputs) // 2


def test_a_large_dump_that_fails_as_a_whole_is_not_split(corpus, tmp_path):
    (tmp_path / "binaer.jsonl").write_bytes(b"\x00\x01" + b"x\n" * 5_000)
    (tmp_path / "ausgabe.jsonl").write_text(json.dumps({"schema": "claimx/1", "text": "x"}) + "\n" + "{}\n" * 5_000, encoding="utf-8")
    inputs = discover([str(tmp_path / "binaer.jsonl"), str(tmp_path / "ausgabe.jsonl")])
    tasks = plan_tasks(inputs, folder_targets(inputs, tmp_path / "out", "jsonl"), tmp_path / "out", PART_BYTES)
    assert tasks == [FilesTask((inp,)) for inp in inputs]  # each fails with its one reason, not a skipped line per line


def test_outputs_are_byte_identical_to_a_one_process_run(cluster_run, reference):
    out, stats, failures = cluster_run
    ref_dir, ref_stats = reference
    assert_same_output(out, ref_dir)
    assert counts(stats) == counts(ref_stats)
    assert sorted((f.where, f.reason) for f in failures) == sorted((f.where, f.reason) for f in ref_stats.failures)
    assert stats.summary().split(", ")[:4] == ref_stats.summary().split(", ")[:4]  # "claimx: 241 of 242 files done, 2040 claims, 1 failed, …"
    assert not (out / ".claimx-parts").exists()


# --------------------------------------------------------------------------- faults


@functools.cache
def _register_slow_component() -> None:
    from spacy.language import Language

    @Language.component("claimx_test_slow")
    def slow(doc):
        time.sleep(0.03)  # each document takes long enough that a worker killed during the run is mid-task
        return doc


def slow_pipeline():
    """The real pipeline, each document delayed (loaded on the workers: importable by reference)."""
    _register_slow_component()
    nlp = claimx.load()
    nlp.add_pipe("claimx_test_slow")
    return nlp


def test_a_worker_killed_mid_run_loses_nothing_and_every_output_is_complete_once(client, corpus, reference, tmp_path):
    out, result = tmp_path / "out", {}

    def run() -> None:
        result["stats"] = extract([corpus], out, client=client, loader=slow_pipeline, part_bytes=PART_BYTES, on_failure=lambda failure: None)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    while not ((out / DONE_FILE).is_file() and len(done_log(out)) >= 20) and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = client.run(os.getpid)
    busy = [address for address, keys in client.processing().items() if keys]
    done_at_kill = len(done_log(out))
    os.kill(pids[busy[0]], signal.SIGKILL)
    thread.join(timeout=300)
    assert not thread.is_alive() and done_at_kill < 241  # the kill landed mid-run, on a worker with a task
    stats = result["stats"]
    assert (stats.done, stats.failed, stats.claims) == (reference[1].done, reference[1].failed, reference[1].claims)
    assert_same_output(out, reference[0])
    assert len((out / DONE_FILE).read_text(encoding="utf-8").splitlines()) == 241  # each output recorded once
    client.wait_for_workers(2, timeout=120)  # the nanny restarted it
    assert set(client.run(os.getpid).values()) != set(pids.values())


def test_resume_after_an_interrupted_run_redoes_only_what_is_missing_or_cut_short(cluster_run, reference, client, corpus, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(cluster_run[0], out)
    (out / "meldungen.jsonl").unlink()  # the split dump
    (out / "politik" / "artikel000.jsonl").unlink()
    cut = out / "lokal" / "tag1" / "artikel001.jsonl"
    cut.write_bytes(cut.read_bytes()[:100])  # as an interrupted copy leaves it: the done log knows its real size
    (out / "politik" / ".artikel000.jsonl.k1ll3d0a.tmp").write_text("{", encoding="utf-8")  # as a killed attempt leaves it
    stats = extract([corpus], out, client=client, part_bytes=PART_BYTES, on_failure=lambda failure: None)
    assert (stats.resumed, stats.done, stats.failed) == (238, 3, 1)  # the binary file has no output: tried again
    assert_same_output(out, reference[0])


def test_html_pages_of_a_split_dump_are_those_of_a_local_run(client, corpus, nlp, tmp_path):
    dump = corpus / "meldungen.jsonl"
    claimx.extract_files([dump], tmp_path / "local", format="html", nlp=nlp, on_failure=lambda failure: None)
    extract([dump], tmp_path / "dask", client=client, format="html", part_bytes=PART_BYTES, on_failure=lambda failure: None)
    assert (tmp_path / "dask" / "meldungen.html").read_bytes() == (tmp_path / "local" / "meldungen.html").read_bytes()


def test_the_command_line_runs_on_a_scheduler_address_with_the_local_runs_outputs_and_summary(client, corpus, nlp, tmp_path):
    inputs = [corpus / "meldungen.jsonl", corpus / "kaputt.txt", corpus / "politik" / "artikel006.txt"]
    claimx.extract_files(inputs, tmp_path / "local", format="json", nlp=nlp, on_failure=lambda failure: None)
    result = invoke("extract", *inputs, "-o", f"{tmp_path / 'dask'}/", "--format", "json", "--dask", client.cluster.scheduler_address, "--dask-part-bytes", PART_BYTES)
    assert result.exit_code == 1  # the binary file failed; the rest is written
    lines = result.stderr.splitlines()
    assert sorted(lines[:-1]) == sorted([
        f"claimx: skipped {corpus / 'kaputt.txt'}: binary file (contains NUL bytes)",
        f"claimx: skipped {corpus / 'meldungen.jsonl'}:23: invalid JSON at column 2: expecting property name enclosed in double quotes",
    ])  # fmt: skip
    assert lines[-1].startswith("claimx: 2 of 3 files done, ") and ", 1 failed, 1 documents skipped, " in lines[-1]
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


# --------------------------------------------------------------------------- connecting


def test_local_n_starts_a_cluster_of_n_one_thread_worker_processes():
    from claimx.distributed import connect

    with connect("local:1") as connected:
        (worker,) = connected.scheduler_info()["workers"].values()
        assert worker["nthreads"] == 1 and connected.run(os.getpid).popitem()[1] != os.getpid()


@pytest.mark.parametrize("spec", ["local:0", "local:zwei"])
def test_a_malformed_local_spec_is_a_usage_error(monkeypatch, corpus, tmp_path, spec):
    monkeypatch.setattr(cli, "load_pipeline", lambda *args, **kwargs: pytest.fail("the pipeline was loaded"))
    result = invoke("extract", corpus / "kaputt.txt", "-o", f"{tmp_path / 'out'}/", "--dask", spec)
    assert result.exit_code == 2 and "local:N" in result.stderr


def test_stdin_fails_as_an_input_the_workers_cannot_read_without_starting_a_cluster(tmp_path):
    result = CliRunner().invoke(cli.app, ["extract", "-", "-o", f"{tmp_path / 'out'}/", "--dask", "local:2"], input="„Ja“, sagte Kim.")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "claimx: skipped -: stdin cannot be read by the workers of a cluster (give a file on a shared filesystem)"
    assert result.stderr.splitlines()[1].startswith("claimx: 0 of 1 files done, 0 claims, 1 failed")
