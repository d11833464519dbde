"""The one-page strategy canvas: one layout, drawn as SVG, as PDF and on a slide.

The layout works in millimetres on an A3 landscape page. Each cell's text is wrapped with the PDF font's metrics;
a cell shrinks its type to fit and, at the smallest size, shows as much as fits and then a visible marker
("(+N more)", "…continued in the report"). Empty cells show the question they are waiting for.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.document import EngagementLevel, JourneyStage, StrategyDocument, Touchpoint
from assistant.exports.canvas_shapes import (
    ACCENT,
    INK,
    LINE,
    MUTED,
    PAPER,
    PROMPT,
    SOFT,
    Box,
    Canvas,
    Cell,
    Label,
    Pen,
    Style,
    baseline,
    draw_lines,
    text_cell,
)
from assistant.exports.context import ExportContext, Labels
from assistant.exports.report import RELATIONSHIP, objective_refs, ranked, tally
from assistant.exports.text import LEADING, PT_TO_MM, Entry, Para, fit, width

if TYPE_CHECKING:
    from assistant.exports.pdfbase import Pdf

LEVEL_TINTS = ("#f6f8fb", "#eef3f8", "#e6eef6", "#dde8f3", "#d3e2f0")  # promotional (lowest) .. co-creation
MODE_COLOURS = {  # chip fill and border by interaction mode
    "broadcast": ("#eef0f3", "#b9c1cc"),
    "dialogue": ("#e4eefa", "#8db2dc"),
    "enabling": ("#e4f3e9", "#8fc5a1"),
    None: ("#ffffff", LINE),
}
STAGES = list(JourneyStage)
LEVELS = list(reversed(EngagementLevel))  # co-creation on top

A3 = (420.0, 297.0)


def layout(context: ExportContext, size: tuple[float, float] = A3, *, scale: float = 1.0, note: str = "") -> Canvas:
    """The canvas of `context` on a page of `size` mm; `note` is an extra footer line (e.g. missing glyphs)."""
    labels, doc = context.labels, context.display
    width, height = size
    more: Callable[[int], str] = lambda n: labels("more", n=n)  # noqa: E731
    pen = Pen(Canvas(width, height), Style(scale), labels, more, labels["continued"])
    style = pen.style
    margin = style.mm(10)
    gap = style.mm(3)
    pen.canvas.boxes.append(Box(0, 0, width, height, fill=PAPER, stroke=PAPER, radius=0, stroke_width=0))
    header_bottom = _header(pen, context, margin)

    footer_h = style.mm(7)
    usable_top = header_bottom + style.mm(3.5)
    usable_bottom = height - margin - footer_h
    usable_h = usable_bottom - usable_top
    inner_w = width - 2 * margin
    top_h = usable_h * 0.27
    _top_row(pen, doc, (margin, usable_top, inner_w, top_h), gap)
    bottom_h = usable_h * 0.22
    bottom_y = usable_bottom - bottom_h
    _bottom_row(pen, context, (margin, bottom_y, inner_w, bottom_h), gap)
    grid_y = usable_top + top_h + gap
    _touchpoint_grid(pen, doc, (margin, grid_y, inner_w, bottom_y - gap - grid_y))
    _footer(pen, context, margin, note)
    return pen.canvas


def _header(pen: Pen, context: ExportContext, margin: float) -> float:
    """The kicker and the brand's name on the left, its facts and the version on the right, a rule below;
    returns where the rule is."""
    canvas, style, labels = pen.canvas, pen.style, pen.labels
    kicker, title_size = style.pt(8), style.pt(20)
    canvas.labels.append(Label(margin, margin + style.mm(2.5), labels["canvas_title"].upper(), kicker, True, ACCENT))
    header_w = canvas.width - 2 * margin - style.mm(110)
    title = fit(
        [[Para(context.brand, bold=True)]],
        header_w,
        style.mm(9),
        max_size=title_size,
        min_size=style.pt(9),
        more=pen.more,
        continued="…",
    )
    first = title.lines[0] if title.lines else None
    if first is not None:
        shown = first.text + ("" if len(title.lines) == 1 and not title.cut else " …")
        canvas.labels.append(Label(margin, margin + style.mm(11), shown, first.size, True, INK))
    brand = context.display.brand
    right = [
        " · ".join(m for m in (brand.industry, brand.market) if m),
        f"{labels['version']} {context.version} · {context.date}",
    ]
    meta = fit(
        [[Para(r)] for r in right if r],
        style.mm(105),
        style.mm(11),
        max_size=style.pt(8),
        min_size=style.pt(6),
        more=pen.more,
        continued="…",
    )
    draw_lines(canvas, meta, canvas.width - margin, margin + style.mm(1), color=MUTED, bold=False, anchor="end")
    rule = margin + style.mm(15)
    canvas.boxes.append(
        Box(margin, rule, canvas.width - 2 * margin, style.mm(0.6), ACCENT, ACCENT, radius=0, stroke_width=0)
    )
    return rule


def _bullets(items: list[str]) -> list[Entry]:
    return [[Para(f"• {item}")] for item in items if item]


def _audience_entries(document: StrategyDocument, labels: Labels) -> list[Entry]:
    """The people served, then the category they place the brand in and who else they could choose."""
    brand = document.brand
    entries: list[Entry] = []
    for segment in document.purpose.audience:  # each segment with what it needs, the heart of its profile
        entry = [Para(f"• {segment.name}")]
        if segment.needs:
            entry.append(Para(segment.needs, muted=True, scale=0.85))
        entries.append(entry)
    if brand.category:
        entries.append([Para(f"{labels['category']}: {brand.category}", muted=True)])
    if brand.competitors:
        entries.append([Para(f"{labels['competitors']}: {'; '.join(brand.competitors)}", muted=True)])
    return entries


def _values_entries(document: StrategyDocument, labels: Labels) -> list[Entry]:
    purpose = document.purpose
    entries = _bullets(purpose.values)
    if purpose.personality:
        entries.append([Para(f"{labels['personality']}: {', '.join(purpose.personality)}", muted=True)])
    if document.brand.differences:  # what sets the brand apart sits beside what it stands for
        entries.append([Para(f"{labels['differences']}: {'; '.join(document.brand.differences)}", muted=True)])
    return entries


def _digital_objective_entries(document: StrategyDocument, labels: Labels) -> list[Entry]:
    refs = objective_refs(document)
    entries: list[Entry] = []
    for i, objective in enumerate(document.digital.digital_objectives, start=1):
        entry = [Para(f"D{i}  {objective.text}")]
        if objective.brand_objective_id in refs:
            entry.append(
                Para(labels("serves_short", ref=refs[objective.brand_objective_id or ""]), muted=True, scale=0.9)
            )
        entries.append(entry)
    return entries + _relationship_entries(document, labels)


def _relationship_entries(document: StrategyDocument, labels: Labels) -> list[Entry]:
    """What keeps the relationship going beyond the message, under the digital objectives it serves."""
    relationship = document.digital.relationship
    said = [(name, getattr(relationship, name)) for name in RELATIONSHIP]
    return [
        [Para(f"{labels[name]}: {'; '.join(value) if isinstance(value, list) else value}", muted=True, scale=0.85)]
        for name, value in said
        if value
    ]


def touchpoint_numbers(document: StrategyDocument) -> dict[str, str]:
    """T1, T2... by touchpoint id: the canvas's plain labels, in both editions, that tie a KPI to its chip."""
    return {t.id: f"T{i}" for i, t in enumerate(document.touchpoints, start=1)}


