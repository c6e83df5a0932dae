"""Golden files: whole articles and the claims claimx finds in them.

Each ``tests/data/articles/<name>.txt`` has ``<name>.claims.jsonl`` with the expected records.
After a deliberate change, regenerate with ``CLAIMX_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py``
and read the diff before committing it.
"""

import json
import os
from pathlib import Path

import pytest

ARTICLES = Path(__file__).parent / "data" / "articles"
EXAMPLES = Path(__file__).parent.parent / "examples"
UPDATE = os.environ.get("CLAIMX_UPDATE_GOLDEN") == "1"


def extract(nlp, path: Path, doc_id: str | None = None) -> list[dict]:
    doc = nlp(path.read_text(encoding="utf-8"))
    doc._.doc_id = doc_id or path.name
    return [claim.to_dict() for claim in doc._.claims]


@pytest.mark.parametrize("article", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.stem)
def test_article_matches_golden_file(nlp, article):
    golden = article.with_suffix(".claims.jsonl")
    found = extract(nlp, article)
    if UPDATE:
        golden.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in found), encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run with CLAIMX_UPDATE_GOLDEN=1"
    expected = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = article.read_text(encoding="utf-8")
    for claim in found:
        assert text[claim["start"] : claim["end"]] == claim["text"]
    assert found == expected


def test_every_golden_file_has_an_article():
    for golden in ARTICLES.glob("*.claims.jsonl"):
        assert golden.with_name(golden.name.replace(".claims.jsonl", ".txt")).exists()


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_shipped_example_output_is_current(nlp, example):
    """examples/<name>.claims.jsonl is what `claimx extract examples/<name>.txt` prints."""
    expected_file = example.with_suffix(".claims.jsonl")
    found = extract(nlp, example, doc_id=f"examples/{example.name}")
    if UPDATE:
        expected_file.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in found), encoding="utf-8")
    expected = [json.loads(line) for line in expected_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert found == expected


def test_shipped_html_example_output_is_current(monkeypatch):
    """examples/stadtrat_bruecke.claims.jsonl is what `claimx extract examples/stadtrat_bruecke.html` prints (meta included)."""
    from typer.testing import CliRunner

    from claimx import cli

    monkeypatch.chdir(EXAMPLES.parent)  # the document id is the path as given: examples/…
    page = EXAMPLES / "stadtrat_bruecke.html"
    expected_file = page.with_suffix(".claims.jsonl")
    result = CliRunner().invoke(cli.app, ["extract", str(page.relative_to(EXAMPLES.parent)), "-q", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    if UPDATE:
        expected_file.write_text(result.stdout, encoding="utf-8")
    expected = [json.loads(line) for line in expected_file.read_text(encoding="utf-8").splitlines()]
    assert found == expected and found
    assert all(claim["meta"]["title"].startswith("Neue Brücke") and claim["meta"]["date"] == "2026-11-28" for claim in found)
