"""A bilingual domain glossary that carries a query's key terms into the other language.

The embedding model is English-only and BM25 matches words, so an English question about an Italian
text (or the reverse) finds little by itself; adding the other language's terms to the query closes
most of that gap.
"""

from pathlib import Path

import yaml

from assistant.document import Language
from assistant.retrieval.text import Analyzer


class Glossary:
    def __init__(self, entries: list[dict[str, list[str]]], analyzer: Analyzer):
        self.analyzer = analyzer
        self.entries = entries
        # per entry and language: the stem sets of its variants, for matching against a query
        self._keys: list[dict[str, list[frozenset[str]]]] = [
            {
                lang: [stems for v in entry[lang] if (stems := frozenset(analyzer.terms(v, lang)))]
                for lang in ("en", "it")
            }
            for entry in entries
        ]
        # per language: which entries have a variant holding a stem, so a query reads only the entries it can match
        self._holding: dict[str, dict[str, list[int]]] = {"en": {}, "it": {}}
        for number, keys in enumerate(self._keys):
            for lang, variants in keys.items():
                for stem in {stem for key in variants for stem in key}:
                    self._holding[lang].setdefault(stem, []).append(number)

    @classmethod
    def load(cls, path: Path, analyzer: Analyzer) -> "Glossary":
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")), analyzer)

    def translate(self, text: str, source: Language, target: Language) -> list[str]:
        """Target-language terms for the glossary entries found in `text`, most specific first."""
        if source == target:
            return []
        stems = set(self.analyzer.terms(text, source))
        matches: list[tuple[int, list[str]]] = []
        for number in sorted({n for stem in stems for n in self._holding[source].get(stem, [])}):
            sizes = [len(key) for key in self._keys[number][source] if key <= stems]
            if sizes:
                matches.append((max(sizes), self.entries[number][target]))
        terms: list[str] = []
        for _, variants in sorted(matches, key=lambda match: -match[0]):
            terms.extend(v for v in variants if v not in terms)
        return terms
