"""What claimx's components leave on the Doc for each other and for the user, with the getters.

Names of the components (each writes a span group of the same name), the Doc extensions
(``doc._.doc_id``, ``doc._.claims``), the typed hand-off from the sources component to the
claims component (:func:`set_cue_sources` / :func:`take_cue_sources`) and the per-doc caches
(the text and its quotations, built once per doc and dropped when the doc leaves the pipeline).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from claimx.records import Claim
from claimx.rules.attribution import ResolvedSource
from claimx.rules.quotes import Quote, find_quotes

FRAGMENTS = "claimx_fragments"
BOILERPLATE = "claimx_boilerplate"
QUOTES = "claimx_quotes"
CUES = "claimx_cues"
SOURCES = "claimx_sources"
CLAIMS = "claimx_claims"
COMPONENTS = (FRAGMENTS, BOILERPLATE, QUOTES, CUES, SOURCES, CLAIMS)
CLAIMS_KEY = "claimx_claims"  # user_data: the claims as plain dicts (DocBin round-trips keep them)
CUE_SOURCES = "claimx_cue_sources"  # Doc extension: the source of each cue, sources -> claims
# Doc extension: the doc's sentence boundaries come from its maker (a pre-split corpus) and are final
GIVEN_SENTENCES = "given_sentences"

CueKey = tuple[int, int, str]  # a cue span's start, end and label


def register_extensions() -> None:
    if not Doc.has_extension("doc_id"):
        Doc.set_extension("doc_id", default="-")
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", getter=claims_of)
    if not Doc.has_extension(CUE_SOURCES):
        Doc.set_extension(CUE_SOURCES, default=None)
    if not Doc.has_extension(GIVEN_SENTENCES):
        Doc.set_extension(GIVEN_SENTENCES, default=False)


def claims_of(doc: Doc) -> list[Claim]:
    """The claims of a processed doc, as records with ids ``<doc_id>#<n>``."""
    doc_id = doc._.doc_id
    records = doc.user_data.get(CLAIMS_KEY, [])
    return [Claim.from_dict({**data, "doc": doc_id, "id": f"{doc_id}#{n}"}) for n, data in enumerate(records, 1)]


def cue_key(cue: Any) -> CueKey:
    """The key of a cue span (or anything with start, end and label_) in the hand-off."""
    return (cue.start, cue.end, cue.label_)


def set_cue_sources(doc: Doc, sources: dict[CueKey, ResolvedSource]) -> None:
    """Hand the resolved source of each cue that names one to the claims component."""
    doc._.set(CUE_SOURCES, sources)


def take_cue_sources(doc: Doc) -> dict[CueKey, ResolvedSource]:
    """The hand-off of :func:`set_cue_sources`, removed from the doc (it is not plain data)."""
    sources = doc._.get(CUE_SOURCES) or {}
    doc._.set(CUE_SOURCES, None)
    return sources


def cue_sources(doc: Doc) -> dict[CueKey, ResolvedSource]:
    """The hand-off of :func:`set_cue_sources`, left on the doc (empty after the claims component)."""
    return doc._.get(CUE_SOURCES) or {}


def tokens_in(doc: Doc, group: str) -> set[int]:
    return {i for span in doc.spans.get(group, []) for i in range(span.start, span.end)}


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens inside quotations (without the marks): a speech verb there is quoted, not a cue."""
    tokens = set()
    for span in doc.spans.get(QUOTES, []):
        if span.label_ == "quote":
            tokens.update(range(span.start + 1, span.end - 1))
    return tokens


_TEXT_CACHE = "claimx_text"
_QUOTES_CACHE = "claimx_quotes"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy rebuilds it from the tokens on every access)."""
    cached = doc.user_data.get(_TEXT_CACHE)
    if cached is None or cached[0] != len(doc):  # a copied doc's user_data may carry another doc's text
        cached = doc.user_data[_TEXT_CACHE] = (len(doc), doc.text)
    return cached[1]


def quotes_of(doc: Doc) -> list[Quote]:
    """The quotations of the doc's text, found once per doc."""
    text = doc_text(doc)
    cached = doc.user_data.get(_QUOTES_CACHE)
    if cached is None or cached[0] is not text:
        cached = cache_quotes(doc, find_quotes(text))
    return cached[1]


def cache_quotes(doc: Doc, quotes: list[Quote]) -> tuple[str, list[Quote]]:
    cached = doc.user_data[_QUOTES_CACHE] = (doc_text(doc), quotes)
    return cached


def forget_cached(doc: Doc) -> None:
    doc.user_data.pop(_TEXT_CACHE, None)
    doc.user_data.pop(_QUOTES_CACHE, None)


register_extensions()
