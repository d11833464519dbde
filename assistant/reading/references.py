"""Which item of the document a reference names by its words: "the weeknights one", "quello del tagliando".

A pointer is a few words ("the trust objective", "per la tessera", "keeping-them-climbing"); the items are
long ("be the most trusted plumber in the city on Google"). So the pointer's content words (lemmas, either
language, stopwords left out) are looked for among each item's, a close spelling counting too; a word
that only one item holds says more than one they all share. When two items score the same, the rest of
the answer decides ("Intro course sign-ups for the beginners objective" names the objective about the
intro course), and when it cannot, no item is named: a wrong link is worse than none.
"""

from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache

from assistant.config import KNOWLEDGE_DIR
from assistant.reading.lists import lemma_text
from assistant.reading.pointers import pointers
from assistant.retrieval.text import fold, load_stopwords

CLOSE = 0.85  # spelling similarity at which two words of five letters or more count as one
CLOSE_LENGTH = 5
STEM, STEM_SHARE = 7, 0.7  # a shared beginning this long, and this share of the shorter word, makes two words kin


@cache
def _ignored() -> frozenset[str]:
    """Words that name no item: stopwords of both languages and the pointers' own nouns ("one", "obiettivo")."""
    stop = load_stopwords(KNOWLEDGE_DIR / "language" / "stopwords.yaml")
    said = pointers()
    return frozenset(stop["en"] | stop["it"] | said.nouns | said.articles)


def content(text: str) -> list[str]:
    """The text's content words as folded lemmas, in order, without repeats."""
    ignored = _ignored()
    words = fold(text).replace("'", " ").replace("-", " ")
    lemmas = [w for w in lemma_text(words).split() if w not in ignored and fold(w) not in ignored]
    return list(dict.fromkeys(w for w in lemmas if len(w) > 2 or w.isdigit()))


def _close(word: str, others: Iterable[str]) -> bool:
    if word in others:
        return True
    if len(word) < CLOSE_LENGTH:
        return False
    return any(
        len(o) >= CLOSE_LENGTH and (_kin(word, o) or SequenceMatcher(None, word, o).ratio() >= CLOSE) for o in others
    )


def _kin(word: str, other: str) -> bool:
    """Two words of one family, as a long shared stem shows: "recensioni" and "recensito", "prenotazioni" and
    "prenotare"."""
    stem = next((i for i, (a, b) in enumerate(zip(word, other, strict=False)) if a != b), min(len(word), len(other)))
    return stem >= STEM and stem >= STEM_SHARE * min(len(word), len(other))


def named(pointer: str, options: list[tuple[str, str]], *, context: str = "") -> str | None:
    """The id of the one option the pointer's words name, or None when none or several fit as well."""
    words = content(pointer)
    held = {option_id: set(content(text)) for option_id, text in options}
    holders = {w: [i for i, own in held.items() if _close(w, own)] for w in words}
    scores = {i: sum(1 / len(h) for h in holders.values() if i in h) for i in held}
    best = max(scores.values(), default=0.0)
    if best <= 0:
        return None
    tied = [i for i, score in scores.items() if score == best]
    if len(tied) > 1:
        said = set(content(context))
        shared = {i: sum(_close(w, held[i]) for w in said) for i in tied}
        most = max(shared.values())
        tied = [i for i in tied if shared[i] == most]
    return tied[0] if len(tied) == 1 else None
