"""Claims nested in a later, longer claim: the outer one is kept (claims.Assembler._drop_nested_in)."""

from __future__ import annotations


def test_a_short_claim_inside_a_longer_one_gives_way_to_it(nlp):
    # "die Meisterschaft bestreiten" (to play for it, read as "to deny" it) lies inside what the Verband says
    doc = nlp("Laut dem Verband werden sich im Norden die Bayern durchsetzen und die Meisterschaft bestreiten.")
    claims = [(c.text, c.source.name if c.source else None) for c in doc._.claims]
    assert [source for _, source in claims] == ["Verband"]
    assert claims[0][0].startswith("werden sich im Norden")


def test_claims_side_by_side_both_stay(nlp):
    doc = nlp("Die Lage sei ernst, sagte der Minister. Laut Polizei ist die Straße gesperrt.")
    assert [c.text for c in doc._.claims] == ["Die Lage sei ernst", "ist die Straße gesperrt"]


def test_a_weak_frame_inside_a_longer_claim_gives_way_but_a_speakers_quotation_stays(nlp):
    doc = nlp("Die Opposition hält den Plan für einen „groben Fehler“, wie sich die Vorsitzende ausdrückte.")
    assert [c.source.name for c in doc._.claims] == ["Vorsitzende"]
    # "sagte sie" speaks itself: the newspaper that reports it does not swallow her quotation
    doc = nlp("„Wir kommen wieder“, sagte sie, so die Zeitung.")
    assert "Wir kommen wieder" in [c.text for c in doc._.claims]
