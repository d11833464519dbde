"""The catalogue reaches every field: each has a label in both languages, an edit path, a place on the canvas
and in the Markdown export. A field added to a model and forgotten somewhere fails here."""

import typing
from typing import Any

import pytest

from assistant.document import StrategyDocument, catalogue, labels
from assistant.document.catalogue import FieldSpec, ListSpec
from assistant.document.edits import Edit, apply_edit
from assistant.document.paths import item, join
from assistant.engine.fields import read
from assistant.exports import EXPORTERS, context_from_document
from assistant.stages import ItemKind
from tests.document.full import ITEMS, full_data, full_document, item_id, value_for
from web.canvas import CanvasBuilder
from web.i18n import Translator

LANGUAGES = ("en", "it")
FIELDS = catalogue.fields()
LISTS = list(catalogue.lists().values())


def _id(spec: FieldSpec) -> str:
    return spec.path


def _list_of(spec: FieldSpec) -> ListSpec | None:
    return catalogue.list_at(spec.owner)


def _paths(spec: FieldSpec) -> list[str]:
    """Where a field is in the full document: once for a section's field, once per item for an item's."""
    listed = _list_of(spec)
    if listed is None:
        return [spec.path]
    return [join(item(listed.path, item_id(listed.name, n)), spec.name) for n in range(1, ITEMS + 1)]


