"""Jinja2 templates with autoescaping, the Markdown filter and the translator."""

from pathlib import Path

from fastapi.templating import Jinja2Templates

from assistant.document.paths import anchor
from web.markdown import render

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
templates.env.filters["markdown"] = render
templates.env.filters["anchor"] = anchor
