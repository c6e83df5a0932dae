"""Where a cue's message is: a clause that starts with one of reporting.yaml's not_reported_clauses is not what it reports."""

from __future__ import annotations

TEXT = "Der Minister kritisierte die Wahl, weil sie zu früh stattfand."


def test_a_weil_clause_is_not_the_reported_message(nlp, reporting_lists):
    assert "weil sie zu früh stattfand" not in [c.text for c in nlp(TEXT)._.claims]
    with reporting_lists(not_reported_clauses=[]):
        assert "weil sie zu früh stattfand" in [c.text for c in nlp(TEXT)._.claims]
