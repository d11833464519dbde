"""Tokens, stems and language guesses for English and Italian text."""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
import yaml

from assistant.document import Language

WORD = re.compile(r"[^\W_]+")
STEMMERS = {"en": "english", "it": "italian"}


def fold(text: str) -> str:
    """Lower case without accents, so `perché` and `perche` meet."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded word tokens; apostrophes split Italian elisions (`dell'azienda` -> `dell`, `azienda`)."""
    return WORD.findall(fold(text))


class Analyzer:
    """Turns text into index terms: folded words, stopwords out, Snowball stems of the text's language."""

    def __init__(self, stopwords: dict[str, set[str]]):
        self.stopwords = stopwords
        self._stemmers = {lang: snowballstemmer.stemmer(name) for lang, name in STEMMERS.items()}

    def detect(self, text: str) -> Language:
        """The likelier of English and Italian, by how many of each language's stopwords appear."""
        tokens = words(text)
        english = sum(token in self.stopwords["en"] for token in tokens)
        italian = sum(token in self.stopwords["it"] for token in tokens)
        if italian == english:
            # short queries have few stopwords: Italian endings in vowels are a fair tie-break
            vowel_endings = sum(token[-1] in "aeiou" for token in tokens if len(token) > 3)
            return "it" if tokens and vowel_endings / len(tokens) > 0.6 else "en"
        return "it" if italian > english else "en"

    def terms(self, text: str, language: Language) -> list[str]:
        tokens = [t for t in words(text) if t not in self.stopwords[language]]
        return [self.stem(t, language) for t in tokens]

    def stem(self, token: str, language: Language) -> str:
        return str(self._stemmers[language].stemWord(token))


@lru_cache(maxsize=4)
def analyzer_for(knowledge_dir: Path, *, fillers: bool = True) -> Analyzer:
    """The analyzer of a knowledge folder: the search and the stored full-text index must share it. Besides the
    function words it drops the fillers of everyday questions (`fillers.yaml`), which name no topic; the composed
    answers count a question's words without that (`fillers=False`), as their thresholds were chosen."""
    language = knowledge_dir / "language"
    stopwords = load_stopwords(language / "stopwords.yaml")
    if not fillers:
        return Analyzer(stopwords)
    dropped = load_stopwords(language / "fillers.yaml")
    return Analyzer({lang: stopwords[lang] | dropped[lang] for lang in STEMMERS})


@lru_cache(maxsize=4)
def load_stopwords(path: Path) -> dict[str, set[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: {fold(w) for w in data[lang]} for lang in STEMMERS}
