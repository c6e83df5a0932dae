"""Page furniture (claimx.rules.text.boilerplate_ranges): navigation trails go, text laid out with separators stays."""

from __future__ import annotations

from claimx.rules.text import boilerplate_ranges
from claimx.rules.thresholds import BoilerplateThresholds, shipped

CELL_WORDS = shipped(BoilerplateThresholds).max_nav_cell_words


def furniture(text: str, cell_words: int = CELL_WORDS) -> list[str]:
    return [text[a:b].strip() for a, b in boilerplate_ranges(text, cell_words)]


def test_navigation_trails_and_breadcrumbs_are_furniture():
    text = "Startseite | Politik | Ausland\nHome › Wirtschaft › Energie\n| Teilen |  |\nDer Rat tagte.\n"
    assert furniture(text) == ["Startseite | Politik | Ausland", "Home › Wirtschaft › Energie", "| Teilen |  |"]


def test_a_body_laid_out_as_table_rows_is_text():
    row = "| Der Verband teilte mit, die Preise seien stabil. Ein Sprecher sagte, man rechne mit mehr Kunden. |"
    assert furniture(row + "\n") == []


def test_a_nested_quotation_is_no_breadcrumb():
    assert furniture("»Das ist ›unmöglich‹«, sagte sie.\n") == []


def test_the_cell_length_is_a_threshold():
    assert furniture("Sport | Fußball Bundesliga Tabelle aktuell heute\n", cell_words=4) == []
    assert furniture("Sport | Fußball Bundesliga Tabelle aktuell heute\n", cell_words=6) == ["Sport | Fußball Bundesliga Tabelle aktuell heute"]


def test_claims_of_a_table_row_body_are_found(nlp):
    doc = nlp("| Kommentieren |  |\n\n| Der Verband teilte mit, die Preise seien stabil. |\n")
    assert [(c.text, c.source.name) for c in doc._.claims] == [("die Preise seien stabil", "Verband")]
