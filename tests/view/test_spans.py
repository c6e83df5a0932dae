"""The displaCy span group: claims by kind, their cues and sources."""

from __future__ import annotations

from spacy import displacy

from claimx.view.spans import DISPLACY_OPTIONS, SPANS_KEY


def test_claims_cues_and_sources_are_one_span_group_displacy_renders(nlp):
    doc = nlp("„Wir öffnen die Halle im Mai“, sagte Hallenwart Otto Brenner am Freitag.")
    labels = {(span.label_, span.text) for span in doc.spans[SPANS_KEY]}
    assert ("DIRECT", "Wir öffnen die Halle im Mai") in labels
    assert ("CUE", "sagte") in labels
    assert any(label == "SOURCE" and "Otto Brenner" in text for label, text in labels)
    html = displacy.render(doc, style="span", options=DISPLACY_OPTIONS)
    assert "DIRECT" in html and "SOURCE" in html and "CUE" in html and "Brenner" in html


def test_a_text_without_claims_has_an_empty_group(nlp):
    doc = nlp("Die Halle ist groß.")
    assert list(doc.spans[SPANS_KEY]) == []
