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
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import _Paragraph
from pptx.util import Emu, Mm, Pt

from assistant.document import Finding
from assistant.exports import canvas as canvas_layout
from assistant.exports.canvas_shapes import Box, Label
from assistant.exports.context import CardLike, ExportContext
from assistant.exports.report import PROFILE, RELATIONSHIP, measured, objective_refs, ranked, tally
from assistant.exports.text import BULLET_INDENT, PT_TO_MM, Entry, Fitted, Line, Para, fit, width
from assistant.stages import STAGE_ORDER
from assistant.tensions import tensions

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
        groups: list[tuple[tuple[int, int, bool], list[str], Line]] = []
        for line in (line for line in fitted.lines if line.column == column):
            key = (line.entry, line.para, line.marker)
            if groups and groups[-1][0] == key and not line.marker:
                groups[-1][1].append(line.text)
            else:
                groups.append((key, [line.text], line))
        for index, (key, texts, first) in enumerate(groups):
            size, bold, muted = first.size, first.bold, first.muted or first.marker
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.LEFT
            if first.bullet:
                _bulleted(paragraph, size)
            if index and groups[index - 1][0][0] != key[0]:
                paragraph.space_before = Pt(size * 0.35)
            run = paragraph.add_run()
            run.text = " ".join(texts)
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = FONT
            run.font.color.rgb = _rgb(MUTED if muted else color)


def _bulleted(paragraph: _Paragraph, size: float) -> None:
    """A real list item: a bullet character with a hanging indent, as PowerPoint's own lists have."""
    indent = Pt(size * BULLET_INDENT)
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(indent))
    properties.set("indent", str(-indent))
    bullet = properties.makeelement(qn("a:buChar"), {"char": "•"})
    properties.append(bullet)


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
    """What a stage's slide shows: each list as a heading and one bulleted paragraph per item. Objectives and KPIs
    carry their codes (B1, D2, K3) in the working edition only; touchpoints keep T1, T2... in both, as on the
    canvas slide, where they are placed by those numbers."""
    labels, doc, working = context.labels, context.display, context.working

    def listed(label: str, items: list[str]) -> list[Entry]:
        return [[Para(label, bold=True), *(Para(item, bullet=True) for item in items)]] if items else []

    if stage == "purpose":
        p = doc.purpose
        entries: list[Entry] = [[Para(p.statement, scale=1.15)]] if p.statement else []
        entries += listed(labels["values"], p.values)
        for segment in p.audience:  # each segment's profile, as far as the team has written it
            profile = [f"{labels[name]}: {getattr(segment, name)}" for name in PROFILE if getattr(segment, name)]
            entries.append([Para(segment.name, bold=True), *(Para(line, muted=True, scale=0.8) for line in profile)])
        for name in ("personality", "proof_points"):
            entries += listed(labels[name], getattr(p, name))
        brand = doc.brand  # the context the purpose is set in
        entries += listed(labels["category"], [brand.category] if brand.category else [])
        for name in ("competitors", "differences"):
            entries += listed(labels[name], getattr(brand, name))
        return entries
    if stage == "digital-alignment":
        d = doc.digital
        refs = objective_refs(doc)
        serves = refs if working else {o.id: o.text for o in d.brand_objectives}

        def coded(ref: str, text: str) -> str:
            return f"{ref}  {text}" if working else text

        digital = []
        for o in d.digital_objectives:
            served = serves.get(o.brand_objective_id or "")
            digital.append(coded(refs[o.id], o.text) + (f" ({labels('serves_short', ref=served)})" if served else ""))
        channels = [f"{c.name}: {c.role}" if c.role else c.name for c in d.channels]
        return (
            listed(labels["brand_objectives"], [coded(refs[o.id], o.text) for o in d.brand_objectives])
            + listed(labels["digital_objectives"], digital)
            + listed(labels["channels"], channels)
            + listed(labels["listening"], d.listening)
            + [
                entry
                for name in RELATIONSHIP
                if (value := getattr(d.relationship, name))
                for entry in listed(labels[name], value if isinstance(value, list) else [value])
            ]
        )
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
        objectives, touchpoints = measured(context)
        for i, k in enumerate(doc.kpis, start=1):
            facts = [labels.enum("kpi_kinds", k.kind), k.target, k.time_frame, k.owner]
            entry = [Para(f"K{i}  {k.name}" if working else k.name, bold=True)]
            entry.append(Para(" · ".join(f for f in facts if f), muted=True, scale=0.85))
            aims = [touchpoints.get(k.touchpoint_id or ""), objectives.get(k.objective_id or "")]
            if any(aims):  # what it measures
                entry.append(Para(f"{labels['measures_what']}: " + " · ".join(a for a in aims if a), scale=0.8))
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
        listed(labels["decisions"], r.decisions)
        + listed(labels["next_steps"], r.next_steps)
        + listed(labels["initiatives"], initiatives)
        + listed(labels["stop_doing"], r.stop_doing)
        + listed(labels["open_questions"], r.open_questions)
        + listed(labels["tensions"], [t.question for t in tensions(doc, language=context.language)])
    )