def _kpi_entries(context: ExportContext) -> list[Entry]:
    """Each KPI (K1... in the working edition only), its figures, what it measures (the touchpoint's number and
    the objective's, both shown on this page) and its measurement plan."""
    document, labels = context.display, context.labels
    refs, touchpoints = objective_refs(document), touchpoint_numbers(document)
    entries: list[Entry] = []
    for index, kpi in enumerate(document.kpis, start=1):
        details = [kpi.target, kpi.time_frame, kpi.owner]
        if kpi.kind:
            details.insert(0, labels.enum("kpi_kinds", kpi.kind))
        entry = [Para(f"K{index}  {kpi.name}" if context.working else kpi.name, bold=True)]
        detail = " · ".join(d for d in details if d)
        if detail:
            entry.append(Para(detail, muted=True, scale=0.9))
        aims = [touchpoints.get(kpi.touchpoint_id or ""), refs.get(kpi.objective_id or "")]
        if any(aims):
            entry.append(Para(f"{labels['measures_what']}: {' · '.join(a for a in aims if a)}", scale=0.9))
        plan = [labels.enum("kpi_timings", kpi.timing) if kpi.timing else "", kpi.cadence, kpi.decision_rule]
        if any(plan):  # the measurement plan: leading or lagging, how often it is read, what is done then
            entry.append(Para(" · ".join(p for p in plan if p), muted=True, scale=0.85))
        entries.append(entry)
    return entries


