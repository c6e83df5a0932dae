"""The HTML view as a person sees it: rendered by headless Chromium (Debian's ``chromium``; .ci/run installs it)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx import cli
from tests.browser import Browser, find_chromium, png_colours

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "polizei_brand.txt"
PROBES = (
    "Die Gemeinde tagte. <script>window.__pwned = 1</script> Dann sprach der Rat.\n\n"
    "„Wir lassen uns \"><img src=x onerror=\"window.__pwned = 2\"> nicht beirren“, sagte Ratsherr Karl <b onmouseover=\"window.__pwned = 3\">Fink</b>.\n"
)


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed")
    browser = Browser(executable)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The article pages of the example and of a text full of markup, and the corpus page."""
    root = tmp_path_factory.mktemp("view")
    (root / "in").mkdir()
    (root / "in" / "polizei_brand.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "in" / "probe.txt").write_text(PROBES, encoding="utf-8")
    runner = CliRunner()
    for args in (["extract", root / "in", "--format", "html", "-o", root / "view", "-q"],
                 ["extract", root / "in", "--format", "jsonl", "-o", root / "jsonl", "-q"],
                 ["sources", root / "in", "--format", "html", "--pages", "view", "-o", root / "sources.html", "-q"]):
        result = runner.invoke(cli.app, [str(a) for a in args])
        assert result.exit_code == 0, result.output
    return root


def claims_in(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_claim_is_highlighted_and_has_one_table_row(browser, pages):
    browser.open(pages / "view" / "polizei_brand.html")
    claims = claims_in(pages / "jsonl" / "polizei_brand.jsonl")
    assert claims
    assert browser.js("document.querySelectorAll('table.claims tbody tr').length") == len(claims)
    highlighted = browser.js("new Set(Array.from(document.querySelectorAll('.article [data-c]')).flatMap(e => e.dataset.c.split(' '))).size")
    assert highlighted == len(claims)
    assert browser.js("document.querySelectorAll('.article .cue').length") > 0
    assert browser.js("document.querySelectorAll('.article .src').length") > 0
    kinds = {c["kind"] for c in claims}
    for kind in kinds:
        assert browser.js(f"document.querySelectorAll('.article .k-{kind}').length") > 0


def test_hovering_a_claim_marks_its_source_cue_and_the_same_sources_claims(browser, pages):
    browser.open(pages / "view" / "polizei_brand.html")
    claims = claims_in(pages / "jsonl" / "polizei_brand.jsonl")
    names = [c["source"]["name"] if c["source"] else None for c in claims]
    repeated = next(i for i, name in enumerate(names) if name and names.count(name) > 1 and claims[i]["cue"])
    browser.hover(f"table.claims tbody tr:nth-child({repeated + 1})")
    assert browser.js("document.querySelectorAll('.article .active').length") >= 1
    assert browser.js("document.querySelectorAll('.article .active-src').length") >= 1
    assert browser.js("document.querySelectorAll('.article .active-cue').length") >= 1
    assert browser.js("document.querySelectorAll('.article .same').length") >= 1  # another claim of the same source
    assert browser.js("document.querySelectorAll('tr.active-row').length") == names.count(names[repeated])


def test_the_table_sorts_by_a_column(browser, pages):
    browser.open(pages / "view" / "polizei_brand.html")
    column = browser.js("Array.from(document.querySelectorAll('table.claims thead th')).findIndex(th => th.textContent === 'confidence') + 1")
    browser.click(f"table.claims thead th:nth-child({column})")
    values = browser.js(f"Array.from(document.querySelectorAll('table.claims tbody td:nth-child({column})')).map(td => parseFloat(td.textContent))")
    assert values == sorted(values) and len(set(values)) > 1


def test_markup_in_the_article_shows_as_text_and_runs_nothing(browser, pages):
    browser.open(pages / "view" / "probe.html")
    browser.hover(".article")
    assert browser.js("typeof window.__pwned") == "undefined"
    assert browser.js("document.querySelectorAll('.article img, .article script, .article b').length") == 0
    shown = browser.js("document.querySelector('.article').textContent")
    assert "<script>window.__pwned = 1</script>" in shown and "onerror=" in shown


def test_the_page_is_not_blank(browser, pages):
    browser.open(pages / "view" / "polizei_brand.html")
    assert png_colours(browser.screenshot()) > 20


def test_the_sources_page_charts_and_links_every_source(browser, pages):
    browser.open(pages / "sources.html")
    rows = browser.js("document.querySelectorAll('table.sortable tbody tr').length")
    assert rows >= 3
    assert browser.js("document.querySelectorAll('svg.chart rect').length") >= rows - 1
    link = browser.js("document.querySelector('details a[href*=\"view/\"]').getAttribute('href')")
    page, fragment = link.split("#")
    browser.open(pages / page)
    from urllib.parse import unquote

    assert browser.js(f"document.getElementById({json.dumps(unquote(fragment))}) !== null")
