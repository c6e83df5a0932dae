"""``claimx extract … --format html``: one page per input, to stdout or mirrored below OUT_DIR."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from claimx import cli

ARTICLE = "„Wir öffnen die Halle im Mai“, sagte Hallenwart Otto Brenner. Er rechne mit vielen Gästen.\n"
runner = CliRunner()


def invoke(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


def test_one_input_gives_one_page_on_stdout(tmp_path):
    (tmp_path / "halle.txt").write_text(ARTICLE, encoding="utf-8")
    result = invoke("extract", tmp_path / "halle.txt", "--format", "html", "-q")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count("<tr data-claim=") == 2 and "Otto Brenner" in page


def test_an_output_folder_mirrors_the_inputs_and_resumes(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    dump = [{"id": "d1", "text": ARTICLE, "title": "Halle"}, {"id": "d2", "text": "Nichts gesagt."}]
    (corpus / "sub" / "b.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dump), encoding="utf-8")
    out = tmp_path / "view"
    result = invoke("extract", corpus, "--format", "html", "-o", out, "--meta-fields", "title", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == ["a.html", "sub/b.html"]
    dump_page = (out / "sub" / "b.html").read_text(encoding="utf-8")
    assert dump_page.count('<section class="doc"') == 2  # one section per article of the dump
    assert "<dt>title</dt><dd>Halle</dd>" in dump_page
    again = invoke("extract", corpus, "--format", "html", "-o", out, "--resume")
    assert again.exit_code == 0 and "2 already done" in again.stderr


def test_the_sources_page_needs_no_pages_folder(tmp_path):
    (tmp_path / "halle.txt").write_text(ARTICLE, encoding="utf-8")
    result = invoke("sources", tmp_path / "halle.txt", "--format", "html", "-q")
    assert result.exit_code == 0, result.output
    assert "<svg" in result.stdout and "Otto Brenner" in result.stdout and 'href="view/' not in result.stdout
