"""The workshop deck (python-pptx): a title slide, one slide per stage, the canvas slide and the findings slides.

Text is fitted with the same measure as the canvas: each box shrinks its type, then says "(+N more)" rather than
running off the slide.
"""

import io
from collections.abc import Callable

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Emu, Mm, Pt

from assistant.document import Finding
from assistant.exports import canvas as canvas_layout
from assistant.exports.canvas_shapes import Box, Label
from assistant.exports.context import ExportContext
from assistant.exports.report import ranked
from assistant.exports.text import PT_TO_MM, Entry, Fitted, Para, fit, width
from assistant.stages import STAGE_ORDER

SLIDE_W, SLIDE_H = 338.667, 190.5  # mm, 16:9
INK, MUTED, ACCENT, SOFT = "1D2433", "5D6677", "1F5F8B", "EEF3F8"
SEVERITY = {"error": "B42318", "warning": "B54708", "info": "175CD3"}
FONT = "Noto Sans"
FINDINGS_PER_SLIDE = 6
BLANK = 6  # the default template's blank slide layout


def _rgb(color: str) -> RGBColor:
    value = color.lstrip("#")
    return RGBColor(int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))  # type: ignore[no-untyped-call]


def _textbox(
    slide: Slide,
    x: float,
    y: float,
    w: float,
    h: float,
    fitted: Fitted,
    *,
    color: str = INK,
) -> None:
    """One text box per column; one paragraph per entry paragraph (the lines re-joined, so it stays editable)."""
    columns = sorted({line.column for line in fitted.lines}) or [0]
    for column in columns:
        box = slide.shapes.add_textbox(Mm(x + fitted.column_x(column)), Mm(y), Mm(fitted.column_width), Mm(h))
        frame = box.text_frame
        frame.word_wrap = True
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
        groups: list[tuple[tuple[int, int, bool], list[str], float, bool, bool]] = []
        for line in (line for line in fitted.lines if line.column == column):
            key = (line.entry, line.para, line.marker)
            if groups and groups[-1][0] == key and not line.marker:
                groups[-1][1].append(line.text)
            else:
                groups.append((key, [line.text], line.size, line.bold, line.muted or line.marker))
        for index, (key, texts, size, bold, muted) in enumerate(groups):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.LEFT
            if index and groups[index - 1][0][0] != key[0]:
                paragraph.space_before = Pt(size * 0.35)
            run = paragraph.add_run()
            run.text = " ".join(texts)
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = FONT
            run.font.color.rgb = _rgb(MUTED if muted else color)


def _paint(shape: Shape, fill: str, stroke: str | None = None, line_width: float = 0) -> None:
    """A filled shape without a shadow, outlined when `stroke` is given."""
    shape.shadow.inherit = False
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    if stroke:
        shape.line.color.rgb = _rgb(stroke)
        shape.line.width = Mm(line_width)
    else:
        shape.line.fill.background()


def _text(
    slide: Slide,
    text: str,
    rect: tuple[float, float, float, float],
    *,
    max_size: float,
    min_size: float,
    more: Callable[[int], str],
    bold: bool = False,
    color: str = INK,
    room: float | None = None,
) -> None:
    """One paragraph fitted to `rect` (or to `room` mm of its height) and drawn there."""
    x, y, w, h = rect
    fitted = fit(
        [[Para(text, bold=bold)]], w, room or h, max_size=max_size, min_size=min_size, more=more, continued="…"
    )
    _textbox(slide, x, y, w, h, fitted, color=color)


def _title(slide: Slide, kicker: str, title: str) -> None:
    kick = slide.shapes.add_textbox(Mm(14), Mm(9), Mm(SLIDE_W - 28), Mm(7))
    kick.text_frame.word_wrap = True
    kick.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = kick.text_frame.paragraphs[0].add_run()
    run.text = kicker.upper()
    run.font.size, run.font.bold, run.font.name = Pt(11), True, FONT
    run.font.color.rgb = _rgb(ACCENT)
    _text(slide, title, (14, 16, SLIDE_W - 28, 14), max_size=28, min_size=16, more=str, bold=True, room=13)
    _paint(slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Mm(14), Mm(31.5), Mm(SLIDE_W - 28), Mm(0.7)), ACCENT)


