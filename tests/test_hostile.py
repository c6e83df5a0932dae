"""Hostile input: each bad input is one line on stderr and skipped; the rest completes.

The CLI cases use the fake pipeline of tests/fakes.py (what is tested is reading, batching and
error handling); the property-based test at the bottom runs the real extractor.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimx import cli, io
from claimx.io import chunks as chunks_module
from claimx.io import reading
from claimx.records import Claim
from tests.fakes import FakeNLP

REPO = Path(__file__).resolve().parent.parent
GOOD = "„Wir haben keine Angst“, sagte Kim.\n"
runner = CliRunner()


class RecordingNLP(FakeNLP):
    """The fake pipeline, remembering the longest text it was given."""

    longest = 0

    def make_doc(self, text):
        self.longest = max(self.longest, len(text))
        return super().make_doc(text)


@pytest.fixture
def nlp(monkeypatch):
    fake = RecordingNLP()
    monkeypatch.setattr(cli, "load_pipeline", lambda *args, **kwargs: fake)
    return fake


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    return root


def extract(*args):
    result = runner.invoke(cli.app, ["extract", *map(str, args)])
    claims = [Claim.from_dict(json.loads(line)) for line in result.stdout.splitlines()]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("claimx: skipped")]
    assert "Traceback" not in result.stderr
    return result.exit_code, claims, skipped


def assert_one_bad_input(corpus, name, reason):
    code, claims, skipped = extract(corpus)
    assert code == 1
    assert skipped == [f"claimx: skipped {corpus / name}: {reason}"]
    assert [c.text for c in claims] == ["Wir haben keine Angst"]  # the good input is still written


# the CLI with the fake pipeline in a child process: for inputs that could hang it, and real pipes
FAKE_CLI = (
    "import sys; from tests.fakes import FakeNLP; from claimx import cli; "
    "cli.load_pipeline = lambda *args, **kwargs: FakeNLP(); cli.app(sys.argv[1:], prog_name='claimx')"
)


def fake_cli(*args, timeout=60):
    command = [sys.executable, "-c", FAKE_CLI, *map(str, args)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and Unix sockets")
def test_fifos_and_sockets_in_a_folder_are_reported_and_never_opened(corpus):
    import socket

    os.mkfifo(corpus / "pipe.txt")  # opening it for reading would wait for a writer forever
    os.mkfifo(corpus / "pipe.jsonl")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(corpus / "sock.md"))
    try:
        done = fake_cli("extract", corpus)
    finally:
        server.close()
    assert done.returncode == 1
    assert done.stderr.splitlines()[:3] == [
        f"claimx: skipped {corpus / 'pipe.jsonl'}: not a regular file (a FIFO)",
        f"claimx: skipped {corpus / 'pipe.txt'}: not a regular file (a FIFO)",
        f"claimx: skipped {corpus / 'sock.md'}: not a regular file (a socket)",
    ]
    assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == ["Wir haben keine Angst"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_folder_gets_no_output_file_and_is_reported_again_on_resume(corpus, tmp_path):
    os.mkfifo(corpus / "pipe.txt")
    out = tmp_path / "out"
    first = fake_cli("extract", corpus, "-o", out, "--quiet")
    again = fake_cli("extract", corpus, "-o", out, "--resume")
    skipped = f"claimx: skipped {corpus / 'pipe.txt'}: not a regular file (a FIFO)"
    assert (first.returncode, first.stderr.splitlines()) == (1, [skipped])
    assert again.returncode == 1 and again.stderr.splitlines()[0] == skipped
    assert "1 already done (--resume)" in again.stderr
    assert sorted(p.name for p in out.iterdir()) == [".claimx-done", "good.jsonl"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_on_the_command_line_is_read_like_stdin(tmp_path):
    import threading

    for name in ("pipe.txt", "pipe.jsonl"):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        text = GOOD if name.endswith(".txt") else json.dumps({"id": "p", "text": GOOD}) + "\n"
        writer = threading.Thread(target=fifo.write_text, args=(text,), kwargs={"encoding": "utf-8"}, daemon=True)
        writer.start()  # `claimx extract <(zcat a.txt.gz)` gives claimx such a pipe
        done = fake_cli("extract", fifo, "--quiet")
        writer.join(timeout=10)
        assert (done.returncode, done.stderr) == (0, "")
        assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == ["Wir haben keine Angst"]


def test_an_unreadable_subfolder_is_a_reported_failure(nlp, corpus, monkeypatch):
    (corpus / "locked").mkdir()
    (corpus / "locked" / "hidden.txt").write_text(GOOD)
    (corpus / "z.txt").write_text(GOOD)
    real_scandir = os.scandir

    def guarded_scandir(path="."):  # tests usually run as root, where chmod 000 does not stop listing
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    code, claims, skipped = extract(corpus)
    assert code == 1
    assert skipped == [f"claimx: skipped {corpus / 'locked'}: cannot read folder (permission denied)"]
    assert [c.doc for c in claims] == [str(corpus / "good.txt"), str(corpus / "z.txt")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can list a chmod 000 folder")
def test_an_unreadable_subfolder_is_a_reported_failure_for_real(nlp, corpus):
    (corpus / "locked").mkdir()
    (corpus / "locked").chmod(0)
    try:
        code, claims, skipped = extract(corpus)
    finally:
        (corpus / "locked").chmod(0o755)
    assert code == 1 and skipped == [f"claimx: skipped {corpus / 'locked'}: cannot read folder (permission denied)"]


def test_a_closed_stdout_pipe_ends_quietly_with_exit_0(tmp_path):
    (tmp_path / "many.txt").write_text(GOOD * 3_000, encoding="utf-8")  # far more than a pipe buffer holds
    child = subprocess.Popen(
        [sys.executable, "-c", FAKE_CLI, "extract", str(tmp_path / "many.txt")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    first = child.stdout.readline()  # `claimx extract … | head -1`
    child.stdout.close()
    stderr = child.stderr.read()
    assert child.wait(timeout=60) == 0
    assert json.loads(first)["text"] == "Wir haben keine Angst"
    assert stderr == b""


def test_binary_file(nlp, corpus):
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512))
    assert_one_bad_input(corpus, "image.txt", "binary file (contains NUL bytes)")


def test_undecodable_bytes(nlp, corpus):
    (corpus / "junk.txt").write_bytes(bytes(range(0x80, 0x100)) * 4 + b"\x01\x02\x7f" * 40)
    assert_one_bad_input(corpus, "junk.txt", "not a text file (undecodable bytes in any supported encoding)")


def test_empty_files_are_processed_and_give_no_claims(nlp, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "empty.jsonl").write_bytes(b"")
    (corpus / "blank.md").write_text("\n\n   \n")
    code, claims, skipped = extract(corpus)
    assert (code, len(claims), skipped) == (0, 1, [])


def test_permission_denied(nlp, corpus, monkeypatch):
    # tests usually run as root, where chmod 000 does not stop reading: simulate the OS error
    (corpus / "secret.txt").write_text(GOOD)
    real_open = os.open

    def guarded_open(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading.os, "open", guarded_open)
    assert_one_bad_input(corpus, "secret.txt", "permission denied")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_permission_denied_for_real(nlp, corpus):
    (corpus / "secret.txt").write_text(GOOD)
    (corpus / "secret.txt").chmod(0)
    assert_one_bad_input(corpus, "secret.txt", "permission denied")


def test_broken_symlink(nlp, corpus):
    (corpus / "link.txt").symlink_to(corpus / "deleted.txt")
    assert_one_bad_input(corpus, "link.txt", f"broken symbolic link (to {corpus / 'deleted.txt'})")


def test_broken_jsonl_line_is_reported_and_the_rest_of_the_dump_written(nlp, corpus):
    lines = [json.dumps({"id": "a", "text": GOOD}), '{"id": "b", "text": "„abgeschn', json.dumps({"id": "c", "text": GOOD})]
    (corpus / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, claims, skipped = extract(corpus / "dump.jsonl")
    assert code == 1
    assert skipped == [f"claimx: skipped {corpus / 'dump.jsonl'}:2: invalid JSON at column 21: unterminated string starting at"]
    assert [c.doc for c in claims] == ["a", "c"]


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs a file system that takes any bytes as names")
def test_a_file_name_that_is_not_utf8_gives_valid_output(nlp, corpus, tmp_path):
    os.rename(corpus / "good.txt", os.path.join(os.fsencode(corpus), b"gut-\xff.txt"))
    code, claims, skipped = extract(corpus, "-o", tmp_path / "out")
    assert code == 0
    (written,) = (tmp_path / "out").glob("*.jsonl")  # named like its input, bytes and all
    assert os.fsencode(written.name) == b"gut-\xff.jsonl"
    done = fake_cli("extract", corpus, "-o", tmp_path / "out", "--resume")  # and recorded as done under that name
    assert done.returncode == 0 and "0 of 0 files done, 1 already done (--resume)" in done.stderr
    saved = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
    assert saved[0]["doc"] == str(corpus / "gut-\ufffd.txt")


def test_lone_surrogates_from_json_escapes_are_replaced_keeping_offsets(nlp, tmp_path):
    (tmp_path / "d.jsonl").write_text('{"id": "x\\udc80", "text": "\\ud800 \u201eJa\u201c, sagte Max."}\n', encoding="utf-8")
    code, claims, skipped = extract(tmp_path / "d.jsonl", "-o", tmp_path / "out.jsonl")
    assert (code, skipped) == (0, [])
    (claim,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert claim["doc"] == "x\ufffd" and (claim["text"], claim["start"]) == ("Ja", 3)


def test_json_nested_too_deeply_is_one_skipped_line(nlp, tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "d.jsonl").write_text(deep + "\n" + json.dumps({"id": "ok", "text": GOOD}) + "\n", encoding="utf-8")
    code, claims, skipped = extract(tmp_path / "d.jsonl")
    assert code == 1
    assert skipped == [f"claimx: skipped {tmp_path / 'd.jsonl'}:1: JSON nested too deeply"]
    assert [c.doc for c in claims] == ["ok"]


def test_an_error_while_reading_fails_that_input_only(nlp, corpus, monkeypatch):
    (corpus / "later.txt").write_text(GOOD)
    real = reading.text_chunks

    def flaky(stream, doc_id, chunk_chars):
        if doc_id.endswith("good.txt"):
            raise OSError(5, "Input/output error")
        return real(stream, doc_id, chunk_chars)

    monkeypatch.setattr(reading, "text_chunks", flaky)
    code, claims, skipped = extract(corpus)
    assert code == 1
    assert skipped == [f"claimx: skipped {corpus / 'good.txt'}: OSError: [Errno 5] Input/output error"]
    assert [c.doc for c in claims] == [str(corpus / "later.txt")]


def test_a_large_file_is_processed_in_bounded_chunks(nlp, tmp_path, monkeypatch):
    monkeypatch.setattr(chunks_module, "READ_BYTES", 16 * 1024)
    paragraph = "Es war ein langer Tag in der Stadt. " * 20 + GOOD + "\n"
    text = paragraph * 2_000  # ~1.6 MB; the same code path as a 100 MB file, with smaller numbers
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    code, claims, skipped = extract(tmp_path / "big.txt", "--chunk-chars", 5_000)
    assert code == 0 and skipped == []
    assert nlp.longest <= 5_000
    assert len(claims) == 2_000
    assert all(text[c.start : c.end] == c.text for c in claims)
    assert len({c.id for c in claims}) == 2_000


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_a_100_mb_file_is_read_in_bounded_memory(tmp_path):
    # VmHWM, not getrusage: a child's ru_maxrss inherits the forking parent's peak (pytest's)
    path = tmp_path / "huge.txt"
    block = ("Es war ein langer Tag in der Stadt. " * 30 + GOOD + "\n") * 1000
    blocks = 100 * 1024 * 1024 // len(block.encode()) + 1
    with path.open("wb") as out:
        for _ in range(blocks):
            out.write(block.encode())
    script = (
        "import sys; from claimx.io import discover, read_documents\n"
        "(inp,) = discover([sys.argv[1]]); longest = total = 0\n"
        "for d in read_documents(inp): longest = max(longest, len(d.text)); total += len(d.text)\n"
        "peak = next(line for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
        "print(longest, total, int(peak.split()[1]) // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(path)], cwd=REPO, capture_output=True, text=True, check=True)
    longest, total, peak_mb = map(int, out.stdout.split())
    assert longest <= io.DEFAULT_CHUNK_CHARS and total == blocks * len(block)
    assert peak_mb < 100, f"reading a 100 MB file peaked at {peak_mb} MB"


def test_extremely_long_lines_are_cut_at_sentence_ends(nlp, tmp_path):
    line = ("Das ist ein Satz ohne Zeilenumbruch. " * 3_000) + GOOD.strip()  # one ~110,000-character line
    (tmp_path / "line.txt").write_text(line, encoding="utf-8")
    code, claims, skipped = extract(tmp_path / "line.txt", "--chunk-chars", 10_000)
    assert (code, skipped) == (0, [])
    assert nlp.longest <= 10_000
    (claim,) = claims
    assert line[claim.start : claim.end] == "Wir haben keine Angst"


def test_text_without_any_punctuation_or_spaces_is_still_processed(nlp, tmp_path):
    (tmp_path / "words.txt").write_text("wort " * 10_000, encoding="utf-8")
    (tmp_path / "blob.txt").write_text("x" * 25_000, encoding="utf-8")
    code, claims, skipped = extract(tmp_path, "--chunk-chars", 4_000)
    assert (code, claims, skipped) == (0, [], [])
    assert nlp.longest <= 4_000


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=3_000), st.integers(min_value=20, max_value=500))
def test_chunks_of_any_unicode_text_are_bounded_and_reassemble_the_text(text, limit):
    chunks = list(chunks_module.string_chunks(text, "d", limit))
    assert "".join(c.text for c in chunks) == text
    assert all(len(c.text) <= limit for c in chunks)
    assert all(text[c.offset : c.offset + len(c.text)] == c.text for c in chunks)


# --------------------------------------------------------------------------- the real extractor


@pytest.fixture(scope="module")
def real_nlp():
    import claimx

    return claimx.load()


PIECES = list("„“»«\"',.;:!?–-()\n ") + ["sagte", " erklärte ", "laut ", " zufolge", " sei ", "Der ", "Sprecher", "\n\n"]
german_texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=120).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(german_texts)
def test_the_extractor_never_raises_and_offsets_are_valid_on_any_text(real_nlp, text):
    import claimx

    for claim in claimx.extract(text, doc_id="h", nlp=real_nlp):
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        if claim.cue is not None:
            assert text[claim.cue.start : claim.cue.end] == claim.cue.text
        if claim.source is not None and claim.source.start is not None:
            assert text[claim.source.start : claim.source.end] == claim.source.text
        assert 0.0 <= claim.confidence <= 1.0


def test_the_real_pipeline_handles_a_long_line_and_a_long_unpunctuated_text(real_nlp):
    import claimx

    line = "Der Minister sagte, es sei alles gut. " * 400  # 400 sentences on one line
    claims = claimx.extract(line, nlp=real_nlp)
    assert len(claims) == 400
    assert all(line[c.start : c.end] == c.text for c in claims)
    assert [c.sentence for c in claims] == list(range(400))
    words = "der minister sagte es sei alles gut und die lage ruhig " * 600  # no punctuation at all
    assert all(words[c.start : c.end] == c.text for c in claimx.extract(words, nlp=real_nlp))
