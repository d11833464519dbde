"""What changed between two versions of a strategy document."""

from typing import Any

import jsonpatch

from assistant.document import StrategyDocument
from assistant.document.paths import from_pointer


def json_patch(old: StrategyDocument, new: StrategyDocument) -> list[dict[str, Any]]:
    """RFC 6902 operations that turn `old` into `new`."""
    patch = jsonpatch.make_patch(old.model_dump(mode="json"), new.model_dump(mode="json"))
    return list(patch)


def changed_fields(old: StrategyDocument, new: StrategyDocument) -> list[str]:
    """The changed fields as readable paths (`touchpoints[0].channel`), in document order, once each."""
    return patched_fields(json_patch(old, new))


def patched_fields(patch: list[dict[str, Any]]) -> list[str]:
    """The fields a JSON Patch touches, as readable paths, once each."""
    paths: list[str] = []
    for operation in patch:
        for pointer in (operation.get("from"), operation["path"]):
            if pointer is None:
                continue
            path = from_pointer(pointer)
            if path not in paths:
                paths.append(path)
    return paths
