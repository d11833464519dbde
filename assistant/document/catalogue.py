"""The catalogue: every section, list and field of the strategy document, read from the models.

Nothing here restates a field: names, order, kinds, enum values and defaults come from `model_fields`;
what a type cannot say (which lists a reference names, what an item needs before it is complete, the
free-text column order of an `a | b | c` answer) comes from each field's `json_schema_extra` (see
`models.about`). Parsing, drafts, the canvas, edits, coherence and the exports read these tables instead
of keeping their own.
"""

import re
import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from assistant.document.models import Part, StrategyDocument
from assistant.document.paths import join

Kind = Literal["text", "long", "lines", "choice", "reference", "items"]
LONG_TEXT = 1000  # a string allowed more characters than this is long text (the models' `Text`)
SKIPPED = {"provenance", "id", "schema_version", "coherence"}  # bookkeeping, not content the team writes


@dataclass(frozen=True)
class FieldSpec:
    """One field of a section or of a list's items."""

    name: str
    owner: str  # the path of the section that holds it (`digital.readiness`), or the list's path for an item field
    kind: Kind
    label: str  # its key in `labels.yaml`
    values: tuple[str, ...] = ()  # a choice's values, in order
    enum: type[Enum] | None = None
    refs: tuple[str, ...] = ()  # for a reference: the names of the lists whose item ids it may hold
    slot: str | None = None  # the name a reference is asked for by (a number), shared by the fields it may fill
    needed: int | None = None  # its place among what an item needs before it is complete
    column: int | None = None  # its place among the free-text columns after an item's first column
    counts: bool = False  # it counts for completeness
    canvas: bool = True  # the canvas shows it
    aside: bool = False  # a reference set by its own question, not read from an item's line
    optional: bool = False  # it may be null (a choice or a reference not made yet)

    @property
    def path(self) -> str:
        """`purpose.statement`; for an item field, the list's path and the name (`kpis.target`)."""
        return join(self.owner, self.name)


@dataclass(frozen=True)
class ListSpec:
    """A list of items that carry ids (objectives, channels, touchpoints, KPIs)."""

    name: str  # `brand_objectives`
    path: str  # `digital.brand_objectives`
    kind: str  # the kind of item, `brand_objective`
    model: type[Part]
    prefix: str  # the id prefix, `bo`
    fields: tuple[FieldSpec, ...]  # without `id` and `provenance`, in model order

    @property
    def title(self) -> str:
        """The field that names an item (`text` for objectives, `name` otherwise): its first required field."""
        return next(n for n, info in self.model.model_fields.items() if n not in SKIPPED and info.is_required())

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    @property
    def choices(self) -> tuple[str, ...]:
        """The fields whose values come from an enum (recognised in any column of an answer)."""
        return tuple(f.name for f in self.fields if f.kind == "choice")

    @property
    def references(self) -> tuple[FieldSpec, ...]:
        """Every reference an item holds (validation, edits and exports read them all)."""
        return tuple(f for f in self.fields if f.kind == "reference")

    @property
    def pointers(self) -> tuple[FieldSpec, ...]:
        """The references an item's own answer line names (what a KPI measures), not those set aside."""
        return tuple(f for f in self.references if not f.aside)

    @property
    def required(self) -> tuple[str, ...]:
        """What an item needs before it is complete, in the order a follow-up asks for it.

        A field is named by its name; fields that share a slot (a KPI measures an objective or a touchpoint)
        are named once, by the slot, and either one fills it."""
        names: list[str] = []
        for spec in sorted((f for f in self.fields if f.needed is not None), key=lambda f: f.needed or 0):
            names.append(spec.slot if spec.slot and len(self.slot_fields(spec.slot)) > 1 else spec.name)
        return tuple(dict.fromkeys(names))

    def slot_fields(self, slot: str) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.slot == slot)

    @property
    def free_columns(self) -> tuple[str, ...]:
        """The free-text fields in the order an `a | b | c` answer gives them after the first column."""
        ordered = sorted((f for f in self.fields if f.column is not None), key=lambda f: f.column or 0)
        return tuple(f.name for f in ordered)

    @property
    def counted(self) -> tuple[str, ...]:
        """The fields that count for an item's completeness, in the order a finding names them."""
        counted = [f for f in self.fields if f.counts]
        return tuple(f.name for f in sorted(counted, key=lambda f: f.needed or 0))


@dataclass(frozen=True)
class SectionSpec:
    """A section of the document: its own fields (with those of a nested part such as readiness) and lists."""

    name: str
    model: type[BaseModel] | None  # None for a section that is one list (touchpoints, KPIs)
    fields: tuple[FieldSpec, ...]
    lists: tuple[ListSpec, ...]
    parts: tuple[str, ...]  # the paths of the parts that carry a provenance map (`digital`, `digital.readiness`)
    counted: tuple[str, ...] = ()  # its fields and lists that count for completeness, in model order


