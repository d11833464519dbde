"""The interface text catalogue (`web/i18n.yaml`), looked up per language; the names of the document's
sections, fields and values come from the document's own labels (`assistant/document/labels.yaml`)."""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from starlette.requests import Request

from assistant.document import Language, labels

CATALOGUE = Path(__file__).with_name("i18n.yaml")


@lru_cache
def _catalogue() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return data


def page_language(request: Request) -> Language:
    """The language of a page outside a session: the visitor's choice (`?lang=it`, or the cookie it set)."""
    return "it" if request.cookies.get("lang") == "it" or request.query_params.get("lang") == "it" else "en"


def translator(language: Language) -> "Translator":
    return Translator(language)


class Translator:
    def __init__(self, language: Language):
        self.language = language

    def __call__(self, key: str, **values: Any) -> str:
        text = str(_catalogue()[key][self.language])
        return text.format(**values) if values else text

    def section(self, key: str) -> str:
        return labels.label("sections", key, self.language)

    def enum(self, value: str) -> str:
        return labels.label("values", value, self.language)

    def field(self, key: str) -> str:
        return labels.known("fields", key, self.language) or key.replace("_", " ")
