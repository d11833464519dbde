"""A strategy document with every field of the catalogue filled and every list holding two items."""

from typing import Any

from assistant.document import StrategyDocument, catalogue
from assistant.document.catalogue import FieldSpec

ITEMS = 2


def item_id(list_name: str, number: int) -> str:
    return f"{catalogue.lists()[list_name].prefix}-test{number}"


def value_for(spec: FieldSpec, number: int = 1) -> Any:
    """A value for a field, distinct for every field and item (`number` is the item's, 1-based)."""
    where = spec.path.replace(".", " ").replace("_", " ")
    if spec.kind in ("text", "long"):
        return f"Filled {where} {number}"
    if spec.kind == "lines":
        return [f"First {where}", f"Second {where}"]
    if spec.kind == "choice":
        return spec.values[0]
    if spec.kind == "reference":
        return item_id(spec.refs[-1], 1)
    raise AssertionError(f"no value for a {spec.kind} field")


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[name] = value


def full_data() -> dict[str, Any]:
    data: dict[str, Any] = {}
    for section in catalogue.sections():
        for spec in section.fields:
            _put(data, spec.path, value_for(spec))
        for listed in section.lists:
            items = [
                {"id": item_id(listed.name, n), **{f.name: value_for(f, n) for f in listed.fields}}
                for n in range(1, ITEMS + 1)
            ]
            _put(data, listed.path, items)
    return data


def full_document() -> StrategyDocument:
    return StrategyDocument.model_validate(full_data())
