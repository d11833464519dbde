"""Exports of a saved strategy document: Markdown, JSON, HTML, PDF, DOCX, PPTX, the one-page canvas (SVG, PDF),
the workshop kit (ZIP), and JSON import.

    context = build_context(store, session_id, version, cards=knowledge_base, stages=stage_book, edition="client")
    exporter = EXPORTERS["pdf"]
    data = exporter.render(context)
    name = context_filename(context, exporter.extension)

The client edition (the default) reads in plain words; the working edition keeps item codes, rule names and field
paths for the team.

Each name below is imported from its module when first asked for, so `assistant.exports.registry` alone (the
command line's list of formats) loads no PDF or Office library.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.exports.context import (
        CardLookup,
        Citation,
        ExportContext,
        Labels,
        build_context,
        context_from_document,
    )
    from assistant.exports.importing import MAX_IMPORT_BYTES, import_document
    from assistant.exports.kit import build_kit
    from assistant.exports.registry import EXPORTERS, Exporter, context_filename, export_filename, register

_MODULES = {
    "CardLookup": "context",
    "Citation": "context",
    "ExportContext": "context",
    "Labels": "context",
    "build_context": "context",
    "context_from_document": "context",
    "MAX_IMPORT_BYTES": "importing",
    "import_document": "importing",
    "build_kit": "kit",
    "EXPORTERS": "registry",
    "Exporter": "registry",
    "context_filename": "registry",
    "export_filename": "registry",
    "register": "registry",
}

__all__ = [
    "EXPORTERS",
    "MAX_IMPORT_BYTES",
    "CardLookup",
    "Citation",
    "ExportContext",
    "Exporter",
    "Labels",
    "build_context",
    "build_kit",
    "context_filename",
    "context_from_document",
    "export_filename",
    "import_document",
    "register",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"assistant.exports.{_MODULES[name]}"), name)
