"""What a version changed, in words a team reads: each field's name in the session's language, its value
before and after, and one line for the version history ("Sam changed the target of “Club members”")."""

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from assistant.document import catalogue
from assistant.document.history import changed_fields
from assistant.document.labels import known
from assistant.document.models import Language, StrategyDocument
from assistant.document.paths import Step, format_path, parse


@dataclass(frozen=True)
class Change:
    path: str  # the field or item that changed (`kpis[0].target`, `purpose.values`, `touchpoints[2]`)
    label: str  # its name ("target of “Club members”")
    before: str  # its value as people read it; "" when it had none
    after: str


@cache
def _wording() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(
        files("assistant.document").joinpath("changes.yaml").read_text(encoding="utf-8")
    )
    return data


def say(key: str, language: Language, **values: Any) -> str:
    return _wording()[key][language].format(**values)


def changes(old: StrategyDocument, new: StrategyDocument, language: Language) -> list[Change]:
    """The fields and items that differ, each once, in document order, without the provenance bookkeeping."""
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    found: dict[str, Change] = {}
    for path in changed_fields(old, new):
        if "provenance" in path:
            continue
        place = _place(parse(path), before, after)
        if place not in found:
            found[place] = Change(
                place,
                _label(place, before, after, language),
                _readable(_value(before, place), language),
                _readable(_value(after, place), language),
            )
    return list(found.values())


def describe(found: list[Change], *, who: str, language: Language) -> str:
    """One line for the version history."""
    who = who or say("assistant", language)
    if not found:
        return say("nothing", language, who=who)
    first = found[0]
    whole = parse(first.path)[-1].key is not None  # an item added or removed whole
    kind = "changed" if not whole else "added" if not first.before else "removed" if not first.after else "changed"
    line = say(kind, language, who=who, what=first.label)
    if len(found) == 1:
        return line
    return say("one_more" if len(found) == 2 else "more", language, line=line, n=len(found) - 1)


def _place(steps: list[Step], before: dict[str, Any], after: dict[str, Any]) -> str:
    """The path a person thinks of as one field: a list of words whole (`purpose.values`, not one entry),
    an item's field (`kpis[0].target`), or an item added or removed whole (`kpis[2]`)."""
    for cut, step in enumerate(steps):
        whole = format_path([*steps[:cut], Step(step.name)])
        value = _value(after, whole)
        if value is None:
            value = _value(before, whole)
        if isinstance(value, list) and not any(isinstance(v, dict) for v in value):
            return whole
    return format_path(steps)


def _value(data: Any, path: str) -> Any:
    node = data
    for step in parse(path):
        try:
            node = node[step.name]
            if step.key is not None:
                node = node[int(step.key)]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return node


def _label(path: str, before: dict[str, Any], after: dict[str, Any], language: Language) -> str:
    steps = parse(path)
    if steps[-1].key is not None:  # an item added or removed whole: its title
        item = _value(after, path) or _value(before, path) or {}
        return say("new_item", language, item=_title(steps, item))
    name = steps[-1].name
    field = known("fields", name, language, surface="reply") or known("sections", name, language) or name
    keyed = [i for i, step in enumerate(steps) if step.key is not None]
    if not keyed:
        return field
    item_steps = steps[: keyed[-1] + 1]
    item = _value(after, format_path(item_steps)) or _value(before, format_path(item_steps)) or {}
    return say("of_item", language, field=field, item=_title(item_steps, item))


def _title(item_steps: list[Step], item: Any) -> str:
    """An item's own name (`name`, or `text` for an objective)."""
    spec = catalogue.list_at(format_path([*item_steps[:-1], Step(item_steps[-1].name)]))
    if spec is None or not isinstance(item, dict):
        return str(item)
    return str(item.get(spec.title) or item.get("id") or "")


def _readable(value: Any, language: Language) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return "; ".join(_readable(v, language) for v in value)
    if isinstance(value, dict):
        shown = {k: v for k, v in value.items() if k not in ("id", "provenance") and v not in (None, "", [])}
        return "; ".join(f"{known('fields', k, language) or k}: {_readable(v, language)}" for k, v in shown.items())
    text = str(value)
    return known("values", text, language) or text
