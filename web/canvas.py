"""The live canvas as the page shows it: every section and field with its status, provenance and edit path.

Two paths per field: the edit path names list items by id (stable while others are removed); the
anchor path names them by position, as coherence findings do, so a finding can jump to its field.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from assistant.document import Finding, StrategyDocument, catalogue
from assistant.document.catalogue import FieldSpec, ListSpec
from assistant.document.paths import anchor, item, join
from assistant.engine.proposals import entries_of, guesses_of
from assistant.engine.state import EngineState
from assistant.stages import StageBook
from web.i18n import Translator

Status = Literal["empty", "weak", "complete"]


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


@dataclass
class PendingView:
    """A proposal read from prose, shown in its section until the team confirms it in the chat."""

    section: str
    anchor: str
    label: str
    entries: list[tuple[str, list[tuple[str, str]]]]  # each entry's name and its other fields, labelled


def pending_view(state: dict[str, Any], stages: StageBook, t: Translator) -> PendingView | None:
    """The session's pending proposal, in the page's words; None when nothing waits for a yes."""
    engine_state = EngineState.model_validate(state or {})
    proposal = engine_state.proposal
    if proposal is None or not (proposal.entries or proposal.drafts):
        return None  # nothing waits, or only the question whether to replace or add
    try:
        question = stages.stage(engine_state.stage).question(proposal.question)
    except StopIteration:
        return None
    specs = {f.name: f for f in catalogue.kinds()[question.item].fields} if question.item else {}
    entries = []
    for (name, fields), guessed in zip(entries_of(proposal, question), guesses_of(proposal), strict=True):
        shown = []
        for key, value in fields.items():
            spec = specs.get(key)
            label = t.field(spec.label if spec else key)
            value = t.enum(value) if spec is not None and spec.kind == "choice" else value
            shown.append((label, f"{value} ({t('pending_guess')})" if key in guessed else value))
        entries.append((name, shown))
    if not entries:
        return None
    target = catalogue.list_at(question.field)
    text_field = (f.label for f in catalogue.fields() if f"{f.owner}.{f.name}" == question.field)
    label = t.field(target.name if target else next(text_field, question.field))
    return PendingView(question.field.split(".", 1)[0], anchor(question.field), label, entries)


class CanvasBuilder:
    """Every section, list and field the catalogue names, in document order."""

    def __init__(self, document: StrategyDocument, findings: list[Finding], t: Translator):
        self.document = document
        self.flagged = [p for f in findings for p in f.fields]
        self.t = t

    def _status(self, path: str, value: Any) -> Status:
        if value in (None, "", []):
            return "empty"
        weak = any(p == path or p.startswith((path + ".", path + "[")) for p in self.flagged)
        return "weak" if weak else "complete"

    def _field(self, owner: BaseModel, spec: FieldSpec, edit_path: str, index_path: str) -> FieldView:
        name = spec.name
        value = getattr(owner, name)
        provenance = getattr(owner, "provenance", {}).get(name)
        kind: Literal["text", "long", "lines", "choice"]
        choices: list[tuple[str, str]] = []
        if spec.kind == "choice":
            kind, choices = "choice", [(v, self.t.enum(v)) for v in spec.values]
        elif spec.kind == "reference":
            kind, choices = "choice", catalogue.options(self.document, spec.refs)
        elif spec.kind in ("lines", "long"):
            kind = spec.kind
        else:
            kind = "text"
        return FieldView(
            name=name,
            label=self.t.field(spec.label),
            path=edit_path,
            anchor=anchor(index_path),
            value=value.value if hasattr(value, "value") else value,
            kind=kind,
            status=self._status(index_path, value),
            provenance=self.t(f"prov_{provenance.kind}") if provenance else None,
            choices=choices,
        )

    def _fields(self, specs: tuple[FieldSpec, ...]) -> list[FieldView]:
        views = []
        for spec in specs:
            if spec.canvas:
                owner = catalogue.part_at(self.document, spec.owner)
                views.append(self._field(owner, spec, spec.path, spec.path))
        return views

    def _list(self, spec: ListSpec) -> ListView:
        items = catalogue.items_of(self.document, spec.name)
        views = []
        for index, entry in enumerate(items):
            edit_path, index_path = item(spec.path, entry.id), item(spec.path, index)
            shown = [f for f in spec.fields if f.canvas]
            fields = [self._field(entry, f, join(edit_path, f.name), join(index_path, f.name)) for f in shown]
            main = getattr(entry, spec.title)
            status: Status = "weak" if any(f.status == "weak" for f in fields) else "complete"
            if any(p.startswith(index_path) for p in self.flagged):
                status = "weak"
            views.append(ItemView(edit_path, anchor(index_path), str(main), fields, status))
        return ListView(
            name=spec.name,
            label=self.t.field(spec.name),
            path=spec.path,
            anchor=anchor(spec.path),
            items=views,
            status=self._status(spec.path, items),
            main_field=spec.title,
        )

    def build(self) -> list[SectionView]:
        return [
            SectionView(
                section.name,
                self.t.section(section.name),
                fields=self._fields(section.fields),
                lists=[self._list(spec) for spec in section.lists],
            )
            for section in catalogue.sections()
        ]
