"""The corpus view of ``claimx sources --format html``: who is cited how often, with every claim of each source.

Canonical sources merge across documents by name and type (the registry's name where it
resolved one). Each claim links to its place in the article pages when ``pages`` names the
folder that ``claimx extract … --format html -o DIR`` wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from claimx.records import KINDS, Claim
from claimx.sources import SourceSummary, canonical_source
from claimx.view.article import KIND_LABELS, attr, page_foot, page_head

CHART_SOURCES = 20  # bars in the chart: the most cited sources
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 18, 6, 230, 760
KIND_COLOURS = {"direct": "#e0b13a", "indirect": "#4ea3d9", "reported": "#5cb85c", "mixed": "#b46fd1"}


@dataclass(frozen=True, slots=True)
class CitedClaim:
    """A claim and the article page it is shown on (a path relative to the pages folder), if any."""

    claim: Claim
    page: str | None = None


class Citations:
    """A sink (see :func:`claimx.runner.claims_of`) keeping every claim with the article page it goes on."""

    def __init__(self) -> None:
        self.page: str | None = None
        self.cited: list[CitedClaim] = []

    def start(self, inp: Any) -> None:
        rel = getattr(inp, "rel", None)
        self.page = rel.with_suffix(".html").as_posix() if rel is not None else None

    def write(self, claims: Iterable[Claim], piece: Any = None) -> None:
        self.cited.extend(CitedClaim(claim, self.page) for claim in claims)

    def finish(self, inp: Any, ok: bool) -> None:
        self.page = None

    def claims(self) -> list[Claim]:
        return [cited.claim for cited in self.cited]

    def by_source(self) -> dict[tuple[str, str], list[CitedClaim]]:
        """The claims of each canonical source, keyed as :func:`claimx.sources.summarize` names them."""
        grouped: dict[tuple[str, str], list[CitedClaim]] = {}
        for cited in self.cited:
            grouped.setdefault(canonical_source(cited.claim), []).append(cited)
        return grouped


def claim_link(cited: CitedClaim, pages: str | None) -> str | None:
    """The address of a claim in its article page: ``PAGES/<input>.html#<claim id>``."""
    if pages is None or cited.page is None:
        return None
    target = PurePosixPath(pages.rstrip("/")) / cited.page
    return f"{quote(str(target))}#{quote(cited.claim.id, safe='')}"


def bar_chart(summaries: Sequence[SourceSummary]) -> str:
    """An inline SVG: the most cited sources, one bar each, split by kind of claim."""
    top = list(summaries[:CHART_SOURCES])
    if not top:
        return ""
    most = max(s.claims for s in top)
    height = len(top) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    scale = (CHART_WIDTH - LABEL_WIDTH - 50) / most
    parts = [f'<svg class="chart" role="img" aria-label="most cited sources" width="{CHART_WIDTH}" height="{height}" '
             f'viewBox="0 0 {CHART_WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">']
    for row, summary in enumerate(top):
        y = BAR_GAP + row * (BAR_HEIGHT + BAR_GAP)
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 5}" text-anchor="end" font-size="12">'
                     f"{escape(_short(_label(summary)))}</text>")
        x = float(LABEL_WIDTH)
        for kind in KINDS:
            count = summary.kinds.get(kind, 0)
            if count:
                width = count * scale
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{KIND_COLOURS[kind]}">'
                             f"<title>{escape(summary.name)}: {count} {KIND_LABELS[kind]}</title></rect>")
                x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + BAR_HEIGHT - 5}" font-size="12">{summary.claims}</text>')
    parts.append("</svg>\n")
    return "".join(parts)


def _label(summary: SourceSummary) -> str:
    """A bar's label: the name, with the type where one name stands for several ("NIS (anonymous)")."""
    return summary.name if summary.type in ("person", "organisation") else f"{summary.name} ({summary.type})"


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _kinds_cell(summary: SourceSummary) -> str:
    return ", ".join(f"{escape(kind)} {count}" for kind, count in summary.kinds.items())


def sources_table(summaries: Sequence[SourceSummary]) -> str:
    head = "".join(f'<th scope="col">{c}</th>' for c in ("source", "type", "claims", "documents", "kinds", "mentioned as"))
    rows = [f'<table class="claims sortable"><thead><tr>{head}</tr></thead><tbody>\n']
    for n, s in enumerate(summaries, 1):
        rows.append(
            f'<tr><td data-sort="{attr(s.name)}"><a href="#source-{n}">{escape(s.name)}</a></td><td>{escape(s.type)}</td>'
            f"<td>{s.claims}</td><td>{s.docs}</td><td>{_kinds_cell(s)}</td>"
            f"<td>{escape('; '.join(s.mentions[:5]))}</td></tr>\n"
        )
    rows.append("</tbody></table>\n")
    return "".join(rows)


def source_claims(number: int, summary: SourceSummary, claims: Sequence[CitedClaim], pages: str | None) -> str:
    """One source's claims, each with its document and (with ``pages``) a link to its place."""
    items = []
    for cited in claims:
        claim = cited.claim
        link = claim_link(cited, pages)
        where = escape(claim.doc)
        if link:
            where = f'<a href="{attr(link)}">{where}</a>'
        items.append(f'<li><span class="k-{attr(claim.kind)}">{escape(claim.kind)}</span> {escape(claim.text)} '
                     f'<span class="none">— {where}</span></li>')
    return (f'<details id="source-{number}"><summary><b>{escape(summary.name)}</b> ({escape(summary.type)}, '
            f"{summary.claims} claims in {summary.docs} documents)</summary><ul>{''.join(items)}</ul></details>\n")


def sources_page(summaries: Sequence[SourceSummary], claims: dict[tuple[str, str], list[CitedClaim]], *,
                 title: str = "claimx sources", pages: str | None = None) -> str:
    """The whole corpus page: chart, ranked table and each source's claims."""
    total = sum(s.claims for s in summaries)
    parts = [page_head(title), f'<header class="page"><h1>{escape(title)}</h1>'
             f"<p>{len(summaries)} sources, {total} claims</p></header>\n", '<section class="doc">\n']
    parts.append(bar_chart(summaries))
    parts.append('<div class="legend">' + "".join(
        f'<span style="background:{KIND_COLOURS[k]};color:#fff">{KIND_LABELS[k]}</span>' for k in KINDS) + "</div>\n")
    parts.append(sources_table(summaries))
    parts.append("</section>\n<section class=\"doc\">\n<h2>Claims by source</h2>\n")
    for n, summary in enumerate(summaries, 1):
        parts.append(source_claims(n, summary, claims.get((summary.name, summary.type), []), pages))
    parts.append("</section>\n")
    parts.append(page_foot())
    return "".join(parts)
