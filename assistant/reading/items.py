"""Items with several fields (touchpoints, channels, KPIs) from an answer written as prose.

"People find us on Instagram mostly, we just post photos. Then the shop counter, where we chat with
regulars, Jess runs it." describes two touchpoints: each place where the brand meets people (a head
word from the lexicon, or a web address) opens an item, named by the words around it, and the remarks
that follow it describe it until the next one. What the remarks say (journey stage, level, owner...) is
read by the caller from each item's description.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from simplemma import split_sentences

from assistant.config import KNOWLEDGE_DIR
from assistant.reading.lists import EDGE, NEGATION, clip, lexicon, trim
from assistant.retrieval.text import fold

WORD = re.compile(r"[\w@][\w'\u2019.&-]*\w|\w")
SAID_OPENER = re.compile(r"^(?:(?:is|are|was|it's|its|where|for|to|as|e|è|sono|per|dove|come)\s+)+", re.IGNORECASE)
DOMAIN = re.compile(r"^[a-z0-9-]+\.(?:com|it|net|org|eu|io|co)$")
NAME_WORDS = 5  # an item's name is its head and a few words around it
# Words that may stand between a head and the rest of its name: "stall on the square", "lezione di prova".
LINKS = {"on", "in", "at", "of", "after", "di", "del", "della", "dei", "delle", "sul", "sulla", "da"}
# Words that end a name: where a remark about the item begins ("the check-in desk when they pay").
BOUNDARY = {"when", "where", "which", "who", "that", "while", "so", "because", "mostly", "mainly", "really", "also",
            "too", "dove", "quando", "che", "chi", "mentre", "cosi", "perche", "soprattutto", "anche"}  # fmt: skip
ARTICLES = {"the", "a", "an", "our", "their", "il", "lo", "la", "i", "gli", "le", "l", "un", "una", "uno", "nostro",
            "nostra", "nostri", "nostre"}  # fmt: skip


@dataclass
class ProseItem:
    """One item read from prose: the name it goes by and every remark made about it."""

    name: str
    said: str = ""  # what the sentence that names it goes on to say: "Instagram [is where people discover us]"
    remarks: list[str] = field(default_factory=list)  # every remark about it, naming sentence included
    later: list[str] = field(default_factory=list)  # the remarks after the naming sentence

    @property
    def description(self) -> str:
        return "; ".join(self.remarks)


@dataclass(frozen=True)
class Heads:
    words: tuple[tuple[str, ...], ...]  # folded head phrases as word tuples, longest first
    after_article: frozenset[str]  # heads that are also verbs
    owner: tuple[re.Pattern[str], ...]
    stop: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> "Heads":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        after_article = {fold(p) for lang in ("en", "it") for p in data["item_heads_after_article"][lang]}
        phrases = {tuple(fold(p).split()) for lang in ("en", "it") for p in data["item_heads"][lang]}
        phrases |= {(word,) for word in after_article}
        owner = tuple(_owner_pattern(p) for lang in ("en", "it") for p in data["owner_phrases"][lang])
        stopwords = yaml.safe_load((path.parent / "stopwords.yaml").read_text(encoding="utf-8"))
        stop = frozenset(fold(str(w)) for lang in ("en", "it") for w in stopwords[lang])
        fillers = frozenset(fold(p) for lang in ("en", "it") for p in data["closers"][lang] if " " not in p)
        names_end = stop | fillers | BOUNDARY  # "Instagram probably", "Instagram direi": the name is Instagram
        return cls(tuple(sorted(phrases, key=len, reverse=True)), frozenset(after_article), owner, names_end)


def _owner_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase in any case around a capitalised first name: "{name} runs it" finds "Jess runs it"."""
    before, _, after = phrase.partition("{name}")
    around = [f"(?i:{re.escape(part)})" if part else "" for part in (before, after)]
    return re.compile(rf"(?<!\w){around[0]}(?P<name>[A-Z][\w'\u2019-]+){around[1]}(?!\w)")


