"""Initiatives from an answer written as prose, each with who leads it, by when, what it costs, effort and impact.

"The aftercare videos: Mara leads it, done by April, about 800 quid. It's a lot of work (high effort) but the
impact is medium. Second one, the guest artist programme, Kai runs it, ..." names two. A line opens one, and
so does a sentence that opens neither with a remark ("It's …") nor with a field; its first plain clause is the
name, and each other clause says a field: a sum (or "costs nothing") the budget, a month the due date, a name
("lo segue Chiara", ", Paolo,") the owner. Effort and impact are read where a level word stands by their noun
("high effort", "impatto medio", "a big job"), the last said winning ("impact medium-ish... ok medium").
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

import yaml

from assistant.config import KNOWLEDGE_DIR
from assistant.reading.items import SELF, owner_in, owner_said, self_said
from assistant.reading.lists import BULLET, EDGE, lexicon, sentences, trim, unfolded
from assistant.retrieval.text import fold

# Clauses: "1,200" stays whole; "a booking page that Tom builds", "la pagina che fa Marco" are a name and a clause
CLAUSE = re.compile(
    r"\s*(?:[;:()]|,(?!\d)|(?<!\d),|\s[-\u2013\u2014]\s|\.{2,}|\u2026|\s(?:that|which|che)(?=\s+(?:[a-z]+\s+)?[A-Z]))\s*"
)
Words = tuple[tuple[str, tuple[str, ...]], ...]  # a hashable {value: words}
SHORT_DUE = 2  # a clause this short that names a month or a season is a due date without a lead ("June", "Feb")


@dataclass
class ProseInitiative:
    name: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)  # what no field took: effort and impact may be meant there
    said: list[str] = field(default_factory=list)  # every clause, for the effort and impact said by their nouns


@dataclass(frozen=True)
class Phrasing:
    headers: frozenset[str]
    starts: re.Pattern[str]
    remarks: re.Pattern[str]
    money: re.Pattern[str]
    no_money: re.Pattern[str]
    due: re.Pattern[str]
    dates: frozenset[str]
    selves: frozenset[str]
    levels: dict[str, tuple[re.Pattern[str], ...]]  # effort / impact: noun then level, level then noun, phrases
    level_of: dict[str, str]  # folded level word or phrase -> low / medium / high
    counting: re.Pattern[str]  # "two things really": a sentence that counts what follows
    name_openers: frozenset[str]  # "a", "una": after a list word inside a sentence, a name follows
    remark_words: frozenset[str]  # "will", "sono": after a list word, a remark follows

    @classmethod
    def load(cls, path: Path, levels: dict[str, list[str]], labels: dict[str, list[str]]) -> "Phrasing":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        times = yaml.safe_load((path.parent / "measures.yaml").read_text(encoding="utf-8"))

        def alternation(words: list[str]) -> str:
            return "|".join(re.escape(fold(w)) for w in sorted(set(words), key=len, reverse=True))

        level_of = {fold(w): value for value, words in levels.items() for w in words}
        level = rf"(?P<level>{alternation(list(level_of))})"
        patterns: dict[str, tuple[re.Pattern[str], ...]] = {}
        for name in ("effort", "impact"):
            noun = rf"(?:{alternation([*data[name], *labels.get(name, [])])})"
            phrases = {fold(p): value for value, said in data["level_phrases"][name].items() for p in said}
            level_of |= phrases
            patterns[name] = (
                re.compile(rf"(?<!\w){noun}(?:\s+(?:is|was|will be|would be|e|sara)|\s*[:=])?\s+{level}(?!\w)"),
                re.compile(rf"(?<!\w){level}\s+{noun}(?!\w)"),
                re.compile(rf"(?<![\w'])(?P<level>{alternation(list(phrases))})(?![\w'])"),
            )
        currency = alternation([c for c in data["currency"] if c.isalpha()])
        dates = alternation([*times["time_words"], *data["months"]])
        symbols = "".join(re.escape(c) for c in data["currency"] if not c.isalpha())
        remarks = "|".join(map(re.escape, [*data["remarks"]["en"], *data["remarks"]["it"]]))  # matched unfolded: "è"
        return cls(
            headers=frozenset(fold(h) for h in data["headers"]),
            starts=re.compile(rf"^(?:{alternation([*data['starts']['en'], *data['starts']['it']])})(?![\w'])[\s,]*"),
            remarks=re.compile(rf"^(?:{remarks})(?![\w'])"),
            money=re.compile(
                rf"[{symbols}]|\d\s*(?:{currency})(?!\w)|(?<!\w)(?:{currency})\s*\d|\d[.,]\d{{3}}(?!\d)"
                rf"|(?<!\w)(?:{alternation(data['cost_leads'])})\s+(?:\w+\s+)?\d"
            ),
            no_money=re.compile(rf"(?<!\w)(?:{alternation(data['no_money'])})(?!\w)"),
            due=re.compile(rf"(?<!\w)(?:{alternation(data['due_leads'])})\s+(?:\w+\s+|\w+')?(?:{dates})(?!\w)"),
            dates=frozenset(fold(w) for w in [*times["time_words"], *data["months"]]),
            selves=frozenset(fold(w) for w in data["self"]),
            levels=patterns,
            level_of=level_of,
            name_openers=frozenset(fold(w) for w in data["name_openers"]),
            remark_words=frozenset(fold(w) for w in data["remark_words"]),
            counting=re.compile(
                rf"(?<!\w)(?:{alternation(data['numbers'])})\s+(?:{alternation(data['counted'])})(?!\w)"
            ),
        )

    def said_levels(self, text: str) -> dict[str, str]:
        """Effort and impact where a level word stands by their noun; the last said wins."""
        folded = fold(text)
        found = {}
        for name, patterns in self.levels.items():
            matches = sorted((m for p in patterns for m in p.finditer(folded)), key=lambda m: m.start("level"))
            if matches:
                found[name] = self.level_of[matches[-1]["level"]]
        return found


@cache
def phrasing(
    levels: tuple[tuple[str, tuple[str, ...]], ...], labels: tuple[tuple[str, tuple[str, ...]], ...]
) -> Phrasing:
    path = KNOWLEDGE_DIR / "language" / "initiatives.yaml"
    return Phrasing.load(path, {k: list(v) for k, v in levels}, {k: list(v) for k, v in labels})


def read_initiatives(text: str, said: Phrasing) -> list[ProseInitiative]:
    """The initiatives an answer describes, a line or a sentence each, with the fields its clauses say."""
    found: list[ProseInitiative] = []
    for line in unfolded(text).splitlines():
        line = BULLET.sub("", line).strip()
        opened = False
        for sentence in sentences(line):
            pieces = [piece for c in CLAUSE.split(sentence) for piece in _around_owner(c) if piece.text.strip(EDGE)]
            while pieces and fold(pieces[0].text.strip(EDGE)) in said.headers:  # "Initiatives." / "Iniziative:"
                pieces = pieces[1:]
            if not pieces or _counts([p.text for p in pieces], said):  # "ok so two things really."
                continue
            if not opened or _opens(pieces[0].text, said):
                found.append(ProseInitiative())
                opened = True
            again = False  # after "no wait", a field said again replaces the one before: "Tom builds it, no wait, me"
            for position, piece in enumerate(pieces):
                if position and _another(piece.text, said):  # "…, and a loyalty card for regulars, plus a newsletter"
                    found.append(ProseInitiative())
                if _only_retracts(piece.text):
                    again = True
                    continue
                again = _take(found[-1], piece, said, again=again) and again
    for initiative in found:
        initiative.fields.update(said.said_levels(" , ".join(initiative.said)))
    return [i for i in found if i.name]


class Piece(NamedTuple):
    text: str
    owner: str | None = None  # the name, where the piece is what says who leads the initiative


def _around_owner(clause: str) -> list[Piece]:
    """The clause cut where it says who leads the initiative, so that what stands before ("il corso di cucina lo
    segue la Franci": the name) and after ("Priya will sort it by end of Jan", "Tom builds by February": the due
    date) is read on its own."""
    match = owner_said(clause)
    if match is not None:
        owner = match["name"]
    elif (match := self_said(clause)) is not None and len(fold(clause)) == len(clause):
        owner = SELF  # "I'll do it by March": the writer, then the due date
    else:
        return [Piece(clause)]
    return [
        Piece(clause[: match.start()]),
        Piece(clause[match.start() : match.end()], owner),
        Piece(clause[match.end() :]),
    ]


def _counts(clauses: list[str], said: Phrasing) -> bool:
    """Whether a sentence only counts the initiatives to come: a number of things, and no field said."""
    return any(said.counting.search(fold(c)) for c in clauses) and all(_field(c, said) is None for c in clauses)


def _opens(clause: str, said: Phrasing) -> bool:
    """Whether a sentence's first clause opens a new initiative: not a remark ("It's a lot of work"), nor a field."""
    if said.remarks.match(clause.strip(EDGE).lower()):
        return False
    if said.starts.match(fold(clause.strip(EDGE))):
        return True
    return _field(clause, said) is None


