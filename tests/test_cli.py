"""The command line: formats, output folders, resume, exit codes, help; parsed, never eyeballed.

Most tests swap the pipeline for the fake in tests/fakes.py (the CLI is a thin layer and its
behaviour does not depend on the model); the end-to-end tests at the bottom use the real one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimx import cli
from claimx.errors import ClaimxError
from claimx.output import read_claims
from claimx.records import Claim
from tests.fakes import FakeNLP

REPO = Path(__file__).resolve().parent.parent
ARTIKEL = "Die Lage war ruhig. „Wir haben keine Angst“, sagte Kim. Dann kam der Abend.\n\n„Nie wieder“, sagte Lee.\n"
runner = CliRunner()


@pytest.fixture
def fake_nlp(monkeypatch):
    nlp = FakeNLP()
    monkeypatch.setattr(cli, "load_pipeline", lambda *args, **kwargs: nlp)
    return nlp


def invoke(*args, input=None):
    return runner.invoke(cli.app, [str(a) for a in args], input=input)


def flat(message: str) -> str:
    """A usage error's text without the box that rich draws around it."""
    return " ".join(message.replace("│", " ").split())


def jsonl_claims(text: str) -> list[Claim]:
    return [Claim.from_dict(json.loads(line)) for line in text.splitlines()]


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ARTIKEL, encoding="utf-8")
    (root / "sub" / "b.md").write_text("„Es reicht“, sagte Ute.", encoding="utf-8")
    (root / "sub" / "c.jsonl").write_text(
        json.dumps({"id": "n1", "text": ARTIKEL}) + "\n" + json.dumps({"id": "n2", "text": "Ohne Zitat."}) + "\n",
        encoding="utf-8",
    )
    return root


# --------------------------------------------------------------------------- formats


def test_extract_writes_json_lines_when_stdout_is_not_a_terminal(fake_nlp, tmp_path):
    (tmp_path / "a.txt").write_text(ARTIKEL, encoding="utf-8")
    result = invoke("extract", tmp_path / "a.txt")
    assert result.exit_code == 0, result.stderr
    claims = jsonl_claims(result.stdout)
    assert [(c.text, c.source.name) for c in claims] == [("Wir haben keine Angst", "Kim"), ("Nie wieder", "Lee")]
    assert all(ARTIKEL[c.start : c.end] == c.text for c in claims)
    assert result.stderr.startswith("claimx: 1 of 1 files done, 2 claims, 0 failed")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_output_carry_the_same_claims(fake_nlp, corpus, fmt):
    expected = jsonl_claims(invoke("extract", corpus).stdout)
    result = invoke("extract", corpus, "--format", fmt)
    assert result.exit_code == 0
    assert list(read_claims(io.StringIO(result.stdout, newline=""), fmt)) == expected
    assert len(expected) == 5


def test_output_file_format_follows_its_suffix(fake_nlp, corpus, tmp_path):
    result = invoke("extract", corpus / "a.txt", "-o", tmp_path / "claims.csv")
    assert result.exit_code == 0 and result.stdout == ""  # stdout is data only, and there is none
    rows = list(csv.DictReader((tmp_path / "claims.csv").open(encoding="utf-8", newline="")))
    assert [r["source_name"] for r in rows] == ["Kim", "Lee"]


def test_a_table_can_be_written_to_a_file(fake_nlp, corpus, tmp_path):
    result = invoke("extract", corpus / "a.txt", "--format", "table", "-o", tmp_path / "claims.txt")
    assert result.exit_code == 0 and result.stdout == ""
    table = (tmp_path / "claims.txt").read_text(encoding="utf-8")
    assert "Kim (person)" in table and "Nie wieder" in table and "\x1b[" not in table


def test_stdin_is_read_with_a_dash(fake_nlp):
    result = invoke("extract", "-", input="„Ja“, sagte Max.")
    assert result.exit_code == 0
    (claim,) = jsonl_claims(result.stdout)
    assert (claim.doc, claim.id, claim.text) == ("-", "-#1", "Ja")