def _finding_entries(context: ExportContext, findings: list[Finding]) -> list[Entry]:
    """Each finding: its severity (and rule, in the working edition) over its message."""
    labels = context.labels
    return [
        [
            Para(" · ".join([labels.enum("severities", f.severity), *([f.rule] if context.working else [])]), True),
            Para(f.message),
        ]
        for f in findings
    ]


def _discussion_points(context: ExportContext, stage: str, findings: list[Finding]) -> list[Entry]:
    """What the room should talk about on a stage's slide: what the checker found there, then what is still
    unanswered; a stage with neither gets its own question to stress-test it."""
    labels = context.labels
    points = _finding_entries(context, findings)
    points += [
        [Para(labels["deck_open"], True, scale=0.8), Para(context.say(q.ask))] for q in context.open_questions(stage)
    ]
    return points or [[Para(labels.group("deck_stage_prompts")[stage])]]


def _notes(slide: Slide, lines: list[str]) -> None:
    """The speaker notes under a slide: one paragraph per line."""
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None  # the default template's notes master has a body placeholder
    frame.text = "\n".join(line for line in lines if line)


def _card(context: ExportContext, card_id: str) -> CardLike | None:
    return context.cards.card(card_id, context.language) if context.cards else None


def _card_lines(context: ExportContext, card_ids: list[str], *, coach: bool = False) -> list[str]:
    """A card per line: its title and authors (and its id, in the working edition); with `coach`, the advice it
    gives where the checker found a weakness."""
    lines = []
    for card_id in dict.fromkeys(card_ids):
        card = _card(context, card_id)
        name = f"{card.title} ({card.attribution})" if card else card_id
        lines.append(f"• {name}" + (f" [{card_id}]" if context.working and card else ""))
        if coach and card is not None:
            lines.append(card.coach)
    return lines


def _stage_notes(context: ExportContext, stage_id: str) -> list[str]:
    """Coaching for whoever leads the room: the stage's opening, why it matters and what to ask (from the card
    behind the stage), and every card its questions and checks draw on."""
    labels, stage = context.labels, context.stage_book.stage(stage_id)
    why = _card(context, stage.why_card)
    cards = [stage.why_card]
    for question in stage.questions:
        cards += [question.item_card or "", *(check.card for check in question.checks)]
    lines = [context.say(stage.intro)]
    if why is not None:
        lines += [f"{labels['deck_notes_coaching']}: {why.intro}", f"{labels['deck_notes_ask']}:", why.ask]
    return [*lines, f"{labels['deck_notes_cards']}:", *_card_lines(context, [c for c in cards if c])]


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
    slide: Slide,
    context: ExportContext,
    stage: str,
    findings: list[Finding],
    more: Callable[[int], str],
    continued: str,
) -> None:
    labels = context.labels
    panel = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Mm(214), Mm(38), Mm(110), Mm(140))
    panel.adjustments[0] = 0.03
    _paint(panel, SOFT)
    head = labels["deck_discuss"].upper()
    _text(slide, head, (219, 42, 100, 8), max_size=11, min_size=8, more=more, bold=True, color=ACCENT)
    points = _discussion_points(context, stage, findings)
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
    _notes(slide, [labels["deck_notes_title"], tally(labels, context.scorecard.errors, context.scorecard.warnings)])


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
    prompts = labels.group("prompts")
    for number, stage in enumerate(STAGE_ORDER, start=1):
        entries = _stage_entries(context, stage) or [[Para(prompts[STAGE_PROMPTS[stage]], muted=True)]]
        pages = _paginate(entries, more, continued)
        for page_number, content in enumerate(pages, start=1):
            slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
            title = _numbered(labels.enum("stages", stage), page_number, len(pages))
            _title(slide, f"{number} / {len(STAGE_ORDER)}", title)
            _textbox(slide, 14, 38, 190, 140, content)
            _discussion_panel(slide, context, stage, context.stage_findings(stage), more, continued)
            _notes(slide, _stage_notes(context, stage))


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
    _notes(slide, [context.labels["deck_notes_canvas"]])


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
        cards = [f.card_id for f in page if f.card_id]
        _notes(slide, [labels["deck_notes_findings"], *_card_lines(context, cards, coach=True)])


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
