"""Nothing lost: a failing rule costs its sentence's claims, a failing text its own; long runs are cut.

Failures are injected by patching one rule to raise for one sentence; the other sentences'
claims must survive, one warning per document must be logged, ``doc._.claimx_errors`` must
list the failure, and with ``raise_errors`` the exception must propagate.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimx
from claimx.rules import claims as claims_module
from claimx.rules import cues as cues_module
from claimx.components import claims as claims_component
from claimx.components import doc_data
from claimx.components import sources as sources_component
from claimx.rules.isolation import raises_errors, set_raise_errors

TEXT = (
    "Der Minister sagte, die Lage sei ernst. "
    "Das sei ein „Skandal“, so Müller. "
    "Laut Polizei wurde niemand verletzt."
)


@pytest.fixture
def strict(nlp):
    """The session pipeline with ``raise_errors`` on for one test."""
    set_raise_errors(nlp, True)
    yield nlp
    set_raise_errors(nlp, False)


def texts_of(found):
    return [c.text for c in found]


def claimx_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "claimx" and r.levelno == logging.WARNING]


def fail_in_sentence_with(word, real):
    """``real``, raising for the cues whose sentence contains ``word``."""

    def patched(doc, *args, **kwargs):
        start = args[1] if len(args) > 1 else kwargs["start"]
        if word in doc[start].sent.text:
            raise RuntimeError(f"injected failure near {word!r}")
        return real(doc, *args, **kwargs)

    return patched


def test_a_failing_source_search_costs_only_its_sentence(nlp, monkeypatch, caplog):
    assert texts_of(claimx.extract(TEXT, nlp=nlp)) == ["die Lage sei ernst", "Das sei ein „Skandal“", "wurde niemand verletzt"]
    monkeypatch.setattr(sources_component, "source_mention", fail_in_sentence_with("Skandal", sources_component.source_mention))
    with caplog.at_level(logging.WARNING, logger="claimx"):
        doc = nlp.make_doc(TEXT)
        doc._.doc_id = "artikel-7"  # set before the components run, as claimx.pipe and the CLI do
        doc = nlp(doc)
    assert texts_of(doc._.claims) == ["die Lage sei ernst", "wurde niemand verletzt"]
    assert doc._.claimx_errors == ["sentence 1: claimx_sources: RuntimeError: injected failure near 'Skandal'"]
    (warning,) = claimx_warnings(caplog)
    assert "artikel-7" in warning and "sentence 1" in warning and "RuntimeError" in warning


def test_one_warning_per_document_however_many_rules_fail(nlp, monkeypatch, caplog):
    real = claims_module.Assembler._claim_for

    def failing(self, cue):
        if self.doc[cue.start].sent.start > 0:
            raise ValueError("injected")
        return real(self, cue)

    monkeypatch.setattr(claims_module.Assembler, "_claim_for", failing)
    with caplog.at_level(logging.WARNING, logger="claimx"):
        found = claimx.extract(TEXT, doc_id="d", nlp=nlp)
    assert texts_of(found) == ["die Lage sei ernst"]
    (warning,) = claimx_warnings(caplog)
    assert "and 1 more" in warning


def test_a_failing_cue_word_costs_only_its_sentence(nlp, monkeypatch):
    real = cues_module._verb

    def failing(token, *rest):
        if token.lower_ == "sagte":
            raise KeyError("injected")
        return real(token, *rest)

    monkeypatch.setattr(cues_module, "_verb", failing)
    doc = nlp(TEXT)
    assert texts_of(doc._.claims) == ["Das sei ein „Skandal“", "wurde niemand verletzt"]
    assert doc._.claimx_errors == ["sentence 0: claimx_cues: KeyError: 'injected'"]


def test_a_failing_continuation_costs_only_its_sentence(nlp, monkeypatch):
    text = "Der Minister sagte, die Lage sei ernst. Es gebe keine Toten. Die Armee habe sich zurückgezogen."
    assert texts_of(claimx.extract(text, nlp=nlp)) == ["die Lage sei ernst", "Es gebe keine Toten", "Die Armee habe sich zurückgezogen"]
    real = claims_module.Assembler._continuation

    def failing(self, sent, last, gap):
        if "Toten" in sent.text:
            raise IndexError("injected")
        return real(self, sent, last, gap)

    monkeypatch.setattr(claims_module.Assembler, "_continuation", failing)
    found = claimx.extract(text, nlp=nlp)
    assert texts_of(found) == ["die Lage sei ernst", "Die Armee habe sich zurückgezogen"]


def test_a_failure_outside_any_sentence_keeps_the_document(nlp, monkeypatch):
    def broken(text):
        raise RuntimeError("no quotations today")

    monkeypatch.setattr(doc_data, "find_quotes", broken)
    doc = nlp(TEXT)
    assert "wurde niemand verletzt" in texts_of(doc._.claims)
    assert doc._.claimx_errors == ["claimx_quotes: RuntimeError: no quotations today"]


def test_raise_errors_lets_the_rule_error_propagate(strict, monkeypatch):
    monkeypatch.setattr(sources_component, "source_mention", fail_in_sentence_with("Skandal", sources_component.source_mention))
    assert raises_errors(strict)
    with pytest.raises(RuntimeError, match="injected failure"):
        strict(TEXT)


def test_load_takes_raise_errors_for_every_claimx_component():
    nlp = claimx.load(raise_errors=True)
    flags = {name: component.raise_errors for name, component in nlp.pipeline if hasattr(component, "raise_errors")}
    assert set(flags) >= {*doc_data.COMPONENTS, "claimx_boundaries", "claimx_name_repeats"}
    assert all(flags.values())


def test_a_document_without_failures_lists_none(nlp):
    assert nlp(TEXT)._.claimx_errors == []


# --------------------------------------------------------------------------- the library API


def test_pipe_goes_on_after_a_text_that_fails(nlp, monkeypatch, caplog):
    real = claims_component.report_failures

    def failing(doc, sent_starts):  # runs in claimx_claims outside every guard: the doc fails
        if doc._.doc_id == "b":
            raise RuntimeError("broken document")
        return real(doc, sent_starts)

    monkeypatch.setattr(claims_component, "report_failures", failing)
    items = [("a", "Laut Polizei wurde niemand verletzt."), ("b", TEXT), ("c", None), ("d", "Er sagte, es sei gut.")]
    with caplog.at_level(logging.WARNING, logger="claimx"):
        results = list(claimx.pipe(items, nlp=nlp, batch_size=2))
    assert [(doc_id, texts_of(found)) for doc_id, found in results] == [
        ("a", ["wurde niemand verletzt"]), ("b", []), ("c", []), ("d", ["es sei gut"])]
    warnings = claimx_warnings(caplog)
    assert len(warnings) == 2 and "document b" in warnings[0] and "broken document" in warnings[0]
    assert "document c" in warnings[1] and "not a str" in warnings[1]


def test_pipe_passes_on_an_error_of_its_input(nlp):
    # the caller's iterable failing is no text's failure: it must not end the stream quietly
    def items():
        yield "a", "Er sagte, es sei gut."
        raise OSError("the input broke")

    results = []
    with pytest.raises(OSError, match="the input broke"):
        for doc_id, found in claimx.pipe(items(), nlp=nlp):
            results.append((doc_id, texts_of(found)))
    assert results in ([], [("a", ["es sei gut"])])  # what was read before may come out first


def test_pipe_with_raise_errors_stops_at_the_failing_text(strict):
    with pytest.raises(TypeError, match="not a str"):
        list(claimx.pipe([("a", "Er sagte, es sei gut."), ("b", None)], nlp=strict))


def test_extract_reads_a_lone_surrogate_as_a_replacement_character(nlp):
    text = "Er sagte: „Das ist \ud800 gut.“ Laut Polizei war alles ruhig."
    found = claimx.extract(text, nlp=nlp)
    assert texts_of(found) == ["Das ist \ufffd gut.", "war alles ruhig"]
    readable = text.replace("\ud800", "\ufffd")
    assert all(readable[c.start : c.end] == c.text for c in found)
    assert [doc_id for doc_id, _ in claimx.pipe([("x", text)], nlp=nlp)] == ["x"]


# --------------------------------------------------------------------------- overlong sentences


def test_a_run_without_punctuation_is_cut_into_bounded_sentences():
    import spacy
    from spacy.tokens import Doc

    from claimx.components.segmentation import MAX_SENTENCE_TOKENS, SentenceHints

    vocab = spacy.blank("de").vocab
    long_run = Doc(vocab, words=["wort"] * (3 * MAX_SENTENCE_TOKENS + 5))
    SentenceHints("hints")(long_run)
    assert [t.i for t in long_run[1:] if t.is_sent_start] == [MAX_SENTENCE_TOKENS, 2 * MAX_SENTENCE_TOKENS, 3 * MAX_SENTENCE_TOKENS]
    # a full stop starts the count anew: two long sentences of news are never cut
    words = (["wort"] * (MAX_SENTENCE_TOKENS - 1) + ["."]) * 2
    punctuated = Doc(vocab, words=words)
    SentenceHints("hints")(punctuated)
    assert not any(t.is_sent_start for t in punctuated[1:])


def test_a_comma_and_the_word_after_it_never_start_a_sentence():
    import spacy
    from spacy.tokens import Doc

    from claimx.components.segmentation import SentenceHints

    words = ["Jonas", "Weber", ",", "Chef", "der", "Werke", ",", "erklärte", ",", "dass", "es", "gut", "sei", "."]
    doc = Doc(spacy.blank("de").vocab, words=words)
    SentenceHints("hints")(doc)
    assert [doc[i].is_sent_start for i in (2, 3, 6, 7, 8, 9)] == [False] * 6
    assert doc[1].is_sent_start is None  # elsewhere the parser decides


def test_a_semicolon_ends_a_claim_sentence(nlp):
    import spacy
    from spacy.tokens import Doc

    from claimx.components.segmentation import SentenceHints

    doc = Doc(spacy.blank("de").vocab, words=["Sie", "stünden", "in", "Konkurrenz", ";", "dies", "seien", "Preistreiber", "."])
    SentenceHints("hints")(doc)
    assert doc[5].is_sent_start is True
    text = "Die Anlagen ersetzten Kohle, betonte die Leiterin. Sie stünden in Konkurrenz zu Gas; dies seien die Preistreiber."
    assert [c.text for c in nlp(text)._.claims][-2:] == ["Sie stünden in Konkurrenz zu Gas", "dies seien die Preistreiber"]


def test_claim_sentences_of_an_unpunctuated_text_stay_bounded(nlp):
    from claimx.rules.claims import claim_sentences
    from claimx.components.segmentation import MAX_SENTENCE_TOKENS

    text = "der minister sagte es sei alles gut und die lage ruhig " * 150
    doc = nlp(text)
    assert max(len(s) for s in claim_sentences(doc)) <= MAX_SENTENCE_TOKENS
    assert all(text[c.start : c.end] == c.text for c in doc._.claims)


# --------------------------------------------------------------------------- German-like text


NAMES = ["Müller", "Rice", "Lawrow", "Anna Weber", "der Minister", "die Polizei", "ARD", "ein Sprecher der Feuerwehr", "er"]
QUOTE_MARKS = ["„", "“", "»", "«", '"', "‚", "‘", ""]
PAIRS = [("„", "“"), ("»", "«"), ('"', '"'), ("«", "»"), ("‚", "‘"), ("„", '"')]
WORDS = ["die", "Lage", "sei", "ernst", "Skandal", "Betrug", "gut", "habe", "nicht", "Regierung", "Luftraum", ",", ".", ":", "\n"]
TITLES = ["Skandal", "Betrug", "Bild", "Tagesschau", "Alarmzustand", "Spiegel Online", "Aktion Deutschland hilft"]


@st.composite
def quoted(draw):
    """A quoted title or scare word („Skandal“, »Bild«, „ Alarmzustand “) or words in any, unbalanced marks."""
    pad = draw(st.sampled_from(["", " "]))  # tokenised text: "„ Alarmzustand “"
    if draw(st.booleans()):
        opening, closing = draw(st.sampled_from(PAIRS))
        return opening + pad + draw(st.sampled_from(TITLES)) + pad + closing
    words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)))
    return draw(st.sampled_from(QUOTE_MARKS)) + pad + words + pad + draw(st.sampled_from(QUOTE_MARKS))


@st.composite
def german_sentence(draw):
    name = draw(st.sampled_from(NAMES))
    content = " ".join(draw(st.lists(st.one_of(st.sampled_from(WORDS), quoted()), min_size=0, max_size=6)))
    frame = draw(st.sampled_from([
        "{c}, so {n}", "{c} laut {n}", "Laut {n} {c}", "{n} zufolge {c}", "{n} sagte: {c}", "{c}, sagte {n}",
        "Wie {n} berichtete, {c}", "{c}, hieß es aus {n}", "Nach Angaben von {n} {c}", "{n} berichtet", "{c}",
    ]))
    end = draw(st.sampled_from([".", "", "!", " .", "?", ":", "…"]))
    return frame.format(c=content, n=name) + end


german_documents = st.lists(german_sentence(), min_size=1, max_size=6).flatmap(
    lambda sentences: st.sampled_from([" ", "\n", "\n\n", ""]).map(lambda gap: gap.join(sentences)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(german_documents)
def test_german_like_text_never_raises_and_claims_are_slices(strict, text):
    for claim in claimx.extract(text, doc_id="h", nlp=strict):
        assert claim.end > claim.start and claim.text.strip()
        assert text[claim.start : claim.end] == claim.text
        if claim.cue is not None:
            assert text[claim.cue.start : claim.cue.end] == claim.cue.text
        if claim.source is not None and claim.source.start is not None:
            assert text[claim.source.start : claim.source.end] == claim.source.text
