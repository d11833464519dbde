"""Reading and writing the document by dotted field path (`digital.readiness.owners`)."""

from typing import Any

from pydantic import BaseModel

from assistant.document import Provenance, StrategyDocument


def read(doc: StrategyDocument, path: str) -> Any:
    node: Any = doc
    for name in path.split("."):
        node = getattr(node, name)
    return node


def write(doc: StrategyDocument, path: str, value: Any, provenance: Provenance) -> None:
    """Set a field (validated by the model) and record where its value came from."""
    *parents, name = path.split(".")
    owner: BaseModel = doc
    for part in parents:
        owner = getattr(owner, part)
    setattr(owner, name, value)
    if hasattr(owner, "provenance") and name != "provenance":
        owner.provenance = {**owner.provenance, name: provenance}