def _initiative_entries(document: StrategyDocument, labels: Labels) -> list[Entry]:
    """The initiatives, highest impact first, and what the team stops doing, under the next steps."""
    review = document.review
    entries: list[Entry] = []
    for initiative in ranked(review.initiatives):
        impact = labels.enum("levels", initiative.impact) if initiative.impact else ""
        detail = " · ".join(d for d in (initiative.owner, initiative.due, impact) if d)
        entries.append([Para(initiative.name, bold=True)] + ([Para(detail, muted=True, scale=0.9)] if detail else []))
    if review.stop_doing:
        entries.append([Para(f"{labels['stop_doing']}: {'; '.join(review.stop_doing)}", muted=True)])
    return entries


def _top_row(pen: Pen, doc: StrategyDocument, rect: tuple[float, float, float, float], gap: float) -> None:
    """Purpose, audience, values, brand objectives and digital objectives, side by side."""
    x, y, w, h = rect
    labels, prompts = pen.labels, pen.labels.group("prompts")
    statement: list[Entry] = [[Para(doc.purpose.statement, scale=1.2)]] if doc.purpose.statement else []
    brand_objectives: list[Entry] = [
        [Para(f"B{i}  {o.text}")] for i, o in enumerate(doc.digital.brand_objectives, start=1)
    ]
    cells: list[tuple[str, list[Entry], float, float]] = [  # key, entries, max size, share of the width
        ("purpose", statement, 11.0, 0.28),
        ("audience", _audience_entries(doc, labels), 9.5, 0.17),
        ("values", _values_entries(doc, labels), 9.5, 0.17),
        ("brand_objectives", brand_objectives, 9.0, 0.19),
        ("digital_objectives", _digital_objective_entries(doc, labels), 9.0, 0.19),
    ]
    for key, entries, max_size, share in cells:
        cell_w = (w - gap * 4) * share
        text_cell(pen, key, labels[key], (x, y, cell_w, h), entries, prompts[key], max_size=max_size)
        x += cell_w + gap


def _bottom_row(pen: Pen, context: ExportContext, rect: tuple[float, float, float, float], gap: float) -> None:
    """The KPIs (two columns) and the next steps."""
    x, y, w, h = rect
    doc, labels, prompts = context.display, pen.labels, pen.labels.group("prompts")
    kpi_w = (w - gap) * 0.66
    kpis = _kpi_entries(context)
    text_cell(pen, "kpis", labels["kpis"], (x, y, kpi_w, h), kpis, prompts["kpis"], max_size=8.5, columns=2)
    next_steps = _bullets(doc.review.next_steps) + _initiative_entries(doc, labels)
    rect = (x + kpi_w + gap, y, w - kpi_w - gap, h)
    text_cell(pen, "next_steps", labels["next_steps"], rect, next_steps, prompts["next_steps"], max_size=8.5)


def _footer(pen: Pen, context: ExportContext, margin: float, note: str) -> None:
    """The state of the strategy, the chip colours, and (PDF) a note on characters the font lacks."""
    canvas, style, labels = pen.canvas, pen.style, pen.labels
    score = context.scorecard
    footer = (
        f"{labels['canvas_title']} · {labels['version']} {context.version} · {context.date} · "
        f"{labels['completeness']} {round(100 * score.completeness.get('overall', 0.0))}% · "
        f"{tally(labels, score.errors, score.warnings)}"
    )
    footer_size = style.pt(6.5)
    base = canvas.height - margin
    canvas.labels.append(Label(margin, base, footer, footer_size, color=MUTED))
    legend_x = _legend(pen, canvas.width - margin, base)
    if note:
        note_w = legend_x - margin - style.mm(150)
        note_fit = fit(
            [[Para(note)]],
            note_w,
            style.mm(6),
            max_size=footer_size,
            min_size=style.pt(4.5),
            more=pen.more,
            continued="…",
        )
        for line in note_fit.lines:
            top = base - note_fit.lines[-1].top + line.top
            canvas.labels.append(Label(legend_x - style.mm(6), top, line.text, line.size, color=MUTED, anchor="end"))


