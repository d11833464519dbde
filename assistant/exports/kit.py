"""The consultant's workshop kit: a ZIP with a timed agenda, one worksheet per stage, the pre-filled canvas and the
checker's findings as discussion points (each as printable HTML and editable Markdown)."""

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from assistant.exports import canvas
from assistant.exports.context import ExportContext
from assistant.exports.report import Findings, build_report
from assistant.exports.report_html import environment
from assistant.exports.report_md import render_json
from assistant.exports.text import md
from assistant.stages import Question, Stage, StageBook

START = datetime(2000, 1, 1, 9, 30)
DASH = "\u2013"  # between the start and end times
WELCOME, BREAK, WRAP_UP = 15, 15, 20
STAGE_BASE = 5  # minutes to open and summarise a stage
MINUTES = {"text": 10, "list": 6, "items": 20, "annotate": 10}  # per question, by the kind of answer it wants


@dataclass(frozen=True)
class Sheet:
    """One question on a printable worksheet."""

    label: str
    ask: str
    example: str
    hint: str
    optional: bool
    draft: list[str]


@dataclass(frozen=True)
class Slot:
    start: str
    end: str
    minutes: int
    text: str


def _round5(minutes: int) -> int:
    return max(5, 5 * round(minutes / 5))


def _render(text: Any, language: str, brand: str) -> str:
    try:
        return str(text.render(language, brand=brand))
    except Exception:  # a stage text that needs more than the brand's name: show it as written
        return str(getattr(text, language))


