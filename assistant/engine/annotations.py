"""Annotating the items of a list: one field (a touchpoint's channel) or several (a KPI's measurement plan).

An answer gives one line per item, `name | value` (or `number | value | value`), or remarks in prose that
name their item. A remark that names no item goes on with the item named before it, when the question sets
several fields: "if replies fall below 5 a month, we change the subject" follows the KPI just described.
"""

import re
from typing import Any

from assistant.document import Provenance, StrategyDocument, catalogue
from assistant.document.catalogue import FieldSpec
from assistant.engine.fields import read
from assistant.parsing import Draft, Reader, mentioned, resolve, split_items
from assistant.reading.lists import EDGE, INLINE_NUMBER, clauses, unfolded
from assistant.reading.pointers import pointers
from assistant.reading.profiles import cues, profile
from assistant.reading.references import named
from assistant.stages import Question

USER = Provenance(kind="user")
ALONE = Provenance(kind="assumption", note="the only one there is")

# a remark that says what the team does when a KPI crosses a line
DECISION = re.compile(r"\b(if|unless|whenever|should it|se|qualora|nel caso|quando scende|quando sale)\b", re.I)
# how often a KPI is reviewed, as people say it
CADENCE = re.compile(
    r"\b(?:(?:every|each|once a|twice a|ogni|una volta al|una volta a|una volta alla|due volte al)\s+"
    r"(?:\w+\s+)?(?:day|week|fortnight|month|quarter|season|year|giorno|settimana|mese|trimestre|stagione|anno)s?"
    r"|daily|weekly|fortnightly|monthly|quarterly|yearly|annually|"
    r"quotidian[oaie]|settimanal[ei]|quindicinal[ei]|mensil[ei]|trimestral[ei]|annual[ei])\b",
    re.I,
)


def annotate(doc: StrategyDocument, question: Question, text: str, reader: Reader) -> str:
    """Set the question's fields on the items named; returns the names of the items annotated."""
    assert question.item is not None and question.annotates
    spec = catalogue.kinds()[question.item]
    items: list[Any] = list(read(doc, question.field))
    options = [(str(i), getattr(item, spec.title)) for i, item in enumerate(items)]
    # `name | value` lines are read by column; the lines around them are remarks in prose ("and the evening talk
    # we do at the library"), as an answer may mix the two
    lines = text.splitlines()
    piped = "\n".join(line for line in lines if "|" in line or "\t" in line)
    prose = "\n".join(line for line in lines if "|" not in line and "\t" not in line)
    found = [(resolve(c[0], options), _columns(reader, question, c[1:])) for c in split_items(piped) if len(c) >= 2]
    found += _prose(reader, question, prose, options)
    done = []
    for index, values in found:
        values = {name: _pointed(doc, spec.field(name), value) for name, value in values.items()}
        values = {name: value for name, value in values.items() if value not in (None, "")}
        if index is None or not values:
            continue
        item = items[int(index)]
        for name, value in values.items():
            setattr(item, name, value)
        item.provenance = {**item.provenance, **dict.fromkeys(values, USER)}
        done.append(getattr(item, spec.title))
    return "; ".join(dict.fromkeys(done))


def picks(doc: StrategyDocument, question: Question) -> list[tuple[str, str]] | None:
    """What an annotate question picks among for each item (the segments a KPI may serve), or None when it
    picks nothing and writes instead."""
    if question.kind != "annotate" or question.item is None or question.attribute is None:
        return None
    field = catalogue.kinds()[question.item].field(question.attribute)
    return catalogue.options(doc, field.refs) if field.kind == "reference" else None


def picked_alone(doc: StrategyDocument, question: Question) -> bool:
    """Whether a question that picks among fewer than two need not be asked: with none there is nothing to pick,
    with one every item takes it, set here (one segment: every KPI serves it)."""
    choices = picks(doc, question)
    if choices is None or len(choices) > 1:
        return False
    assert question.attribute is not None
    for item in read(doc, question.field) if choices else []:
        if getattr(item, question.attribute) is None:
            setattr(item, question.attribute, choices[0][0])
            item.provenance = {**item.provenance, question.attribute: ALONE}
    return True


def _pointed(doc: StrategyDocument, field: FieldSpec, value: Any) -> Any:
    """A reference's value as the id of the item it names (a segment, by its number or its words)."""
    if field.kind != "reference" or not isinstance(value, str):
        return value
    options = catalogue.options(doc, field.refs)
    return resolve(value, options) or mentioned(value, options) or named(value, options)


def _columns(reader: Reader, question: Question, columns: list[str]) -> dict[str, Any]:
    """The fields one line gives after its item: labelled (`cadence: monthly`), a choice in any column, else in
    the question's order. A question that sets one field takes the rest of the line as its value."""
    if not question.more_attributes:
        return {question.annotates[0]: " | ".join(columns)}
    assert question.item is not None
    spec = catalogue.kinds()[question.item]
    draft = Draft()
    free = tuple(a for a in question.annotates if spec.field(a).kind != "choice")
    reader.fill(question.item, draft, columns, free)
    return {name: value for name, value in draft.fields.items() if name in question.annotates}


def _prose(
    reader: Reader, question: Question, text: str, options: list[tuple[str, str]]
) -> list[tuple[str | None, dict[str, Any]]]:
    """Each item's remarks, read into the question's field (or, for several fields, into a segment's profile or
    a measurement plan)."""
    remarks = _remarks(text, options, rules=bool(question.more_attributes))
    if not question.more_attributes:
        return [(index, {question.annotates[0]: ", ".join(said)}) for index, said in remarks.items()]
    names = dict(options)
    if set(question.annotates) <= set(cues()):  # a segment's profile: each part from the words that say it
        unnamed = {index: [_without_name(remark, names[index]) for remark in said] for index, said in remarks.items()}
        return [(index, profile(said, question.annotates)) for index, said in unnamed.items()]
    return [(index, _plan(reader, question, said, names[index])) for index, said in remarks.items()]


