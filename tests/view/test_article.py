"""The article page: highlights, the claims table, escaping of everything taken from the article."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from claimx.records import Claim, Cue, Source
from claimx.view.article import article_page, asset, document_section, highlighted_text

TEXT = "Die Stadt plant Neues. „Wir bauen eine Brücke“, sagte Bürgermeisterin Eva Roth."


def roth_claim(number: int = 1, doc: str = "a.txt") -> Claim:
    start = TEXT.index("Wir")
    end = TEXT.index("“")
    cue_start = TEXT.index("sagte")
    src_start = TEXT.index("Bürgermeisterin")
    return Claim(doc=doc, id=f"{doc}#{number}", text=TEXT[start:end], start=start, end=end, sentence=1, kind="direct",
                 cue=Cue("sagte", "sagen", cue_start, cue_start + 5),
                 source=Source("Bürgermeisterin Eva Roth", "Eva Roth", "person", src_start, len(TEXT) - 1),
                 mood="indicative", confidence=0.9)


class Elements(HTMLParser):
    """Collects (tag, attributes) and the text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_the_text_is_kept_whole_and_each_layer_marked():
    html = highlighted_text(TEXT, [roth_claim()], {"a.txt#1": "c1-1"})
    assert "".join(parse(html).text) == TEXT  # cutting into spans loses and adds no character
    spans = [attrs for tag, attrs in parse(html).tags if tag == "span"]
    claim_text = "".join(t for t in re.findall(r'data-c="c1-1"[^>]*>([^<]*)<', html))
    assert claim_text == "Wir bauen eine Brücke"
    assert any("cue" in a["class"].split() and a.get("data-cue") == "c1-1" for a in spans)
    assert any("src" in a["class"].split() and a.get("data-src") == "c1-1" for a in spans)
    assert all("k-direct" in a["class"] for a in spans if a.get("data-c"))


def test_a_claim_inside_another_is_coloured_by_the_inner_one():
    outer = roth_claim()
    inner = Claim(**{**{f: getattr(outer, f) for f in outer.__dataclass_fields__}, "id": "a.txt#2", "kind": "reported",
                     "start": outer.start + 4, "end": outer.start + 9, "cue": None, "source": None, "text": "bauen"})
    html = highlighted_text(TEXT, [outer, inner], {"a.txt#1": "c1-1", "a.txt#2": "c1-2"})
    assert re.search(r'<span class="claim k-reported" data-c="c1-1 c1-2">bauen</span>', html)


def test_the_table_has_one_row_per_claim_linking_to_its_place():
    claims = [roth_claim(1)]
    html = document_section(1, "a.txt", TEXT, claims)
    rows = [attrs for tag, attrs in parse(html).tags if tag == "tr" and "data-claim" in attrs]
    assert [r["data-id"] for r in rows] == ["a.txt#1"]
    assert rows[0]["data-source"] == "person:Eva Roth"
    anchors = {attrs.get("id") for tag, attrs in parse(html).tags if tag == "a"}
    assert "a.txt#1" in anchors  # sources pages link to page.html#<claim id>
    assert 'href="#a.txt%231"' in html


@pytest.mark.parametrize("probe", ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "</textarea><svg onload=alert(1)>"])
def test_article_text_and_names_are_escaped(probe):
    text = f"{probe} „Das ist {probe}“, sagte Eva {probe}."
    start = text.index("Das")
    claim = Claim(doc=probe, id=f"{probe}#1", text=text[start:start + 7], start=start, end=start + 7, sentence=0,
                  kind="direct", cue=None, source=Source(probe, probe, "person", 0, len(probe)), mood=None, confidence=0.5)
    page = article_page([(probe, text, [claim], {"title": probe, "url": probe})], title=probe)
    tags = [tag for tag, _ in parse(page).tags]
    assert "img" not in tags and "svg" not in tags and "textarea" not in tags
    assert tags.count("script") == 1  # the view's own script only
    assert all(not any(k.startswith("on") for k in attrs) for _, attrs in parse(page).tags)
    assert probe in "".join(parse(page).text)  # shown as text


def test_the_page_runs_only_its_own_script():
    page = article_page([("a.txt", TEXT, [roth_claim()], None)], title="a.txt")
    digest = base64.b64encode(hashlib.sha256(asset("view.js").encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert f"<script>{asset('view.js')}</script>" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # nothing fetched


def test_metadata_is_shown_when_present():
    html = document_section(1, "p.html", TEXT, [], {"title": "Eine Brücke", "date": "2026-11-30", "author": None})
    assert "<dt>title</dt><dd>Eine Brücke</dd>" in html and "<dt>date</dt>" in html and "author" not in html
    assert "No claims found." in html
