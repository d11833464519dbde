"""Reading and writing the document by field path (`digital.readiness.owners`, `kpis[kpi-1a2b].target`)."""

from typing import Any

from pydantic import BaseModel

from assistant.document import Provenance, StrategyDocument
from assistant.document.paths import Step, parse
from assistant.stages import Question


def _follow(node: Any, steps: list[Step]) -> Any:
    for step in steps:
        node = getattr(node, step.name)
        if isinstance(step.key, int):
            node = node[step.key]
        elif step.key is not None:
            node = next(item for item in node if item.id == step.key)
    return node


def read(doc: StrategyDocument, path: str) -> Any:
    return _follow(doc, parse(path))


def write(doc: StrategyDocument, path: str, value: Any, provenance: Provenance) -> None:
    """Set a field (validated by the model) and record where its value came from."""
    *parents, last = parse(path)
    owner: BaseModel = _follow(doc, parents)
    name = last.name
    if last.key is not None:
        raise ValueError(f"{path}: write names a field, not one item of a list")
    setattr(owner, name, value)
    if hasattr(owner, "provenance") and name != "provenance":
        owner.provenance = {**owner.provenance, name: provenance}


def answered(doc: StrategyDocument, question: Question) -> bool:
    """Whether the document holds a question's answer: its field is set; for an annotate question, every item
    it is about (those with its `applies_to` field set) has each field it asks for."""
    value = read(doc, question.field)
    if question.kind != "annotate":
        return value not in (None, "", [])
    about = [item for item in value if not question.applies_to or getattr(item, question.applies_to) not in (None, "")]
    return all(getattr(item, name) not in (None, "") for item in about for name in question.annotates)
