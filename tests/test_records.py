"""The claim record: ids made in one place, and one way to and from plain dicts."""

from __future__ import annotations

import dataclasses
import json

from claimx.records import FIRST_CLAIM_NUMBER, SCHEMA, Claim, Cue, Source, claim_id

CLAIM = Claim(
    doc="meldung.txt",
    id="meldung.txt#2",
    text="es sei zu Kämpfen gekommen",
    start=30,
    end=56,
    sentence=1,
    kind="indirect",
    cue=Cue("erklärte", "erklären", 58, 66),
    source=Source("der Geheimdienst", "NIS", "organisation", 67, 83, "registry"),
    mood="subjunctive",
    confidence=0.66666,
)


def test_claim_ids_number_a_documents_claims_from_one():
    assert FIRST_CLAIM_NUMBER == 1
    assert claim_id("meldung.txt", 2) == "meldung.txt#2"


def test_a_record_round_trips_through_json_in_schema_order_with_rounded_confidence():
    data = json.loads(json.dumps(CLAIM.to_dict(), ensure_ascii=False))
    assert list(data) == ["schema", "doc", "id", "text", "start", "end", "sentence", "kind", "cue", "source", "mood", "confidence", "meta"]
    assert list(data["source"]) == ["text", "name", "type", "start", "end", "resolved_by", "via", "kb_id"]
    assert data["schema"] == SCHEMA and data["confidence"] == 0.667
    assert Claim.from_dict(data) == dataclasses.replace(CLAIM, confidence=0.667)


def test_a_record_of_before_the_additions_still_reads():
    data = CLAIM.to_dict()
    del data["meta"]
    del data["source"]["kb_id"]
    claim = Claim.from_dict(data)
    assert claim.meta is None and claim.source.kb_id is None and claim.to_dict()["meta"] is None


def test_meta_round_trips():
    claim = dataclasses.replace(CLAIM, meta={"title": "Ein Titel", "date": "2026-11-30"})
    assert Claim.from_dict(json.loads(json.dumps(claim.to_dict()))).meta == {"title": "Ein Titel", "date": "2026-11-30"}


def test_a_record_without_document_and_id_gets_them_from_its_place():
    data = {k: v for k, v in CLAIM.to_dict().items() if k not in ("doc", "id")}
    claim = Claim.from_dict(data, doc="anderes.txt", number=5)
    assert (claim.doc, claim.id, claim.source.name, claim.cue.lemma) == ("anderes.txt", "anderes.txt#5", "NIS", "erklären")
