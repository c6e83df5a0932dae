"""The thresholds of the rules, typed; their defaults are data (``claimx/data/thresholds.yaml``).

Each component takes its group as the ``thresholds`` setting of its config, so a pipeline's
``config.cfg`` can override any of them; the rules get them as an argument, never as a constant.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import Any, TypeVar

from claimx.errors import WordListError
from claimx.rules.text import load_package_yaml

THRESHOLDS_FILE = "thresholds.yaml"

T = TypeVar("T")


@dataclass(frozen=True)
class BoilerplateThresholds:
    max_nav_cell_words: int


@dataclass(frozen=True)
class CueThresholds:
    weak_strength: float
    max_report_noun_modifiers: int
    max_content_noun_gap: int
    max_evaluation_name_tokens: int
    max_evaluation_apposition_tokens: int
    colon_quote_window: int


@dataclass(frozen=True)
class SourceThresholds:
    max_source_tokens: int
    max_quoted_name_words: int
    subject_after_verb_tokens: int
    impersonal_prefield_tokens: int
    named_prefield_max_name_words: int
    max_abbreviation_tokens: int
    descriptor_reach_sentences: int


@dataclass(frozen=True)
class ClaimThresholds:
    min_quote_words: int
    quote_reach_tokens: int
    quote_gap_tokens: int
    quote_sentence_end_tokens: int
    max_quoted_title_tokens: int
    max_article_title_words: int
    max_work_title_tokens: int
    continuation_quote_sentences: int
    anaphor_cue_tokens: int
    anaphor_quote_slack_tokens: int
    cue_lead_tokens: int
    direct_unquoted_tokens: int
    speaker_carry_sentences: int
    object_gap_tokens: int
    speaking_verb_strength: float
    object_claim_strength: float
    overlap_share: float
    nested_claim_share: float
    confidence: dict[str, float]
    continuation_confidence: dict[str, float]
    max_descriptor_lead_tokens: int
    colon_lead_name_offset: int
    cue_strength_weight: float
    sourceless_factor: float

    def claim_confidence(self, kind: str, cue_strength: float, has_source: bool) -> float:
        """The confidence of a claim of ``kind`` found by a cue of ``cue_strength``."""
        weight = self.cue_strength_weight
        return self.confidence[kind] * ((1 - weight) + weight * cue_strength) * (1.0 if has_source else self.sourceless_factor)


_GROUPS = {"boilerplate": BoilerplateThresholds, "cues": CueThresholds, "sources": SourceThresholds, "claims": ClaimThresholds}


def shipped_thresholds(group: str) -> dict[str, Any]:
    """The shipped defaults of one group (``boilerplate``, ``cues``, ``sources``, ``claims``) as plain config data."""
    data = _thresholds_file()
    if group not in data or not isinstance(data[group], dict):
        raise WordListError(f"claimx/data/{THRESHOLDS_FILE}: no group '{group}'")
    return dict(data[group])


@cache  # read once per process: the components' default configs and every direct call of a rule share it
def _thresholds_file() -> dict[str, Any]:
    return load_package_yaml(THRESHOLDS_FILE)


def thresholds_from(cls: type[T], values: dict[str, Any]) -> T:
    """A thresholds object from config values; the shipped defaults fill what ``values`` leaves out."""
    group = next(name for name, kind in _GROUPS.items() if kind is cls)
    merged = {**shipped_thresholds(group), **values}
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(merged) - names)
    if unknown:
        raise WordListError(f"unknown {group} threshold(s): {', '.join(unknown)}")
    return cls(**merged)


@cache
def shipped(cls: type[T]) -> T:
    """The shipped thresholds of one group, as the components use them by default."""
    return thresholds_from(cls, {})


__all__ = ["BoilerplateThresholds", "ClaimThresholds", "CueThresholds", "SourceThresholds", "shipped", "shipped_thresholds", "thresholds_from"]
