"""The report as Markdown, and the document as JSON."""

import json

from assistant.exports.context import ExportContext
from assistant.exports.report import Block, build_report
from assistant.exports.text import md


def _cell(text: str) -> str:
    return md(text) or " "


def _block(block: Block) -> list[str]:
    if block.kind == "heading":
        return ["#" * block.level + " " + md(block.text), ""]
    if block.kind == "text":
        text = md(block.text, inline=False).replace("\n", "  \n")
        return [f"*{text}*" if block.style in ("empty", "muted") else text, ""]
    if block.kind == "bullets":
        return [(f"{i}. " if block.ordered else "- ") + md(item) for i, item in enumerate(block.items, 1)] + [""]
    if block.kind == "facts":
        return [f"- **{md(label)}:** {md(value)}" for label, value in block.rows] + [""]
    if block.kind == "table":
        lines = ["| " + " | ".join(_cell(h) for h in block.headers) + " |"]
        lines.append("|" + "|".join("---" for _ in block.headers) + "|")
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
        return [*lines, ""]
    if block.kind == "findings":
        lines = []
        for item in block.items:
            where = f" (`{item.fields}`)" if item.fields else ""
            card = f" {md(item.card)}" if item.card else ""
            rule = f" {md(item.rule)}:" if item.rule else ""
            lines.append(f"- **{md(item.label)}**{rule} {md(item.message)}{where}{card}")
        return [*lines, ""]
    # provenance
    return ["> " + md(line) + "  " for line in block.lines] + [""]


def render_markdown(context: ExportContext) -> bytes:
    report = build_report(context)
    labels = context.labels
    lines = [f"# {md(report.brand)}: {md(report.title)}", ""]
    lines += [f"- **{md(label)}:** {md(value)}" for label, value in report.meta] + [""]
    for section in report.sections:
        lines += [f"## {md(section.title)}", ""]
        for block in section.blocks:
            lines += _block(block)
    lines.append(f"*{md(labels['generated'])} {md(context.date)}, {md(labels['version'])} {context.version}*")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def render_json(context: ExportContext) -> bytes:
    """The document exactly as saved: it validates against the published schema and imports back unchanged."""
    data = context.document.model_dump(mode="json")
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