def _one_line_size(text: str, size: float, room: float) -> float:
    """The size (at most `size`) at which a bold label of the canvas itself fits on one line of `room` mm."""
    needed = width(text, size, bold=True)
    return size if needed <= room else round(size * room / needed, 2)


@dataclass(frozen=True)
class Grid:
    """Where the touchpoint grid's headers, columns (journey stages) and rows (engagement levels) are."""

    x: float
    y: float
    gap: float
    header_w: float
    header_h: float
    col_w: float
    row_h: float
    grid_w: float  # the columns, without the row headers

    def column_x(self, column: int) -> float:
        return self.x + self.header_w + self.gap + column * (self.col_w + self.gap)

    def row_y(self, row: int) -> float:
        return self.y + self.header_h + self.gap + row * (self.row_h + self.gap)


def _touchpoint_grid(pen: Pen, doc: StrategyDocument, rect: tuple[float, float, float, float]) -> None:
    """Touchpoints by journey stage (columns) and engagement level (rows, co-creation on top); those without
    both in a column of their own."""
    style = pen.style
    x, y, w, h = rect
    touchpoints = doc.touchpoints
    unplaced = [t for t in touchpoints if t.journey_stage is None or t.engagement_level is None]
    gap = style.mm(1.2)
    header_w = style.mm(34)
    header_h = style.mm(8)
    unplaced_w = style.mm(52) if unplaced else 0.0
    grid_w = w - header_w - gap - (unplaced_w + style.mm(3) if unplaced else 0)
    col_w = (grid_w - gap * (len(STAGES) - 1)) / len(STAGES)
    row_h = (h - header_h - gap - gap * (len(LEVELS) - 1)) / len(LEVELS)
    grid = Grid(x, y, gap, header_w, header_h, col_w, row_h, grid_w)
    _grid_corner(pen, grid)
    _grid_columns(pen, grid)
    numbers = touchpoint_numbers(doc)
    for row, level in enumerate(LEVELS):
        _grid_row(pen, grid, row, level, touchpoints, numbers)
    if not touchpoints:
        _grid_prompt(pen, grid)
    if unplaced:
        _unplaced(pen, unplaced, (x + w - unplaced_w, y, unplaced_w, h), numbers)


def _grid_corner(pen: Pen, grid: Grid) -> None:
    """The names of the two axes, in the corner above the row headers."""
    canvas, style, labels = pen.canvas, pen.style, pen.labels
    x, y, header_w, header_h = grid.x, grid.y, grid.header_w, grid.header_h
    corner_size = min(
        _one_line_size(labels[name].upper(), style.pt(6.5), header_w - style.mm(2.5))
        for name in ("journey_axis", "ladder_axis")
    )
    canvas.boxes.append(Box(x, y, header_w, header_h, fill=PAPER, stroke=PAPER, stroke_width=0))
    journey = labels["journey_axis"].upper()
    canvas.labels.append(
        Label(x + header_w - style.mm(1.5), y + style.mm(3.2), journey, corner_size, True, ACCENT, "end")
    )
    ladder = labels["ladder_axis"].upper()
    canvas.labels.append(Label(x + style.mm(1.5), y + header_h - style.mm(0.8), ladder, corner_size, True, ACCENT))


def _grid_columns(pen: Pen, grid: Grid) -> None:
    """A header per journey stage."""
    canvas, style = pen.canvas, pen.style
    head_size = style.pt(8)
    for column, stage in enumerate(STAGES):
        cx, y = grid.column_x(column), grid.y
        canvas.boxes.append(Box(cx, y, grid.col_w, grid.header_h, fill=ACCENT, stroke=ACCENT, radius=style.mm(1.2)))
        text = pen.labels.enum("journey_stages", stage)
        size = _one_line_size(text, head_size, grid.col_w - style.mm(3))
        canvas.labels.append(
            Label(
                cx + grid.col_w / 2, y + grid.header_h / 2 + size * PT_TO_MM * 0.36, text, size, True, PAPER, "middle"
            )
        )


