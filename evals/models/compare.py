"""Field-by-field comparison of two strategy documents, list items matched by name (ids are random)."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from assistant.document import StrategyDocument, catalogue

SKIP = catalogue.SKIPPED
REFERENCES = {f.name for f in catalogue.fields() if f.kind == "reference"}
CLOSE = 0.8  # similarity (difflib ratio of the normalised texts) counted as "close"
_ITEM = re.compile(r"^([^\[]*)\[([^\]]*)\]")


def norm(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().strip(".;,:!\"'").casefold()


def similar(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def _names(doc: StrategyDocument) -> dict[str, str]:
    """Item id -> its name or text, so references compare by what they point at."""
    referenced = tuple(dict.fromkeys(r for f in catalogue.fields() for r in f.refs))
    return {item_id: norm(title) for item_id, title in catalogue.options(doc, referenced)}


def leaves(doc: StrategyDocument) -> dict[str, list[str]]:
    """Every non-empty field as `path -> [normalised value, ...]`, list items keyed by their name."""
    names = _names(doc)
    found: dict[str, list[str]] = {}

    def walk(path: str, value: Any) -> None:
        if isinstance(value, dict):
            label = norm(value.get("name") or value.get("text") or "")
            for key, inner in value.items():
                if key in SKIP:
                    continue
                if key in REFERENCES and inner:
                    inner = names.get(inner, inner)
                walk(f"{path}[{label}].{key}" if label else f"{path}.{key}".lstrip("."), inner)
        elif isinstance(value, list):
            for inner in value:
                if isinstance(inner, dict):
                    walk(path, inner)
                elif norm(inner):
                    found.setdefault(path, []).append(norm(inner))
        elif value not in (None, "") and norm(value):
            found.setdefault(path, []).append(norm(value))

    walk("", doc.model_dump(mode="json"))
    return found


@dataclass
class Comparison:
    fields: int = 0  # values expected (the reference's)
    exact: int = 0  # found with the same normalised value at the same place
    close: int = 0  # exact, or at least CLOSE similar
    missing: int = 0  # no value at all at that place
    extra: int = 0  # values where the reference has none

    @property
    def wrong(self) -> int:
        """A value at the right place, but not close to the reference's."""
        return self.fields - self.close - self.missing

    def add(self, other: "Comparison") -> None:
        for name in ("fields", "exact", "close", "missing", "extra"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_json(self) -> dict[str, int]:
        return {
            "fields": self.fields,
            "exact": self.exact,
            "close": self.close,
            "wrong": self.wrong,
            "missing": self.missing,
            "extra": self.extra,
        }


def _align(reference: dict[str, list[str]], other: dict[str, list[str]]) -> dict[str, list[str]]:
    """Rename the other side's items to the reference item they resemble most, so a reworded name lines up."""
    ref_items = {m.group(0) for p in reference if (m := _ITEM.match(p))}
    other_items = {m.group(0) for p in other if (m := _ITEM.match(p))}
    free = set(ref_items - other_items)
    renamed: dict[str, str] = {}
    for item in sorted(other_items - ref_items):
        prefix, label = _ITEM.match(item).groups()  # type: ignore[union-attr]
        candidates = [r for r in free if r.startswith(f"{prefix}[")]
        best = max(candidates, key=lambda r: similar(label, r[len(prefix) + 1 : -1]), default=None)
        if best is not None and similar(label, best[len(prefix) + 1 : -1]) >= 0.5:
            renamed[item] = best
            free.discard(best)
    out: dict[str, list[str]] = {}
    for path, values in other.items():
        match = _ITEM.match(path)
        if match and match.group(0) in renamed:
            path = renamed[match.group(0)] + path[len(match.group(0)) :]
        out.setdefault(path, []).extend(values)
    return out


def compare_leaves(reference: dict[str, list[str]], other: dict[str, list[str]]) -> Comparison:
    other = _align(reference, other)
    result = Comparison()
    for path, values in reference.items():
        pool = list(other.get(path, []))
        for value in values:
            result.fields += 1
            if not pool:
                result.missing += 1
                continue
            best = max(pool, key=lambda v: similar(value, v))
            score = similar(value, best)
            result.exact += score == 1.0
            result.close += score >= CLOSE
            if score >= CLOSE:
                pool.remove(best)
    result.extra = sum(len(v) for p, v in other.items() if p not in reference)
    return result


def compare(reference: StrategyDocument, other: StrategyDocument) -> Comparison:
    return compare_leaves(leaves(reference), leaves(other))


def changes(before: StrategyDocument, after: StrategyDocument) -> dict[str, list[str]]:
    """The values `after` has that `before` did not, per path."""
    old, new = leaves(before), leaves(after)
    out: dict[str, list[str]] = {}
    for path, values in new.items():
        rest = list(old.get(path, []))
        for value in values:
            if value in rest:
                rest.remove(value)
            else:
                out.setdefault(path, []).append(value)
    return out
