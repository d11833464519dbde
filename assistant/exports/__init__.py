"""Exports of a saved strategy document: Markdown, JSON, HTML, PDF, DOCX, PPTX, the one-page canvas (SVG, PDF),
the workshop kit (ZIP), and JSON import.

    context = build_context(store, session_id, version, cards=knowledge_base)
    exporter = EXPORTERS["pdf"]
    data = exporter.render(context)
    name = export_filename(context.brand, context.version, exporter.extension)
"""

from assistant.exports.context import CardLookup, Citation, ExportContext, Labels, build_context, context_from_document
from assistant.exports.importing import MAX_IMPORT_BYTES, import_document
from assistant.exports.kit import build_kit
from assistant.exports.registry import EXPORTERS, KIT_EXTENSION, KIT_MEDIA_TYPE, Exporter, export_filename, register

__all__ = [
    "EXPORTERS",
    "KIT_EXTENSION",
    "KIT_MEDIA_TYPE",
    "MAX_IMPORT_BYTES",
    "CardLookup",
    "Citation",
    "ExportContext",
    "Exporter",
    "Labels",
    "build_context",
    "build_kit",
    "context_from_document",
    "export_filename",
    "import_document",
    "register",
]
