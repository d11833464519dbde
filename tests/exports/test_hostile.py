"""A document built to break renderers: very long values, 40 touchpoints, Markdown, HTML and scripts in its text,
control and non-Latin characters. Every format renders it, escapes it, and hides nothing silently."""

import re
from collections.abc import Iterator

import pytest

from assistant.exports import EXPORTERS, ExportContext, context_from_document
from assistant.exports.canvas import layout
from assistant.exports.text import PT_TO_MM, width
from tests.exports.conftest import read, read_svg
from tests.exports.documents import SCRIPT, hostile_document

FORMATS = sorted(EXPORTERS)


@pytest.fixture(scope="module")
def context() -> ExportContext:
    return context_from_document(hostile_document(), version=7)


@pytest.fixture(scope="module")
def rendered(context: ExportContext) -> Iterator[dict[str, bytes]]:
    yield {name: exporter.render(context) for name, exporter in EXPORTERS.items()}


@pytest.mark.parametrize("format_name", FORMATS)
def test_renders_and_reads_back(rendered: dict[str, bytes], schema: dict[str, object], format_name: str) -> None:
    text = read(format_name, rendered[format_name], schema)
    tags = set(re.findall(r"TP\d\d", text))
    assert len(tags) == 40 if not format_name.startswith("canvas") else tags  # the canvas may count some in "+N"
    if format_name != "pdf" and not format_name.startswith("canvas"):  # PDFs draw CJK as U+FFFD, and say so
        assert "日本語" in text
    assert "Ελληνικά" in text


@pytest.mark.parametrize("format_name", ["html", "canvas-svg", "md"])
def test_markup_in_the_text_stays_text(rendered: dict[str, bytes], format_name: str) -> None:
    raw = rendered[format_name].decode("utf-8")
    if format_name == "md":  # rendered by a CommonMark renderer that passes raw HTML, the text stays literal
        from markdown_it import MarkdownIt

        raw = MarkdownIt("commonmark").render(raw)
        assert "**bold**" in raw and "<strong>bold</strong>" not in raw
        assert 'href="javascript' not in raw
    assert "<script" not in raw.lower()
    assert "<b>html</b>" not in raw
    assert "&lt;script&gt;" in raw


def test_office_files_keep_the_literal_text(rendered: dict[str, bytes], schema: dict[str, object]) -> None:
    for format_name in ("docx", "pptx"):
        text = read(format_name, rendered[format_name], schema)
        assert SCRIPT in text, format_name
        assert "\x07" not in text


def test_pdfs_say_when_characters_cannot_be_drawn(rendered: dict[str, bytes], schema: dict[str, object]) -> None:
    for format_name in ("pdf", "canvas-pdf"):
        text = read(format_name, rendered[format_name], schema)
        assert "\ufffd" in text
        assert "HTML, DOCX" in text, f"{format_name} should explain the replaced characters"


def test_every_touchpoint_is_on_the_canvas_or_counted(context: ExportContext, rendered: dict[str, bytes]) -> None:
    canvas = layout(context)
    svg_text = read_svg(rendered["canvas-svg"])
    touchpoints = context.display.touchpoints
    seen: set[str] = set()
    counted = 0
    for cell in canvas.cells:
        if not (cell.key.startswith("grid:") or cell.key == "unplaced"):
            continue
        shown = {tag for line in cell.fitted.lines for tag in re.findall(r"TP\d\d", line.text)}
        markers = [line.text for line in cell.fitted.lines if line.marker]
        if cell.fitted.hidden:
            assert any(f"+{cell.fitted.hidden} more" in m for m in markers), markers
        seen |= shown
        counted += cell.fitted.hidden
        for tag in shown:
            assert tag in svg_text
    assert len(seen) + counted == len(touchpoints) == 40


def test_canvas_text_stays_inside_its_cells(context: ExportContext) -> None:
    canvas = layout(context)
    for cell in canvas.cells:
        fitted = cell.fitted
        for line in fitted.lines:
            bottom = cell.content_y + line.top + line.size * PT_TO_MM * 1.3
            assert bottom <= cell.y + cell.h + 0.01, (cell.key, line.text[:40])
            assert width(line.text, line.size, bold=line.bold) <= fitted.column_width + 0.01, cell.key
            right = cell.content_x + fitted.column_x(line.column) + fitted.column_width
            assert right <= cell.x + cell.w + 0.01
        assert fitted.hidden == 0 or any(line.marker for line in fitted.lines)
    cut = [cell for cell in canvas.cells if cell.fitted.cut]
    assert any(cell.key == "purpose" for cell in cut), "the 4000-character purpose continues in the report"
    purpose = next(cell for cell in canvas.cells if cell.key == "purpose")
    assert context.labels["continued"] in purpose.fitted.lines[-1].text


def test_json_of_the_hostile_document_is_exact(context: ExportContext, rendered: dict[str, bytes]) -> None:
    from assistant.document.validation import parse_document_json

    assert parse_document_json(rendered["json"]) == context.document