def _stage_entries(context: ExportContext, stage: str) -> list[Entry]:
    labels, doc = context.labels, context.display

    def joined(label: str, items: list[str]) -> list[Entry]:
        return [[Para(label, bold=True), Para("; ".join(items))]] if items else []

    if stage == "purpose":
        p = doc.purpose
        entries: list[Entry] = [[Para(p.statement, scale=1.15)]] if p.statement else []
        for name in ("values", "audience", "personality", "proof_points"):
            entries += joined(labels[name], getattr(p, name))
        brand = doc.brand  # the context the purpose is set in
        entries += joined(labels["category"], [brand.category] if brand.category else [])
        for name in ("competitors", "differences"):
            entries += joined(labels[name], getattr(brand, name))
        return entries
    if stage == "digital-alignment":
        d = doc.digital
        refs = {o.id: f"B{i}" for i, o in enumerate(d.brand_objectives, start=1)}
        entries = [[Para(f"B{i}  {o.text}", bold=True)] for i, o in enumerate(d.brand_objectives, start=1)]
        for i, o in enumerate(d.digital_objectives, start=1):
            serves = labels("serves_short", ref=refs[o.brand_objective_id]) if o.brand_objective_id in refs else ""
            entries.append([Para(f"D{i}  {o.text}" + (f"  ({serves})" if serves else ""))])
        channels = [f"{c.name}: {c.role}" if c.role else c.name for c in d.channels]
        return entries + joined(labels["channels"], channels) + joined(labels["listening"], d.listening)
    if stage == "touchpoints":
        out: list[Entry] = []
        for i, t in enumerate(doc.touchpoints, start=1):
            facts = [
                labels.enum("journey_stages", t.journey_stage),
                labels.enum("engagement_levels", t.engagement_level),
                labels.enum("interaction_modes", t.interaction_mode),
            ]
            out.append([Para(f"T{i}  {t.name}", bold=True), Para(" · ".join(facts), muted=True, scale=0.85)])
        return out
    if stage == "kpis":
        out = []
        for i, k in enumerate(doc.kpis, start=1):
            facts = [labels.enum("kpi_kinds", k.kind), k.target, k.time_frame, k.owner]
            entry = [Para(f"K{i}  {k.name}", bold=True)]
            entry.append(Para(" · ".join(f for f in facts if f), muted=True, scale=0.85))
            plan = [labels.enum("kpi_timings", k.timing) if k.timing else "", k.cadence, k.decision_rule]
            if any(plan):  # the measurement plan
                entry.append(Para(" · ".join(f for f in plan if f), muted=True, scale=0.8))
            out.append(entry)
        return out
    r = doc.review
    initiatives = [  # ranked as the report ranks them: impact first, then least effort
        " · ".join(f for f in (i.name, i.owner, i.due, labels.enum("levels", i.impact) if i.impact else "") if f)
        for i in ranked(r.initiatives)
    ]
    return (
        joined(labels["decisions"], r.decisions)
        + joined(labels["next_steps"], r.next_steps)
        + joined(labels["initiatives"], initiatives)
        + joined(labels["stop_doing"], r.stop_doing)
        + joined(labels["open_questions"], r.open_questions)
    )


def _finding_stage(finding: Finding) -> str:
    first = finding.fields[0] if finding.fields else ""
    for prefix, stage in (
        ("purpose", "purpose"),
        ("digital", "digital-alignment"),
        ("touchpoints", "touchpoints"),
        ("kpis", "kpis"),
    ):
        if first.startswith(prefix):
            return stage
    return "review"


def _finding_entries(context: ExportContext, findings: list[Finding]) -> list[Entry]:
    labels = context.labels
    return [
        [Para(f"{labels.enum('severities', f.severity)} · {f.rule}", bold=True, scale=0.8), Para(f.message)]
        for f in findings
    ]


MAX_PAGES = 4  # continuation slides per stage; past that, "(+N more)" and the report has the rest


def _paginate(entries: list[Entry], more: Callable[[int], str], continued: str) -> list[Fitted]:
    """A stage's content over as many slides as it needs (up to MAX_PAGES)."""
    pages: list[Fitted] = []
    rest = list(entries)
    while rest:
        content = fit(rest, 190, 140, max_size=18, min_size=10, more=more, continued=continued)
        pages.append(content)
        shown = len(rest) - content.hidden
        if not content.hidden or len(pages) == MAX_PAGES or shown <= 0:
            break
        rest = rest[shown:]
    return pages


def _discussion_panel(
    slide: Slide, context: ExportContext, findings: list[Finding], more: Callable[[int], str], continued: str
) -> None:
    labels = context.labels
    panel = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Mm(214), Mm(38), Mm(110), Mm(140))
    panel.adjustments[0] = 0.03
    _paint(panel, SOFT)
    head = labels["deck_discuss"].upper()
    _text(slide, head, (219, 42, 100, 8), max_size=11, min_size=8, more=more, bold=True, color=ACCENT)
    points = _finding_entries(context, findings) or [[Para(labels["discuss_prompt"], muted=True)]]
    _textbox(slide, 219, 52, 100, 120, fit(points, 100, 120, max_size=14, min_size=9, more=more, continued=continued))


def _numbered(title: str, number: int, count: int) -> str:
    """`title`, then `(2/3)` when its content runs over several slides."""
    return title + (f" ({number}/{count})" if count > 1 else "")


def _title_slide(deck: PresentationType, context: ExportContext, more: Callable[[int], str]) -> None:
    labels = context.labels
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
    _paint(slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Mm(SLIDE_W), Mm(SLIDE_H)), ACCENT)
    kicker = labels["deck_title"].upper()
    _text(slide, kicker, (24, 48, 280, 10), max_size=14, min_size=10, more=more, bold=True, color="FFFFFF")
    # the name gets a fixed band (at most three lines at 44 pt), the subtitle a fixed place below it, so a viewer
    # with a wider fallback font cannot push one into the other
    name = (24, 60, 290, 66)
    _text(slide, context.brand, name, max_size=44, min_size=18, more=more, bold=True, color="FFFFFF", room=60)
    sub = labels("deck_subtitle", version=context.version, date=context.date)
    _text(slide, sub, (24, 140, 280, 10), max_size=14, min_size=10, more=more, color="FFFFFF")


