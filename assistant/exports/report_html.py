"""The standalone HTML report: one file, inline CSS with a print stylesheet, every value escaped."""

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from assistant.exports.context import ExportContext
from assistant.exports.report import build_report

TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment() -> Environment:
    """Jinja2 with autoescaping on for every template: the team's text is data, never markup."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def render_html(context: ExportContext) -> bytes:
    template = environment().get_template("report.html")
    html = template.render(
        report=build_report(context), labels=context.labels.data, date=context.date, version=context.version
    )
    return html.encode("utf-8")
