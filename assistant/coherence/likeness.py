"""The review's meaning fallback: where a check's word lists say nothing, does the team's text mean what a sense's
examples mean ("a price deal", "nothing is done"), more nearly than what its near misses mean?

`knowledge/language/likeness.yaml` gives each sense its example phrases ("like" and "unlike", English and Italian)
and the cosine score and margin the nearest "like" example must reach; `assistant.retrieval.prototypes` compares
them with the multilingual e5 model. The model and the examples load on the first question, not at import: a
review whose word lists decide everything never embeds anything.
"""

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from assistant.config import get_settings
from assistant.retrieval.prototypes import Nearest, prototypes

LIKE, UNLIKE = "like", "unlike"


@dataclass(frozen=True)
class Sense:
    """One fallback: the examples of both labels (both languages together, the model reads them across the two)
    and how near and how clearly ahead the "like" label must be."""

    examples: dict[str, tuple[str, ...]]
    score: float
    margin: float


@cache
def _senses(path: Path) -> dict[str, Sense]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    senses = {}
    for name, entry in data["senses"].items():
        examples = {label: tuple(p for phrases in entry[label].values() for p in phrases) for label in (LIKE, UNLIKE)}
        senses[name] = Sense(examples, float(entry["score"]), float(entry["margin"]))
    return senses


def senses() -> dict[str, Sense]:
    """The senses of `likeness.yaml` in the knowledge folder the settings name."""
    return _senses(get_settings().knowledge_dir / "language" / "likeness.yaml")


def nearest(sense: str, text: str) -> Nearest:
    """The label of the text's nearest example, its cosine score and its margin over the other label."""
    return prototypes(senses()[sense].examples).nearest(text)


def means(sense: str, text: str) -> bool:
    """Whether the text's nearest example is a "like" one, near enough and clearly ahead of the near misses."""
    return bool(text.strip()) and _means(get_settings().knowledge_dir, sense, " ".join(text.split()))


@lru_cache(maxsize=4096)  # several rules, and every turn, read the same answers
def _means(knowledge: Path, sense: str, text: str) -> bool:
    entry = _senses(knowledge / "language" / "likeness.yaml")[sense]
    found = prototypes(entry.examples).nearest(text)
    return found.label == LIKE and found.score >= entry.score and found.margin >= entry.margin
