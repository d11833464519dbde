"""Putting an answer into the document: texts, lists and items, read deterministically.

Items are merged by name, so answering a question again (after *back*) adds and updates rather than
throwing away what the team already said.
"""

from typing import Any

from assistant.document import Provenance, StrategyDocument, catalogue
from assistant.engine.annotations import annotate
from assistant.engine.fields import read, write
from assistant.parsing import Draft, Reader, mentioned, resolve, split_items, split_list
from assistant.reading.lists import lexicon, trim
from assistant.reading.references import named
from assistant.retrieval.text import fold
from assistant.stages import ItemKind, Question

USER = Provenance(kind="user")


def reference_options(doc: StrategyDocument, kind: ItemKind) -> list[tuple[str, str]]:
    """What an item of `kind` may refer to, numbered as its question lists them."""
    return catalogue.options(doc, tuple(r for f in catalogue.kinds()[kind].pointers for r in f.refs))


def brand_options(doc: StrategyDocument) -> list[tuple[str, str]]:
    return reference_options(doc, "digital_objective")


def measurables(doc: StrategyDocument) -> list[tuple[str, str]]:
    """What a KPI can measure, numbered as the KPI question lists them: objectives, then touchpoints."""
    return reference_options(doc, "kpi")


def missing_fields(kind: ItemKind, item: Any) -> list[str]:
    """What the item still needs, by field name, or by slot for fields that share one (a KPI's `measures`)."""
    spec = catalogue.kinds()[kind]
    missing = []
    for name in spec.required:
        names = spec.slot_fields(name) or (name,)
        if all(getattr(item, n) in (None, "") for n in names):
            missing.append(name)
    return missing


def _set_reference(kind: ItemKind, fields: dict[str, Any], draft: Draft, doc: StrategyDocument) -> None:
    """Link a digital objective to its brand objective, a KPI to what it measures: by number, by name, by a
    few of its words, or by an objective or touchpoint its prose mentions."""
    references = catalogue.kinds()[kind].pointers
    if not references:
        return
    options = reference_options(doc, kind)
    if draft.reference is None and draft.mentions is None:
        return
    target = resolve(draft.reference, options) if draft.reference is not None else None
    if target is None and draft.reference is not None:  # words that point rather than repeat: "the trust one"
        target = named(draft.reference, options, context=draft.mentions or "")
    if target is None and draft.mentions is not None:
        target = mentioned(draft.mentions, options)
    if len(references) == 1:
        fields[references[0].name] = target
    elif target is not None:  # the field whose lists hold the item named
        holds = {item_id: f.name for f in references for item_id, _ in catalogue.options(doc, f.refs)}
        fields[holds[target]] = target


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, "")}


def apply_items(doc: StrategyDocument, question: Question, drafts: list[Draft]) -> list[str]:
    """Add or update the items of a collection; returns the names touched."""
    assert question.item is not None
    kind = question.item
    spec = catalogue.kinds()[kind]
    items: list[Any] = list(read(doc, question.field))
    touched = []
    for draft in drafts:
        fields = dict(draft.fields)
        _set_reference(kind, fields, draft, doc)
        fields = _clean(fields)
        name = fields.get(spec.title, "")
        existing = next((i for i in items if fold(getattr(i, spec.title)) == fold(name)), None)
        provenance = dict.fromkeys(fields, USER)
        if existing is None:
            items.append(spec.model(**fields, provenance=provenance))
        else:
            index = items.index(existing)
            merged = {**existing.model_dump(exclude={"provenance"}), **fields}
            items[index] = spec.model(**merged, provenance={**existing.provenance, **provenance})
        touched.append(name)
    write(doc, question.field, items, USER)
    return touched


def _is_line(path: str) -> bool:
    """A one-line field (industry, market, category), as opposed to long text written in the team's voice."""
    return any(spec.path == path and spec.kind == "text" for spec in catalogue.fields())


def apply_answer(doc: StrategyDocument, question: Question, text: str, reader: Reader, *, extend: bool) -> str:
    """Apply an answer; returns a short description of what was saved ('' when nothing could be read).

    `extend` marks an answer to a coaching follow-up: texts grow and lists gain items.
    """
    if question.kind == "text":
        answer = " ".join(text.split())
        if _is_line(question.field):  # "Hi! So we're a small bakery" names the trade: a small bakery
            answer = trim(answer, lexicon()) or answer
        current = str(read(doc, question.field) or "")
        if extend and current and len(answer.split()) < 8:
            answer = f"{current.rstrip('. ')}. {answer[0].upper()}{answer[1:]}"
        write(doc, question.field, answer, USER)
        return answer
    if question.kind == "list":
        new = split_list(text)
        if not new:
            return ""
        if question.item is not None:  # entries that name items (audience segments), profiled by later questions
            title = catalogue.kinds()[question.item].title
            apply_items(doc, question, [Draft(fields={title: name}) for name in new])
            return "; ".join(new)
        existing: list[str] = list(read(doc, question.field) or [])
        merged = existing + [v for v in new if fold(v) not in {fold(e) for e in existing}]
        write(doc, question.field, merged, USER)
        return "; ".join(new)
    assert question.item is not None
    if question.kind == "annotate":
        return annotate(doc, question, text, reader)
    drafts = reader.prose(question.item, text) or [
        reader.item(question.item, columns) for columns in split_items(text, question.item)
    ]
    return "; ".join(apply_items(doc, question, drafts))


def complete_item(doc: StrategyDocument, question: Question, item_id: str, text: str, reader: Reader) -> list[str]:
    """Fill an item's missing fields from a follow-up answer; returns what is still missing."""
    assert question.item is not None
    kind = question.item
    spec = catalogue.kinds()[kind]
    items: list[Any] = list(read(doc, question.field))
    item = next((i for i in items if i.id == item_id), None)
    if item is None:
        return []
    missing = missing_fields(kind, item)
    draft = Draft()
    columns = [c for line in split_items(text) for c in line]
    reader.fill(kind, draft, columns, tuple(m for m in missing if m in spec.free_columns))
    if not draft.fields and draft.reference is None and len(columns) == 1 and spec.pointers:
        draft.reference = columns[0]
    fields = dict(draft.fields)
    _set_reference(kind, fields, draft, doc)
    # a reference that fills a shared slot (what a KPI measures) may be corrected in any follow-up
    shared = {f.name for f in spec.pointers if f.name not in spec.required}
    fields = {k: v for k, v in _clean(fields).items() if k in missing or k in shared}
    merged = spec.model(
        **{**item.model_dump(exclude={"provenance"}), **fields},
        provenance={**item.provenance, **dict.fromkeys(fields, USER)},
    )
    items[items.index(item)] = merged
    write(doc, question.field, items, USER)
    return missing_fields(kind, merged)