@cache
def heads(path: Path = KNOWLEDGE_DIR / "language" / "reading.yaml") -> Heads:
    return Heads.load(path)


def _head_at(tokens: list[str], index: int, known: Heads) -> int:
    """How many tokens from `index` form a head phrase (0 when none)."""
    if DOMAIN.match(tokens[index]):
        return 1
    for phrase in known.words:
        if tuple(tokens[index : index + len(phrase)]) == phrase:
            if len(phrase) == 1 and phrase[0] in known.after_article:
                before = tokens[index - 1] if index else ""
                return 1 if before in ARTICLES or before in LINKS else 0
            return len(phrase)
    return 0


def _name(words: list[str], start: int, length: int, known: Heads) -> tuple[int, int]:
    """Where the head's name begins and ends: "thank-you email after the stay", "market stall on the square"."""
    folded = [fold(w) for w in words]
    left = start
    while left > 0 and start - left < 2 and folded[left - 1] not in known.stop and folded[left - 1] not in ARTICLES:
        left -= 1
    # words before the head belong to the name only after an article or at the start: "the shop counter",
    # "User forum", but not "we run Instagram stories"
    while left < start and left > 0 and folded[left - 1] not in ARTICLES and folded[left - 1] not in LINKS:
        left += 1
    right = start + length
    while right < len(words) and right - left < NAME_WORDS:
        word = folded[right]
        if word in LINKS and right + 1 < len(words):
            after = right + 1 + (folded[right + 1] in ARTICLES)
            if after < len(words) and folded[after] not in known.stop:
                right = after + 1
                continue
            break
        if word in known.stop or word in ARTICLES:
            break
        right += 1
    return left, right


def _clauses(text: str) -> list[str]:
    parts: list[str] = []
    for line in text.splitlines():
        for sentence in split_sentences(line) or [line]:
            parts.extend(p for p in re.split(r"\s*[;,]\s*", sentence) if p.strip(EDGE))
    return parts


def read_items(text: str) -> list[ProseItem]:
    """The items a prose answer names, each with its remarks; none when it names no place at all.

    A correction ("Facebook for older customers, no wait, the local radio") replaces the item before
    it, which keeps what was said about it; a negation ("not Facebook") adds nothing.
    """
    known, words_of = heads(), lexicon()
    items: list[ProseItem] = []
    waiting: list[str] = []  # remarks before the first item belong to it
    replacing = False
    for clause in _clauses(text):
        taken_back = words_of.retracts(clause)
        if taken_back is not None:
            replacing = bool(items)
            clause = clause[taken_back.end() :]
        if NEGATION.match(fold(clause.strip(EDGE))):
            continue
        words = WORD.findall(clause)
        folded = [fold(w) for w in words]
        index, count = 0, len(items)
        while index < len(folded):
            length = _head_at(folded, index, known)
            if not length:
                index += 1
                continue
            left, right = _name(words, index, length, known)
            name = " ".join(words[left:right]).strip(EDGE)
            if not any(fold(name) == fold(item.name) for item in items):
                said = clip(trim(SAID_OPENER.sub("", " ".join(words[right:])), words_of))
                item = ProseItem(clip(name), said=said)
                if replacing:
                    old = items.pop()
                    item.said, item.remarks, item.later = item.said or old.said, old.remarks, old.later
                    count, replacing = len(items), False
                items.append(item)
            index = max(right, index + length)
        remark = clause.strip(EDGE)
        if not remark:
            continue
        if items:
            items[-1].remarks.append(remark)
            if len(items) == count:
                items[-1].later.append(remark)
        else:
            waiting.append(remark)
    if items and waiting:
        items[0].remarks[:0] = waiting
    return items


def owner_in(text: str) -> str | None:
    """A first name the text gives as the one who looks after the item ("Jess runs it", "se ne occupa Luca")."""
    for pattern in heads().owner:
        match = pattern.search(text)
        if match:
            return match["name"]
    return None
