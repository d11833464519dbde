"""Which objective a prose entry serves, when the team says so in passing.

"For the club, turn visitors into subscribers", "get members to book in the app, that's for objective 1",
"fill the 7am slots (number 2)", "questo per il primo", "e per il secondo raccogliere candidature": the
pointer is taken out of the entry and kept as its reference. Ordinals and numbers become the objective's
number; other words ("the club") are left for the caller to match against the objectives' own words.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from assistant.config import KNOWLEDGE_DIR
from assistant.retrieval.text import fold

ELISION = re.compile(r"\b((?:l|dell|all|nell|dall|sull|quell|un)')(?=\w)", re.IGNORECASE)
UNDO_ELISION = re.compile(r"\b((?:l|dell|all|nell|dall|sull|quell|un)') ", re.IGNORECASE)
ARROW = re.compile(r"\s*(?:->|=>|\u2192)\s*")  # "online booking -> the contracts one"
NUMBER_IN_BRACKETS = re.compile(r"\s*\((?:[^()\d]{0,12}?)(\d{1,2})\)?\s*$")  # the closing bracket may be trimmed


@dataclass(frozen=True)
class Pointers:
    back: tuple[str, ...]  # folded phrases, longest first
    articles: frozenset[str]
    nouns: frozenset[str]
    ordinals: dict[str, str]  # folded word -> number
    max_words: int
    leads: frozenset[str]  # words that open an entry by saying what it serves: "for", "per"
    within: re.Pattern[str]  # "for the trust objective", "per l'obiettivo degli allievi" inside a name
    closers: frozenset[str]  # nouns that close a lead: "for the online booking one …", not "per il numero di …"
    fillers: re.Pattern[str]  # words that close a pointer without being part of it: "for number 3 as well"
    corrections: re.Pattern[str]  # "anzi no", "no wait": what comes after replaces what came before
    cardinals: frozenset[str]  # number words that are no position: "the two of them", "i due"

    @classmethod
    def load(cls, path: Path) -> "Pointers":
        whole = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = whole["pointers"]
        closing = sorted({fold(p) for lang in ("en", "it") for p in whole["closers"][lang]}, key=len, reverse=True)
        back = sorted({fold(p) for lang in ("en", "it") for p in data["back"][lang]}, key=len, reverse=True)
        ordinals = {fold(word): number for number, words in data["ordinals"].items() for word in words}
        return cls(
            tuple(back),
            frozenset(fold(a) for a in data["articles"]),
            frozenset(fold(n) for n in data["nouns"]),
            ordinals,
            int(data["max_words"]),
            frozenset(fold(w) for w in data["leads"]),
            _within(data),
            frozenset(fold(w) for w in [*data["objective_nouns"], *data["lead_closers"]]),
            re.compile(rf"(?:\s+(?:{'|'.join(re.escape(c) for c in closing)}))+$"),
            re.compile(rf"(?<![\w'])(?:{_phrases(whole['corrections'])})(?![\w'])"),
            frozenset(fold(w) for w in data["cardinals"]),
        )

    def reference(self, words: list[str]) -> str | None:
        """`the direct sales one` -> `direct sales`; `objective 1`, `il primo` -> `1`; None if nothing is left."""
        words = [w for w in words if w not in self.articles]
        numbers = [self.ordinals.get(w, w) for w in words if w not in self.nouns]
        if len(numbers) == 1 and numbers[0].isdigit():
            return numbers[0]
        while words and words[-1] in self.nouns:
            words = words[:-1]
        while words and words[0] in self.nouns:
            words = words[1:]
        return " ".join(words) or None

    def pointer(self, entry: str) -> tuple[str, str] | None:
        """(phrase, reference) when the whole entry only says which objective it is for."""
        folded = ELISION.sub(r"\1 ", fold(entry).strip(" .,;:!?"))  # "l'obiettivo" -> "l' obiettivo"
        folded = self.fillers.sub("", folded)  # "that's for number 3 as well", "sempre per il primo direi"
        for phrase in self.back:
            if folded.startswith(phrase + " "):
                rest = folded[len(phrase) :].split()
                if len(rest) <= self.max_words and (ref := self.reference(rest)) is not None:
                    return phrase, ref
        words = [w for w in folded.split() if w not in self.articles]
        named = [self._number(w) for w in words if w not in self.nouns]
        # "secondo obiettivo", "objective 2", "#2"
        if len(named) == 1 and named[0] is not None and (len(words) == 2 or words[0].startswith("#")):
            return "", named[0]
        return None

    def _number(self, word: str) -> str | None:
        word = word.removeprefix("#")
        return word if word.isdigit() and len(word) <= 2 else self.ordinals.get(word)

    def settle(self, text: str) -> str:
        """The text with a pointer that is taken back and said again left as the second: "…, per il primo… anzi no,
        per il secondo", "(objective 1, no wait, 2)", "that's for the first one, no wait, the second"."""
        if len(fold(text)) != len(text):
            return text
        for match in reversed(list(self.corrections.finditer(fold(text)))):
            before = text[: match.start()].rstrip(" ,.;:\u2026-\u2013\u2014")
            start = max(before.rfind(c) for c in ",;(\u2026") + 1
            start = max(start, before.rfind("...") + 3 if "..." in before else 0)
            said = self.pointer(before[start:].strip())
            rest = text[match.end() :]
            again = re.split(r"[,;)]|\.(?:\s|$)", rest.lstrip(" ,.;:\u2026"), maxsplit=1)[0].strip()
            if said is None or not again:
                continue
            if self.pointer(again) is None and self._number(fold(again)) is None:
                again = f"{said[0]} {again}"
                if self.pointer(again) is None:
                    continue
            end = match.end() + rest.index(again.split()[-1]) + len(again.split()[-1])
            text = f"{before[:start]}{' ' if start and before[start - 1] != '(' else ''}{again}{text[end:]}"
        return text

    def position(self, text: str) -> tuple[str, str] | None:
        """(number, the rest) when a remark opens by naming an item by its place in the list: "Il secondo: Anna
        segna …", "the first one we count at the till", "per il terzo …". An ordinal needs an article or a noun
        after it, so "First, we count …" and "Second one …" differ as sequence and pointer only by those words."""
        words = ELISION.sub(r"\1 ", text).split()
        folded = [fold(w).strip(",.:;") for w in words]
        index = 1 if folded and folded[0] in self.leads else 0
        article = index < len(folded) and folded[index] in self.articles
        index += article
        number = self.ordinals.get(folded[index]) if index < len(folded) else None
        if number is None or folded[index] in self.cardinals:
            return None
        index += 1
        nouns = index
        while index < len(folded) and folded[index] in self.nouns:
            index += 1
        if not article and index == nouns:
            return None
        return number, UNDO_ELISION.sub(r"\1", " ".join(words[index:])).strip(" ,:;")

    def lead(self, entry: str) -> tuple[str, str] | None:
        """(reference, the rest) when an entry opens by saying what it serves: `per il secondo raccogliere …`,
        `For the weeknights one: a weekly email …`, `for the online booking one we track …`."""
        words = ELISION.sub(r"\1 ", entry).split()
        folded = [fold(w).strip(",.:;") for w in words]
        if len(words) > 1 and words[0].endswith(":") and folded[0].startswith("#") and self._number(folded[0]):
            return self._number(folded[0]) or "", " ".join(words[1:])  # "#1: get listed on the booking sites"
        if len(words) < 3 or folded[0] not in self.leads:
            return None
        index = 1
        while index < len(words) and folded[index] in self.articles:
            index += 1
        number = self._number(folded[index]) if index < len(words) else None
        if number is None:
            return self._named_lead(words, folded)
        index += 1
        while index < len(words) and folded[index] in self.nouns:
            index += 1
        rest = UNDO_ELISION.sub(r"\1", " ".join(words[index:])).strip(" ,:;")
        return (number, rest) if rest else None

    def _named_lead(self, words: list[str], folded: list[str]) -> tuple[str, str] | None:
        """A lead that names the objective by its words, closed by a colon, a comma or "one"/"obiettivo"."""
        for end in range(1, min(len(words), self.max_words + 2)):
            closed = words[end].endswith(":") or (words[end].endswith(",") and end <= self.max_words)
            if closed or (folded[end] in self.closers and end > 1):
                last = end + (closed and folded[end] not in self.nouns)  # "for the club:" keeps "club"
                said = self.reference([fold(w).strip(",.:;") for w in words[1:last]])
                rest = UNDO_ELISION.sub(r"\1", " ".join(words[end + 1 :])).strip(" ,:;")
                return (said, rest) if said and rest else None
        return None

    def inside(self, text: str) -> tuple[str, str] | None:
        """(the text without it, reference) when a name says what it serves in passing: `Google rating for the
        trust objective`, `iscrizioni per l'obiettivo degli allievi`."""
        match = self.within.search(ELISION.sub(r"\1 ", text))
        if match is None:
            return None
        said = self.reference([fold(w) for w in (match["words"] or match["after"]).split()])
        rest = UNDO_ELISION.sub(r"\1", ELISION.sub(r"\1 ", text)[: match.start()]).strip(" ,:;")
        return (rest, said) if said and rest else None

    def opening(self, entry: str) -> str | None:
        """The words after an opening "for"/"per" (`per farci conoscere i video …`): they may name what the entry
        serves, or may not; the caller keeps the entry whole and tries them against the document's items."""
        words = [fold(w).strip(",.:;") for w in ELISION.sub(r"\1 ", entry).split()]
        if len(words) < 3 or words[0] not in self.leads:
            return None
        return " ".join(words[1 : 1 + self.max_words])

    def trailing(self, entry: str) -> tuple[str, str] | None:
        """(the entry without it, reference) when the entry ends by saying what it serves: `… -> the contracts
        one`, `…, that's for trust too I guess`, `…, sempre per il tagliando`."""
        arrow = ARROW.search(entry)
        if arrow is not None:
            said = self.reference([fold(w) for w in re.findall(r"[\w'-]+", entry[arrow.end() :])])
            text = entry[: arrow.start()].strip(" ,;:")
            return (text, said) if said and text else None
        head, comma, tail = entry.rpartition(",")
        if not comma or not head.strip():
            return None
        found = self.pointer(tail)
        return (head.strip(), found[1]) if found is not None else None


