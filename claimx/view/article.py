"""The article view: a document's text with its claims, cues and sources highlighted, and a table of its claims.

Pure functions from text and claim records to HTML. Everything taken from the article (its
text, names, ids, metadata) is escaped; the page allows only its own inline script (by its
hash, in a Content-Security-Policy), so a text holding ``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from typing import Any
from urllib.parse import quote

from claimx.io.html import META_FIELDS
from claimx.records import KINDS, Claim
from claimx.sources import canonical_source

KIND_LABELS = {"direct": "direct quote", "indirect": "indirect speech", "reported": "reported speech", "mixed": "mixed"}


@cache
def asset(name: str) -> str:
    """A file of the view's CSS or script, shipped in the package."""
    return resources.files("claimx.view").joinpath(name).read_text(encoding="utf-8")


def source_key(claim: Claim) -> str | None:
    """The canonical source of a claim (``claimx.sources.canonical_source``) as one attribute value."""
    if claim.source is None:
        return None
    name, kind = canonical_source(claim)
    return f"{kind}:{name}"


def attr(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


# --------------------------------------------------------------------------- the page


def page_head(title: str) -> str:
    """The start of a self-contained page: styles, and a policy that runs no script but the view's own."""
    script_hash = base64.b64encode(hashlib.sha256(asset("view.js").encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"
    return (
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta name=\"generator\" content=\"claimx\">\n<title>{escape(title)}</title>\n"
        f"<style>\n{asset('view.css')}</style>\n</head>\n<body>\n<main>\n"
    )


def page_foot() -> str:
    return f"</main>\n<script>{asset('view.js')}</script>\n</body>\n</html>\n"


def legend() -> str:
    keys = "".join(f'<span class="k-{kind}">{KIND_LABELS[kind]}</span>' for kind in KINDS)
    return (
        f'<div class="legend" aria-label="legend">{keys}<span class="cue-key">cue</span>'
        '<span class="src-key">source mention</span><span>hover or click a claim: its cue, its source '
        "and the other claims of the same source are marked</span></div>\n"
    )


# --------------------------------------------------------------------------- one document


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    layer: str  # "data-c" (claim), "data-cue", "data-src"
    claim: str  # the claim's element id


def document_section(number: int, doc_id: str, text: str, claims: Sequence[Claim], meta: dict[str, Any] | None = None) -> str:
    """One document: heading, metadata, legend, the highlighted text and the claims table."""
    element_ids = {claim.id: f"c{number}-{n}" for n, claim in enumerate(claims, 1)}
    parts = [f'<section class="doc" id="doc-{number}" data-doc="{attr(doc_id)}">\n<h2>{escape(doc_id)}</h2>\n']
    parts.append(_meta_list(meta))
    parts.append(legend())
    parts.append(f'<div class="article">{highlighted_text(text, claims, element_ids)}</div>\n')
    parts.append(claims_table(claims, element_ids))
    parts.append("</section>\n")
    return "".join(parts)


def _meta_list(meta: dict[str, Any] | None) -> str:
    rows = [(key, meta[key]) for key in META_FIELDS if meta and meta.get(key)]
    if not rows:
        return ""
    items = "".join(f"<dt>{escape(key)}</dt><dd>{escape(str(value))}</dd>" for key, value in rows)
    return f'<dl class="meta">{items}</dl>\n'


def _marks(claims: Sequence[Claim], element_ids: dict[str, str], length: int) -> list[_Mark]:
    marks = []
    for claim in claims:
        element = element_ids[claim.id]
        marks.append(_Mark(claim.start, claim.end, "data-c", element))
        if claim.cue is not None:
            marks.append(_Mark(claim.cue.start, claim.cue.end, "data-cue", element))
        source = claim.source
        if source is not None and source.start is not None and source.end is not None and source.end > source.start:
            marks.append(_Mark(source.start, source.end, "data-src", element))
    return [m for m in marks if 0 <= m.start < m.end <= length]


def highlighted_text(text: str, claims: Sequence[Claim], element_ids: dict[str, str]) -> str:
    """The text cut at every claim, cue and source boundary; each piece a span naming what covers it."""
    marks = _marks(claims, element_ids, len(text))
    kinds = {element_ids[c.id]: c.kind for c in claims}
    spans = {element_ids[c.id]: c.end - c.start for c in claims}
    anchors_of = {element_ids[c.id]: c.id for c in claims}  # links name a claim by its id: page.html#<claim id>
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[_Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    active: list[_Mark] = []
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        anchors = "".join(f'<a id="{attr(anchors_of[m.claim])}"></a>' for m in starts.get(a, []) if m.layer == "data-c")
        out.append(anchors + _piece(text[a:b], active, kinds, spans))
    return "".join(out)


def _piece(text: str, active: Iterable[_Mark], kinds: dict[str, str], spans: dict[str, int]) -> str:
    layers: dict[str, list[str]] = {}
    for mark in active:
        layers.setdefault(mark.layer, []).append(mark.claim)
    if not layers:
        return escape(text)
    claims = sorted(layers.get("data-c", []), key=lambda c: -spans[c])  # innermost (shortest) last
    classes = []
    if claims:
        classes += ["claim", f"k-{kinds[claims[-1]]}"]
    if "data-cue" in layers:
        classes.append("cue")
    if "data-src" in layers:
        classes.append("src")
    data = "".join(f' {layer}="{" ".join(layers[layer] if layer != "data-c" else claims)}"' for layer in sorted(layers))
    return f'<span class="{" ".join(classes)}"{data}>{escape(text)}</span>'


COLUMNS = ("source", "type", "cue", "claim", "kind", "mood", "confidence", "")


def claims_table(claims: Sequence[Claim], element_ids: dict[str, str]) -> str:
    """The claims as a sortable table, one row per claim, each linking to its place in the text."""
    if not claims:
        return '<p class="none">No claims found.</p>\n'
    head = "".join(f'<th scope="col">{escape(column)}</th>' for column in COLUMNS)
    rows = [f'<table class="claims"><thead><tr>{head}</tr></thead><tbody>\n']
    for n, claim in enumerate(claims):
        element = element_ids[claim.id]
        source = claim.source
        rows.append(
            f'<tr data-claim="{element}" data-source="{attr(source_key(claim))}" data-id="{attr(claim.id)}">'
            f'<td data-sort="{attr(source.name if source else "")}">{_source_cell(claim)}</td>'
            f"<td>{escape(source.type) if source else ''}</td>"
            f"<td>{escape(claim.cue.text) if claim.cue else ''}</td>"
            f"<td>{escape(claim.text)}</td>"
            f'<td class="kind"><span class="k-{attr(claim.kind)}">{escape(claim.kind)}</span></td>'
            f"<td>{escape(claim.mood or '')}</td>"
            f'<td data-sort="{claim.confidence:.3f}">{claim.confidence:.2f}</td>'
            f'<td data-sort="{n:06d}"><a href="#{attr(quote(claim.id, safe=""))}">text</a></td></tr>\n'
        )
    rows.append("</tbody></table>\n")
    return "".join(rows)


def _source_cell(claim: Claim) -> str:
    source = claim.source
    if source is None:
        return '<span class="none">—</span>'
    name = escape(source.name)
    kb_id = getattr(source, "kb_id", None)
    if kb_id:
        name = f'<a href="https://www.wikidata.org/wiki/{attr(kb_id)}" rel="noreferrer">{name}</a>'
    if source.text and source.text != source.name:
        name += f'<br><span class="none">“{escape(source.text)}”</span>'
    return name


def article_page(documents: Iterable[tuple[str, str, Sequence[Claim], dict[str, Any] | None]], title: str) -> str:
    """A whole page of (doc id, text, claims, meta) documents."""
    body = "".join(document_section(n, doc_id, text, claims, meta) for n, (doc_id, text, claims, meta) in enumerate(documents, 1))
    return page_head(title) + f'<header class="page"><h1>{escape(title)}</h1><p>claimx: who claims what</p></header>\n' + body + page_foot()
