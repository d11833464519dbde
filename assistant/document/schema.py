"""The published JSON Schema of the strategy document (committed beside this module)."""

import json
from pathlib import Path
from typing import Any

from assistant.document import StrategyDocument

SCHEMA_FILE = Path(__file__).with_name("strategy.schema.json")


def document_schema() -> dict[str, Any]:
    schema = StrategyDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://brandplan.local/schema/strategy.schema.json"
    return schema


def schema_json() -> str:
    """The schema as stable, indented JSON text, exactly as committed."""
    return json.dumps(document_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
