"""The rules' thresholds are component config: each group is read, and editing it changes what claimx finds."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from claimx.components.doc_data import CLAIMS, CUES, SOURCES
from claimx.errors import WordListError
from claimx.rules.thresholds import ClaimThresholds, CueThresholds, SourceThresholds, shipped, thresholds_from


@contextmanager
def thresholds(nlp, pipe_name, cls, **values):
    """Runs the block with some thresholds of one component replaced."""
    component = nlp.get_pipe(pipe_name)
    original = component.limits
    component.limits = thresholds_from(cls, values)
    try:
        yield
    finally:
        component.limits = original


def test_the_shipped_defaults_are_the_components_config(nlp):
    config = nlp.get_pipe_config(CLAIMS)["thresholds"]
    assert thresholds_from(ClaimThresholds, config) == shipped(ClaimThresholds)
    assert nlp.get_pipe(SOURCES).limits == shipped(SourceThresholds)


def test_claim_confidence_follows_the_configured_base(nlp):
    text = "Die Ministerin sagte: „Wir bauen im nächsten Jahr drei neue Schulen.“"
    before = nlp(text)._.claims[0].confidence
    base = shipped(ClaimThresholds).confidence
    with thresholds(nlp, CLAIMS, ClaimThresholds, confidence={**base, "direct": base["direct"] / 2}):
        after = nlp(text)._.claims[0].confidence
    assert after == pytest.approx(before / 2, abs=0.01)


def test_min_quote_words_decides_whether_a_short_free_quotation_is_a_claim(nlp):
    text = "Der Trainer war zufrieden. „Wir gewinnen heute.“"
    with thresholds(nlp, CLAIMS, ClaimThresholds, min_quote_words=10, speaker_carry_sentences=0):
        strict = [c.text for c in nlp(text)._.claims]
    with thresholds(nlp, CLAIMS, ClaimThresholds, min_quote_words=2, speaker_carry_sentences=0):
        loose = [c.text for c in nlp(text)._.claims]
    assert not any("gewinnen" in t for t in strict)
    assert any("gewinnen" in t for t in loose)


def test_max_source_tokens_bounds_the_search_for_a_source(nlp):
    text = "Laut dem langjährigen stellvertretenden Sprecher des Ministeriums sind die Pläne fertig."
    wide = nlp(text)._.claims[0].source
    with thresholds(nlp, SOURCES, SourceThresholds, max_source_tokens=2):
        narrow = nlp(text)._.claims[0].source
    assert wide is not None and "Sprecher" in wide.text
    assert narrow is None or "Sprecher" not in narrow.text


def test_weak_strength_decides_whether_a_weak_verb_without_a_clause_is_a_cue(nlp):
    text = "Die Opposition lobte am Montag die Klage."
    doc = nlp(text)
    assert "lobte" not in [s.text for s in doc.spans[CUES]]
    with thresholds(nlp, CUES, CueThresholds, weak_strength=0.1):
        doc = nlp(text)
        assert "lobte" in [s.text for s in doc.spans[CUES]]


def test_object_claim_strength_decides_whether_a_verbs_object_is_the_claim(nlp):
    text = "Die Polizei meldete am Abend drei Verletzte."
    assert any("Verletzte" in c.text for c in nlp(text)._.claims)
    with thresholds(nlp, CLAIMS, ClaimThresholds, object_claim_strength=2.0):
        assert not any("Verletzte" in c.text for c in nlp(text)._.claims)


def test_an_unknown_threshold_is_a_clear_error():
    with pytest.raises(WordListError, match="unknown claims threshold"):
        thresholds_from(ClaimThresholds, {"min_quote_wrods": 3})


def test_colon_quote_window_decides_how_far_a_colon_may_follow_any_verb(nlp):
    text = "Der Kapitän zeigte sich zufrieden: „Wir haben heute gut gekämpft.“"
    doc = nlp(text)
    assert "zeigte" in [s.text for s in doc.spans[CUES]]
    with thresholds(nlp, CUES, CueThresholds, colon_quote_window=2):
        doc = nlp(text)
        assert "zeigte" not in [s.text for s in doc.spans[CUES]]


def test_max_quoted_name_words_decides_what_is_a_quoted_name(nlp):
    text = "Laut „Tagesblatt Nord“ schließt das Werk im Herbst."
    source = nlp(text)._.claims[0].source
    assert source is not None and "Tagesblatt" in source.text
    with thresholds(nlp, SOURCES, SourceThresholds, max_quoted_name_words=1):
        narrow = nlp(text)._.claims
        assert not narrow or narrow[0].source is None or "Tagesblatt" not in narrow[0].source.text


def test_continuation_confidence_is_configured(nlp):
    text = "„Wir öffnen am Montag“, sagte der Wirt. „Dann kommen bestimmt viele Gäste zu uns.“"
    before = [c.confidence for c in nlp(text)._.claims]
    shipped_values = shipped(ClaimThresholds).continuation_confidence
    with thresholds(nlp, CLAIMS, ClaimThresholds, continuation_confidence={**shipped_values, "quote": 0.3}):
        after = [c.confidence for c in nlp(text)._.claims]
    assert len(before) == 2 and before[0] == after[0]
    assert before[1] == pytest.approx(shipped_values["quote"], abs=0.01) and after[1] == pytest.approx(0.3, abs=0.01)
