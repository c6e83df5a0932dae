"""The corpus sources page and the registry stub."""

from __future__ import annotations

from html.parser import HTMLParser

import yaml

from claimx.records import Claim, Source
from claimx.sources import Registry, registry_stub, registry_suggestions, summarize
from claimx.view.corpus import CitedClaim, bar_chart, claim_link, sources_page


def claim(doc: str, n: int, name: str | None, kind: str = "direct", type_: str = "person") -> Claim:
    source = Source(name, name, type_, 0, len(name)) if name else None
    return Claim(doc=doc, id=f"{doc}#{n}", text=f"Satz {n}", start=0, end=7, sentence=0, kind=kind,
                 cue=None, source=source, mood=None, confidence=0.8)


CLAIMS = [claim("a.txt", 1, "Eva Roth"), claim("a.txt", 2, "Eva Roth", "indirect"), claim("b.txt", 1, "Eva Roth"),
          claim("b.txt", 2, "Stadtwerke Nord", "reported", "organisation"), claim("b.txt", 3, None)]


class Counter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_sources_are_ranked_and_charted_with_a_bar_per_kind():
    summaries = summarize(CLAIMS)
    assert [s.name for s in summaries] == ["Eva Roth", "(ohne Quelle)", "Stadtwerke Nord"]  # ties by name
    svg = bar_chart(summaries)
    parser = Counter()
    parser.feed(svg)
    rects = [a for t, a in parser.tags if t == "rect"]
    assert len(rects) == 4  # Eva Roth: direct + indirect; Stadtwerke Nord: reported; unattributed: direct


def test_each_claim_links_to_its_article_page():
    cited = CitedClaim(CLAIMS[0], "a.html")
    assert claim_link(cited, "view") == "view/a.html#a.txt%231"
    assert claim_link(cited, None) is None
    summaries = summarize(CLAIMS)
    page = sources_page(summaries, {("Eva Roth", "person"): [cited]}, pages="view")
    assert 'href="view/a.html#a.txt%231"' in page


def test_the_stub_lists_frequent_unknown_sources_and_reads_back_as_a_registry():
    registry = Registry.shipped()
    suggestions = registry_suggestions(summarize(CLAIMS), registry)
    assert [s.name for s in suggestions] == ["Eva Roth"]  # cited 3 times; the others once or without a name
    stub = registry_stub(suggestions)
    data = yaml.safe_load(stub)
    assert data["sources"] == [{"name": "Eva Roth", "type": "person"}]
    registry.add_data(data, origin="stub.yaml")
    assert registry.get("Eva Roth") is not None
    assert registry_suggestions(summarize(CLAIMS), registry) == []  # once known, no longer suggested


def test_an_empty_stub_is_still_a_valid_registry():
    assert Registry.from_data(yaml.safe_load(registry_stub([])), origin="stub").get("x") is None


def test_suggest_registry_round_trip_on_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from claimx import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("„Der Damm hält“, sagte Bürgermeisterin Wiebke Ohlsen. „Wir prüfen ihn täglich“, sagte Ohlsen.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Wiebke Ohlsen sagte, der Pegel sinke.\n", encoding="utf-8")
    runner = CliRunner()
    stub = tmp_path / "stub.yaml"
    first = runner.invoke(cli.app, ["sources", str(corpus), "--suggest-registry", "-o", str(stub), "-q"])
    assert first.exit_code == 0, first.output
    names = [entry["name"] for entry in yaml.safe_load(stub.read_text(encoding="utf-8"))["sources"]]
    assert "Wiebke Ohlsen" in names
    again = runner.invoke(cli.app, ["sources", str(corpus), "--sources", str(stub), "--suggest-registry", "-q"])
    assert again.exit_code == 0, again.output
    assert "Wiebke Ohlsen" not in again.stdout  # the registry knows her now
    page = runner.invoke(cli.app, ["sources", str(corpus), "--sources", str(stub), "--format", "html", "-q"])
    assert page.exit_code == 0 and "<svg" in page.stdout and "Wiebke Ohlsen" in page.stdout