STAGE_PROMPTS = {  # what an empty stage's slide asks
    "purpose": "purpose",
    "digital-alignment": "digital_objectives",
    "touchpoints": "touchpoints",
    "kpis": "kpis",
    "review": "next_steps",
}


def _stage_slides(deck: PresentationType, context: ExportContext, more: Callable[[int], str], continued: str) -> None:
    """One slide per stage: the strategy so far on the left, the checker's points for the room on the right."""
    labels = context.labels
    by_stage: dict[str, list[Finding]] = {}
    for finding in context.findings:
        by_stage.setdefault(_finding_stage(finding), []).append(finding)
    prompts = labels.group("prompts")
    for number, stage in enumerate(STAGE_ORDER, start=1):
        entries = _stage_entries(context, stage) or [[Para(prompts[STAGE_PROMPTS[stage]], muted=True)]]
        pages = _paginate(entries, more, continued)
        for page_number, content in enumerate(pages, start=1):
            slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
            title = _numbered(labels.enum("stages", stage), page_number, len(pages))
            _title(slide, f"{number} / {len(STAGE_ORDER)}", title)
            _textbox(slide, 14, 38, 190, 140, content)
            _discussion_panel(slide, context, by_stage.get(stage, []), more, continued)


def _canvas_box(slide: Slide, box: Box) -> None:
    shape = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE if box.radius else MSO_SHAPE.RECTANGLE,
        Mm(box.x),
        Mm(box.y),
        Mm(max(box.w, 0.1)),
        Mm(max(box.h, 0.1)),
    )
    if box.radius:
        shape.adjustments[0] = min(0.5, box.radius / max(min(box.w, box.h), 0.1))
    _paint(shape, box.fill, box.stroke if box.stroke_width else None, box.stroke_width)


def _canvas_label(slide: Slide, label: Label) -> None:
    height = label.size * PT_TO_MM * 1.4
    span = max(4.0, width(label.text, label.size, bold=label.bold) + 2)
    left = label.x - (span / 2 if label.anchor == "middle" else span if label.anchor == "end" else 0)
    box = slide.shapes.add_textbox(Mm(left), Mm(label.y - label.size * PT_TO_MM * 1.05), Mm(span), Mm(height))
    frame = box.text_frame
    frame.word_wrap = False
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    paragraph = frame.paragraphs[0]
    paragraph.alignment = {"middle": PP_ALIGN.CENTER, "end": PP_ALIGN.RIGHT}.get(label.anchor, PP_ALIGN.LEFT)
    run = paragraph.add_run()
    run.text = label.text
    run.font.size = Pt(label.size)
    run.font.bold = label.bold
    run.font.name = FONT
    run.font.color.rgb = _rgb(label.color)


def _canvas_slide(deck: PresentationType, context: ExportContext) -> None:
    """The canvas, drawn with shapes (its page-sized background left out: the slide is the page)."""
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
    drawing = canvas_layout.layout(context, (SLIDE_W, SLIDE_H), scale=0.78)
    for box in drawing.boxes[1:]:
        _canvas_box(slide, box)
    for label in drawing.labels:
        _canvas_label(slide, label)


def _findings_slides(
    deck: PresentationType, context: ExportContext, more: Callable[[int], str], continued: str
) -> None:
    """The findings, a few per slide."""
    labels, findings = context.labels, context.findings
    chunks = [findings[i : i + FINDINGS_PER_SLIDE] for i in range(0, len(findings), FINDINGS_PER_SLIDE)] or [[]]
    for page_number, page in enumerate(chunks, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
        _title(slide, labels["review"], _numbered(labels["findings"], page_number, len(chunks)))
        entries = _finding_entries(context, page) or [[Para(labels["findings_none"], muted=True)]]
        content = fit(
            entries,
            SLIDE_W - 28,
            140,
            max_size=16,
            min_size=9,
            more=more,
            continued=continued,
            columns=2 if len(page) > 3 else 1,
            gutter=10,
        )
        _textbox(slide, 14, 38, SLIDE_W - 28, 140, content)


def render_pptx(context: ExportContext) -> bytes:
    labels = context.labels
    more: Callable[[int], str] = lambda n: labels("more", n=n)  # noqa: E731
    continued = labels["continued_slide"]
    deck = Presentation()
    deck.slide_width, deck.slide_height = Mm(SLIDE_W), Mm(SLIDE_H)
    deck.core_properties.title = f"{context.brand}: {labels['deck_title']}"[:255]
    deck.core_properties.language = context.language
    _title_slide(deck, context, more)
    _stage_slides(deck, context, more, continued)
    _canvas_slide(deck, context)
    _findings_slides(deck, context, more, continued)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
