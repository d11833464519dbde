"""Short Jinja2 texts (stage questions, reply templates), each compiled once: compiling one costs far more
than rendering it, and the same few hundred texts are rendered on every turn."""

from functools import lru_cache
from typing import Any

from jinja2 import Environment, StrictUndefined, Template

_jinja = Environment(undefined=StrictUndefined, autoescape=False)


@lru_cache(maxsize=4096)
def _compiled(source: str) -> Template:
    return _jinja.from_string(source)


def render_text(source: str, **values: Any) -> str:
    return _compiled(source).render(**values).strip()
