"""Putting an answer into the document: texts, lists and items, read deterministically.

Items are merged by name, so answering a question again (after *back*) adds and updates rather than
throwing away what the team already said.
"""

from typing import Any

from assistant.document import (
    BrandObjective,
    Channel,
    DigitalObjective,
    Kpi,
    Provenance,
    StrategyDocument,
    Touchpoint,
)
from assistant.engine.fields import read, write
from assistant.parsing import (
    FREE_COLUMNS,
    NAME_FIELD,
    REQUIRED,
    Draft,
    Reader,
    mentioned,
    resolve,
    split_items,
    split_list,
)
from assistant.reading.lists import clauses
from assistant.retrieval.text import fold
from assistant.stages import ItemKind, Question

USER = Provenance(kind="user")
MODELS: dict[ItemKind, type[Any]] = {
    "brand_objective": BrandObjective,
    "digital_objective": DigitalObjective,
    "channel": Channel,
    "touchpoint": Touchpoint,
    "kpi": Kpi,
}


def brand_options(doc: StrategyDocument) -> list[tuple[str, str]]:
    return [(o.id, o.text) for o in doc.digital.brand_objectives]


def measurables(doc: StrategyDocument) -> list[tuple[str, str]]:
    """What a KPI can measure, numbered as the KPI question lists them: objectives, then touchpoints."""
    return (
        brand_options(doc)
        + [(o.id, o.text) for o in doc.digital.digital_objectives]
        + [(t.id, t.name) for t in doc.touchpoints]
    )


def missing_fields(kind: ItemKind, item: Any) -> list[str]:
    missing = []
    for name in REQUIRED[kind]:
        if name == "measures":
            if item.objective_id is None and item.touchpoint_id is None:
                missing.append(name)
        elif getattr(item, name) in (None, ""):
            missing.append(name)
    return missing


def _set_reference(kind: ItemKind, fields: dict[str, Any], draft: Draft, doc: StrategyDocument) -> None:
    """Link a digital objective to its brand objective, a KPI to what it measures: by number, by name, or
    by an objective or touchpoint its prose mentions."""
    if kind not in ("digital_objective", "kpi"):
        return
    options = brand_options(doc) if kind == "digital_objective" else measurables(doc)
    if draft.reference is not None:
        target = resolve(draft.reference, options)
    elif draft.mentions is not None:
        target = mentioned(draft.mentions, options)
    else:
        return
    if kind == "digital_objective":
        fields["brand_objective_id"] = target
    elif target is not None:
        is_touchpoint = any(t.id == target for t in doc.touchpoints)
        fields["touchpoint_id" if is_touchpoint else "objective_id"] = target


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, "")}


def apply_items(doc: StrategyDocument, question: Question, drafts: list[Draft]) -> list[str]:
    """Add or update the items of a collection; returns the names touched."""
    assert question.item is not None
    kind = question.item
    items: list[Any] = list(read(doc, question.field))
    touched = []
    for draft in drafts:
        fields = dict(draft.fields)
        _set_reference(kind, fields, draft, doc)
        fields = _clean(fields)
        name = fields.get(NAME_FIELD[kind], "")
        existing = next((i for i in items if fold(getattr(i, NAME_FIELD[kind])) == fold(name)), None)
        provenance = dict.fromkeys(fields, USER)
        if existing is None:
            items.append(MODELS[kind](**fields, provenance=provenance))
        else:
            index = items.index(existing)
            merged = {**existing.model_dump(exclude={"provenance"}), **fields}
            items[index] = MODELS[kind](**merged, provenance={**existing.provenance, **provenance})
        touched.append(name)
    write(doc, question.field, items, USER)
    return touched


def apply_answer(doc: StrategyDocument, question: Question, text: str, reader: Reader, *, extend: bool) -> str:
    """Apply an answer; returns a short description of what was saved ('' when nothing could be read).

    `extend` marks an answer to a coaching follow-up: texts grow and lists gain items.
    """
    if question.kind == "text":
        answer = " ".join(text.split())
        current = str(read(doc, question.field) or "")
        if extend and current and len(answer.split()) < 8:
            answer = f"{current.rstrip('. ')}. {answer[0].upper()}{answer[1:]}"
        write(doc, question.field, answer, USER)
        return answer
    if question.kind == "list":
        new = split_list(text)
        if not new:
            return ""
        existing: list[str] = list(read(doc, question.field) or [])
        merged = existing + [v for v in new if fold(v) not in {fold(e) for e in existing}]
        write(doc, question.field, merged, USER)
        return "; ".join(new)
    assert question.item is not None
    if question.kind == "annotate":
        return _annotate(doc, question, text)
    drafts = reader.prose(question.item, text) or [
        reader.item(question.item, columns) for columns in split_items(text, question.item)
    ]
    return "; ".join(apply_items(doc, question, drafts))


def _annotate(doc: StrategyDocument, question: Question, text: str) -> str:
    """Set one attribute on the items named: `name | text` lines, or remarks in prose that name their item."""
    assert question.item is not None and question.attribute is not None
    items: list[Any] = list(read(doc, question.field))
    options = [(str(i), getattr(item, NAME_FIELD[question.item])) for i, item in enumerate(items)]
    if "|" in text or "\t" in text:
        pairs = [(resolve(c[0], options), " | ".join(c[1:])) for c in split_items(text) if len(c) >= 2]
    else:
        pairs = [(mentioned(clause, options), clause) for clause in clauses(text)]
    done = []
    for index, value in pairs:
        if index is None or not value:
            continue
        item = items[int(index)]
        setattr(item, question.attribute, value)
        item.provenance = {**item.provenance, question.attribute: USER}
        done.append(getattr(item, NAME_FIELD[question.item]))
    return "; ".join(done)


def complete_item(doc: StrategyDocument, question: Question, item_id: str, text: str, reader: Reader) -> list[str]:
    """Fill an item's missing fields from a follow-up answer; returns what is still missing."""
    assert question.item is not None
    kind = question.item
    items: list[Any] = list(read(doc, question.field))
    item = next((i for i in items if i.id == item_id), None)
    if item is None:
        return []
    missing = missing_fields(kind, item)
    draft = Draft()
    columns = [c for line in split_items(text) for c in line]
    reader.fill(kind, draft, columns, tuple(m for m in missing if m in FREE_COLUMNS[kind]))
    if not draft.fields and draft.reference is None and len(columns) == 1 and kind in ("digital_objective", "kpi"):
        draft.reference = columns[0]
    fields = dict(draft.fields)
    _set_reference(kind, fields, draft, doc)
    fields = {k: v for k, v in _clean(fields).items() if k in missing or k in ("objective_id", "touchpoint_id")}
    merged = MODELS[kind](
        **{**item.model_dump(exclude={"provenance"}), **fields},
        provenance={**item.provenance, **dict.fromkeys(fields, USER)},
    )
    items[items.index(item)] = merged
    write(doc, question.field, items, USER)
    return missing_fields(kind, merged)
