"""The one-page strategy canvas: one layout, drawn as SVG, as PDF and on a slide.

The layout works in millimetres on an A3 landscape page. Each cell's text is wrapped with the PDF font's metrics;
a cell shrinks its type to fit and, at the smallest size, shows as much as fits and then a visible marker
("(+N more)", "…continued in the report"). Empty cells show the question they are waiting for.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.document import EngagementLevel, JourneyStage, StrategyDocument
from assistant.exports.context import ExportContext, Labels
from assistant.exports.text import LEADING, PT_TO_MM, Entry, Fitted, Para, fit, width

if TYPE_CHECKING:
    from assistant.exports.pdfbase import Pdf

INK = "#1d2433"
MUTED = "#5d6677"
ACCENT = "#1f5f8b"
LINE = "#c5cedb"
SOFT = "#eef3f8"
PAPER = "#ffffff"
PROMPT = "#8a93a3"
LEVEL_TINTS = ("#f6f8fb", "#eef3f8", "#e6eef6", "#dde8f3", "#d3e2f0")  # promotional (lowest) .. co-creation

A3 = (420.0, 297.0)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str = PAPER
    stroke: str = LINE
    radius: float = 1.6
    stroke_width: float = 0.3


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float  # points
    bold: bool = False
    color: str = INK
    anchor: str = "start"  # start | middle | end


@dataclass(frozen=True)
class Cell:
    key: str
    title: str
    x: float
    y: float
    w: float
    h: float
    content_x: float
    content_y: float
    fitted: Fitted
    prompt: bool = False


@dataclass
class Canvas:
    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    """Type sizes (points) and spacing (mm); `scale` shrinks everything for a smaller page."""

    scale: float = 1.0

    def pt(self, value: float) -> float:
        return round(value * self.scale, 2)

    def mm(self, value: float) -> float:
        return value * self.scale


def baseline(top: float, size: float) -> float:
    return top + size * PT_TO_MM * 1.02


def _text_cell(
    canvas: Canvas,
    style: Style,
    key: str,
    title: str,
    rect: tuple[float, float, float, float],
    entries: list[Entry],
    prompt: str,
    *,
    more: Callable[[int], str],
    continued: str,
    max_size: float = 9.5,
    min_size: float = 5.5,
    columns: int = 1,
    fill: str = PAPER,
) -> None:
    x, y, w, h = rect
    pad = style.mm(3.0)
    title_size = style.pt(7.5)
    canvas.boxes.append(Box(x, y, w, h, fill=fill, radius=style.mm(1.6)))
    if title:
        canvas.labels.append(
            Label(x + pad, baseline(y + pad * 0.8, title_size), title.upper(), title_size, True, ACCENT)
        )
        top = y + pad * 0.8 + title_size * PT_TO_MM * 1.7
    else:
        top = y + pad * 0.7
    inner_w, inner_h = w - 2 * pad, y + h - pad * 0.7 - top
    is_prompt = not entries
    if is_prompt:
        entries = [[Para(prompt, muted=True)]]
    fitted = fit(
        entries,
        inner_w,
        inner_h,
        max_size=style.pt(max_size if not is_prompt else 8.5),
        min_size=style.pt(min_size),
        more=more,
        continued=continued,
        columns=columns,
        gutter=style.mm(5),
    )
    for line in fitted.lines:
        color = PROMPT if is_prompt else (MUTED if line.muted else INK)
        canvas.labels.append(
            Label(
                x + pad + fitted.column_x(line.column),
                baseline(top + line.top, line.size),
                line.text,
                line.size,
                line.bold,
                color,
            )
        )
    canvas.cells.append(Cell(key, title, x, y, w, h, x + pad, top, fitted, is_prompt))


def _bullets(items: list[str]) -> list[Entry]:
    return [[Para(f"• {item}")] for item in items if item]


def _objective_refs(document: StrategyDocument) -> dict[str, str]:
    refs = {o.id: f"B{i}" for i, o in enumerate(document.digital.brand_objectives, start=1)}
    return refs | {o.id: f"D{i}" for i, o in enumerate(document.digital.digital_objectives, start=1)}


def _kpi_entries(document: StrategyDocument, labels: Labels) -> list[Entry]:
    refs = _objective_refs(document)
    entries: list[Entry] = []
    for index, kpi in enumerate(document.kpis, start=1):
        details = [kpi.target, kpi.time_frame, kpi.owner]
        if kpi.kind:
            details.insert(0, labels.enum("kpi_kinds", kpi.kind))
        if kpi.objective_id in refs:
            details.append(refs[kpi.objective_id or ""])
        entry = [Para(f"K{index}  {kpi.name}", bold=True)]
        detail = " · ".join(d for d in details if d)
        if detail:
            entry.append(Para(detail, muted=True, scale=0.9))
        entries.append(entry)
    return entries


def layout(context: ExportContext, size: tuple[float, float] = A3, *, scale: float = 1.0, note: str = "") -> Canvas:
    """The canvas of `context` on a page of `size` mm; `note` is an extra footer line (e.g. missing glyphs)."""
    labels = context.labels
    doc = context.display
    style = Style(scale)
    width, height = size
    canvas = Canvas(width, height)
    margin = style.mm(10)
    gap = style.mm(3)
    more: Callable[[int], str] = lambda n: labels("more", n=n)  # noqa: E731
    continued = labels["continued"]
    prompts = labels.group("prompts")
    canvas.boxes.append(Box(0, 0, width, height, fill=PAPER, stroke=PAPER, radius=0, stroke_width=0))

    # Header
    kicker, title_size = style.pt(8), style.pt(20)
    canvas.labels.append(Label(margin, margin + style.mm(2.5), labels["canvas_title"].upper(), kicker, True, ACCENT))
    brand_line = context.brand
    header_w = width - 2 * margin - style.mm(110)
    title = fit(
        [[Para(brand_line, bold=True)]],
        header_w,
        style.mm(9),
        max_size=title_size,
        min_size=style.pt(9),
        more=more,
        continued="…",
    )
    first = title.lines[0] if title.lines else None
    if first is not None:
        shown = first.text + ("" if len(title.lines) == 1 and not title.cut else " …")
        canvas.labels.append(Label(margin, margin + style.mm(11), shown, first.size, True, INK))
    meta = [doc.brand.industry, doc.brand.market]
    right = [
        " · ".join(m for m in meta if m),
        f"{labels['version']} {context.version} · {context.date}",
    ]
    meta_fit = fit(
        [[Para(r)] for r in right if r],
        style.mm(105),
        style.mm(11),
        max_size=style.pt(8),
        min_size=style.pt(6),
        more=more,
        continued="…",
    )
    for line in meta_fit.lines:
        canvas.labels.append(
            Label(
                width - margin,
                baseline(margin + style.mm(1) + line.top, line.size),
                line.text,
                line.size,
                color=MUTED,
                anchor="end",
            )
        )
    header_bottom = margin + style.mm(15)
    canvas.boxes.append(
        Box(
            margin,
            header_bottom,
            width - 2 * margin,
            style.mm(0.6),
            fill=ACCENT,
            stroke=ACCENT,
            radius=0,
            stroke_width=0,
        )
    )

    footer_h = style.mm(7)
    usable_top = header_bottom + style.mm(3.5)
    usable_bottom = height - margin - footer_h
    usable_h = usable_bottom - usable_top
    inner_w = width - 2 * margin

    # Top row: purpose, audience, values, brand objectives, digital objectives
    top_h = usable_h * 0.27
    shares = (0.28, 0.17, 0.17, 0.19, 0.19)
    widths = [(inner_w - gap * 4) * s for s in shares]
    x = margin
    purpose = doc.purpose
    values_entries = _bullets(purpose.values)
    if purpose.personality:
        values_entries.append([Para(f"{labels['personality']}: {', '.join(purpose.personality)}", muted=True)])
    refs = _objective_refs(doc)
    brand_objectives: list[Entry] = [
        [Para(f"B{i}  {o.text}")] for i, o in enumerate(doc.digital.brand_objectives, start=1)
    ]
    digital_objectives: list[Entry] = []
    for i, objective in enumerate(doc.digital.digital_objectives, start=1):
        entry = [Para(f"D{i}  {objective.text}")]
        if objective.brand_objective_id in refs:
            entry.append(
                Para(labels("serves_short", ref=refs[objective.brand_objective_id or ""]), muted=True, scale=0.9)
            )
        digital_objectives.append(entry)
    top_cells: list[tuple[str, str, list[Entry], float]] = [
        ("purpose", labels["purpose"], [[Para(purpose.statement, scale=1.2)]] if purpose.statement else [], 11.0),
        ("audience", labels["audience"], _bullets(purpose.audience), 9.5),
        ("values", labels["values"], values_entries, 9.5),
        ("brand_objectives", labels["brand_objectives"], brand_objectives, 9.0),
        ("digital_objectives", labels["digital_objectives"], digital_objectives, 9.0),
    ]
    for (key, title_text, entries, max_size), w in zip(top_cells, widths, strict=True):
        _text_cell(
            canvas,
            style,
            key,
            title_text,
            (x, usable_top, w, top_h),
            entries,
            prompts[key],
            more=more,
            continued=continued,
            max_size=max_size,
        )
        x += w + gap

    # Bottom row: KPIs and next steps
    bottom_h = usable_h * 0.22
    bottom_y = usable_bottom - bottom_h
    kpi_w = (inner_w - gap) * 0.66
    _text_cell(
        canvas,
        style,
        "kpis",
        labels["kpis"],
        (margin, bottom_y, kpi_w, bottom_h),
        _kpi_entries(doc, labels),
        prompts["kpis"],
        more=more,
        continued=continued,
        max_size=8.5,
        columns=2,
    )
    _text_cell(
        canvas,
        style,
        "next_steps",
        labels["next_steps"],
        (margin + kpi_w + gap, bottom_y, inner_w - kpi_w - gap, bottom_h),
        _bullets(doc.review.next_steps),
        prompts["next_steps"],
        more=more,
        continued=continued,
        max_size=8.5,
    )

    # Middle: touchpoints by journey stage (columns) and engagement level (rows, co-creation on top)
    grid_y = usable_top + top_h + gap
    grid_h = bottom_y - gap - grid_y
    _touchpoint_grid(canvas, style, context, (margin, grid_y, inner_w, grid_h), more, continued)

    # Footer: the state of the strategy, the chip colours, and (PDF) a note on characters the font lacks
    score = context.scorecard
    footer = (
        f"{labels['canvas_title']} · {labels['version']} {context.version} · {context.date} · "
        f"{labels['completeness']} {round(100 * score.completeness.get('overall', 0.0))}% · "
        f"{score.errors} {labels['errors']}, {score.warnings} {labels['warnings']}"
    )
    footer_size = style.pt(6.5)
    canvas.labels.append(Label(margin, height - margin, footer, footer_size, color=MUTED))
    legend_x = _legend(canvas, style, labels, width - margin, height - margin)
    if note:
        note_w = legend_x - margin - style.mm(150)
        note_fit = fit(
            [[Para(note)]], note_w, style.mm(6), max_size=footer_size, min_size=style.pt(4.5), more=more, continued="…"
        )
        for line in note_fit.lines:
            top = height - margin - note_fit.lines[-1].top + line.top
            canvas.labels.append(Label(legend_x - style.mm(6), top, line.text, line.size, color=MUTED, anchor="end"))
    return canvas


def _one_line_size(text: str, size: float, room: float) -> float:
    """The size (at most `size`) at which a bold label of the canvas itself fits on one line of `room` mm."""
    needed = width(text, size, bold=True)
    return size if needed <= room else round(size * room / needed, 2)


def _touchpoint_grid(
    canvas: Canvas,
    style: Style,
    context: ExportContext,
    rect: tuple[float, float, float, float],
    more: Callable[[int], str],
    continued: str,
) -> None:
    labels = context.labels
    doc = context.display
    x, y, w, h = rect
    touchpoints = doc.touchpoints
    unplaced = [t for t in touchpoints if t.journey_stage is None or t.engagement_level is None]
    gap = style.mm(1.2)
    header_w = style.mm(34)
    header_h = style.mm(8)
    unplaced_w = style.mm(52) if unplaced else 0.0
    stages = list(JourneyStage)
    levels = list(reversed(EngagementLevel))  # co-creation on top
    grid_w = w - header_w - gap - (unplaced_w + style.mm(3) if unplaced else 0)
    col_w = (grid_w - gap * (len(stages) - 1)) / len(stages)
    row_h = (h - header_h - gap - gap * (len(levels) - 1)) / len(levels)

    # Corner: the two axes
    corner_size = min(
        _one_line_size(labels[name].upper(), style.pt(6.5), header_w - style.mm(2.5))
        for name in ("journey_axis", "ladder_axis")
    )
    canvas.boxes.append(Box(x, y, header_w, header_h, fill=PAPER, stroke=PAPER, stroke_width=0))
    canvas.labels.append(
        Label(
            x + header_w - style.mm(1.5),
            y + style.mm(3.2),
            labels["journey_axis"].upper(),
            corner_size,
            True,
            ACCENT,
            "end",
        )
    )
    canvas.labels.append(
        Label(x + style.mm(1.5), y + header_h - style.mm(0.8), labels["ladder_axis"].upper(), corner_size, True, ACCENT)
    )
    # Column headers
    head_size = style.pt(8)
    for column, stage in enumerate(stages):
        cx = x + header_w + gap + column * (col_w + gap)
        canvas.boxes.append(Box(cx, y, col_w, header_h, fill=ACCENT, stroke=ACCENT, radius=style.mm(1.2)))
        text = labels.enum("journey_stages", stage)
        size = _one_line_size(text, head_size, col_w - style.mm(3))
        canvas.labels.append(
            Label(cx + col_w / 2, y + header_h / 2 + size * PT_TO_MM * 0.36, text, size, True, PAPER, "middle")
        )
    # Rows
    for row, level in enumerate(levels):
        ry = y + header_h + gap + row * (row_h + gap)
        tint = LEVEL_TINTS[level.rank - 1]
        canvas.boxes.append(Box(x, ry, header_w, row_h, fill=tint, stroke=LINE, radius=style.mm(1.2)))
        name = labels.enum("engagement_levels", level)
        head = fit(
            [[Para(name, bold=True)]],
            header_w - style.mm(9),
            row_h - style.mm(2),
            max_size=style.pt(8),
            min_size=style.pt(5.5),
            more=more,
            continued="…",
        )
        canvas.labels.append(
            Label(
                x + style.mm(2), baseline(ry + style.mm(1.6), style.pt(11)), str(level.rank), style.pt(11), True, ACCENT
            )
        )
        for line in head.lines:
            canvas.labels.append(
                Label(
                    x + style.mm(7.5),
                    baseline(ry + style.mm(2.2) + line.top, line.size),
                    line.text,
                    line.size,
                    True,
                    INK,
                )
            )
        for column, stage in enumerate(stages):
            cx = x + header_w + gap + column * (col_w + gap)
            here = [t for t in touchpoints if t.journey_stage == stage and t.engagement_level == level]
            modes = [t.interaction_mode.value if t.interaction_mode else None for t in here]
            _grid_cell(
                canvas,
                style,
                f"grid:{stage.value}:{level.value}",
                (cx, ry, col_w, row_h),
                [[Para(t.name)] for t in here],
                modes,
                more,
                continued,
            )
    if not touchpoints:
        prompt = labels.group("prompts")["touchpoints"]
        px = x + header_w + gap
        fitted = fit(
            [[Para(prompt, muted=True)]],
            grid_w * 0.6,
            row_h,
            max_size=style.pt(9),
            min_size=style.pt(6),
            more=more,
            continued=continued,
        )
        top = y + header_h + gap + 2 * (row_h + gap) + row_h / 2 - fitted.lines[-1].top / 2 if fitted.lines else 0
        for line in fitted.lines:
            canvas.labels.append(
                Label(
                    px + grid_w / 2,
                    baseline(top + line.top - line.size * PT_TO_MM / 2, line.size),
                    line.text,
                    line.size,
                    color=PROMPT,
                    anchor="middle",
                )
            )
    if unplaced:
        ux = x + w - unplaced_w
        entries: list[Entry] = []
        for t in unplaced:
            missing = []
            if t.journey_stage is None:
                missing.append(labels["journey_stage"].lower())
            if t.engagement_level is None:
                missing.append(labels["engagement_level"].lower())
            entries.append(
                [Para(f"• {t.name}"), Para(f"{labels['not_set']}: {', '.join(missing)}", muted=True, scale=0.85)]
            )
        _text_cell(
            canvas,
            style,
            "unplaced",
            labels["unplaced"],
            (ux, y, unplaced_w, h),
            entries,
            "",
            more=more,
            continued=continued,
            max_size=8,
            min_size=5.5,
            fill=SOFT,
        )


MODE_COLOURS = {  # chip fill and border by interaction mode
    "broadcast": ("#eef0f3", "#b9c1cc"),
    "dialogue": ("#e4eefa", "#8db2dc"),
    "enabling": ("#e4f3e9", "#8fc5a1"),
    None: ("#ffffff", LINE),
}


def _legend(canvas: Canvas, style: Style, labels: Labels, right: float, base: float) -> float:
    """Swatches for the interaction modes, right-aligned on the footer line; returns where the legend starts."""
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
    canvas: Canvas,
    style: Style,
    key: str,
    rect: tuple[float, float, float, float],
    entries: list[Entry],
    modes: list[str | None],
    more: Callable[[int], str],
    continued: str,
) -> None:
    """A cell of the touchpoint grid: each touchpoint a chip coloured by its interaction mode."""
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
        more=more,
        continued=continued,
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
    for line in fitted.lines:
        canvas.labels.append(
            Label(
                x + pad + chip_x,
                baseline(top + line.top, line.size),
                line.text,
                line.size,
                line.bold,
                MUTED if line.muted else INK,
            )
        )
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
