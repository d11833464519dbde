"""The export formats, each a small entry in one registry (a plain dict, in the spirit of datasette's
`register_output_renderer`): name, media type, file extension, a `render(context) -> bytes` and a description.

The built-in formats' renderers are imported when first used: listing the formats (the command line's help does)
loads no PDF or Office library. Descriptions are in English here; `formats.yaml` has them in the other languages.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml

from assistant.naming import slugify

if TYPE_CHECKING:
    from assistant.document import Language
    from assistant.exports.context import ExportContext

Render = Callable[["ExportContext"], bytes]
# Who an export is for: the client (plain labels only) or the team (item codes, rule names, field paths too).
Edition = Literal["client", "working"]
EDITIONS: tuple[Edition, ...] = ("client", "working")  # the first is the default
DESCRIPTIONS_FILE = Path(__file__).with_name("formats.yaml")


@cache
def _descriptions() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(DESCRIPTIONS_FILE.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Exporter:
    name: str
    media_type: str
    extension: str
    render: Render
    description: str = ""  # in English

    def describe(self, language: "Language") -> str:
        """The description in `language` (from `formats.yaml`), in English where it has none."""
        return _descriptions().get(language, {}).get(self.name) or self.description or self.name


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def builtin(module: str, function: str) -> Render:
    """`assistant.exports.<module>.<function>`, imported on the first render."""

    def render(context: "ExportContext") -> bytes:
        renderer: Render = getattr(import_module(f"assistant.exports.{module}"), function)
        return renderer(context)

    render.__qualname__ = f"{module}.{function}"
    return render


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

for _exporter in (
    Exporter("md", "text/markdown; charset=utf-8", "md", builtin("report_md", "render_markdown"), "Report (Markdown)"),
    Exporter("json", "application/json", "json", builtin("report_md", "render_json"), "Strategy document (JSON)"),
    Exporter("html", "text/html; charset=utf-8", "html", builtin("report_html", "render_html"), "Report (HTML)"),
    Exporter("pdf", "application/pdf", "pdf", builtin("report_pdf", "render_pdf"), "Report (PDF)"),
    Exporter("docx", DOCX, "docx", builtin("report_docx", "render_docx"), "Report (Word)"),
    Exporter("pptx", PPTX, "pptx", builtin("deck", "render_pptx"), "Workshop deck (PowerPoint)"),
    Exporter("canvas-svg", "image/svg+xml", "canvas.svg", builtin("canvas", "render_svg"), "Strategy canvas (SVG)"),
    Exporter("canvas-pdf", "application/pdf", "canvas.pdf", builtin("canvas", "render_pdf"), "Strategy canvas (PDF)"),
    Exporter("kit", "application/zip", "kit.zip", builtin("kit", "render_kit"), "Workshop kit (ZIP)"),
):
    register(_exporter)


def export_filename(brand: str, version: int, extension: str, *, tag: str = "", fallback: str = "strategy") -> str:
    """`cantina-aurora-v3.canvas.svg` (`cantina-aurora-v3-lavoro.pdf` with a tag, the working edition's word in
    the session's language; `fallback` for a brand name with no Latin letter or digit): ASCII letters, digits, `-`
    and `.` only, safe in a Content-Disposition header and on any file system."""
    try:
        stem = slugify(brand, limit=60)
    except ValueError:
        stem = slugify(fallback)
    stem += f"-v{int(version)}" + (f"-{slugify(tag, limit=20)}" if tag else "")  # a tag is our own word
    suffix = re.sub(r"[^a-z0-9.]+", "", extension.lower()).strip(".") or "bin"
    return f"{stem}.{suffix}"


def context_filename(context: "ExportContext", extension: str) -> str:
    """The download name of an export, in the session's language: named after the brand and version, the working
    edition tagged as such."""
    tag = context.labels["file_working"] if context.working else ""
    return export_filename(context.brand, context.version, extension, tag=tag, fallback=context.labels["file_strategy"])