def _phrases(by_language: dict[str, list[str]]) -> str:
    return "|".join(re.escape(fold(p)) for p in sorted({*by_language["en"], *by_language["it"]}, key=len, reverse=True))


def _within(data: dict[str, list[str]]) -> re.Pattern[str]:
    """A lead, a few words and an objective's noun ("for the trust objective"), or the noun first ("per
    l'obiettivo degli allievi"), closing a name."""
    leads = "|".join(re.escape(w) for w in data["leads"])
    nouns = "|".join(re.escape(w) for w in data["objective_nouns"])
    words = r"(?:[\w'-]+\s+){0,3}[\w'-]+"
    return re.compile(
        rf"\s(?:{leads})\s+(?:(?P<words>{words})\s+(?:{nouns})|(?:\w+'?\s+)?(?:{nouns})\s+(?P<after>{words}))\s*$",
        re.IGNORECASE,
    )


@cache
def pointers(path: Path = KNOWLEDGE_DIR / "language" / "reading.yaml") -> Pointers:
    return Pointers.load(path)


def point(entries: list[str], starts: set[int] | None = None) -> list[tuple[str, str | None]]:
    """Each entry with the objective it says it serves, pointer-only entries folded into their neighbour.

    A pointer that stands alone belongs to the entry before it when it points back ("that's for …",
    or it closes the answer), else to the entry after it ("For the club, …"). With `starts`, the entries that
    open a sentence: a lead there ("Per gli architetti una pagina …, e un profilo LinkedIn") is said for the
    sentence's other entries too."""
    words = pointers()
    found: list[tuple[str, str | None]] = []
    ahead: str | None = None
    listed: str | None = None  # "For the members goal: a free class, and a referral code": said for both
    sentence: str | None = None  # the lead that opened the sentence
    for position, entry in enumerate(entries):
        if starts is not None and position in starts:
            sentence = None
        alone = words.pointer(entry)
        if alone is not None:
            phrase, pointed = alone
            last = position == len(entries) - 1
            if found and found[-1][1] is None and (phrase not in {"for", "per"} or last):
                found[-1] = (found[-1][0], pointed)
            else:
                ahead = pointed
            listed = None
            continue
        text, reference = entry, None
        if (opened := words.lead(entry)) is not None:
            reference, text = opened
            listed = reference if ":" in entry.partition(text[:12])[0] else None
        elif (closed := words.trailing(entry)) is not None:
            text, reference = closed
        else:
            reference = words.opening(entry)
        if starts is not None and position in starts and (opened is not None or reference is not None):
            sentence = reference
        if (bracket := NUMBER_IN_BRACKETS.search(text)) is not None:
            reference, text = bracket.group(1), text[: bracket.start()].strip()
        if reference is not None and opened is None:
            listed = None
        found.append((text, reference or ahead or listed or sentence))
        ahead = None
    return found
