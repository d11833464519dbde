"""Field paths: one parser and writer for edits, validation messages, history and the canvas anchors."""

import pytest

from assistant.document.paths import PathError, Step, anchor, format_path, from_location, from_pointer, join, parse

PATHS = [
    "purpose.statement",
    "purpose.values[2]",
    "kpis[kpi-1a2b].target",
    "kpis[0]",
    "digital.brand_objectives[0].text",
    "digital.readiness.objective_setters",
    "touchpoints[tp-00ff].purpose_expression",
]


@pytest.mark.parametrize("path", PATHS)
def test_parse_and_format_round_trip(path: str) -> None:
    assert format_path(parse(path)) == path


def test_items_are_named_by_index_or_by_id() -> None:
    assert parse("kpis[kpi-1a2b].target") == [Step("kpis", "kpi-1a2b"), Step("target")]
    assert parse("digital.brand_objectives[0].text") == [Step("digital"), Step("brand_objectives", 0), Step("text")]
    assert parse("kpis[007]") == [Step("kpis", "007")]  # an id of digits keeps its zeros: it is not an index


@pytest.mark.parametrize(
    "path", ["", "kpis[", "kpis[].target", "kpis..target", "Purpose.statement", "kpis[a b]", "kpis[0]x", ".kpis"]
)
def test_bad_paths_say_what_a_path_looks_like(path: str) -> None:
    with pytest.raises(PathError) as caught:
        parse(path)
    message = str(caught.value)
    assert "kpis[kpi-1a2b].target" in message  # the shape, by example
    assert path in message


def test_paths_are_written_from_parts_locations_and_pointers() -> None:
    assert join("digital", "brand_objectives", 0, "text") == "digital.brand_objectives[0].text"
    assert join("", "kpis", 2) == "kpis[2]"
    assert from_location(("kpis", 2, "target")) == "kpis[2].target"
    assert from_location(()) == "document"
    assert from_pointer("/touchpoints/0/channel") == "touchpoints[0].channel"
    assert from_pointer("/purpose/values/1") == "purpose.values[1]"
    assert from_pointer("") == "document"


def test_anchor_is_an_html_id() -> None:
    assert anchor("kpis[2].target") == "f-kpis-2--target"
