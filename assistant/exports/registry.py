"""The export formats, each a small entry in one registry (a plain dict, in the spirit of datasette's
`register_output_renderer`): name, media type, file extension and a `render(context) -> bytes`."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.exports import canvas, deck, report_docx, report_html, report_md, report_pdf
from assistant.exports.context import ExportContext
from assistant.naming import slugify

Render = Callable[[ExportContext], bytes]


@dataclass(frozen=True)
class Exporter:
    name: str
    media_type: str
    extension: str
    render: Render
    description: str = ""


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


for _exporter in (
    Exporter("md", "text/markdown; charset=utf-8", "md", report_md.render_markdown, "Report (Markdown)"),
    Exporter("json", "application/json", "json", report_md.render_json, "Strategy document (JSON)"),
    Exporter("html", "text/html; charset=utf-8", "html", report_html.render_html, "Report (HTML)"),
    Exporter("pdf", "application/pdf", "pdf", report_pdf.render_pdf, "Report (PDF)"),
    Exporter(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        report_docx.render_docx,
        "Report (Word)",
    ),
    Exporter(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
        deck.render_pptx,
        "Workshop deck (PowerPoint)",
    ),
    Exporter("canvas-svg", "image/svg+xml", "canvas.svg", canvas.render_svg, "Strategy canvas (SVG)"),
    Exporter("canvas-pdf", "application/pdf", "canvas.pdf", canvas.render_pdf, "Strategy canvas (PDF)"),
):
    register(_exporter)

KIT_MEDIA_TYPE = "application/zip"
KIT_EXTENSION = "kit.zip"


def export_filename(brand: str, version: int, extension: str) -> str:
    """`cantina-aurora-v3.canvas.svg`: ASCII letters, digits, `-` and `.` only, safe in a Content-Disposition
    header and on any file system."""
    try:
        stem = slugify(brand, limit=60)
    except ValueError:
        stem = "strategy"
    suffix = re.sub(r"[^a-z0-9.]+", "", extension.lower()).strip(".") or "bin"
    return f"{stem}-v{int(version)}.{suffix}"