def test_html_pages_are_read_as_their_main_text(fake_nlp, tmp_path):
    page = (
        "<html><body><nav><a href='/'>Start</a> <a href='/p'>Politik</a></nav>"
        "<article><p>Die Lage an der Grenze war am Montag nach Angaben der Armee ruhig geblieben.</p>"
        "<p>„Wir haben keine Angst vor dem Winter“, sagte Kim. Weitere Angaben machte er zunächst nicht.</p>"
        "</article><footer>Impressum</footer></body></html>"
    )
    (tmp_path / "seite.html").write_text(page, encoding="utf-8")
    result = invoke("extract", tmp_path / "seite.html")
    assert result.exit_code == 0, result.stderr
    (claim,) = jsonl_claims(result.stdout)
    assert (claim.text, claim.source.name) == ("Wir haben keine Angst vor dem Winter", "Kim")


def test_jsonl_dumps_use_the_text_and_id_fields(fake_nlp, tmp_path):
    (tmp_path / "d.jsonl").write_text(json.dumps({"url": "https://x/1", "body": ARTIKEL}) + "\n", encoding="utf-8")
    result = invoke("extract", tmp_path / "d.jsonl", "--text-field", "body", "--id-field", "url")
    assert [c.id for c in jsonl_claims(result.stdout)] == ["https://x/1#1", "https://x/1#2"]


