"""The names of the document's sections, fields and choice values in each language (`labels.yaml`).

One file for every reader: the canvas page shows the name as written, the exports print it with a capital
first letter, a reply names it inside a sentence with a lower-case one; an entry says otherwise for a
language under `export` or `reply`.
"""

from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml

from assistant.document.models import Language

Group = Literal["sections", "fields", "values"]
Surface = Literal["canvas", "export", "reply"]


@cache
def _labels() -> dict[str, dict[str, dict[str, Any]]]:
    text = files("assistant.document").joinpath("labels.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load(text)
    return data


def _shaped(text: str, surface: Surface) -> str:
    if surface == "export":
        return text[:1].upper() + text[1:]
    if surface == "reply":
        return text[:1].lower() + text[1:]
    return text


def known(group: Group, key: str, language: Language, *, surface: Surface = "canvas") -> str | None:
    """The name of a section, field or value, or None when the file has none (a team's own words)."""
    entry = _labels()[group].get(key)
    if entry is None:
        return None
    if surface != "canvas" and language in entry.get(surface, {}):
        return str(entry[surface][language])
    return _shaped(str(entry[language]), surface)


def label(group: Group, key: str, language: Language, *, surface: Surface = "canvas") -> str:
    """The name of a section, field or value; `KeyError` when the file has none."""
    found = known(group, key, language, surface=surface)
    if found is None:
        raise KeyError(f"{group}.{key} has no label in assistant/document/labels.yaml")
    return found


def keys(group: Group) -> list[str]:
    return list(_labels()[group])
