"""Quotation pairing on characters: German, Swiss, English marks, nesting, unbalanced marks."""

import pytest

from claimx.rules.quotes import find_quotes


def contents(text: str, depth: int = 0) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text) if q.depth == depth]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er sagte: „Wir kommen.“ Dann ging er.", ["Wir kommen."]),
        ("»Wir bleiben«, sagte sie.", ["Wir bleiben"]),
        ("«Wir bleiben», sagte sie.", ["Wir bleiben"]),
        ('Sie sagte "nein" und dann "ja".', ["nein", "ja"]),
        ("Er sagte “yes” dazu.", ["yes"]),
        ("„Eins. Zwei. Drei.“, zählte er.", ["Eins. Zwei. Drei."]),
        ("„Erst das“, sagte er, „dann das.“", ["Erst das", "dann das."]),
    ],
)
def test_outer_quotes(text, expected):
    assert contents(text) == expected


def test_nested_quote_is_inside_outer():
    text = "„Er nannte das ‚völlig absurd‘“, sagte sie."
    assert contents(text) == ["Er nannte das ‚völlig absurd‘"]
    assert contents(text, depth=1) == ["völlig absurd"]


def test_quote_spans_hard_wrapped_lines():
    text = "„Das ist eine lange Aussage,\ndie über zwei Zeilen geht“, sagte er."
    assert contents(text) == ["Das ist eine lange Aussage,\ndie über zwei Zeilen geht"]


def test_unclosed_quote_ends_at_paragraph():
    text = "„Wir kämpfen weiter.\n\nDer nächste Absatz hat keine Anführung."
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["Wir kämpfen weiter."]
    assert quotes[0].closed is False


def test_new_opening_mark_closes_unclosed_quote():
    text = "„Eins und „Zwei“ drei."
    assert contents(text) == ["Eins und", "Zwei"]


def test_stray_closing_mark_is_ignored():
    assert contents("Er kam“ und ging.") == []


def test_outer_offsets_include_marks():
    text = "A „bc“ d"
    (quote,) = find_quotes(text)
    assert text[quote.outer_start : quote.outer_end] == "„bc“"


def test_a_quotation_with_nothing_but_marks_is_none():
    # "„ n«“": „ opens, « opens again (left open), and «“ quotes nothing but a mark
    assert [(q.start, q.end) for q in find_quotes("Er sagte:„ n«“")] == [(10, 12)]
    assert find_quotes("„ “") == [] and find_quotes("»«»") == []