def test_model_and_extra_source_registries_are_passed_to_the_loader(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(cli, "load_pipeline", lambda model, sources, learned=False, debug=False: seen.append((model, sources)) or FakeNLP())
    (tmp_path / "mine.yaml").write_text("sources: []\n")
    (tmp_path / "model").mkdir()
    (tmp_path / "a.txt").write_text(ARTIKEL)
    args = ["--sources", tmp_path / "mine.yaml", "--sources", tmp_path / "mine.yaml", "--model", tmp_path / "model"]
    assert invoke("extract", tmp_path / "a.txt", *args).exit_code == 0
    assert seen == [(tmp_path / "model", [tmp_path / "mine.yaml"] * 2)]
    assert invoke("extract", tmp_path / "a.txt", "--sources", tmp_path / "missing.yaml").exit_code == 2


def test_two_jobs_give_the_same_output_as_one(fake_nlp, corpus):
    assert invoke("extract", corpus, "--jobs", "2").stdout == invoke("extract", corpus).stdout


# --------------------------------------------------------------------------- output folders, resume


def test_output_folder_mirrors_the_input_tree_with_one_file_per_input(fake_nlp, corpus, tmp_path):
    out = tmp_path / "out"
    result = invoke("extract", corpus, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    assert files == [".claimx-done", "a.jsonl", "sub", "sub/b.jsonl", "sub/c.jsonl"]  # and no temporary files
    assert [c.doc for c in jsonl_claims((out / "sub" / "c.jsonl").read_text(encoding="utf-8"))] == ["n1", "n1"]
    assert jsonl_claims((out / "sub" / "b.jsonl").read_text(encoding="utf-8"))[0].source.name == "Ute"


def test_a_trailing_slash_makes_the_output_a_folder_for_file_inputs(fake_nlp, corpus, tmp_path):
    result = invoke("extract", corpus / "a.txt", corpus / "sub" / "b.md", "-o", f"{tmp_path / 'new'}/")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == [".claimx-done", "a.jsonl", "b.jsonl"]


def test_resume_skips_inputs_whose_output_is_complete(fake_nlp, corpus, tmp_path):
    out = tmp_path / "out"
    invoke("extract", corpus, "-o", out)
    (out / "sub" / "b.jsonl").unlink()
    calls = fake_nlp.calls
    result = invoke("extract", corpus, "-o", out, "--resume")
    assert result.exit_code == 0
    assert fake_nlp.calls - calls == 1  # only b.md was processed again
    assert (out / "sub" / "b.jsonl").exists()
    assert "2 already done (--resume)" in result.stderr
    calls = fake_nlp.calls
    again = invoke("extract", corpus, "-o", out, "--resume")
    assert again.exit_code == 0 and fake_nlp.calls == calls
    assert again.stderr.startswith("claimx: 0 of 0 files done, 3 already done (--resume)")


def test_a_failed_input_leaves_no_output_file_so_resume_retries_it(fake_nlp, corpus, tmp_path):
    (corpus / "bad.txt").write_text("EXPLODE", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("extract", corpus, "-o", out)
    assert result.exit_code == 1
    assert not (out / "bad.jsonl").exists() and (out / "a.jsonl").exists()
    assert [p.name for p in out.glob(".*")] == [".claimx-done"]  # no temporary file is left
    assert "bad.jsonl" not in (out / ".claimx-done").read_text()


def test_resume_redoes_an_output_that_was_cut_short_or_never_recorded(fake_nlp, corpus, tmp_path):
    out = tmp_path / "out"
    invoke("extract", corpus, "-o", out)
    complete = (out / "a.jsonl").read_bytes()
    (out / "a.jsonl").write_bytes(complete[: len(complete) // 2])  # e.g. an interrupted copy
    (out / "sub" / "b.jsonl").write_text("")  # an output no run recorded as written
    (out / ".claimx-done").write_text((out / ".claimx-done").read_text().replace('"sub/b.jsonl"', '"other.jsonl"'))
    calls = fake_nlp.calls
    result = invoke("extract", corpus, "-o", out, "--resume")
    assert result.exit_code == 0 and "1 already done (--resume)" in result.stderr
    assert fake_nlp.calls - calls == 2  # a.txt and b.md again, c.jsonl (two articles) not
    assert (out / "a.jsonl").read_bytes() == complete
    assert jsonl_claims((out / "sub" / "b.jsonl").read_text(encoding="utf-8"))[0].source.name == "Ute"


@pytest.mark.skipif(not hasattr(os, "umask"), reason="POSIX file modes")
def test_output_files_get_the_mode_of_an_ordinary_new_file(fake_nlp, corpus, tmp_path):
    old = os.umask(0o022)
    try:
        invoke("extract", corpus, "-o", tmp_path / "out")
        invoke("extract", corpus / "a.txt", "-o", tmp_path / "one.csv")
        os.umask(0o027)
        invoke("extract", corpus / "a.txt", "-o", tmp_path / "two.json")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [*(tmp_path / "out").rglob("*.jsonl"), tmp_path / "one.csv", tmp_path / "two.json"]}
    assert modes == {"a.jsonl": 0o644, "b.jsonl": 0o644, "c.jsonl": 0o644, "one.csv": 0o644, "two.json": 0o640}
    (tmp_path / "one.csv").chmod(0o600)  # a file that is replaced keeps its mode
    invoke("extract", corpus / "a.txt", "-o", tmp_path / "one.csv")
    assert stat.S_IMODE((tmp_path / "one.csv").stat().st_mode) == 0o600


def test_an_unwritable_output_is_one_line_and_exit_1_before_the_pipeline_loads(monkeypatch, corpus, tmp_path):
    monkeypatch.setattr(cli, "load_pipeline", lambda *args, **kwargs: pytest.fail("the pipeline was loaded"))
    (tmp_path / "plain").write_text("")
    for output in (tmp_path / "plain" / "out.jsonl", f"{tmp_path / 'plain' / 'dir'}/"):
        result = invoke("extract", corpus / "a.txt", "-o", output)
        assert result.exit_code == 1, result.output
        assert result.stderr == f"claimx: error: cannot write {str(output).rstrip('/')}: {tmp_path / 'plain'} is a file, not a folder\n"

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied", kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)  # as root, chmod cannot make a folder read-only
    result = invoke("extract", corpus / "a.txt", "-o", tmp_path / "out.jsonl")
    assert (result.exit_code, result.stderr) == (1, f"claimx: error: cannot write {tmp_path / 'out.jsonl'}: permission denied ({tmp_path})\n")


def test_an_output_on_a_device_is_written_in_place(fake_nlp, corpus):
    result = invoke("extract", corpus / "a.txt", "-o", os.devnull)
    assert result.exit_code == 0
    assert Path(os.devnull).is_char_device()  # not replaced by a regular file


def test_a_folder_input_with_an_existing_output_file_is_a_usage_error(fake_nlp, corpus, tmp_path):
    (tmp_path / "out.jsonl").write_text("")
    result = invoke("extract", corpus, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2 and "is a file; folder inputs need an output folder" in flat(result.stderr)


def test_two_inputs_that_would_share_an_output_file_are_a_usage_error(fake_nlp, corpus, tmp_path):
    (corpus / "a.html").write_text("<p>x</p>")
    result = invoke("extract", corpus, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "would both be written" in flat(result.stderr)


# --------------------------------------------------------------------------- errors and exit codes


def test_a_bad_input_is_one_line_on_stderr_and_the_rest_is_written(fake_nlp, corpus):
    (corpus / "zzz.txt").write_bytes(b"\x00\x01\x02\x03")
    result = invoke("extract", corpus)
    assert result.exit_code == 1
    assert len(jsonl_claims(result.stdout)) == 5
    errors = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert errors == [f"claimx: skipped {corpus / 'zzz.txt'}: binary file (contains NUL bytes)"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "does-not-exist.txt"],
        ["extract", "--no-such-option", "x"],
        ["extract"],
        ["extract", "-", "--resume"],
        ["extract", "-", "--jobs", "0"],
        ["extract", "-", "--model", "no/such/model"],
        ["extract", "-", "--format", "yaml"],
        ["extract", "-", "-o", ""],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_with_2(fake_nlp, args):
    result = invoke(*args)
    assert result.exit_code == 2, result.output


def test_a_pipeline_error_shows_no_traceback_unless_debug(fake_nlp, tmp_path):
    (tmp_path / "bad.txt").write_text("EXPLODE", encoding="utf-8")
    plain = invoke("extract", tmp_path / "bad.txt", "--quiet")
    assert plain.exit_code == 1
    assert plain.stderr == f"claimx: skipped {tmp_path / 'bad.txt'}: pipeline error: RuntimeError: the fake pipeline exploded\n"
    debug = invoke("extract", tmp_path / "bad.txt", "--quiet", "--debug")
    assert "Traceback" in debug.stderr and debug.exit_code == 1


def test_a_pipeline_that_cannot_load_is_one_line_and_exit_1(monkeypatch, tmp_path):
    def fail(*args, **kwargs):
        raise ClaimxError("cannot load the pipeline: model folder is empty")

    monkeypatch.setattr(cli, "load_pipeline", fail)
    (tmp_path / "a.txt").write_text(ARTIKEL)
    result = invoke("extract", tmp_path / "a.txt")
    assert result.exit_code == 1
    assert result.stderr == "claimx: error: cannot load the pipeline: model folder is empty\n"


def test_quiet_suppresses_the_summary(fake_nlp, corpus):
    result = invoke("extract", corpus, "--quiet")
    assert result.exit_code == 0 and result.stderr == ""


# --------------------------------------------------------------------------- help and start-up


def _commands(app: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix + (c.name or c.callback.__name__.replace("_", "-"),) for c in app.registered_commands]
    for group in app.registered_groups:
        found += _commands(group.typer_instance, prefix + (group.name,))
    return found


@pytest.mark.parametrize("command", _commands(cli.app), ids=" ".join)
def test_every_command_has_help_with_an_example_and_loads_no_model(monkeypatch, command):
    monkeypatch.setattr(cli, "load_pipeline", lambda *a, **k: pytest.fail("--help loaded the pipeline"))
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "$ claimx " + " ".join(command) in result.stdout


def test_top_level_help_and_version():
    assert "extract" in invoke("--help").stdout
    assert invoke("--version").stdout.strip() == "claimx 0.1.0"


def test_importing_the_cli_does_not_import_spacy():
    code = "import sys, claimx.cli; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_python_dash_m_claimx_runs_the_cli_and_keeps_exit_codes_and_output():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "claimx", *args], cwd=REPO, capture_output=True, text=True)

    helped = run("--help")
    assert helped.returncode == 0 and "extract" in helped.stdout
    assert run("--version").stdout == "claimx 0.1.0\n"  # flushed before the fast exit
    missing = run("extract", "no/such/file.txt")
    assert missing.returncode == 2 and "no/such/file.txt" in missing.stderr


# --------------------------------------------------------------------------- sources


def test_sources_counts_claims_per_canonical_source_with_kinds(fake_nlp, corpus):
    result = invoke("sources", corpus, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert {name: row["claims"] for name, row in rows.items()} == {"Kim": 2, "Lee": 2, "Ute": 1}
    assert rows["Kim"]["kinds"] == {"direct": 2} and rows["Kim"]["type"] == "person"


def test_sources_as_csv_has_one_row_per_source(fake_nlp, corpus):
    result = invoke("sources", corpus, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(r["name"], r["claims"]) for r in rows] == [("Kim", "2"), ("Lee", "2"), ("Ute", "1")]
    assert json.loads(rows[0]["kinds"]) == {"direct": 2}


def test_sources_reports_bad_inputs_like_extract(fake_nlp, corpus):
    (corpus / "bad.txt").write_bytes(b"\x00\x00")
    result = invoke("sources", corpus, "--format", "jsonl", "--quiet")
    assert result.exit_code == 1
    assert result.stderr == f"claimx: skipped {corpus / 'bad.txt'}: binary file (contains NUL bytes)\n"
    assert len(result.stdout.splitlines()) == 3



def _option_names(command: str) -> set[str]:
    group = typer.main.get_command(cli.app)
    return {name for param in group.commands[command].params for name in param.opts if name.startswith("--")}


def test_extract_and_sources_take_the_same_run_options_and_pass_them_on(monkeypatch, corpus):
    shared = {"--format", "--jobs", "--sources", "--model", "--learned", "--quiet", "--debug", "--text-field", "--id-field", "--batch-size", "--chunk-chars"}
    assert shared <= _option_names("extract") and shared <= _option_names("sources")
    assert _option_names("extract") - _option_names("sources") == {"--resume", "--dask", "--dask-part-bytes"}  # and -o means a folder for extract only
    loaded = []
    monkeypatch.setattr(cli, "load_pipeline", lambda *args: loaded.append(args) or FakeNLP())
    (corpus / "sub" / "c.jsonl").write_text(json.dumps({"nr": "x1", "inhalt": ARTIKEL}) + "\n", encoding="utf-8")
    result = invoke("sources", corpus / "sub" / "c.jsonl", "--learned", "--debug", "--text-field", "inhalt", "--id-field", "nr", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert {row["name"]: row["claims"] for row in json.loads(result.stdout)} == {"Kim": 1, "Lee": 1}
    assert loaded == [(None, None, True, True)]  # model, sources, learned, debug

# --------------------------------------------------------------------------- --dask (the cluster runs in tests/test_distributed.py)


def test_dask_without_its_extra_is_one_line_saying_how_to_install_it_and_exit_2(fake_nlp, corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed: `import distributed` raises ImportError
    result = invoke("extract", corpus, "-o", tmp_path / "out", "--dask", "local:2")
    assert result.exit_code == 2
    assert result.stderr == "claimx: error: running on a Dask cluster needs Dask: pip install 'claimx[dask]'\n"
    assert fake_nlp.calls == 0


def test_dask_needs_an_output_folder(fake_nlp, corpus):
    result = invoke("extract", corpus / "a.txt", "--dask", "local:2")
    assert result.exit_code == 2 and "needs -o OUT_DIR" in flat(result.stderr) and "--dask" in result.stderr


# --------------------------------------------------------------------------- end to end, real pipeline


@pytest.fixture(scope="module")
def real_pipeline():
    """The end-to-end tests below run the CLI on the shipped pipeline (no fake loader)."""


NACHRICHT = (
    "Seoul (dpa) – Nordkorea hat erneut Raketen getestet.\n\n"
    "„Wir lassen uns nicht einschüchtern“, sagte der Verteidigungsminister am Montag. "
    "Es sei zu Kämpfen an der Grenze gekommen, erklärte der Geheimdienst.\n"
)


def test_end_to_end_extract_finds_the_quote_and_its_source(real_pipeline, tmp_path):
    (tmp_path / "nachricht.txt").write_text(NACHRICHT, encoding="utf-8")
    result = invoke("extract", tmp_path / "nachricht.txt", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    claims = jsonl_claims(result.stdout)
    assert all(NACHRICHT[c.start : c.end] == c.text for c in claims)
    quote = next(c for c in claims if c.kind == "direct")
    assert quote.text == "Wir lassen uns nicht einschüchtern"
    assert quote.cue is not None and quote.cue.lemma == "sagen"
    assert quote.source is not None and "Verteidigungsminister" in quote.source.text


def test_end_to_end_two_jobs_and_chunking_change_nothing(real_pipeline, tmp_path):
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(NACHRICHT * 3 * (n + 1), encoding="utf-8")
    one = invoke("extract", tmp_path, "--format", "jsonl")
    two = invoke("extract", tmp_path, "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stdout
    big = tmp_path / "3.txt"
    whole = [c for c in jsonl_claims(one.stdout) if c.doc == str(big)]
    chunked = jsonl_claims(invoke("extract", big, "--chunk-chars", "1000").stdout)
    assert len(chunked) == len(whole) > 10
    assert [(c.id, c.start, c.end, c.sentence, c.kind) for c in chunked] == [(c.id, c.start, c.end, c.sentence, c.kind) for c in whole]


def test_end_to_end_info_names_version_model_and_components(real_pipeline):
    result = invoke("info", "--format", "json")
    assert result.exit_code == 0, result.stderr
    details = json.loads(result.stdout)
    assert details["claimx_version"] == "0.1.0"
    assert "claimx_quotes" in " ".join(details["components"])
    assert details["registry_size"] > 10


@pytest.mark.parametrize(
    ("registry", "problem"),
    [
        ("sources: [name: x\n", "not valid YAML: "),
        ("version: 2\nsources: []\n", "unsupported registry version 2 (this claimx reads version 1)"),
        ("source:\n  - {name: Kim, type: person}\nplaces: {}\n", "unknown top-level key(s) source (expected version, places, sources)"),
    ],
)
def test_a_malformed_sources_file_is_a_one_line_usage_error(real_pipeline, tmp_path, registry, problem):
    (tmp_path / "my.yaml").write_text(registry, encoding="utf-8")
    result = invoke("extract", "-", "--sources", tmp_path / "my.yaml", input="„Ja“, sagte Kim.")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"claimx: error: --sources {tmp_path / 'my.yaml'}: {problem}")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


SKANDAL = "Der Minister sagte, die Lage sei ernst. Das sei ein „Skandal“, so Müller.\n"


def test_a_failing_rule_costs_its_sentence_is_counted_and_with_debug_fails_the_document(real_pipeline, tmp_path, monkeypatch):
    from claimx.components import sources as pipeline

    real = pipeline.source_mention

    def failing_near_skandal(doc, label, start, *args, **kwargs):
        if "Skandal" in doc[start].sent.text:
            raise RuntimeError("injected rule failure")
        return real(doc, label, start, *args, **kwargs)

    monkeypatch.setattr(pipeline, "source_mention", failing_near_skandal)
    (tmp_path / "a.txt").write_text(SKANDAL, encoding="utf-8")
    plain = invoke("extract", tmp_path / "a.txt", "--format", "jsonl")
    assert plain.exit_code == 0, plain.stderr
    assert [c.text for c in jsonl_claims(plain.stdout)] == ["die Lage sei ernst"]
    assert ", 0 failed, 1 documents with rule failures, " in plain.stderr.splitlines()[-1]
    debug = invoke("extract", tmp_path / "a.txt", "--format", "jsonl", "--debug")
    assert debug.exit_code == 1 and debug.stdout == ""
    assert "Traceback" in debug.stderr and "RuntimeError: injected rule failure" in debug.stderr
    assert f"claimx: skipped {tmp_path / 'a.txt'}: pipeline error: RuntimeError: injected rule failure" in debug.stderr