def _value(document: BaseModel, path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        value = getattr(value, part, None)
    return value


def _draft(context: ExportContext, question: Question) -> list[str]:
    """The current answer to a question, as lines."""
    value = _value(context.display, question.field)
    if isinstance(value, str):
        return [value] if value else []
    if not isinstance(value, list):
        return []
    lines = []
    for item in value:
        if isinstance(item, str):
            lines.append(item)
            continue
        name = getattr(item, "name", None) or getattr(item, "text", "")
        if question.attribute:
            detail = getattr(item, question.attribute, "")
            lines.append(f"{name}: {detail}" if detail else "")
        else:
            lines.append(str(name))
    return [line for line in lines if line]


def _file(number: int, stage: Stage) -> str:
    return f"worksheets/{number}-{stage.id}"


def _agenda(context: ExportContext, stages: list[Stage]) -> list[Slot]:
    labels = context.labels
    plan: list[tuple[int, str]] = [(WELCOME, labels["welcome"])]
    for number, stage in enumerate(stages, start=1):
        minutes = _round5(STAGE_BASE + sum(MINUTES[q.kind] for q in stage.questions))
        text = labels(
            "stage_activity_one" if len(stage.questions) == 1 else "stage_activity",
            stage=_render(stage.title, context.language, context.brand),
            questions=len(stage.questions),
            file=_file(number, stage) + ".html",
        )
        plan.append((minutes, text))
        if number == 2:
            plan.append((BREAK, labels["break"]))
    plan.append((WRAP_UP, labels["wrap_up"]))
    slots, clock = [], START
    for minutes, text in plan:
        end = clock + timedelta(minutes=minutes)
        slots.append(Slot(clock.strftime("%H:%M"), end.strftime("%H:%M"), minutes, text))
        clock = end
    return slots


def build_kit(context: ExportContext, stages: StageBook) -> bytes:
    labels, language, brand = context.labels, context.language, context.brand
    env = environment()
    page = env.get_template("kit.html")
    files: dict[str, bytes] = {}
    kicker = f"{brand} · {labels['kit_title']}"

    # Agenda
    slots = _agenda(context, stages.stages)
    total = sum(slot.minutes for slot in slots)
    intro = labels("agenda_intro", total=total, brand=brand)
    files["agenda.html"] = page.render(
        page="agenda",
        language=language,
        labels=labels.data,
        kicker=kicker,
        title=labels["agenda"],
        intro=intro,
        rows=slots,
    ).encode()
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
    files["agenda.md"] = ("\n".join(lines) + "\n").encode()

    # Worksheets
    for number, stage in enumerate(stages.stages, start=1):
        title = _render(stage.title, language, brand)
        stage_intro = _render(stage.intro, language, brand)
        sheets = [
            Sheet(
                label=_render(q.label, language, brand),
                ask=_render(q.ask, language, brand),
                example=_render(q.example, language, brand),
                hint=_render(q.hint, language, brand) if q.hint else "",
                optional=q.optional,
                draft=_draft(context, q),
            )
            for q in stage.questions
        ]
        heading = f"{labels['worksheet']} {number}: {title}"
        files[_file(number, stage) + ".html"] = page.render(
            page="worksheet",
            language=language,
            labels=labels.data,
            kicker=kicker,
            title=heading,
            intro=stage_intro,
            questions=sheets,
        ).encode()
        lines = [f"# {md(heading)}", "", md(stage_intro), ""]
        for index, sheet in enumerate(sheets, start=1):
            optional = f" ({labels['optional']})" if sheet.optional else ""
            lines += [f"## {index}. {md(sheet.label)}{md(optional)}", "", md(sheet.ask), ""]
            lines += [f"*{md(labels['example'])}:* {md(sheet.example)}", ""]
            if sheet.hint:
                lines += [f"*{md(labels['hint'])}:* {md(sheet.hint)}", ""]
            if sheet.draft:
                lines += [f"**{md(labels['current_answer'])}:**", ""]
                lines += [*(f"- {md(line)}" for line in sheet.draft), ""]
            lines += [f"**{md(labels['your_answer'])}:**", "", "&nbsp;", "", "&nbsp;", ""]
        files[_file(number, stage) + ".md"] = ("\n".join(lines) + "\n").encode()

    # Canvas, pre-filled
    files["canvas.svg"] = canvas.render_svg(context)
    files["canvas.pdf"] = canvas.render_pdf(context)

    # Findings as discussion points
    report = build_report(context)
    findings = next(
        (block.items for section in report.sections for block in section.blocks if isinstance(block, Findings)), []
    )
    intro = labels("discussion_intro", version=context.version) if findings else labels["discussion_none"]
    files["discussion-points.html"] = page.render(
        page="findings",
        language=language,
        labels=labels.data,
        kicker=kicker,
        title=labels["discussion_points"],
        intro=intro,
        findings=findings,
    ).encode()
    lines = [f"# {md(brand)}: {md(labels['discussion_points'])}", "", md(intro), ""]
    for index, item in enumerate(findings, start=1):
        lines.append(f"{index}. **{md(item.label)}** {md(item.message)}" + (f" ({md(item.card)})" if item.card else ""))
        lines += ["", f"   *{md(labels['discuss_prompt'])}*", ""]
    files["discussion-points.md"] = ("\n".join(lines) + "\n").encode()

    files["strategy.json"] = render_json(context)

    # README
    described = labels.group("kit_files")
    readme = [
        f"# {md(brand)}: {md(labels['kit_title'])}",
        "",
        md(labels("kit_readme", brand=brand, version=context.version, date=context.date)),
        "",
        f"## {md(labels['kit_contents'])}",
        "",
    ]
    readme += [
        f"- `agenda.html`, `agenda.md`: {md(described['agenda'])}",
        f"- `worksheets/`: {md(described['worksheets'])}",
        f"- `canvas.svg`, `canvas.pdf`: {md(described['canvas'])}",
        f"- `discussion-points.html`, `discussion-points.md`: {md(described['findings'])}",
        f"- `strategy.json`: {md(described['strategy'])}",
    ]
    files["README.md"] = ("\n".join(readme) + "\n").encode()

    buffer = io.BytesIO()
    stamp = context.generated_at.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in ["README.md", *sorted(n for n in files if n != "README.md")]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()
