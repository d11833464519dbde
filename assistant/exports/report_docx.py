"""The report as an editable Word document (python-docx): headings, lists, tables for touchpoints and KPIs."""

import io
import re

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from assistant.exports.context import ExportContext
from assistant.exports.report import Block, build_report
from assistant.exports.text import table_widths

MUTED = RGBColor(0x5D, 0x66, 0x77)
SEVERITY = {
    "error": RGBColor(0xB4, 0x23, 0x18),
    "warning": RGBColor(0xB5, 0x47, 0x08),
    "info": RGBColor(0x17, 0x5C, 0xD3),
}


def _muted(document: Document, text: str, size: float = 9, *, italic: bool = False) -> None:
    run = document.add_paragraph().add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED
    run.italic = italic


CELL_PADDING = 4.0  # mm: Word's default cell margins, left and right


def table_text(columns: int) -> float:
    """The size in points of a table's text: smaller for a wide table, as in the PDF, so its words fit whole."""
    return 8.5 if columns > 4 else 10.0


def _column_widths(rows: list[list[str]], document: Document, size: float) -> list[float]:
    """Column widths in mm from the content (the first row is the bold header), so that Word and LibreOffice wrap
    a cell at its spaces and keep each word whole, within the page's text width."""
    section = document.sections[0]
    page = Emu(section.page_width - section.left_margin - section.right_margin).mm  # type: ignore[operator]
    return table_widths(rows, size, page, CELL_PADDING)


def _block(document: Document, block: Block, provenance_label: str) -> None:
    if block.kind == "heading":
        document.add_heading(block.text, level=block.level - 1)
    elif block.kind == "text":
        if block.style in ("empty", "muted"):
            _muted(document, block.text, 10, italic=True)
        else:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(block.text)
            if block.style == "lead":
                run.font.size = Pt(13)
    elif block.kind == "bullets":
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            document.add_paragraph(item, style=style)
    elif block.kind == "facts":
        for label, value in block.rows:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    elif block.kind == "table":
        table = document.add_table(rows=1, cols=len(block.headers))
        table.style = "Light Grid Accent 1"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        size = table_text(len(block.headers))
        rows = [block.headers, *block.rows]
        widths = _column_widths(rows, document, size)
        for number, values in enumerate(rows):
            cells = table.rows[0].cells if number == 0 else table.add_row().cells
            for cell, value, width in zip(cells, values, widths, strict=True):
                cell.width = Mm(width)
                run = cell.paragraphs[0].add_run(value)
                run.font.size = Pt(size)
        document.add_paragraph()
    elif block.kind == "findings":
        for finding in block.items:
            paragraph = document.add_paragraph(style="List Bullet")
            badge = paragraph.add_run(f"{finding.label} ")
            badge.bold = True
            badge.font.color.rgb = SEVERITY.get(finding.severity, MUTED)
            if finding.rule:
                rule = paragraph.add_run(f"({finding.rule}) ")
                rule.font.color.rgb = MUTED
            paragraph.add_run(finding.message)
            meta = " · ".join(part for part in (finding.fields, finding.card) if part)
            if meta:
                extra = paragraph.add_run(f" {meta}")
                extra.font.size = Pt(8.5)
                extra.font.color.rgb = MUTED
    else:
        _muted(document, provenance_label, 8.5)
        for line in block.lines:
            _muted(document, line, 8.5)


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (`PAGE`, `NUMPAGES`) that Word fills in as it lays the pages out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == code else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(8)


def _header_footer(document: Document, context: ExportContext, title: str) -> None:
    """Every page: the brand and the report's title at the top; the edition and "Page n of N" at the bottom."""
    labels = context.labels
    section = document.sections[0]
    head = section.header.paragraphs[0]
    run = head.add_run(f"{context.brand} · {title}")
    run.font.size, run.font.color.rgb = Pt(8), MUTED
    foot = section.footer.paragraphs[0]
    run = foot.add_run(f"{labels[f'edition_{context.edition}']} · {labels['version']} {context.version} · ")
    run.font.size, run.font.color.rgb = Pt(8), MUTED
    # "Page {n} of {total}": the words in the document's language, the numbers as Word fields
    for part in re.split(r"(\{n\}|\{total\})", labels["page"]):
        if part == "{n}":
            _field(foot, "PAGE")
        elif part == "{total}":
            _field(foot, "NUMPAGES")
        elif part:
            words = foot.add_run(part)
            words.font.size, words.font.color.rgb = Pt(8), MUTED
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def render_docx(context: ExportContext) -> bytes:
    report = build_report(context)
    document = docx.Document()
    properties = document.core_properties
    properties.title = f"{report.brand}: {report.title}"[:255]
    properties.language = context.language
    properties.author = "brandplan"
    page = document.sections[0]  # A4 with the PDF's margins (python-docx's own template is US Letter)
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Mm(18)
    _header_footer(document, context, report.title)
    _muted(document, report.title.upper(), 9)
    document.add_heading(report.brand, level=0)
    for label, value in report.meta:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    for index, section in enumerate(report.sections):
        if index == 1:  # the executive summary has the first page to itself
            document.add_page_break()  # type: ignore[no-untyped-call]
        document.add_heading(section.title, level=1)
        for block in section.blocks:
            _block(document, block, context.labels["provenance"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
