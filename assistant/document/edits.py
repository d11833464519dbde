"""Structured edits of the strategy document: set, add or remove a field or a list item by path.

Paths read like validation messages: `purpose.statement`, `purpose.values[2]`, and list items of the
id-carrying lists by id or index: `touchpoints[tp-1a2b].owner`, `kpis[0]`. Every edit is validated as a
whole document, so a bad value gets the same field-addressed message as a bad import.

An edit may name the version it was made on (`base_version`, like HTTP's If-Match): it is refused when its
own field changed since, and applied on the latest version when only other fields did.
"""

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.document import StrategyDocument, catalogue
from assistant.document.paths import PathError, Step, parse
from assistant.document.validation import parse_document


class Edit(BaseModel):
    """One change made directly on the canvas (or through the API)."""

    model_config = ConfigDict(extra="forbid")

    op: Literal["set", "add", "remove"]
    path: str = Field(max_length=200)
    value: Any = None
    base_version: int | None = Field(default=None, ge=1, description="The document version the edit was made on.")


class EditError(ValueError):
    """The path names nothing in the document, or the operation does not fit it."""


class EditConflict(Exception):
    """The edited field changed after the version the edit was made on; the edit was not applied."""

    def __init__(self, path: str, *, current: Any, version: int):
        now = json.dumps(current, ensure_ascii=False)
        super().__init__(
            f"{path} was changed by someone else meanwhile: it is now {now} (version {version}); "
            "your edit was not saved"
        )
        self.path = path
        self.current = current
        self.version = version


def _steps(path: str) -> list[Step]:
    try:
        return parse(path)
    except PathError as error:
        raise EditError(str(error)) from None


def _index(items: list[Any], key: int | str, path: str) -> int:
    key = str(key)
    if key.isdigit() and int(key) < len(items):
        return int(key)
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("id") == key:
            return index
    raise EditError(f"{path}: no item {key!r}")


def _locate(data: dict[str, Any], path: str) -> tuple[Any, str | int]:
    """The container that holds the addressed value, and the name or index inside it."""
    steps = _steps(path)
    node: Any = data
    for position, step in enumerate(steps):
        name, key = step.name, step.key
        last = position == len(steps) - 1
        if not isinstance(node, dict) or name not in node or name == "provenance":
            raise EditError(f"{path}: no field {name!r}")
        if key is None:
            if last:
                return node, name
            node = node[name]
            continue
        items = node[name]
        if not isinstance(items, list):
            raise EditError(f"{path}: {name} is not a list")
        index = _index(items, key, path)
        if last:
            return items, index
        node = items[index]
    raise EditError(f"{path}: empty path")


def _mark_user(container: dict[str, Any], name: str) -> None:
    if "provenance" in container:
        container["provenance"][name] = {"kind": "user"}


def _drop_references(data: dict[str, Any], collection: str, removed_id: str) -> None:
    """Clear the references to a removed item (a KPI that measured a removed touchpoint measures nothing)."""
    for spec, reference in catalogue.references_to(collection):
        items: Any = data
        for name in spec.path.split("."):
            items = items[name]
        for item in items:
            if item.get(reference.name) == removed_id:
                item[reference.name] = None


def _edit_field(container: dict[str, Any], name: str, edit: Edit) -> None:
    current = container[name]
    if edit.op == "set":
        container[name] = edit.value
        _mark_user(container, name)
    elif edit.op == "add":
        if not isinstance(current, list):
            raise EditError(f"{edit.path}: can only add to a list")
        value = edit.value
        if isinstance(value, dict):  # a new item: every field it brings comes from the user
            value = {**value, "provenance": {k: {"kind": "user"} for k in value if k not in ("id", "provenance")}}
        current.append(value)
    else:
        container[name] = [] if isinstance(current, list) else "" if isinstance(current, str) else None


def _edit_item(data: dict[str, Any], items: list[Any], index: int, edit: Edit) -> None:
    if edit.op == "add":
        raise EditError(f"{edit.path}: add to the list itself, not to one of its items")
    if edit.op == "set":
        if isinstance(items[index], dict) and isinstance(edit.value, dict):
            items[index] = {**items[index], **edit.value}
            for name in edit.value:  # what the team sets on an item (a move on the board) is theirs
                if name not in ("id", "provenance"):
                    _mark_user(items[index], name)
        else:
            items[index] = edit.value
        return
    removed = items.pop(index)
    if isinstance(removed, dict) and "id" in removed:
        _drop_references(data, _steps(edit.path)[-1].name, removed["id"])


def apply_edit(document: StrategyDocument, edit: Edit) -> StrategyDocument:
    """The document with the edit applied; raises `EditError` or `DocumentInvalid` (field-addressed)."""
    data = document.model_dump(mode="json")
    container, name = _locate(data, edit.path)
    if isinstance(container, list):
        assert isinstance(name, int)
        _edit_item(data, container, name, edit)
    else:
        assert isinstance(name, str)
        _edit_field(container, name, edit)
    return parse_document(data)  # raises DocumentInvalid with field-addressed problems


def check_base(base: StrategyDocument, latest: StrategyDocument, edit: Edit, *, version: int) -> None:
    """Raise `EditConflict` when the value the edit replaces or removes differs between `base` and `latest`.

    Adding to a list conflicts with nothing: each addition lands on the latest list.
    """
    if edit.op == "add":
        return
    before, now = _value_at(base, edit.path), _value_at(latest, edit.path)
    if before != now:
        raise EditConflict(edit.path, current=None if now is _MISSING else now, version=version)


_MISSING = object()


def _value_at(document: StrategyDocument, path: str) -> Any:
    try:
        container, name = _locate(document.model_dump(mode="json"), path)
    except EditError:
        return _MISSING
    return container[name]
