"""Turn raw JSON into a strategy document, reporting problems as field-addressed lines."""

import json
from typing import Any

from pydantic import ValidationError

from assistant.document import StrategyDocument
from assistant.document.paths import from_location


class DocumentInvalid(ValueError):
    """A document failed validation; `problems` holds one `path: message` line per fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def describe(error: ValidationError) -> list[str]:
    """One readable line per validation fault, addressed by its field path."""
    lines = []
    for item in error.errors(include_url=False):
        context = item.get("ctx") or {}
        if item["type"] == "broken_reference":
            lines.extend(context["problems"])
            continue
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field"
        lines.append(f"{from_location(item['loc'])}: {message}")
    return lines


def parse_document(data: Any) -> StrategyDocument:
    """Validate a decoded JSON value as a strategy document, or raise `DocumentInvalid`."""
    try:
        return StrategyDocument.model_validate(data)
    except ValidationError as error:
        raise DocumentInvalid(describe(error)) from None


def parse_document_json(text: str | bytes, *, name: str = "document") -> StrategyDocument:
    """Validate JSON text as a strategy document, or raise `DocumentInvalid` (problems with the file as a whole
    are named after `name`, the file's name when there is one)."""
    try:
        data = json.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    except UnicodeDecodeError as error:
        raise DocumentInvalid([f"{name}: not UTF-8 text (byte {error.start}); save it as UTF-8 JSON"]) from None
    except json.JSONDecodeError as error:
        raise DocumentInvalid([f"{name}: not valid JSON ({error.msg} at line {error.lineno})"]) from None
    except RecursionError:  # the C parser's own depth guard, hit long before any strategy document's depth
        raise DocumentInvalid([f"{name}: nested too deeply to be a strategy document"]) from None
    return parse_document(data)