def _other(spec: FieldSpec, current: Any) -> Any:
    """A valid value for the field that differs from `current`."""
    if spec.kind in ("text", "long"):
        return f"{current} edited"
    if spec.kind == "lines":
        return [*current, "An added entry"]
    if spec.kind == "choice":
        return next(v for v in spec.values if v != current)
    if spec.kind == "reference":
        return next(i for r in spec.refs for n in range(1, ITEMS + 1) if (i := item_id(r, n)) != current)
    raise AssertionError(spec.kind)


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def test_the_full_document_fills_every_field() -> None:
    document = full_document()
    for spec in FIELDS:
        for path in _paths(spec):
            assert read(document, path) not in (None, "", []), path
    assert all(len(catalogue.items_of(document, spec.name)) == ITEMS for spec in LISTS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_section_field_list_and_value_has_a_label(language: str) -> None:
    lang: Any = language
    missing = [s.name for s in catalogue.sections() if labels.known("sections", s.name, lang) is None]
    missing += [f.path for f in FIELDS if not labels.known("fields", f.label, lang)]
    missing += [spec.name for spec in LISTS if not labels.known("fields", spec.name, lang)]
    missing += [
        f"{f.path}={value}"
        for f in FIELDS
        if f.enum is not None
        for value in f.values
        if not labels.known("values", value, lang)
    ]
    assert missing == []


@pytest.mark.parametrize("spec", FIELDS, ids=_id)
def test_every_field_is_reachable_by_an_edit_path(spec: FieldSpec) -> None:
    document = full_document()
    for path in _paths(spec):
        value = _other(spec, _plain(read(document, path)))
        edited = apply_edit(document, Edit(op="set", path=path, value=value))
        assert _plain(read(edited, path)) == value, path
        if spec.kind == "lines":
            added = apply_edit(document, Edit(op="add", path=path, value="One more"))
            assert read(added, path)[-1] == "One more"


@pytest.mark.parametrize("spec", LISTS, ids=lambda spec: spec.path)
def test_every_list_takes_a_new_item_by_its_path(spec: ListSpec) -> None:
    edited = apply_edit(full_document(), Edit(op="add", path=spec.path, value={spec.title: "Added by path"}))
    added = catalogue.items_of(edited, spec.name)[-1]
    assert getattr(added, spec.title) == "Added by path"
    assert added.id.startswith(f"{spec.prefix}-")


def _canvas(document: StrategyDocument) -> dict[str, str]:
    shown = {}
    for section in CanvasBuilder(document, [], Translator("en")).build():
        views = list(section.fields) + [f for listed in section.lists for entry in listed.items for f in entry.fields]
        shown |= {view.path: view.display for view in views}
    return shown


def test_every_field_is_shown_on_the_canvas() -> None:
    document = full_document()
    shown = _canvas(document)
    hidden = {spec.path for spec in FIELDS if not spec.canvas}
    assert hidden == {"brand.language"}  # the session's language, chosen when it starts
    missing = []
    for spec in FIELDS:
        for path in _paths(spec) if spec.canvas else []:
            value = _plain(read(document, path))
            expected = "\n".join(value) if isinstance(value, list) else str(value)
            if shown.get(path) != expected:
                missing.append(path)
    assert missing == []
    sections = CanvasBuilder(document, [], Translator("en")).build()
    assert [listed.path for s in sections for listed in s.lists] == [spec.path for spec in LISTS]


def _markdown(data: dict[str, Any]) -> str:
    """The document part of the Markdown report (before the scorecard, which counts rather than shows)."""
    context = context_from_document(StrategyDocument.model_validate(data), version=1)
    text = EXPORTERS["md"].render(context).decode()
    return text.split("\n## Scorecard")[0]


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    node: Any = data
    steps = path.replace("]", "").replace("[", ".").split(".")
    for step in steps[:-1]:
        node = next(i for i in node if i["id"] == step) if isinstance(node, list) else node[step]
    node[steps[-1]] = value


@pytest.mark.parametrize("spec", FIELDS, ids=_id)
def test_every_field_is_in_the_markdown_export(spec: FieldSpec) -> None:
    data = full_data()
    markdown = _markdown(data)
    for path, number in zip(_paths(spec), range(1, ITEMS + 1), strict=False):
        value = value_for(spec, number)
        if spec.kind in ("text", "long"):
            assert value in markdown, path
        elif spec.kind == "lines":
            assert all(entry in markdown for entry in value), path
        else:  # a choice or a reference is printed as a label or an item number: changing it shows
            _set(data, path, _other(spec, value))
            assert _markdown(data) != markdown, path
            _set(data, path, value)


def test_item_kinds_are_the_catalogue_lists_kinds() -> None:
    assert set(typing.get_args(ItemKind)) == set(catalogue.kinds())
    assert {spec.kind: spec.path for spec in LISTS} == {
        "segment": "purpose.audience",
        "brand_objective": "digital.brand_objectives",
        "digital_objective": "digital.digital_objectives",
        "channel": "digital.channels",
        "touchpoint": "touchpoints",
        "kpi": "kpis",
        "initiative": "review.initiatives",
    }


def test_the_tables_read_from_the_catalogue() -> None:
    """What the answer reader and the coherence rules relied on, now derived from the models."""
    kinds = catalogue.kinds()
    assert {k: s.required for k, s in kinds.items()} == {
        "segment": (),
        "brand_objective": (),
        "digital_objective": ("brand_objective_id",),
        "channel": ("role",),
        "touchpoint": ("journey_stage", "engagement_level", "interaction_mode"),
        "kpi": ("kind", "measures", "target", "time_frame", "owner", "data_source"),
        "initiative": ("owner", "due"),
    }
    assert {k: s.free_columns for k, s in kinds.items()} == {
        "segment": ("needs", "habits", "meeting_points", "unknowns"),
        "brand_objective": (),
        "digital_objective": (),
        "channel": ("role", "value_proposition"),
        "touchpoint": ("owner", "purpose_expression", "channel"),
        "kpi": ("target", "time_frame", "owner", "data_source", "baseline", "method", "cadence", "decision_rule"),
        "initiative": ("owner", "due", "budget"),
    }
    assert {k: s.choices for k, s in kinds.items() if s.choices} == {
        "touchpoint": ("journey_stage", "engagement_level", "interaction_mode"),
        "kpi": ("kind", "engagement_level", "timing"),
        "initiative": ("effort", "impact"),
    }
    assert {k: s.title for k, s in kinds.items()} == {
        "segment": "name",
        "brand_objective": "text",
        "digital_objective": "text",
        "channel": "name",
        "touchpoint": "name",
        "kpi": "name",
        "initiative": "name",
    }
    assert kinds["kpi"].counted == ("target", "time_frame", "owner", "data_source")
    assert catalogue.section("purpose").counted == ("statement", "values", "audience", "personality", "proof_points")
    assert [(s.name, f.name) for s, f in catalogue.references_to("brand_objectives")] == [
        ("digital_objectives", "brand_objective_id"),
        ("kpis", "objective_id"),
    ]
    # a touchpoint or KPI names the segment it serves by its own question, never in its answer line
    assert [(s.name, f.name) for s, f in catalogue.references_to("audience")] == [
        ("touchpoints", "segment_id"),
        ("kpis", "segment_id"),
    ]
    assert [f.name for f in kinds["kpi"].pointers] == ["objective_id", "touchpoint_id"]
    assert kinds["touchpoint"].pointers == ()
