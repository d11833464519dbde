"""The consultant's workshop kit: a ZIP with a timed agenda, one worksheet per stage, the pre-filled canvas and the
checker's findings as discussion points (each as printable HTML and editable Markdown)."""

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from jinja2 import Template
from pydantic import BaseModel

from assistant.document import catalogue
from assistant.document.catalogue import ListSpec
from assistant.exports import canvas
from assistant.exports.context import ExportContext, Labels
from assistant.exports.report import Findings, build_report, measured, segment_names
from assistant.exports.report_html import environment
from assistant.exports.report_md import render_json
from assistant.exports.text import md
from assistant.stages import Question, Stage, StageBook

DASH = "\u2013"  # between the start and end times
WELCOME, BREAK, WRAP_UP = 15, 15, 20
STAGE_BASE = 5  # minutes to open and summarise a stage
MINUTES = {"text": 10, "list": 6, "items": 20, "annotate": 10}  # per open question, by the kind of answer it wants
READ_BACK = 2  # per answered question: the room reads it back and agrees
FINDING_MINUTES = {"error": 8, "warning": 4, "info": 1}  # to discuss and fix what the checker found


@dataclass(frozen=True)
class Sheet:
    """One question on a printable worksheet: a box to write in (with the current draft above it), or, for a
    list, a table to fill in with plain column names, the current values in its first rows and blank rows after."""

    label: str
    ask: str
    example: str
    hint: str
    optional: bool
    draft: list[str]
    columns: list[str]
    rows: list[list[str]]


BLANK_ROWS = 3  # empty rows under the current values, to write new ones in


@dataclass(frozen=True)
class Slot:
    start: str
    end: str
    minutes: int
    text: str


def _round5(minutes: int) -> int:
    return max(5, 5 * round(minutes / 5))


