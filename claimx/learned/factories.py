"""The spaCy factories of the learned components (registered on import; entry points in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from thinc.api import Model

from claimx.components.pipeline import CLAIMS, SOURCES
from claimx.components.word_lists import word_list_data
from claimx.learned.claims import LEARNED_CLAIMS, MIN_LEARNED_MESSAGE, LearnedClaims
from claimx.learned.events import LearnedEvents
from claimx.learned.tags import CUE_LABELS, ROLE_LABELS
from claimx.learned.taggers import RoleLabeller, TokenTagger
from claimx.rules.thresholds import shipped_thresholds
from claimx.sources import Registry


def tagger_model() -> dict[str, Any]:
    """The model block of the three learned taggers (a fresh dict for each factory's default config).

    spaCy's tagger over the learned tok2vec (``upstream = "*"``; width 96 is that tok2vec's), with
    unnormalised scores (``normalize = false``), so an event's score is comparable only between events."""
    return {"@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
            "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}}


@Language.factory(
    "claimx_cue_tagger",
    default_config={"model": tagger_model()},
)
def make_cue_tagger(nlp: Language, name: str, model: Model) -> TokenTagger:
    """Tag speech-event cues (BIO + P for detached cue pieces)."""
    return TokenTagger(nlp.vocab, model, name, labels=CUE_LABELS, gold_key="cue")


@Language.factory(
    "claimx_role_tagger",
    default_config={"model": tagger_model()},
)
def make_role_tagger(nlp: Language, name: str, model: Model) -> TokenTagger:
    """Tag Source, Message and Addr spans (BIO)."""
    return TokenTagger(nlp.vocab, model, name, labels=ROLE_LABELS, gold_key="role")


@Language.factory(
    "claimx_role_labeller",
    default_config={"model": tagger_model()},
)
def make_role_labeller(nlp: Language, name: str, model: Model) -> RoleLabeller:
    """Label the Source, Message and Addr of each cue found by ``claimx_cue_tagger``."""
    return RoleLabeller(nlp.vocab, model, name, labels=ROLE_LABELS, gold_key="event_role")


@Language.factory("claimx_learned_events", default_config={"min_cue_score": 0.0})
def make_learned_events(nlp: Language, name: str, min_cue_score: float) -> LearnedEvents:
    """Assemble learned cues and roles into speech events."""
    return LearnedEvents(name, min_cue_score)


@Language.factory(
    LEARNED_CLAIMS,
    assigns=["doc.user_data", "doc.spans"],
    requires=["doc._.claimx_learned_events"],
    default_config={"min_message_tokens": MIN_LEARNED_MESSAGE, "confidence": 0.5, "extra_registries": [],
                    "source_thresholds": shipped_thresholds("sources"), "use_lexicon": True},
)
def make_learned_claims(nlp: Language, name: str, min_message_tokens: int, confidence: float, extra_registries: list[str],
                        source_thresholds: dict, use_lexicon: bool) -> LearnedClaims:
    """Merge the learned speech events into ``doc._.claims`` (after ``claimx_claims`` and the learned components)."""
    missing = [pipe for pipe in (SOURCES, CLAIMS) if pipe not in nlp.pipe_names]
    if missing:
        raise ValueError(f"{LEARNED_CLAIMS} needs {' and '.join(missing)} earlier in the pipeline (use claimx.load(learned=True))")
    registry = Registry.shipped()
    for path in extra_registries:
        registry.extend(Path(path))
    return LearnedClaims(name, registry, word_list_data(), source_thresholds=source_thresholds, use_lexicon=use_lexicon,
                         min_message_tokens=min_message_tokens, confidence=confidence)
