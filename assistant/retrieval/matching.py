"""How well one sentence answers a question, for answers composed from passages: the question's embedding
against the sentence's, and the question's content words (stemmed, generic ones aside) that the sentence shares.
Used by the composed framework answers (`assistant/engine/composed.py`)."""

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from langchain_core.embeddings import Embeddings

from assistant.document import Language
from assistant.retrieval.text import Analyzer, fold, words

LANGUAGES: tuple[Language, ...] = ("en", "it")
REMEMBERED = 4096  # sentence vectors kept: every card's sentences fit, so a question embeds only new text
DUPLICATE = 0.6  # share of stems two sentences have in common (Jaccard) above which one repeats the other


@dataclass(frozen=True)
class Match:
    dense: float  # cosine of the question's and the sentence's embeddings
    shared: frozenset[str]  # the question's content stems the sentence has too
    coverage: float  # the share of the question's content stems the sentence has


class Matcher:
    def __init__(self, *, analyzer: Analyzer, embeddings: Embeddings, lexicon: Path):
        self.analyzer = analyzer
        self.embeddings = embeddings
        data = yaml.safe_load(lexicon.read_text(encoding="utf-8"))
        self.generic = {lang: {analyzer.stem(fold(w), lang) for w in data["generic"][lang]} for lang in LANGUAGES}
        self.own = {lang: {fold(w) for w in data["own"][lang]} for lang in LANGUAGES}
        self.follows = {lang: {fold(w) for w in data["follows"][lang]} for lang in LANGUAGES}
        self.concepts: list[str] = data["concepts"]  # the fields whose values are the framework's concepts
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()
        self._stems = lru_cache(maxsize=REMEMBERED)(self._all_stems)

    def content(self, text: str, language: Language) -> frozenset[str]:
        """The text's stems that say what it is about: stopwords and generic words aside."""
        return frozenset(self.analyzer.terms(text, language)) - self.generic[language]

    def match(self, question: str, sentences: list[str], language: Language) -> list[Match]:
        """Each sentence against the question, embedded in one batch."""
        if not sentences:
            return []
        asked = self.content(question, language)
        query = self.embeddings.embed_query(question)
        rows = self._embed(sentences)
        matches = []
        for sentence, row in zip(sentences, rows, strict=True):
            shared = asked & self.content(sentence, language)
            matches.append(Match(_cosine(query, row), shared, len(shared) / len(asked) if asked else 0.0))
        return matches

    def _embed(self, sentences: list[str]) -> list[list[float]]:
        """The sentences' vectors, the new ones in one batch; the cards' sentences come back for every question."""
        with self._lock:
            missing = [s for s in dict.fromkeys(sentences) if s not in self._vectors]
        found = dict(zip(missing, self.embeddings.embed_documents(missing), strict=True)) if missing else {}
        with self._lock:
            for sentence, vector in found.items():
                self._vectors[sentence] = vector
            rows = [found.get(s) or self._vectors[s] for s in sentences]
            for sentence in sentences:
                if sentence in self._vectors:
                    self._vectors.move_to_end(sentence)
            while len(self._vectors) > REMEMBERED:
                self._vectors.popitem(last=False)
        return rows

    def about_team(self, question: str, language: Language, names: list[str]) -> bool:
        """Whether the question speaks of the team's own business: "our", "nostro", or one of its names
        (the brand, its trade, its touchpoints and channels)."""
        if self.own[language] & set(words(question)):
            return True
        asked = self.content(question, language)
        return any(asked & self.content(name, language) for name in names if name)

    def names(self, text: str, name: str) -> bool:
        """Whether the text says a name (a concept's, "co-creation", "fidelizzazione") in either language: all of
        its stems, as either language stems them."""
        for lang in LANGUAGES:
            stems = self._stems(name, lang)
            if stems and stems <= self._stems(text, lang):
                return True
        return False

    def leans(self, sentence: str, language: Language) -> bool:
        """Whether the sentence opens by pointing back ("This means…", "He calls…"), so reads badly alone."""
        first = words(sentence)[:1]
        return bool(first) and first[0] in self.follows[language]

    def _all_stems(self, text: str, language: Language) -> frozenset[str]:
        return frozenset(self.analyzer.terms(text, language))

    def repeats(self, one: str, other: str, language: Language) -> bool:
        """Whether two sentences say nearly the same thing, by the stems they share."""
        a, b = self._stems(one, language), self._stems(other, language)
        return bool(a | b) and len(a & b) / len(a | b) >= DUPLICATE


def _cosine(a: list[float], b: list[float]) -> float:
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norms if norms else 0.0