def _value(document: BaseModel, path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        value = getattr(value, part, None)
    return value


def _columns(stage: Stage, question: Question, spec: ListSpec) -> list[str]:
    """The fields a question's table asks for: the item's name, then what the question sets on each item (an
    annotate question), or the item's other fields except those a later question of the stage asks for."""
    if question.annotates:
        return [spec.title, *question.annotates]
    later = {name for other in stage.questions if other.field == question.field for name in other.annotates}
    return [spec.title, *(f.name for f in spec.fields if f.name != spec.title and f.name not in later)]


def _cell(context: ExportContext, item: Any, name: str) -> str:
    """An item's field as the worksheet shows it: a choice by its label, a reference by what it points to."""
    value = getattr(item, name, None)
    if value in (None, ""):
        return ""
    if name.endswith("_id"):
        objectives, touchpoints = measured(context)
        return objectives.get(value) or touchpoints.get(value) or segment_names(context).get(value) or ""
    return _shown(context, value)


def _table(context: ExportContext, stage: Stage, question: Question) -> tuple[list[str], list[list[str]]]:
    """The column names and the rows (current values first, then blank rows) of a list question's table."""
    labels, spec = context.labels, catalogue.list_at(question.field)
    value = _value(context.display, question.field) or []
    if spec is None:  # a list of plain text: one column
        rows = [[str(item)] for item in value]
        return [context.say(question.label)], [*rows, *([""] for _ in range(BLANK_ROWS))]
    names = _columns(stage, question, spec)
    item = str(labels.data.get(spec.kind) or context.say(question.label))  # "Touchpoint", else "Brand objectives"
    headers = [item if name == spec.title else labels[name] for name in names]
    rows = [[_cell(context, item, name) for name in names] for item in value]
    blank = [] if question.annotates else [["" for _ in names] for _ in range(BLANK_ROWS)]
    return headers, [*rows, *blank]


def _shown(context: ExportContext, value: Any) -> str:
    """A value as the kit prints it: a choice by its label (`leading`: "anticipatore"), text as written."""
    if isinstance(value, Enum):
        return context.labels.enum(catalogue.snake_case(type(value).__name__) + "s", value)
    return str(value)


def _file(number: int, stage: Stage) -> str:
    return f"worksheets/{number}-{stage.id}"


def stage_minutes(context: ExportContext, stage: Stage) -> int:
    """The time a stage needs in the room: its open questions by the work each asks, a read-back of those
    answered, and a discussion of what the checker found there; the consultant's own figure wins."""
    from assistant.engine.fields import read  # the engine's reading of a question's field

    chosen = dict(context.agenda).get(stage.id)
    if chosen is not None:
        return chosen
    open_ids = {q.id for q in context.open_questions(stage.id)}
    # a question about items not written yet (the measurement plan of KPIs to come) is work ahead, too
    ahead = {q.id for q in stage.questions if q.kind == "annotate" and not read(context.display, q.field)}
    work = sum(MINUTES[q.kind] if q.id in open_ids | ahead else READ_BACK for q in stage.questions)
    work += sum(FINDING_MINUTES[f.severity] for f in context.stage_findings(stage.id))
    return _round5(STAGE_BASE + work)


def _schedule(context: ExportContext, stages: list[Stage]) -> list[Slot]:
    labels = context.labels
    plan: list[tuple[int, str]] = [(WELCOME, labels["welcome"])]
    for number, stage in enumerate(stages, start=1):
        minutes = stage_minutes(context, stage)
        text = labels(
            "stage_activity_one" if len(stage.questions) == 1 else "stage_activity",
            stage=context.say(stage.title),
            questions=len(stage.questions),
            file=_file(number, stage) + ".html",
        )
        plan.append((minutes, text))
        if number == 2:
            plan.append((BREAK, labels["break"]))
    plan.append((WRAP_UP, labels["wrap_up"]))
    hours, minutes = (int(part) for part in context.start.split(":"))
    slots, clock = [], datetime(2000, 1, 1, hours, minutes)
    for minutes, text in plan:
        end = clock + timedelta(minutes=minutes)
        slots.append(Slot(clock.strftime("%H:%M"), end.strftime("%H:%M"), minutes, text))
        clock = end
    return slots


@dataclass(frozen=True)
class _Pages:
    """The kit's printable pages: one template, the document's language and labels, one kicker."""

    context: ExportContext
    template: Template
    kicker: str

    def html(self, page: str, title: str, intro: str, **content: Any) -> bytes:
        language, labels = self.context.language, self.context.labels.data
        html = self.template.render(
            page=page, language=language, labels=labels, kicker=self.kicker, title=title, intro=intro, **content
        )
        return html.encode()


def _markdown(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _agenda(pages: _Pages, stages: list[Stage]) -> dict[str, bytes]:
    context, labels, brand = pages.context, pages.context.labels, pages.context.brand
    slots = _schedule(context, stages)
    intro = labels("agenda_intro", total=sum(slot.minutes for slot in slots), brand=brand)
    lines = [
        f"# {md(brand)}: {md(labels['agenda'])}",
        "",
        md(intro),
        "",
        f"| {md(labels['time'])} | {md(labels['activity'])} |",
        "|---|---|",
    ]
    lines += [
        f"| {slot.start}{DASH}{slot.end} ({slot.minutes} {labels['minutes']}) | {md(slot.text)} |" for slot in slots
    ]
    return {
        "agenda.html": pages.html("agenda", labels["agenda"], intro, rows=slots),
        "agenda.md": _markdown(lines),
    }


def _sheet(context: ExportContext, stage: Stage, question: Question) -> Sheet:
    """A question as printed: the example from the brand's own trade (a neutral one for a trade the examples do not
    know), the hint only where it is not an `a | b` answer format (the table's columns say that)."""
    hint = context.say(question.hint) if question.hint else ""
    example = context.say(context.stage_book.examples.example(question, context.display))
    if question.kind == "text":
        value = _value(context.display, question.field)
        draft = [str(value)] if value else []
        label, ask = context.say(question.label), context.say(question.ask)
        return Sheet(label, ask, example, hint, question.optional, draft, columns=[], rows=[])
    columns, rows = _table(context, stage, question)
    return Sheet(
        label=context.say(question.label),
        ask=context.say(question.ask),
        example=example.replace(" | ", " · "),
        hint="" if "|" in hint else hint,
        optional=question.optional,
        draft=[],
        columns=columns,
        rows=rows,
    )


def _worksheet_lines(labels: Labels, heading: str, intro: str, sheets: list[Sheet]) -> list[str]:
    lines = [f"# {md(heading)}", "", md(intro), ""]
    for index, sheet in enumerate(sheets, start=1):
        optional = f" ({md(labels['optional'])})" if sheet.optional else ""
        lines += [f"## {index}. {md(sheet.label)}{optional}", "", md(sheet.ask), ""]
        if sheet.example:
            lines += [f"*{md(labels['example'])}:* {md(sheet.example)}", ""]
        if sheet.hint:
            lines += [f"*{md(labels['hint'])}:* {md(sheet.hint)}", ""]
        if sheet.columns:
            lines += ["| " + " | ".join(md(c) for c in sheet.columns) + " |"]
            lines += ["|" + "|".join("---" for _ in sheet.columns) + "|"]
            lines += ["| " + " | ".join(md(c) or "&nbsp;" for c in row) + " |" for row in sheet.rows] + [""]
            continue
        if sheet.draft:
            lines += [f"**{md(labels['current_answer'])}:**", ""]
            lines += [*(f"- {md(line)}" for line in sheet.draft), ""]
        lines += [f"**{md(labels['your_answer'])}:**", "", "&nbsp;", "", "&nbsp;", ""]
    return lines


def _worksheets(pages: _Pages, stages: list[Stage]) -> dict[str, bytes]:
    context, labels = pages.context, pages.context.labels
    files: dict[str, bytes] = {}
    for number, stage in enumerate(stages, start=1):
        title = context.say(stage.title)
        intro = context.say(stage.intro)
        sheets = [_sheet(context, stage, question) for question in stage.questions]
        heading = f"{labels['worksheet']} {number}: {title}"
        files[_file(number, stage) + ".html"] = pages.html("worksheet", heading, intro, questions=sheets)
        files[_file(number, stage) + ".md"] = _markdown(_worksheet_lines(labels, heading, intro, sheets))
    return files


def _discussion(pages: _Pages) -> dict[str, bytes]:
    """The checker's findings as discussion points."""
    context, labels = pages.context, pages.context.labels
    report = build_report(context)
    findings = next(
        (block.items for section in report.sections for block in section.blocks if isinstance(block, Findings)), []
    )
    intro = labels("discussion_intro", version=context.version) if findings else labels["discussion_none"]
    lines = [f"# {md(context.brand)}: {md(labels['discussion_points'])}", "", md(intro), ""]
    for index, item in enumerate(findings, start=1):
        rule = f" `{md(item.rule)}`" if item.rule else ""  # the working edition's
        card = f" ({md(item.card)})" if item.card else ""
        lines.append(f"{index}. **{md(item.label)}**{rule} {md(item.message)}{card}")
        lines += ["", f"   *{md(labels['discuss_prompt'])}*", ""]
    return {
        "discussion-points.html": pages.html("findings", labels["discussion_points"], intro, findings=findings),
        "discussion-points.md": _markdown(lines),
    }


def _readme(context: ExportContext) -> bytes:
    labels, brand = context.labels, context.brand
    described = labels.group("kit_files")
    return _markdown(
        [
            f"# {md(brand)}: {md(labels['kit_title'])}",
            "",
            md(labels("kit_readme", brand=brand, version=context.version, date=context.date)),
            "",
            f"## {md(labels['kit_contents'])}",
            "",
            f"- `agenda.html`, `agenda.md`: {md(described['agenda'])}",
            f"- `worksheets/`: {md(described['worksheets'])}",
            f"- `canvas.svg`, `canvas.pdf`: {md(described['canvas'])}",
            f"- `discussion-points.html`, `discussion-points.md`: {md(described['findings'])}",
            f"- `strategy.json`: {md(described['strategy'])}",
        ]
    )


def _zip(files: dict[str, bytes], generated_at: datetime) -> bytes:
    """The files, README first, each stamped with the time the kit was generated (so one version, one kit)."""
    buffer = io.BytesIO()
    stamp = generated_at.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in ["README.md", *sorted(n for n in files if n != "README.md")]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


def build_kit(context: ExportContext, stages: StageBook) -> bytes:
    pages = _Pages(context, environment().get_template("kit.html"), f"{context.brand} · {context.labels['kit_title']}")
    files = {
        **_agenda(pages, stages.stages),
        **_worksheets(pages, stages.stages),
        "canvas.svg": canvas.render_svg(context),  # pre-filled
        "canvas.pdf": canvas.render_pdf(context),
        **_discussion(pages),
        "strategy.json": render_json(context),
        "README.md": _readme(context),
    }
    return _zip(files, context.generated_at)


def render_kit(context: ExportContext) -> bytes:
    """The kit as the export registry renders it: with the context's stages, or else the packaged ones."""
    return build_kit(context, context.stage_book)