def _only_retracts(clause: str) -> bool:
    """Whether the clause only takes back what came before: "no wait", "anzi no"."""
    folded = fold(clause)
    match = lexicon().retracts(clause)
    return match is not None and not (folded[: match.start()] + folded[match.end() :]).strip(EDGE + " ")


def _another(clause: str, said: Phrasing) -> bool:
    """Whether a clause inside a sentence opens the next initiative: a list word ("and", "plus", "e poi") and then
    a name, neither a field ("and Tom builds it") nor a remark ("and the lads will love it", "e non so se rende")."""
    stripped = clause.strip(EDGE)
    start = said.starts.match(fold(stripped))
    if start is None or _field(clause, said) is not None:
        return False
    rest = fold(stripped)[start.end() :].replace("'", "' ").split()
    return bool(rest) and rest[0] in said.name_openers and not set(rest) & said.remark_words


def _field(clause: str, said: Phrasing) -> tuple[str, str] | None:
    """The field one clause says, with its value; None for the name or a remark."""
    text = trim(clause, lexicon()) or clause.strip(EDGE)
    folded = fold(text)
    words = folded.split()
    if any(p.search(folded) for pair in said.levels.values() for p in pair):
        return "level", text
    if said.money.search(folded) or said.no_money.search(folded):
        return "budget", clause.strip(EDGE)  # "maybe 4k?": the hedge is part of the figure
    if said.due.search(folded) or (len(words) <= SHORT_DUE and set(words) & said.dates):
        return "due", text
    if set(words) <= said.selves:
        return "self", text
    if (owner := owner_in(text)) is not None:
        return "owner", owner
    return None


