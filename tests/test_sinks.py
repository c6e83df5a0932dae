"""Where claims go (claimx.sinks): atomic files, the done log behind --resume, output folders, claim sinks."""

from __future__ import annotations

import io
from pathlib import Path, PurePath

import pytest

from claimx.errors import OutputError, UsageError
from claimx.io import InputFile
from claimx.output import ClaimWriter, read_claims_file
from claimx.sinks import AtomicFile, DoneLog, FolderSink, StreamSink, folder_targets, output_folder
from tests.test_output import CLAIMS


def test_atomic_files_appear_only_when_committed(tmp_path):
    target = tmp_path / "sub" / "claims.jsonl"
    atomic = AtomicFile(target)
    ClaimWriter("jsonl", atomic.stream).write(CLAIMS)
    assert not target.exists()
    atomic.commit()
    assert read_claims_file(target) == CLAIMS
    assert [p.name for p in target.parent.iterdir()] == ["claims.jsonl"]  # no temporary left


def test_a_discarded_atomic_file_leaves_the_old_output_alone(tmp_path):
    target = tmp_path / "claims.jsonl"
    target.write_text("old\n")
    atomic = AtomicFile(target)
    atomic.stream.write("half-written")
    atomic.discard()
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.jsonl"]


def test_the_done_log_trusts_only_outputs_of_the_recorded_size(tmp_path):
    done = DoneLog(tmp_path)
    (tmp_path / "a.jsonl").write_text("eins\n")
    (tmp_path / "b.jsonl").write_text("zwei\n")
    done.record(tmp_path / "a.jsonl", claims=1)
    done.record(tmp_path / "b.jsonl", claims=1)
    (tmp_path / "b.jsonl").write_text("zw")  # cut short after it was recorded
    with (tmp_path / ".claimx-done").open("a") as log:
        log.write('{"output": "c.jso')  # a line cut short by a crash
    again = DoneLog(tmp_path)
    assert again.is_complete(tmp_path / "a.jsonl") and not again.is_complete(tmp_path / "b.jsonl")
    assert not again.is_complete(tmp_path / "c.jsonl")


def test_an_output_is_a_folder_when_it_is_one_ends_with_a_slash_or_an_input_is_a_folder(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "a.txt").write_text("x")
    assert output_folder(None, ["a.txt"]) is None
    assert output_folder(str(tmp_path / "out.jsonl"), [str(tmp_path / "a.txt")]) is None
    assert output_folder(f"{tmp_path / 'neu'}/", [str(tmp_path / "a.txt")]) == tmp_path / "neu"
    assert output_folder(str(tmp_path / "neu"), [str(tmp_path / "in")]) == tmp_path / "neu"
    with pytest.raises(UsageError, match="an empty path") as empty:
        output_folder(" ", ["a.txt"])
    assert empty.value.option == "--output"
    with pytest.raises(UsageError, match="is a file; folder inputs need an output folder"):
        output_folder(str(tmp_path / "a.txt"), [str(tmp_path / "in")])


def test_two_inputs_for_one_output_file_are_a_usage_error(tmp_path):
    def inp(name, rel, problem=None):
        return InputFile(Path(name), name, PurePath(rel), "text", True, problem)

    targets = folder_targets([inp("x/a.txt", "a.txt"), inp("x/b.md", "sub/b.md"), inp("x/p.txt", "p.txt", "a FIFO")], tmp_path, "csv")
    assert sorted(str(t.relative_to(tmp_path)) for t in targets.values()) == ["a.csv", "sub/b.csv"]  # no target for a FIFO
    with pytest.raises(UsageError, match="x/a.txt and x/a.html would both be written to"):
        folder_targets([inp("x/a.txt", "a.txt"), inp("x/a.html", "a.html")], tmp_path, "jsonl")


def test_a_folder_sink_commits_finished_inputs_and_discards_failed_ones(tmp_path):
    good, bad = (InputFile(Path(n), n, PurePath(n), "text") for n in ("gut.txt", "schlecht.txt"))
    done = DoneLog(tmp_path)
    sink = FolderSink({good: tmp_path / "gut.jsonl", bad: tmp_path / "schlecht.jsonl"}, "jsonl", done)
    for inp, ok in ((good, True), (bad, False)):
        sink.start(inp)
        sink.write(CLAIMS)
        sink.finish(inp, ok)
    assert read_claims_file(tmp_path / "gut.jsonl") == CLAIMS and done.is_complete(tmp_path / "gut.jsonl")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".claimx-done", "gut.jsonl"]  # nothing of the failed one


def test_a_stream_sink_that_cannot_write_names_its_file():
    class FullDisk(io.StringIO):
        def write(self, text):
            raise OSError(28, "No space left on device")

    sink = StreamSink(ClaimWriter("jsonl", FullDisk()), "claims.jsonl")
    with pytest.raises(OutputError, match="cannot write claims.jsonl: no space left on device"):
        sink.write(CLAIMS)
