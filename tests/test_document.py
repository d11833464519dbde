import json

import pytest

from assistant.document import EngagementLevel, Kpi, StrategyDocument, Touchpoint
from assistant.document.validation import DocumentInvalid, parse_document, parse_document_json
from tests.factories import winery_document


def test_empty_document_is_valid_and_has_all_six_sections() -> None:
    data = StrategyDocument().model_dump(mode="json")
    assert {"brand", "purpose", "digital", "touchpoints", "kpis", "review"} <= set(data)
    assert data["schema_version"] == 3


def test_round_trip_through_json_keeps_every_value() -> None:
    doc = winery_document()
    again = parse_document_json(doc.model_dump_json())
    assert again == doc
    assert again.touchpoints[0].provenance["engagement_level"].card_id == "engagement-relationship"


def test_list_items_get_stable_distinct_ids() -> None:
    first, second = Touchpoint(name="Shop"), Touchpoint(name="Shop")
    assert first.id.startswith("tp-") and first.id != second.id
    doc = StrategyDocument(touchpoints=[first])
    assert parse_document_json(doc.model_dump_json()).touchpoints[0].id == first.id


def test_errors_are_addressed_by_field_path() -> None:
    data = winery_document().model_dump(mode="json")
    data["kpis"].append({"name": "Visits"})
    data["kpis"].append({"name": "Shares", "target": 5, "kind": "vibes"})
    with pytest.raises(DocumentInvalid) as caught:
        parse_document(data)
    problems = caught.value.problems
    assert "kpis[2].target: Input should be a valid string" in problems
    assert any(p.startswith("kpis[2].kind: Input should be 'qualitative' or 'quantitative'") for p in problems)
    assert not any("Traceback" in p for p in problems)


def test_unknown_fields_are_rejected_by_name() -> None:
    with pytest.raises(DocumentInvalid) as caught:
        parse_document({"purpose": {"statment": "typo"}})
    assert caught.value.problems == ["purpose.statment: unknown field"]


def test_broken_references_name_the_field_and_the_missing_id() -> None:
    data = winery_document().model_dump(mode="json")
    data["kpis"][0]["objective_id"] = "bo-gone"
    data["digital"]["digital_objectives"][0]["brand_objective_id"] = "bo-missing"
    with pytest.raises(DocumentInvalid) as caught:
        parse_document(data)
    assert caught.value.problems == [
        "digital.digital_objectives[0].brand_objective_id: no brand objective has id 'bo-missing'",
        "kpis[0].objective_id: no objective has id 'bo-gone'",
    ]


def test_duplicate_ids_are_rejected() -> None:
    data = winery_document().model_dump(mode="json")
    data["touchpoints"][1]["id"] = "tp-1"
    with pytest.raises(DocumentInvalid) as caught:
        parse_document(data)
    assert caught.value.problems == ["touchpoints[1].id: duplicate id 'tp-1'"]


def test_provenance_must_name_real_fields_and_carry_its_reference() -> None:
    with pytest.raises(DocumentInvalid) as caught:
        parse_document(
            {
                "purpose": {"provenance": {"mission": {"kind": "user"}}},
                "brand": {"provenance": {"name": {"kind": "document"}}},
            }
        )
    assert sorted(caught.value.problems) == [
        "brand.provenance.name: a 'document' provenance needs a source reference",
        "purpose: provenance given for unknown field(s): mission",
    ]


def test_text_size_is_bounded() -> None:
    with pytest.raises(DocumentInvalid) as caught:
        parse_document({"purpose": {"statement": "x" * 5000}})
    assert caught.value.problems[0].startswith("purpose.statement: String should have at most 4000 characters")


def test_not_json_is_a_clear_error() -> None:
    with pytest.raises(DocumentInvalid) as caught:
        parse_document_json("{not json")
    assert caught.value.problems[0].startswith("document: not valid JSON")


def test_assignment_is_validated_too() -> None:
    kpi = Kpi(name="Reviews")
    with pytest.raises(ValueError):
        kpi.kind = "sometimes"  # type: ignore[assignment]


def test_engagement_ladder_is_ordered_from_promotion_to_co_creation() -> None:
    ranks = [level.rank for level in EngagementLevel]
    assert ranks == [1, 2, 3, 4, 5]
    assert EngagementLevel("co-creation").rank > EngagementLevel("community").rank
    assert json.loads(winery_document().model_dump_json())["touchpoints"][1]["engagement_level"] == "co-creation"
