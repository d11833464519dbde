"""The standalone HTML report: one file, inline CSS with a print stylesheet, every value escaped."""

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from assistant.exports.context import ExportContext
from assistant.exports.report import build_report

TEMPLATES = Path(__file__).with_name("templates")
LONG_WORD = 30  # characters: longer than any word of English or Italian prose (a URL, a run without spaces)


def _has_long_word(text: str) -> bool:
    return any(len(word) > LONG_WORD for word in text.split())


@cache
def environment() -> Environment:
    """Jinja2 with autoescaping on for every template: the team's text is data, never markup.

    The test `long_word` marks a table cell the browser may break anywhere: only there, so that other cells' columns
    stay as wide as their longest word and their words whole."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.tests["long_word"] = _has_long_word
    return env


def render_html(context: ExportContext) -> bytes:
    template = environment().get_template("report.html")
    html = template.render(
        report=build_report(context), labels=context.labels.data, date=context.date, version=context.version
    )
    return html.encode("utf-8")
