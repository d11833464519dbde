"""Prompts for the language model: Jinja2 templates in `prompts/llm/`."""

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined


class PromptBook:
    def __init__(self, folder: Path):
        self.env = Environment(
            loader=FileSystemLoader(folder), undefined=StrictUndefined, autoescape=False, trim_blocks=True
        )

    def render(self, name: str, **values: Any) -> str:
        return self.env.get_template(f"{name}.j2").render(**values).strip()
