"""When an extracted item counts as the expected one: lemmatised content words and the 60% rule.

Lemmas rather than the search's Snowball stems, so that `famiglie`/`famiglia` and `workers`/`worker`
meet without `university`/`universe` meeting too; numbers are content words, so a target keeps its figure.
"""

import re

import simplemma

from assistant.document import Language
from assistant.retrieval.text import fold

THRESHOLD = 0.6  # share of an expected item's content words that one extracted item must contain
TOKEN = re.compile(r"[^\W_]+")
OTHER: dict[Language, Language] = {"en": "it", "it": "en"}

Words = frozenset[str]


class Lemmas:
    """A text's content words as folded lemmas, stopwords dropped before and after lemmatising."""

    def __init__(self, stopwords: dict[str, set[str]]):
        self.stopwords = stopwords

    def content(self, text: str, language: Language) -> Words:
        """Lemmas in the text's language first, then the other (English channel names in Italian answers);
        a text made only of stopwords keeps all its words, so it can still be matched."""
        tokens = TOKEN.findall(text.lower())
        stop = self.stopwords[language]
        lemmas = {fold(simplemma.lemmatize(t, lang=(language, OTHER[language]))) for t in tokens if fold(t) not in stop}
        return frozenset(lemmas - stop or {fold(t) for t in tokens})


def coverage(expected: Words, extracted: Words) -> float:
    """The share of the expected content words found in the extracted item."""
    return len(expected & extracted) / len(expected) if expected else 0.0


def matches(expected: Words, extracted: Words) -> bool:
    return coverage(expected, extracted) >= THRESHOLD


def pair(expected: list[Words], extracted: list[Words]) -> dict[int, int]:
    """Expected index -> extracted index, one to one.

    Greedy by best coverage (ties: the extracted item with fewer words of its own), not an optimal
    assignment: an extracted item that lumps several expected ones together counts for one of them only."""
    candidates = sorted(
        (-coverage(e, x), len(x - e), i, j)
        for i, e in enumerate(expected)
        for j, x in enumerate(extracted)
        if matches(e, x)
    )
    pairs: dict[int, int] = {}
    for _, _, i, j in candidates:
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs
