"""The live canvas as the page shows it: every section and field with its status, provenance and edit path.

Two paths per field: the edit path names list items by id (stable while others are removed); the
anchor path names them by position, as coherence findings do, so a finding can jump to its field.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from assistant.document import (
    EngagementLevel,
    Finding,
    InteractionMode,
    JourneyStage,
    KpiKind,
    StrategyDocument,
)
from web.i18n import Translator

Status = Literal["empty", "weak", "complete"]
ENUMS: dict[str, list[str]] = {
    "journey_stage": [s.value for s in JourneyStage],
    "engagement_level": [e.value for e in EngagementLevel],
    "interaction_mode": [m.value for m in InteractionMode],
    "kind": [k.value for k in KpiKind],
}
ITEM_FIELDS: dict[str, list[str]] = {
    "brand_objectives": ["text"],
    "digital_objectives": ["text", "brand_objective_id"],
    "channels": ["name", "role", "value_proposition"],
    "touchpoints": [
        "name", "channel", "journey_stage", "engagement_level", "interaction_mode", "owner", "purpose_expression",
    ],
    "kpis": [
        "name", "kind", "objective_id", "touchpoint_id", "baseline", "target", "time_frame", "owner", "data_source",
    ],
}  # fmt: skip


@dataclass
class FieldView:
    name: str
    label: str
    path: str
    anchor: str
    value: Any
    kind: Literal["text", "long", "lines", "choice"]
    status: Status
    provenance: str | None = None
    choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def display(self) -> str:
        if isinstance(self.value, list):
            return "\n".join(str(v) for v in self.value)
        return "" if self.value is None else str(self.value)


@dataclass
class ItemView:
    path: str
    anchor: str
    title: str
    fields: list[FieldView]
    status: Status


@dataclass
class ListView:
    name: str
    label: str
    path: str
    anchor: str
    items: list[ItemView]
    status: Status
    main_field: str


@dataclass
class SectionView:
    key: str
    title: str
    fields: list[FieldView] = field(default_factory=list)
    lists: list[ListView] = field(default_factory=list)


def anchor(path: str) -> str:
    return "f-" + "".join(ch if ch.isalnum() else "-" for ch in path)


class CanvasBuilder:
    def __init__(self, document: StrategyDocument, findings: list[Finding], t: Translator):
        self.document = document
        self.flagged = [p for f in findings for p in f.fields]
        self.t = t

    def _status(self, path: str, value: Any) -> Status:
        if value in (None, "", []):
            return "empty"
        weak = any(p == path or p.startswith((path + ".", path + "[")) for p in self.flagged)
        return "weak" if weak else "complete"

    def _field(self, owner: BaseModel, name: str, edit_path: str, index_path: str) -> FieldView:
        value = getattr(owner, name)
        provenance = getattr(owner, "provenance", {}).get(name)
        kind: Literal["text", "long", "lines", "choice"]
        choices: list[tuple[str, str]] = []
        if name in ENUMS:
            kind, choices = "choice", [(v, self.t.enum(v)) for v in ENUMS[name]]
        elif name in ("brand_objective_id", "objective_id", "touchpoint_id"):
            kind, choices = "choice", self._references(name)
        elif isinstance(value, list):
            kind = "lines"
        elif name in ("statement", "purpose_expression", "value_proposition", "definition", "text", "role"):
            kind = "long"
        else:
            kind = "text"
        return FieldView(
            name=name,
            label=self.t.field(name),
            path=edit_path,
            anchor=anchor(index_path),
            value=value.value if hasattr(value, "value") else value,
            kind=kind,
            status=self._status(index_path, value),
            provenance=self.t(f"prov_{provenance.kind}") if provenance else None,
            choices=choices,
        )

    def _references(self, name: str) -> list[tuple[str, str]]:
        doc = self.document
        if name == "brand_objective_id":
            return [(o.id, o.text) for o in doc.digital.brand_objectives]
        if name == "objective_id":
            return [(o.id, o.text) for o in doc.digital.brand_objectives] + [
                (o.id, o.text) for o in doc.digital.digital_objectives
            ]
        return [(t.id, t.name) for t in doc.touchpoints]

    def _fields(self, owner: BaseModel, prefix: str, names: list[str]) -> list[FieldView]:
        return [self._field(owner, n, f"{prefix}.{n}", f"{prefix}.{n}") for n in names]

    def _list(self, items: list[Any], name: str, prefix: str) -> ListView:
        path = f"{prefix}.{name}" if prefix else name
        views = []
        for index, item in enumerate(items):
            edit_path, index_path = f"{path}[{item.id}]", f"{path}[{index}]"
            fields = [self._field(item, n, f"{edit_path}.{n}", f"{index_path}.{n}") for n in ITEM_FIELDS[name]]
            main = getattr(item, ITEM_FIELDS[name][0])
            status: Status = "weak" if any(f.status == "weak" for f in fields) else "complete"
            if any(p.startswith(index_path) for p in self.flagged):
                status = "weak"
            views.append(ItemView(edit_path, anchor(index_path), str(main), fields, status))
        return ListView(
            name=name,
            label=self.t.field(name),
            path=path,
            anchor=anchor(path),
            items=views,
            status=self._status(path, items),
            main_field=ITEM_FIELDS[name][0],
        )

    def build(self) -> list[SectionView]:
        doc, t = self.document, self.t
        digital = SectionView(
            "digital",
            t.section("digital"),
            fields=self._fields(doc.digital, "digital", ["listening"])
            + self._fields(
                doc.digital.readiness, "digital.readiness", ["objective_setters", "owners", "skills", "training"]
            ),
            lists=[
                self._list(doc.digital.brand_objectives, "brand_objectives", "digital"),
                self._list(doc.digital.digital_objectives, "digital_objectives", "digital"),
                self._list(doc.digital.channels, "channels", "digital"),
            ],
        )
        return [
            SectionView(
                "brand",
                t.section("brand"),
                self._fields(doc.brand, "brand", ["name", "industry", "market", "participants"]),
            ),
            SectionView(
                "purpose",
                t.section("purpose"),
                self._fields(
                    doc.purpose, "purpose", ["statement", "audience", "values", "personality", "proof_points"]
                ),
            ),
            digital,
            SectionView(
                "touchpoints", t.section("touchpoints"), lists=[self._list(doc.touchpoints, "touchpoints", "")]
            ),
            SectionView("kpis", t.section("kpis"), lists=[self._list(doc.kpis, "kpis", "")]),
            SectionView(
                "review",
                t.section("review"),
                self._fields(doc.review, "review", ["decisions", "next_steps", "open_questions"]),
            ),
        ]
