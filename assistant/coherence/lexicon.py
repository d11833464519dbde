"""Concept words for the checks on meaning: `knowledge/language/meaning.yaml` read and matched.

A concept ("promotion", "vanity", "reason") has words and regular expressions per language. Words match whole
words of the lowercased, accent-folded text, by their form or their lemma (simplemma); a word written `=form`
matches that form only; a word right after a negation ("no discounts", "senza sconti") does not count.
The file's header comment says the same for the people who edit it.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

import yaml
from simplemma import lemmatize

from assistant.config import get_settings
from assistant.document import Language

NEGATION_REACH = 2  # words before a term where a negation cancels it
# An Italian elision (`l'agenzia`, `dell'offerta`) is two words; an English contraction (`don't`) is one.
_WORDS: dict[str, re.Pattern[str]] = {"en": re.compile(r"\w+(?:[-']\w+)*"), "it": re.compile(r"\w+(?:-\w+)*")}


def fold(text: str) -> str:
    """Lowercased, without accents: `Qualità` -> `qualita`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _lemma(word: str, language: Language) -> str:
    return fold(lemmatize(word, lang=language))


@dataclass(frozen=True)
class Token:
    form: str
    lemma: str
    start: int
    end: int


def tokens(text: str, language: Language) -> list[Token]:
    """The words of a text, each with its folded form, lemma and place in the text."""
    return list(_tokens(text, language))


@lru_cache(maxsize=4096)  # the same answers are read by several rules, and again at every turn
def _tokens(text: str, language: Language) -> tuple[Token, ...]:
    words = []
    for match in _WORDS[language].finditer(text.lower()):
        word = match.group()
        words.append(Token(fold(word), _lemma(word, language), match.start(), match.end()))
    return tuple(words)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    exact: bool  # `=form`: the form only, never a lemma

    @classmethod
    def of(cls, written: str, language: Language) -> "Term":
        if not isinstance(written, str):  # YAML reads a bare `on`, `no` or `yes` as a boolean: quote it
            raise ValueError(f"meaning lexicon: {written!r} is not a word; write it in quotes")
        exact = written.startswith("=")
        return cls(tuple(fold(w) for w in _WORDS[language].findall(written.removeprefix("=").lower())), exact)

    def at(self, words: list[Token], index: int) -> bool:
        if index + len(self.words) > len(words):
            return False
        for word, token in zip(self.words, words[index : index + len(self.words)], strict=False):
            if word != token.form and (self.exact or word != token.lemma):
                return False
        return True


@dataclass(frozen=True)
class Concept:
    terms: tuple[Term, ...]
    patterns: tuple[re.Pattern[str], ...]

    @cached_property
    def by_first_word(self) -> dict[str, tuple[Term, ...]]:
        """The terms under their first word, longest first: a text word looks up only the terms it can start."""
        index: dict[str, list[Term]] = {}
        for term in self.terms:
            if term.words:
                index.setdefault(term.words[0], []).append(term)
        return {word: tuple(terms) for word, terms in index.items()}

    def starting_at(self, words: list["Token"], index: int) -> "Term | None":
        token = words[index]
        candidates = self.by_first_word.get(token.form, ()) + self.by_first_word.get(token.lemma, ())
        fitting = [term for term in candidates if term.at(words, index)]
        return max(fitting, key=lambda term: len(term.words), default=None)


@dataclass(frozen=True)
class Match:
    """Where a concept was found: the text's own words, to quote, and how many words they cover."""

    text: str
    words: int


@dataclass(frozen=True)
class Lexicon:
    concepts: dict[tuple[str, Language], Concept]
    negations: dict[Language, tuple[Term, ...]]
    stopwords: dict[Language, frozenset[str]]  # function words (`stopwords.yaml` beside the file), folded

    @classmethod
    def load(cls, path: Path) -> "Lexicon":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        function_words = yaml.safe_load((path.parent / "stopwords.yaml").read_text(encoding="utf-8"))
        stopwords = {lang: frozenset(fold(str(word)) for word in words) for lang, words in function_words.items()}
        concepts = {}
        for name, languages in data["concepts"].items():
            for language, entry in languages.items():
                terms = tuple(Term.of(word, language) for word in entry.get("words") or [])
                patterns = tuple(re.compile(p) for p in entry.get("patterns") or [])
                concepts[name, language] = Concept(terms, patterns)
        negations = {lang: tuple(Term.of(w, lang) for w in words) for lang, words in data["negations"].items()}
        return cls(concepts, negations, stopwords)

    def _negated(self, words: list[Token], index: int, language: Language) -> bool:
        for negation in self.negations[language]:
            for back in range(max(0, index - NEGATION_REACH - len(negation.words)), index):
                end = back + len(negation.words)
                if end <= index and index - end < NEGATION_REACH and negation.at(words, back):
                    return True
        return False

    def find_all(self, concept: str, text: str, language: Language) -> list[Match]:
        """Every place the concept is said in the text, in the text's own words."""
        entry = self.concepts[concept, language]
        found: list[Match] = []
        words = tokens(text, language)
        index = 0
        while index < len(words):
            term = entry.starting_at(words, index)
            if term is None or self._negated(words, index, language):
                index += 1
                continue
            last = words[index + len(term.words) - 1]
            found.append(Match(text[words[index].start : last.end], len(term.words)))
            index += len(term.words)
        lowered = text.lower()
        for pattern in entry.patterns:
            found += [
                Match(text[m.start() : m.end()].strip(), len(_WORDS[language].findall(m.group())))
                for m in pattern.finditer(lowered)
            ]
        return found

    def find(self, concept: str, text: str, language: Language) -> str | None:
        """The first place the concept is said in the text, or None."""
        found = self.find_all(concept, text, language)
        return found[0].text if found else None

    def words_of(self, concept: str, language: Language) -> set[tuple[str, ...]]:
        return {term.words for term in self.concepts[concept, language].terms}


@cache
def _load(path: Path) -> Lexicon:
    return Lexicon.load(path)


def lexicon() -> Lexicon:
    """The concepts of `meaning.yaml` in the knowledge folder the settings name."""
    return _load(get_settings().knowledge_dir / "language" / "meaning.yaml")
