"""The claim of one cue: an anaphoric cue ("Das erklärte …") reports the sentence before, by reporting.yaml's anaphors."""

from __future__ import annotations

TEXT = "Die Lage an der Grenze ist ernst. Das erklärte ein Sprecher der Polizei am Montag."


def test_an_anaphor_before_the_cue_makes_the_sentence_before_the_claim(nlp, reporting_lists):
    assert [c.text for c in nlp(TEXT)._.claims] == ["Die Lage an der Grenze ist ernst"]
    with reporting_lists(anaphors=[]):
        assert "Die Lage an der Grenze ist ernst" not in [c.text for c in nlp(TEXT)._.claims]
