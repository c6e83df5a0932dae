"""claimx's spaCy components and how they are added to the German base pipeline.

Components (in order): ``claimx_boilerplate`` → ``claimx_quotes`` → ``claimx_cues`` →
``claimx_sources`` → ``claimx_claims``. Each writes a span group of the same name; the
claims are kept as plain data in ``doc.user_data`` so that ``DocBin`` round-trips keep them,
and are read as records through ``doc._.claims``.

A rule that raises costs at most the claims of its sentence (claimx.rules.isolation): the error is
recorded, one warning per document is logged and ``doc._.claimx_errors`` lists it. Every
component takes ``raise_errors`` (default false) to let such errors propagate for debugging.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy
import yaml
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from claimx.rules.attribution import DocumentResolver, forget_noun_index, source_mention
from claimx.rules.claims import Assembler, CueInfo, to_record
from claimx.rules.cues import ANONYMOUS_FILE, REPORTING_FILE, SPEECH_VERBS_FILE, WordLists, cue_spans, find_cues
from claimx.rules.isolation import RuleGuard, report_failures
from claimx.lexicon import VerbLexicon
from claimx.rules.quotes import Quote, find_quotes
from claimx.records import Claim, Cue, Source
from claimx.sources import Registry
from claimx.rules.text import boilerplate_ranges, load_package_yaml, paragraph_starts, safe_load_yaml

BOILERPLATE = "claimx_boilerplate"
QUOTES = "claimx_quotes"
CUES = "claimx_cues"
SOURCES = "claimx_sources"
CLAIMS = "claimx_claims"
COMPONENTS = (BOILERPLATE, QUOTES, CUES, SOURCES, CLAIMS)
LINKS_KEY = "claimx_links"  # user_data: per cue, the source data (or None)
CLAIMS_KEY = "claimx_claims"  # user_data: the claims as plain dicts


def _register_extensions() -> None:
    if not Doc.has_extension("doc_id"):
        Doc.set_extension("doc_id", default="-")
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", getter=claims_of)


def claims_of(doc: Doc) -> list[Claim]:
    """The claims of a processed doc, as records with ids ``<doc_id>#<n>``."""
    doc_id = doc._.doc_id
    return [_claim_from_data(doc_id, n, data) for n, data in enumerate(doc.user_data.get(CLAIMS_KEY, []), 1)]


def _claim_from_data(doc_id: str, n: int, data: dict[str, Any]) -> Claim:
    return Claim(
        doc=doc_id,
        id=f"{doc_id}#{n}",
        text=data["text"],
        start=data["start"],
        end=data["end"],
        sentence=data["sentence"],
        kind=data["kind"],
        cue=Cue.from_dict(data["cue"]) if data.get("cue") else None,
        source=Source.from_dict(data["source"]) if data.get("source") else None,
        mood=data.get("mood"),
        confidence=float(data["confidence"]),
    )


_register_extensions()


# --- shared serialisation of word lists ---------------------------------------------------------
def _word_list_data() -> dict[str, Any]:
    return {
        "speech_verbs": load_package_yaml(SPEECH_VERBS_FILE),
        "reporting": load_package_yaml(REPORTING_FILE),
        "anonymous_sources": load_package_yaml(ANONYMOUS_FILE),
    }


