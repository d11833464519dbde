"""The report as a PDF (fpdf2, Noto Sans embedded: no system fonts or packages needed)."""

from fpdf.enums import TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from assistant.exports.context import ExportContext
from assistant.exports.fonts import FAMILY
from assistant.exports.pdfbase import Pdf, hex_rgb
from assistant.exports.report import Block, Report, build_report
from assistant.exports.text import table_widths, wrap

INK, MUTED, ACCENT, LINE, SOFT = "#1d2433", "#5d6677", "#1f5f8b", "#d9dde5", "#f3f6f9"
SEVERITY = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
BODY = 10.0


class ReportPdf(Pdf):
    def __init__(self, context: ExportContext, report: Report):
        super().__init__(orientation="portrait", format="A4")
        self.context = context
        self.report = report
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(f"{report.brand}: {report.title}")
        self.set_lang(context.language)
        self.alias_nb_pages()
        self.note = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*hex_rgb(MUTED))
        page = self.context.labels("page", n=self.page_no(), total="{nb}")
        self.cell(0, 5, self.t(f"{self.report.brand} · {self.report.title}"), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, page, align="R")

    # blocks

    def lines(self, text: str, height: float, *, indent: float = 0.0) -> None:
        """Text in the current font, wrapped here (linear time, whatever the text) and set line by line."""
        bold = "B" in self.font_style
        for line in wrap(self.t(text), self.epw - indent - 0.5, self.font_size_pt, bold=bold) or [""]:
            self.set_x(self.l_margin + indent)
            self.cell(self.epw - indent, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def write_text(
        self, text: str, size: float = BODY, *, bold: bool = False, color: str = INK, gap: float = 1.5
    ) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*hex_rgb(color))
        self.lines(text, size * 0.5)
        self.ln(gap)

    def block(self, block: Block) -> None:
        if block.kind == "heading":
            size = 11.5 if block.level == 3 else 10
            if self.will_page_break(20):
                self.add_page()
            self.ln(1.5)
            self.write_text(block.text, size, bold=True, color=INK if block.level == 3 else MUTED, gap=0.5)
        elif block.kind == "text":
            if block.style == "lead":
                self.write_text(block.text, 12)
            elif block.style in ("muted", "empty"):
                self.write_text(block.text, BODY, color=MUTED)
            else:
                self.write_text(block.text)
        elif block.kind == "bullets":
            self.set_font(FAMILY, "", BODY)
            for number, item in enumerate(block.items, start=1):
                self.set_text_color(*hex_rgb(INK))
                mark = f"{number}." if block.ordered else "•"
                self.cell(6, 5, mark)
                self.lines(item, 5, indent=6)
                self.ln(0.6)
            self.ln(1.5)
        elif block.kind == "facts":
            for label, value in block.rows:
                self.set_font(FAMILY, "B", BODY)
                self.set_text_color(*hex_rgb(INK))
                self.lines(label, 5)
                self.set_font(FAMILY, "", BODY)
                self.lines(value, 5)
                self.ln(1)
            self.ln(1)
        elif block.kind == "table":
            self.set_font(FAMILY, "", 8.5 if len(block.headers) > 4 else 9.5)
            self.set_text_color(*hex_rgb(INK))
            self.set_draw_color(*hex_rgb(LINE))
            self.set_line_width(0.2)
            heading = FontFace(family=FAMILY, emphasis="BOLD", color=hex_rgb(INK), fill_color=hex_rgb(SOFT))
            padding = 1.2
            table_width = self.epw * (0.6 if block.compact else 1.0)
            rows = [[self.t(value) for value in row] for row in (block.headers, *block.rows)]
            widths = table_widths(rows, self.font_size_pt, table_width, 2 * padding + 0.6)
            limits = [w - 2 * padding - 0.6 for w in widths]

            def cells(values: list[str], bold: bool) -> list[str]:
                size = self.font_size_pt
                return [
                    "\n".join(wrap(v, limit, size, bold=bold, hyphen=True))
                    for v, limit in zip(values, limits, strict=True)
                ]

            with self.table(
                col_widths=tuple(widths),
                headings_style=heading,
                line_height=self.font_size * 1.35,
                padding=padding,
                text_align="LEFT",
                cell_fill_mode=TableCellFillMode.NONE,
                first_row_as_headings=True,
                repeat_headings=1,
                width=table_width,
                align="LEFT",
            ) as table:
                table.row(cells(rows[0], True))
                for values in rows[1:]:
                    table.row(cells(values, False))
            self.ln(3)
        elif block.kind == "findings":
            for finding in block.items:
                if self.will_page_break(14):
                    self.add_page()
                top = self.get_y()
                self.set_x(self.l_margin + 3)
                self.set_font(FAMILY, "B", 8)
                self.set_text_color(*hex_rgb(SEVERITY.get(finding.severity, MUTED)))
                badge = "  ·  ".join(part for part in (finding.label.upper(), finding.rule) if part)
                self.cell(0, 4.5, self.t(badge), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.set_font(FAMILY, "", BODY)
                self.set_text_color(*hex_rgb(INK))
                self.lines(finding.message, 5, indent=3)
                meta = " · ".join(part for part in (finding.fields, finding.card) if part)
                if meta:
                    self.set_font(FAMILY, "", 8)
                    self.set_text_color(*hex_rgb(MUTED))
                    self.lines(meta, 4, indent=3)
                bottom = self.get_y()
                if self.page_no() and bottom > top:
                    self.set_fill_color(*hex_rgb(SEVERITY.get(finding.severity, MUTED)))
                    self.rect(self.l_margin, top, 1.2, bottom - top, style="F")
                self.ln(2.5)
        else:  # provenance
            self.ln(1)
            self.set_draw_color(*hex_rgb(LINE))
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.ln(1.5)
            self.set_font(FAMILY, "B", 8)
            self.set_text_color(*hex_rgb(MUTED))
            self.cell(0, 4, self.t(self.context.labels["provenance"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_font(FAMILY, "", 8)
            for line in block.lines:
                self.lines(line, 4)
            self.ln(2)

    def build(self) -> None:
        report = self.report
        self.add_page()
        self.set_font(FAMILY, "B", 9)
        self.set_text_color(*hex_rgb(ACCENT))
        self.cell(0, 5, self.t(report.title.upper()), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.write_text(report.brand, 22, bold=True, gap=2)
        self.set_font(FAMILY, "", 9)
        for label, value in report.meta:
            self.set_text_color(*hex_rgb(MUTED))
            self.cell(32, 5, self.t(label))
            self.set_text_color(*hex_rgb(INK))
            self.lines(value, 5, indent=32)
        self.ln(2)
        self.set_draw_color(*hex_rgb(ACCENT))
        self.set_line_width(0.8)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_line_width(0.2)
        self.ln(4)
        for index, section in enumerate(report.sections):
            if index == 1 or (index and self.will_page_break(40)):  # the summary has the first page to itself
                self.add_page()
            self.ln(3)
            self.write_text(section.title, 16, bold=True, color=ACCENT, gap=1)
            for block in section.blocks:
                self.block(block)
        if self.note:
            self.ln(4)
            self.write_text(self.note, 8.5, color=MUTED)


def render_pdf(context: ExportContext) -> bytes:
    pdf = ReportPdf(context, build_report(context))
    pdf.note = context.glyph_note  # characters the font lacks come out as U+FFFD: the report says so at its end
    pdf.build()
    return pdf.bytes()