def _take(initiative: ProseInitiative, piece: Piece, said: Phrasing, *, again: bool = False) -> bool:
    """Read one piece into the initiative; True when it said no field. With `again`, a due date or owner replaces
    the one said before."""
    clause = piece.text
    initiative.said.append(clause)
    found = _field(clause, said) or (("owner", piece.owner) if piece.owner else None)
    if found is None:
        name = trim(_unstarted(clause, said), lexicon())
        if not initiative.name and name and not said.remarks.match(name.lower()):
            initiative.name = name
        elif name:
            initiative.remarks.append(name)
        return True
    key, value = found
    figure = bool(re.search(r"\d", value))
    if key == "budget" and (key not in initiative.fields or (figure and not re.search(r"\d", initiative.fields[key]))):
        initiative.fields[key] = value  # "costa poco, tipo 300 euro": the figure says more
    elif key == "owner" and (again or initiative.fields.get(key) == SELF):
        initiative.fields[key] = value  # "I'll lead it (Ruth)": the writer's name, said
    elif key in ("due", "owner"):
        initiative.fields[key] = value if again else initiative.fields.get(key, value)
    return False


def _unstarted(clause: str, said: Phrasing) -> str:
    """The clause without the words that open a new initiative ("Second one", "Poi"), in the writer's spelling."""
    stripped = clause.strip(EDGE)
    match = said.starts.match(fold(stripped))
    return stripped[match.end() :] if match and len(fold(stripped)) == len(stripped) else stripped