def _remarks(text: str, options: list[tuple[str, str]], *, rules: bool) -> dict[str, list[str]]:
    """The answer's remarks by the item each is about; a remark that names no item goes on with the one before
    ("open day, we don't really know, maybe 1 in 10? I'd put that": both are about the open day), and with
    `rules` a decision rule ("if no request reaches the roadmap, ...") stays with the KPI just described,
    whatever words it shares with another."""
    remarks: dict[str, list[str]] = {}
    current = None
    for line in unfolded(text).splitlines():
        if (numbered := NUMBERED.match(line)) is not None and 0 < int(numbered["number"]) <= len(options):
            current, line = options[int(numbered["number"]) - 1][0], line[numbered.end() :]  # "2 - le maestre ..."
        current = _remark_on(line, options, remarks, current, rules=rules)
    return remarks


def _remark_on(
    line: str, options: list[tuple[str, str]], remarks: dict[str, list[str]], current: str | None, *, rules: bool
) -> str | None:
    """File one line's remarks under the items they are about; returns the item the line ends on."""
    for clause in clauses(line):
        for number, part in enumerate(_parts(clause, options)):
            if (placed := _placed(part, options)) is not None:  # "Il secondo: Anna segna …": the pointer goes
                current, part = placed
            elif current is None or not (rules and DECISION.match(part)):
                # a part cut off at an item's name is about that item, whatever it names later ("office workers
                # need a quick lunch, they come with young families")
                opens = mentioned(" ".join(part.split()[:OPENING]), options) if number else None
                current = opens or _named(part, options) or current
            if current is not None:
                remarks.setdefault(current, []).append(part.strip(EDGE))
    return current


def _named(remark: str, options: list[tuple[str, str]]) -> str | None:
    """The item a remark is about: one it mentions by most of its name, or one that a word of the remark's opening
    names alone ("Abiti: quest'anno 60" is about "Abiti su misura consegnati", "I follower sotto i 35..." about
    "Follower under 35 su Instagram")."""
    opening = re.split(r"[,:;?!]|\.\.\.|\u2026", remark, maxsplit=1)[0]
    placed = _placed(remark, options)
    return placed[0] if placed else mentioned(remark, options) or named(opening, options)


def _placed(remark: str, options: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(the item, the remark without its pointer) when the remark opens by the item's place in the list: "Il
    primo lo contiamo dal registro", "the second one: we read the replies"."""
    found = pointers().position(remark)
    if found is None or not 0 < int(found[0]) <= len(options):
        return None
    return options[int(found[0]) - 1][0], found[1]


NUMBERED = re.compile(rf"^\s*(?:{INLINE_NUMBER.pattern})\s*")  # a line that names its item by number: "2 - ..."
OPENING = 3  # the words after a comma that may name the item a part is about


def _parts(clause: str, options: list[tuple[str, str]]) -> list[str]:
    """A sentence cut where a part mentions another item than the sentence so far: "stock check is on the website,
    the how-to videos go on Facebook" speaks of two touchpoints. After a full stop the sentence splitter missed
    ("... 60. Prenotazioni dal sito zero"), the opening words are enough to name it, as at a sentence's start."""
    parts: list[str] = []
    pieces = re.split(r"(,\s+|(?<=[.?!])\s+)", clause)
    for piece, pause in zip(pieces[::2], ["", *pieces[1::2]], strict=True):
        # after a comma, only a part that opens with an item's name is about it: "the how-to videos go on Facebook",
        # not "Sara codes each request in the minutes" (a word of "Demo requests")
        said = _named(piece, options) if pause.strip() != "," else mentioned(" ".join(piece.split()[:OPENING]), options)
        if parts and (said is None or said == _named(parts[-1], options)):
            parts[-1] = f"{parts[-1]}{pause}{piece}"
        else:
            parts.append(piece)
    return parts


def _without_name(clause: str, name: str) -> str:
    """`Newsletter replies: we read each one` -> `we read each one`."""
    head, sep, rest = clause.partition(":")
    if sep and rest.strip() and len(head.split()) <= len(name.split()) + 1 and mentioned(head, [("x", name)]):
        return rest.strip()
    return clause


def _plan(reader: Reader, question: Question, remarks: list[str], name: str) -> dict[str, Any]:
    """A measurement plan from remarks: what to do past a line is the decision rule, a "monthly" the cadence,
    "an early sign" the timing, and what is left how the KPI is read."""
    wanted = set(question.annotates)
    method, rules = [], []
    found: dict[str, Any] = {}
    for remark in remarks:
        if "decision_rule" in wanted and (rule := DECISION.search(remark)):
            rules.append(remark[rule.start() :])
            # what comes before the rule says how the KPI is read: "quelli promossi diviso tutti, e se scende ..."
            remark = re.sub(r"(?:[\s,;]+(?:and|e|ed|then|poi)?)+$", "", remark[: rule.start()])
            if not remark:
                continue
        if "cadence" in wanted and "cadence" not in found and (cadence := CADENCE.search(remark)):
            found["cadence"] = cadence.group(0)
            if len(remark.split()) <= len(cadence.group(0).split()) + 2:  # "reviewed monthly": nothing else said
                continue
        method.append(_without_name(remark, name))
    if "timing" in wanted and (timing := reader.enum("timing", " ".join(remarks), anywhere=True)) is not None:
        found["timing"] = timing
    if rules:
        found["decision_rule"] = "; ".join(rules)
    if method:
        found[question.annotates[0]] = "; ".join(method)
    return found
