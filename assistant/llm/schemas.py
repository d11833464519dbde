"""What the model is asked to extract from a free-text answer, per kind of question.

The drafts mirror what the deterministic parser produces, so both paths share the same merge code.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from assistant.document import catalogue, labels
from assistant.document.catalogue import ListSpec
from assistant.parsing import Draft
from assistant.retrieval.text import fold
from assistant.stages import ItemKind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextAnswer(_Strict):
    value: str = Field(description="The answer, in the team's own words, tidied into clear sentences.")


class ListAnswer(_Strict):
    items: list[str] = Field(description="One short entry per item the team named.")


def _draft(spec: ListSpec) -> type[_Strict]:
    """An item as the model extracts it: its name, what it needs to be complete, then its free-text columns.

    A reference is asked for by its slot (`measures`), as the number of the item it names."""
    fields: dict[str, Any] = {spec.title: (str, ...)}
    for name in (*spec.required, *spec.free_columns):
        field = spec.field(spec.slot_fields(name)[0] if spec.slot_fields(name) else name)
        if field.kind == "reference":
            described = labels.label("fields", name, "en", surface="reply")
            help_text = f"{described[:1].upper()}{described[1:]}."
            fields[field.slot or name] = (str | None, Field(None, description=help_text))
        elif field.enum is not None:
            fields[name] = (field.enum | None, None)
        else:
            fields[name] = (str, "")
    draft: type[_Strict] = create_model(f"{spec.model.__name__}Draft", __base__=_Strict, **fields)
    return draft


DRAFTS: dict[str, type[_Strict]] = {kind: _draft(spec) for kind, spec in catalogue.kinds().items()}
REFERENCE_FIELDS = {f.slot for spec in catalogue.lists().values() for f in spec.references if f.slot}


def items_schema(kind: ItemKind) -> type[BaseModel]:
    """`{"items": [<draft>, ...]}` for one kind of item."""
    draft = DRAFTS[kind]
    return type(f"{draft.__name__}List", (_Strict,), {"__annotations__": {"items": list[draft]}})  # type: ignore[valid-type]


def to_draft(item: BaseModel) -> Draft:
    data = item.model_dump(mode="json", exclude_none=True)
    reference = next((str(data.pop(f)) for f in REFERENCE_FIELDS if f in data), None)
    return Draft(fields={k: v for k, v in data.items() if v != ""}, reference=reference)


def agreed(drafts: list[Draft], kind: str) -> list[Draft]:
    """One draft per item named: a small model may return the same item several times with different guesses
    (awareness, then consideration...); what its drafts agree on is kept, a field they disagree on is not."""
    title = catalogue.kinds()[kind].title
    merged: dict[str, Draft] = {}
    disputed: dict[str, set[str]] = {}
    for draft in drafts:
        key = fold(str(draft.fields.get(title, ""))).strip()
        if key not in merged:
            merged[key], disputed[key] = draft, set()
            continue
        kept = merged[key]
        for name, value in draft.fields.items():
            if name != title and kept.fields.get(name, value) != value:
                disputed[key].add(name)
            kept.fields.setdefault(name, value)
    for key, kept in merged.items():
        kept.fields = {k: v for k, v in kept.fields.items() if k not in disputed[key]}
    return list(merged.values())