class _WordListHolder:
    """A component that carries claimx's word lists and saves them with the pipeline."""

    words_data: dict[str, Any]
    words: WordLists

    def _set_words(self, data: dict[str, Any]) -> None:
        self.words_data = data
        self.words = WordLists.from_data(data)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "words.json").write_text(json.dumps(self.words_data, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> _WordListHolder:
        path = ensure_path(path)
        words_file = path / "words.json"
        if words_file.exists():
            self._set_words(json.loads(words_file.read_text(encoding="utf-8")))
        return self


# --- components ----------------------------------------------------------------------------------
@Language.factory(BOILERPLATE, assigns=["doc.spans"], default_config={"raise_errors": False})
def make_boilerplate(nlp: Language, name: str, raise_errors: bool) -> Boilerplate:
    return Boilerplate(name, raise_errors=raise_errors)


class Boilerplate:
    """Marks page furniture (link lists, captions, credits) that must yield no claims."""

    def __init__(self, name: str, *, raise_errors: bool = False) -> None:
        self.name = name
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        with RuleGuard(doc, self.name, self.raise_errors).at(None):  # a failure: no furniture marked
            for start, end in boilerplate_ranges(doc_text(doc)):
                span = doc.char_span(start, end, alignment_mode="contract")
                if span is not None and len(span):
                    spans.append(Span(doc, span.start, span.end, label="boilerplate"))
        doc.spans[BOILERPLATE] = spans
        return doc


@Language.factory(QUOTES, assigns=["doc.spans"], default_config={"min_chars": 1, "raise_errors": False})
def make_quotes(nlp: Language, name: str, min_chars: int, raise_errors: bool) -> Quotes:
    return Quotes(name, min_chars=min_chars, raise_errors=raise_errors)


class Quotes:
    """Quotation spans „…“ »…« "…" (label "quote", nested ‚…‘ "nested"), marks included."""

    def __init__(self, name: str, *, min_chars: int = 1, raise_errors: bool = False) -> None:
        self.name = name
        self.min_chars = min_chars
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        quotes: list[Quote] = []
        with RuleGuard(doc, self.name, self.raise_errors).at(None):
            quotes = quotes_of(doc)
        if not quotes:
            _cache_quotes(doc, [])  # after a failure the claims component reads no quotations either
        for quote in quotes:
            if quote.end - quote.start < self.min_chars:
                continue
            span = doc.char_span(quote.outer_start, quote.outer_end, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(Span(doc, span.start, span.end, label="quote" if quote.depth == 0 else "nested"))
        doc.spans[QUOTES] = spans
        return doc


@Language.factory(CUES, assigns=["doc.spans"], requires=["token.lemma", "token.pos", "token.dep"],
                  default_config={"raise_errors": False})
def make_cues(nlp: Language, name: str, raise_errors: bool) -> Cues:
    return Cues(name, _word_list_data(), raise_errors=raise_errors)


class Cues(_WordListHolder):
    """Speech verbs and reporting expressions (label = cue kind, kb_id = lemma)."""

    def __init__(self, name: str, words_data: dict[str, Any], *, raise_errors: bool = False) -> None:
        self.name = name
        self._set_words(words_data)
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        guard = RuleGuard(doc, self.name, self.raise_errors)
        matches = []
        with guard.at(None):
            excluded = _tokens_in(doc, BOILERPLATE) | _quoted_tokens(doc)
            matches = find_cues(doc, self.words, excluded, guard)  # a failing candidate costs its sentence
        doc.spans[CUES] = cue_spans(doc, matches)
        return doc


@Language.factory(SOURCES, assigns=["doc.spans"], requires=["doc.spans"],
                  default_config={"extra_registries": [], "raise_errors": False})
def make_sources(nlp: Language, name: str, extra_registries: list[str], raise_errors: bool) -> Sources:
    registry = Registry.shipped()
    for path in extra_registries:
        registry.extend(Path(path))
    return Sources(name, registry, _word_list_data(), raise_errors=raise_errors)


class Sources(_WordListHolder):
    """The source of each cue, resolved to a canonical name (label = type, kb_id = name)."""

    def __init__(self, name: str, registry: Registry, words_data: dict[str, Any], *,
                 raise_errors: bool = False) -> None:
        self.name = name
        self.registry = registry
        self._set_words(words_data)
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        guard = RuleGuard(doc, self.name, self.raise_errors)
        resolver = DocumentResolver(self.registry, self.words)
        quoted: set[int] = set()
        with guard.at(None):
            quoted = _quoted_tokens(doc)
        links: list[dict[str, Any] | None] = []
        spans = []
        for cue in doc.spans.get(CUES, []):
            link, span = None, None
            with guard.at(cue.start):  # a failing source search costs the claims of the cue's sentence
                link, span = self._source_of(doc, cue, resolver, quoted)
            links.append(link)
            if span is not None:
                spans.append(span)
        doc.spans[SOURCES] = spans
        doc.user_data[LINKS_KEY] = links
        forget_noun_index(doc)
        return doc

    def _source_of(self, doc: Doc, cue: Span, resolver: DocumentResolver,
                   quoted: set[int]) -> tuple[dict[str, Any] | None, Span | None]:
        """The source data of one cue and its span (both None when the cue names no source)."""
        mention = source_mention(doc, cue.label_, cue.start, cue.end, self.words, quoted)
        if mention is None or len(mention) == 0:
            return None, None
        resolved = resolver.resolve(mention)
        link = {"start": resolved.start, "end": resolved.end, "name": resolved.name,
                "type": resolved.type, "resolved_by": resolved.resolved_by}
        return link, Span(doc, mention.start, mention.end, label=resolved.type, kb_id=resolved.name)

    def add_registry(self, path: Path) -> None:
        """Extend the registry with a user YAML file (``RegistryError`` if it is bad)."""
        self.registry.extend(path)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        super().to_disk(path, exclude=exclude)
        path = ensure_path(path)
        data = yaml.safe_dump(self.registry.to_data(), allow_unicode=True, sort_keys=False)
        (path / "registry.yaml").write_text(data, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Sources:
        super().from_disk(path, exclude=exclude)
        path = ensure_path(path)
        registry_file = path / "registry.yaml"
        if registry_file.exists():
            data = safe_load_yaml(registry_file.read_text(encoding="utf-8"))
            self.registry = Registry.from_data(data, origin=str(registry_file))
        return self


@Language.factory(CLAIMS, assigns=["doc.user_data", "doc.spans", "doc._.claims"],
                  requires=["doc.spans"], default_config={"use_lexicon": True, "raise_errors": False})
def make_claims(nlp: Language, name: str, use_lexicon: bool, raise_errors: bool) -> Claims:
    claims = Claims(name, _word_list_data(), use_lexicon=use_lexicon, raise_errors=raise_errors)
    if use_lexicon:
        claims.share_lexicon(nlp)
    return claims


class Claims(_WordListHolder):
    """Assembles the claims: direct, indirect, reported and mixed, with continuations."""

    def __init__(self, name: str, words_data: dict[str, Any], *, use_lexicon: bool = True,
                 raise_errors: bool = False) -> None:
        self.name = name
        self._set_words(words_data)
        self.use_lexicon = use_lexicon
        self.raise_errors = raise_errors
        self._lexicon = None

    def share_lexicon(self, nlp: Language) -> None:
        """Use the base pipeline's verb lexicon instead of loading a second copy (0.3 s, 64 MB)."""
        for _, component in nlp.pipeline:
            verbs = getattr(component, "verbs", None)
            if isinstance(verbs, VerbLexicon):
                self._lexicon = verbs
                return

    @property
    def lexicon(self):
        if self._lexicon is None and self.use_lexicon:
            self._lexicon = VerbLexicon.from_package()
        return self._lexicon

    def __call__(self, doc: Doc) -> Doc:
        guard = RuleGuard(doc, self.name, self.raise_errors)
        records: list[dict[str, Any]] = []
        spans: list[Span] = []
        sent_starts: list[int] | None = None
        with guard.at(None):  # only a failure outside any one cue or sentence costs the document's claims
            assembler = self._assembler(doc, guard)
            sent_starts = assembler.sent_starts
            for draft in assembler.run():
                with guard.at(draft.start):
                    record, span = to_record(doc, draft, sent_starts, doc_text(doc)), Span(doc, draft.start, draft.end, label=draft.kind)
                    records.append(record)
                    spans.append(span)
        doc.user_data[CLAIMS_KEY] = records
        doc.spans[CLAIMS] = spans
        report_failures(doc, sent_starts)
        forget_cached(doc)  # the last claimx component: the doc leaves without the caches
        return doc

    def _assembler(self, doc: Doc, guard: RuleGuard) -> Assembler:
        links = doc.user_data.get(LINKS_KEY) or []
        cues = []
        for n, span in enumerate(doc.spans.get(CUES, [])):
            source = links[n] if n < len(links) else None
            cues.append(CueInfo(span.label_, span.start, span.end, span.kb_id_,
                                self.words.strength(span.kb_id_) or 1.0, source))
        text = doc_text(doc)
        return Assembler(doc, quotes_of(doc), cues, self.words, self.lexicon,
                         _tokens_in(doc, BOILERPLATE), _paragraph_of(doc, text), guard=guard)


def _tokens_in(doc: Doc, group: str) -> set[int]:
    return {i for span in doc.spans.get(group, []) for i in range(span.start, span.end)}


def _quoted_tokens(doc: Doc) -> set[int]:
    """Tokens inside quotations (without the marks): a speech verb there is quoted, not a cue."""
    tokens = set()
    for span in doc.spans.get(QUOTES, []):
        if span.label_ == "quote":
            tokens.update(range(span.start + 1, span.end - 1))
    return tokens


def _paragraph_of(doc: Doc, text: str) -> list[int]:
    """The paragraph index of every token."""
    starts = numpy.asarray(paragraph_starts(text))
    offsets = doc.to_array(IDX).astype(numpy.int64)  # no Token objects: this runs on every doc
    return (numpy.searchsorted(starts, offsets, side="right") - 1).tolist()


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
        cached = _cache_quotes(doc, find_quotes(text))
    return cached[1]


def _cache_quotes(doc: Doc, quotes: list[Quote]) -> tuple[str, list[Quote]]:
    cached = doc.user_data[_QUOTES_CACHE] = (doc_text(doc), quotes)
    return cached


def forget_cached(doc: Doc) -> None:
    doc.user_data.pop(_TEXT_CACHE, None)
    doc.user_data.pop(_QUOTES_CACHE, None)


# --- assembling the pipeline -------------------------------------------------------------------
def add_claimx_components(nlp: Language, sources: Iterable[Path] = ()) -> None:
    """Add claimx's components after the base pipeline; ``sources`` extend the registry."""
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    # user registries are merged into the component (and saved by to_disk), not kept as paths
    for path in sources:
        nlp.get_pipe(SOURCES).add_registry(Path(path))


def info(nlp: Language) -> dict[str, Any]:
    """Version, model, components and registry size of a loaded claimx pipeline."""
    from claimx import __version__

    meta = nlp.meta or {}
    registry_size = None
    if SOURCES in nlp.pipe_names:
        registry_size = len(nlp.get_pipe(SOURCES).registry)
    verbs = None
    if CUES in nlp.pipe_names:
        verbs = len(nlp.get_pipe(CUES).words.verbs)
    model_path = getattr(nlp, "_path", None) or nlp.config.get("paths", {}).get("model")
    return {
        "claimx_version": __version__,
        "spacy_version": _spacy_version(),
        "model": {
            "name": f"{meta.get('lang', nlp.lang)}_{meta.get('name', 'pipeline')}",
            "version": meta.get("version"),
            "path": str(model_path) if model_path else None,
            "license": meta.get("license"),
        },
        "components": list(nlp.pipe_names),
        "registry_size": registry_size,
        "speech_verbs": verbs,
    }


def _spacy_version() -> str:
    import spacy

    return spacy.__version__


__all__ = ["add_claimx_components", "info", "claims_of", "COMPONENTS"]