def snake_case(name: str) -> str:
    """`KpiKind` -> `kpi_kind`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _extra(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    found = extra.get("x-catalogue", {}) if isinstance(extra, dict) else {}
    return dict(found) if isinstance(found, dict) else {}


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `| None`, and whether None was allowed."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), True
    return annotation, False


def _item_model(annotation: Any) -> type[Part] | None:
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        if isinstance(inner, type) and issubclass(inner, Part):
            return inner
    return None


def _field(name: str, owner: str, info: FieldInfo) -> FieldSpec:
    extra = _extra(info)
    annotation, optional = _unwrap(info.annotation)
    values: tuple[str, ...] = ()
    enum = None
    kind: Kind
    if extra.get("ref"):
        kind = "reference"
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        kind, enum, values = "choice", annotation, tuple(str(member.value) for member in annotation)
    elif typing.get_origin(annotation) is Literal:
        kind, values = "choice", tuple(str(a) for a in typing.get_args(annotation))
    elif typing.get_origin(annotation) is list:
        kind = "items" if _item_model(annotation) else "lines"
    else:
        limits = [getattr(m, "max_length", None) for m in info.metadata]
        kind = "long" if any(limit and limit > LONG_TEXT for limit in limits) else "text"
    return FieldSpec(
        name=name,
        owner=owner,
        kind=kind,
        label=str(extra.get("label", name)),
        values=values,
        enum=enum,
        refs=tuple(extra.get("ref", ())),
        slot=extra.get("slot"),
        needed=extra.get("needed"),
        column=extra.get("column"),
        counts=bool(extra.get("counts", False)),
        canvas=bool(extra.get("canvas", True)),
        aside=bool(extra.get("aside", False)),
        optional=optional,
    )


def _list(name: str, path: str, model: type[Part]) -> ListSpec:
    fields = tuple(_field(n, path, info) for n, info in model.model_fields.items() if n not in SKIPPED)
    prefix = _extra(model.model_fields["id"]).get("prefix", "")
    return ListSpec(name=name, path=path, kind=snake_case(model.__name__), model=model, prefix=prefix, fields=fields)


def _section(name: str, model: type[BaseModel]) -> SectionSpec:
    fields: list[FieldSpec] = []
    lists: list[ListSpec] = []
    parts = [name]
    counted = []
    for field_name, info in model.model_fields.items():
        if field_name in SKIPPED:
            continue
        if _extra(info).get("counts"):
            counted.append(field_name)
        annotation = info.annotation
        if (item := _item_model(annotation)) is not None:
            lists.append(_list(field_name, join(name, field_name), item))
        elif isinstance(annotation, type) and issubclass(annotation, Part):  # a nested part: readiness
            nested = _section(join(name, field_name), annotation)
            fields.extend(nested.fields)
            parts.extend(nested.parts)
        else:
            fields.append(_field(field_name, name, info))
    return SectionSpec(
        name=name, model=model, fields=tuple(fields), lists=tuple(lists), parts=tuple(parts), counted=tuple(counted)
    )


@cache
def sections() -> tuple[SectionSpec, ...]:
    """The six sections in document order; a top-level list (touchpoints, KPIs) is a section of one list."""
    found = []
    for name, info in StrategyDocument.model_fields.items():
        if name in SKIPPED:
            continue
        if (item := _item_model(info.annotation)) is not None:
            found.append(SectionSpec(name=name, model=None, fields=(), lists=(_list(name, name, item),), parts=()))
        else:
            assert isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
            found.append(_section(name, info.annotation))
    return tuple(found)


def section(name: str) -> SectionSpec:
    return next(spec for spec in sections() if spec.name == name)


@cache
def lists() -> dict[str, ListSpec]:
    """Every list of items by name (`brand_objectives`), in document order."""
    return {spec.name: spec for section in sections() for spec in section.lists}


@cache
def kinds() -> dict[str, ListSpec]:
    """Every list of items by the kind of its items (`brand_objective`)."""
    return {spec.kind: spec for spec in lists().values()}


def list_at(path: str) -> ListSpec | None:
    """The list at a path (`digital.brand_objectives`, `kpis`), if it is one."""
    return next((spec for spec in lists().values() if spec.path == path), None)


@cache
def fields() -> tuple[FieldSpec, ...]:
    """Every field: each section's own fields, then each list's item fields, in document order."""
    found: list[FieldSpec] = []
    for section in sections():
        found.extend(section.fields)
        for spec in section.lists:
            found.extend(spec.fields)
    return tuple(found)


def references_to(list_name: str) -> list[tuple[ListSpec, FieldSpec]]:
    """The reference fields that may hold the id of an item of `list_name`, with the list that holds each."""
    return [(spec, f) for spec in lists().values() for f in spec.references if list_name in f.refs]


def part_at(document: StrategyDocument, path: str) -> Any:
    """What a path of sections and fields names in a document (`digital.readiness`), without list items."""
    node: Any = document
    for name in path.split("."):
        node = getattr(node, name)
    return node


def items_of(document: StrategyDocument, list_name: str) -> list[Any]:
    """The items of one list of a document (`items_of(doc, "touchpoints")`)."""
    return list(part_at(document, lists()[list_name].path))


def options(document: StrategyDocument, refs: tuple[str, ...]) -> list[tuple[str, str]]:
    """The items of some lists as (id, title), in the order given: what a reference may name."""
    found = []
    for name in refs:
        title = lists()[name].title
        found += [(item.id, str(getattr(item, title))) for item in items_of(document, name)]
    return found


def enums() -> dict[str, tuple[str, ...]]:
    """The values of every choice field, by field name (a name means the same choice wherever it appears)."""
    return {f.name: f.values for f in fields() if f.kind == "choice" and f.enum is not None}
