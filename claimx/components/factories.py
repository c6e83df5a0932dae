"""Every spaCy factory of claimx in one place (the entry points in pyproject.toml name them here).

The base pipeline's own factories (``claimx_boundaries``, ``claimx_lexicon``, ``claimx_ner``,
``claimx_name_repeats``, named in ``models/de_claimx/config.cfg``) and claimx's components,
added after it in this order: ``claimx_fragments`` → ``claimx_boilerplate`` → ``claimx_quotes`` → ``claimx_cues`` →
``claimx_sources`` → ``claimx_claims``.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from claimx.components.boilerplate import Boilerplate
from claimx.components.claims import Claims
from claimx.components.crf_ner import CrfEntityRecognizer
from claimx.components.fragments import Fragments
from claimx.components.cues import Cues
from claimx.components.doc_data import BOILERPLATE, CLAIMS, CUES, FRAGMENTS, QUOTES, SOURCES
from claimx.components.lexicons import package_nouns, package_verbs
from claimx.components.morph import LexiconMorph
from claimx.components.names import NameRepeats
from claimx.components.quotes import Quotes
from claimx.components.segmentation import SentenceHints
from claimx.components.sources import Sources
from claimx.components.word_lists import word_list_data
from claimx.rules.thresholds import shipped_thresholds
from claimx.sources import Registry


# --- the base pipeline's own components ----------------------------------------------------------
@Language.factory("claimx_boundaries", assigns=["token.is_sent_start"], default_config={"raise_errors": False})
def make_boundaries(nlp: Language, name: str, raise_errors: bool) -> SentenceHints:
    return SentenceHints(name, raise_errors=raise_errors)


@Language.factory(
    "claimx_lexicon",
    requires=["token.pos", "token.dep", "token.morph", "token.lemma"],
    assigns=["token.lemma", "token.morph"],
    default_config={"join_particles": True, "set_mood": True, "noun_lemmas": True},
)
def make_lexicon_morph(nlp: Language, name: str, join_particles: bool, set_mood: bool,
                       noun_lemmas: bool) -> LexiconMorph:
    nouns = package_nouns() if noun_lemmas else None
    return LexiconMorph(name, package_verbs(), nouns, join_particles=join_particles, set_mood=set_mood)


@Language.factory("claimx_ner", assigns=["doc.ents"],
                  default_config={"labels": ["PER", "ORG", "LOC"], "overwrite": False, "raise_errors": False})
def make_crf_ner(nlp: Language, name: str, labels: list[str], overwrite: bool, raise_errors: bool) -> CrfEntityRecognizer:
    return CrfEntityRecognizer(name, labels=labels, overwrite=overwrite, raise_errors=raise_errors)


@Language.factory("claimx_name_repeats", requires=["doc.ents"], assigns=["doc.ents"],
                  default_config={"raise_errors": False})
def make_name_repeats(nlp: Language, name: str, raise_errors: bool) -> NameRepeats:
    return NameRepeats(name, raise_errors=raise_errors)


# --- claimx's components ------------------------------------------------------------------------
@Language.factory(FRAGMENTS, requires=["token.dep"], assigns=["token.dep", "token.is_sent_start"],
                  default_config={"raise_errors": False})
def make_fragments(nlp: Language, name: str, raise_errors: bool) -> Fragments:
    return Fragments(name, raise_errors=raise_errors)


@Language.factory(BOILERPLATE, assigns=["doc.spans"],
                  default_config={"thresholds": shipped_thresholds("boilerplate"), "raise_errors": False})
def make_boilerplate(nlp: Language, name: str, thresholds: dict, raise_errors: bool) -> Boilerplate:
    return Boilerplate(name, thresholds=thresholds, raise_errors=raise_errors)


@Language.factory(QUOTES, assigns=["doc.spans"], default_config={"min_chars": 1, "raise_errors": False})
def make_quotes(nlp: Language, name: str, min_chars: int, raise_errors: bool) -> Quotes:
    return Quotes(name, min_chars=min_chars, raise_errors=raise_errors)


# ``thresholds``: the rules' thresholds, defaults and what each trades in claimx/data/thresholds.yaml
@Language.factory(CUES, assigns=["doc.spans"], requires=["token.lemma", "token.pos", "token.dep"],
                  default_config={"thresholds": shipped_thresholds("cues"), "raise_errors": False})
def make_cues(nlp: Language, name: str, thresholds: dict, raise_errors: bool) -> Cues:
    return Cues(name, word_list_data(), thresholds=thresholds, raise_errors=raise_errors)


@Language.factory(SOURCES, assigns=["doc.spans"], requires=["doc.spans"],
                  default_config={"extra_registries": [], "thresholds": shipped_thresholds("sources"),
                                  "raise_errors": False})
def make_sources(nlp: Language, name: str, extra_registries: list[str], thresholds: dict,
                 raise_errors: bool) -> Sources:
    registry = Registry.shipped()
    for path in extra_registries:
        registry.extend(Path(path))
    return Sources(name, registry, word_list_data(), thresholds=thresholds, raise_errors=raise_errors)


@Language.factory(CLAIMS, assigns=["doc.user_data", "doc.spans", "doc._.claims"],
                  requires=["doc.spans"],
                  default_config={"use_lexicon": True, "thresholds": shipped_thresholds("claims"), "raise_errors": False})
def make_claims(nlp: Language, name: str, use_lexicon: bool, thresholds: dict, raise_errors: bool) -> Claims:
    return Claims(name, word_list_data(), use_lexicon=use_lexicon, thresholds=thresholds, raise_errors=raise_errors)
