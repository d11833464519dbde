"""Field paths of the strategy document, parsed and written in one place.

A path names a section, a field, a list item and its fields the way validation messages do:
`purpose.statement`, `purpose.values[2]`, `kpis[kpi-1a2b].target`, `digital.brand_objectives[0].text`.
An item is named by its id (stable while others are removed) or by its index (as coherence findings and
validation messages name it). Edits, validation messages, history, the canvas anchors and the engine read
and write paths only through this module.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jsonpatch import JsonPointer

_STEP = re.compile(r"^(?P<name>[a-z_]+)(?:\[(?P<key>[A-Za-z0-9_-]+)\])?$")
SHAPE = "names joined by dots, each optionally followed by [id] or [index], e.g. kpis[kpi-1a2b].target"


class PathError(ValueError):
    """A string that is not a field path."""


@dataclass(frozen=True)
class Step:
    """One step of a path: a field name, and for a list, the item's index (int) or id (str)."""

    name: str
    key: int | str | None = None

    def __str__(self) -> str:
        return self.name if self.key is None else f"{self.name}[{self.key}]"


def parse(path: str) -> list[Step]:
    """`kpis[kpi-1a2b].target` -> [Step('kpis', 'kpi-1a2b'), Step('target')]; a number in brackets is an index."""
    if not path:
        raise PathError("empty path: expected " + SHAPE)
    steps = []
    for part in path.split("."):
        match = _STEP.match(part)
        if match is None:
            raise PathError(f"{path}: not a field path ({part or 'an empty step'!r} is not {SHAPE})")
        key = match["key"]
        is_index = key is not None and key.isdigit() and key == str(int(key))  # `007` stays an id
        steps.append(Step(match["name"], int(key) if is_index else key))
    return steps


def format_path(steps: Iterable[Step]) -> str:
    """The path text of some steps; the inverse of `parse`."""
    return ".".join(str(step) for step in steps)


def join(*parts: str | int) -> str:
    """`join('digital', 'brand_objectives', 0, 'text')` -> `digital.brand_objectives[0].text`.

    A string is a field name (or an already written path); an int is the index of the item before it.
    Empty names are skipped, so `join(prefix, name)` works for top-level lists (`prefix == ''`)."""
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part:
            path += f".{part}" if path else part
    return path


def item(path: str, key: int | str) -> str:
    """The path of one item of the list at `path`, by index or by id: `item('kpis', 'kpi-1a2b')`."""
    return f"{path}[{key}]"


def from_location(location: Sequence[int | str]) -> str:
    """A validation error's location `('kpis', 2, 'target')` -> `kpis[2].target` (`document` when empty)."""
    return join(*location) or "document"


def from_pointer(pointer: str) -> str:
    """A JSON Pointer (RFC 6901, as in JSON Patch) -> the field path: `/kpis/2/target` -> `kpis[2].target`."""
    parts = JsonPointer(pointer).parts
    return from_location([int(token) if token.isdigit() else token for token in parts])


def anchor(path: str) -> str:
    """An HTML id for a path (`f-kpis-2--target`), so a coherence finding can link to its field."""
    return "f-" + "".join(ch if ch.isalnum() else "-" for ch in path)
