"""An enumerated value read from what a remark means, where the word lists find none of their words.

"It gets us noticed by people walking down the high street" says awareness in no word the vocabulary holds;
its meaning is near the phrases that paraphrase awareness (knowledge/language/meanings.yaml). Each piece of
the remarks is compared with every value's phrases by the multilingual e5 model (assistant.retrieval.prototypes),
and the nearest value is taken only when it is close enough and clearly ahead of the next: a value left empty
is asked for later, a wrong one misleads. The model loads on the first remark that needs it, never before.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from assistant.config import KNOWLEDGE_DIR
from assistant.retrieval.prototypes import Nearest, prototypes

PIECES = re.compile(r"\s*[;,.!?]\s+|\s*[;!?]\s*|\s+[-\u2013\u2014]\s+")
MIN_WORDS = 2  # a piece shorter than this ("Jess", "monthly") says nothing a value could mean
MAX_PIECES = 8  # a long description is judged by its first pieces: each costs one embedding


@dataclass(frozen=True)
class Meanings:
    examples: dict[tuple[str, str], dict[str, list[str]]]  # (item kind, field) -> value -> phrases of both languages
    score: float  # the nearest phrase must be at least this close (cosine)
    margin: float  # and this much closer than the nearest phrase of any other value

    @classmethod
    def load(cls, path: Path) -> "Meanings":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        accept = data.pop("accept")
        examples = {
            (kind, name): {value: [*said["en"], *said["it"]] for value, said in values.items()}
            for kind, fields in data.items()
            for name, values in fields.items()
        }
        return cls(examples, float(accept["score"]), float(accept["margin"]))

    def nearest(self, kind: str, name: str, text: str) -> Nearest | None:
        """The value of the item kind's field `name` whose phrases the text's closest piece means most nearly; None
        without examples (a KPI's engagement level is read from its words only)."""
        examples = self.examples.get((kind, name))
        pieces = [p for p in PIECES.split(text) if len(p.split()) >= MIN_WORDS][:MAX_PIECES]
        if not examples or not pieces:
            return None
        return max((prototypes(examples).nearest(piece) for piece in pieces), key=lambda n: n.score)

    def meant(self, kind: str, name: str, text: str) -> str | None:
        """The value the text means, when it is close enough and clearly ahead of the others."""
        found = self.nearest(kind, name, text)
        return found.label if found and found.score >= self.score and found.margin >= self.margin else None


@cache
def meanings(path: Path = KNOWLEDGE_DIR / "language" / "meanings.yaml") -> Meanings:
    return Meanings.load(path)