def _grid_row(
    pen: Pen, grid: Grid, row: int, level: EngagementLevel, touchpoints: list[Touchpoint], numbers: dict[str, str]
) -> None:
    """An engagement level: its header (rank and name), then a cell per journey stage, each touchpoint numbered."""
    canvas, style = pen.canvas, pen.style
    x, ry, header_w, row_h = grid.x, grid.row_y(row), grid.header_w, grid.row_h
    tint = LEVEL_TINTS[level.rank - 1]
    canvas.boxes.append(Box(x, ry, header_w, row_h, fill=tint, stroke=LINE, radius=style.mm(1.2)))
    head = fit(
        [[Para(pen.labels.enum("engagement_levels", level), bold=True)]],
        header_w - style.mm(9),
        row_h - style.mm(2),
        max_size=style.pt(8),
        min_size=style.pt(5.5),
        more=pen.more,
        continued="…",
    )
    rank_y = baseline(ry + style.mm(1.6), style.pt(11))
    canvas.labels.append(Label(x + style.mm(2), rank_y, str(level.rank), style.pt(11), True, ACCENT))
    draw_lines(canvas, head, x + style.mm(7.5), ry + style.mm(2.2), color=INK, bold=True)
    for column, stage in enumerate(STAGES):
        here = [t for t in touchpoints if t.journey_stage == stage and t.engagement_level == level]
        modes = [t.interaction_mode.value if t.interaction_mode else None for t in here]
        rect = (grid.column_x(column), ry, grid.col_w, row_h)
        chips: list[Entry] = [[Para(f"{numbers[t.id]}  {t.name}")] for t in here]
        _grid_cell(pen, f"grid:{stage.value}:{level.value}", rect, chips, modes)


def _grid_prompt(pen: Pen, grid: Grid) -> None:
    """The question an empty grid waits for, across its middle row."""
    style = pen.style
    fitted = fit(
        [[Para(pen.labels.group("prompts")["touchpoints"], muted=True)]],
        grid.grid_w * 0.6,
        grid.row_h,
        max_size=style.pt(9),
        min_size=style.pt(6),
        more=pen.more,
        continued=pen.continued,
    )
    top = grid.row_y(2) + grid.row_h / 2 - fitted.lines[-1].top / 2 if fitted.lines else 0
    px = grid.x + grid.header_w + grid.gap
    for line in fitted.lines:
        y = baseline(top + line.top - line.size * PT_TO_MM / 2, line.size)
        pen.canvas.labels.append(Label(px + grid.grid_w / 2, y, line.text, line.size, color=PROMPT, anchor="middle"))


def _unplaced(
    pen: Pen, unplaced: list[Touchpoint], rect: tuple[float, float, float, float], numbers: dict[str, str]
) -> None:
    """The touchpoints without a journey stage or an engagement level, each saying which it lacks."""
    labels = pen.labels
    entries: list[Entry] = []
    for t in unplaced:
        missing = []
        if t.journey_stage is None:
            missing.append(labels["journey_stage"].lower())
        if t.engagement_level is None:
            missing.append(labels["engagement_level"].lower())
        entries.append(
            [
                Para(f"{numbers[t.id]}  {t.name}"),
                Para(f"{labels['not_set']}: {', '.join(missing)}", muted=True, scale=0.85),
            ]
        )
    text_cell(pen, "unplaced", labels["unplaced"], rect, entries, "", max_size=8, min_size=5.5, fill=SOFT)


def _legend(pen: Pen, right: float, base: float) -> float:
    """Swatches for the interaction modes, right-aligned on the footer line; returns where the legend starts."""
    canvas, style, labels = pen.canvas, pen.style, pen.labels
    size = style.pt(6.5)
    items = [(mode, labels.enum("interaction_modes", mode)) for mode in ("broadcast", "dialogue", "enabling")]
    title = labels["interaction_mode"] + ":"
    swatch, space = style.mm(3.2), style.mm(1.2)
    total = width(title, size, bold=True) + sum(swatch + space + width(text, size) + style.mm(3) for _, text in items)
    x = right - total
    start = x
    canvas.labels.append(Label(x, base, title, size, True, MUTED))
    x += width(title, size, bold=True) + style.mm(3)
    for mode, text in items:
        fill, stroke = MODE_COLOURS[mode]
        canvas.boxes.append(Box(x, base - swatch * 0.8, swatch, swatch * 0.8, fill, stroke, style.mm(0.6), 0.25))
        x += swatch + space
        canvas.labels.append(Label(x, base, text, size, color=MUTED))
        x += width(text, size) + style.mm(3)
    return start


def _grid_cell(
    pen: Pen, key: str, rect: tuple[float, float, float, float], entries: list[Entry], modes: list[str | None]
) -> None:
    """A cell of the touchpoint grid: each touchpoint a chip coloured by its interaction mode."""
    canvas, style = pen.canvas, pen.style
    x, y, w, h = rect
    pad, chip_x, chip_y = style.mm(1.6), style.mm(1.3), style.mm(0.7)
    canvas.boxes.append(Box(x, y, w, h, fill=PAPER if entries else "#fbfcfd", stroke=LINE, radius=style.mm(1.2)))
    top = y + pad + chip_y
    fitted = fit(
        entries,
        w - 2 * pad - 2 * chip_x,
        h - 2 * pad - 2 * chip_y,
        max_size=style.pt(8.5),
        min_size=style.pt(5.5),
        more=pen.more,
        continued=pen.continued,
        entry_gap=0.75,
    )
    spans: dict[int, tuple[float, float]] = {}
    for line in fitted.lines:
        if not line.marker:
            first, last = spans.get(line.entry, (line.top, line.top))
            spans[line.entry] = (min(first, line.top), max(last, line.top + line.size * PT_TO_MM * LEADING))
    for entry, (first, last) in spans.items():
        fill, stroke = MODE_COLOURS.get(modes[entry], MODE_COLOURS[None])
        canvas.boxes.append(
            Box(x + pad, top + first - chip_y, w - 2 * pad, last - first + 2 * chip_y, fill, stroke, style.mm(1), 0.25)
        )
    draw_lines(canvas, fitted, x + pad + chip_x, top)
    canvas.cells.append(Cell(key, "", x, y, w, h, x + pad + chip_x, top, fitted, not entries))


# --- Drawing -------------------------------------------------------------------------------------------------


def render_svg(context: ExportContext) -> bytes:
    from assistant.exports.report_html import environment

    canvas = layout(context)
    svg = (
        environment()
        .get_template("canvas.svg")
        .render(
            w=canvas.width,
            h=canvas.height,
            boxes=canvas.boxes,
            # each line's measured width (the PDF font's metrics): a viewer drawing it with a wider fallback
            # font fits it to that width rather than letting it run over its cell
            texts=[(label, width(label.text, label.size, bold=label.bold)) for label in canvas.labels],
            pt=PT_TO_MM,
            language=context.language,
            title=f"{context.brand}: {context.labels['canvas_title']}",
        )
    )
    return svg.encode("utf-8")


def _draw_pdf(pdf: "Pdf", canvas: Canvas) -> None:
    from assistant.exports.fonts import FAMILY
    from assistant.exports.pdfbase import hex_rgb

    for box in canvas.boxes:
        pdf.set_fill_color(*hex_rgb(box.fill))
        if box.stroke_width:
            pdf.set_draw_color(*hex_rgb(box.stroke))
            pdf.set_line_width(box.stroke_width)
        style = "DF" if box.stroke_width else "F"
        pdf.rect(box.x, box.y, box.w, box.h, style=style, round_corners=box.radius > 0, corner_radius=box.radius)
    for label in canvas.labels:
        pdf.set_font(FAMILY, "B" if label.bold else "", label.size)
        pdf.set_text_color(*hex_rgb(label.color))
        text = pdf.t(label.text)
        x = label.x
        if label.anchor != "start":
            text_width = pdf.get_string_width(text)
            x -= text_width / 2 if label.anchor == "middle" else text_width
        pdf.text(x, label.y, text)


def render_pdf(context: ExportContext) -> bytes:
    from assistant.exports.pdfbase import Pdf

    pdf = Pdf(orientation="landscape", format="A3")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{context.brand}: {context.labels['canvas_title']}")
    pdf.set_lang(context.language)
    pdf.add_page()
    # characters the font lacks come out as U+FFFD, and the footer says so
    _draw_pdf(pdf, layout(context, note=context.glyph_note))
    return pdf.bytes()
