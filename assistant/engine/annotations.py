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
from assistant.reading.lists import clauses
from assistant.reading.profiles import cues, opening, pieces, profile
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
    if "|" in text or "\t" in text:
        found = [(resolve(c[0], options), _columns(reader, question, c[1:])) for c in split_items(text) if len(c) >= 2]
    else:
        found = _prose(reader, question, text, options)
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
    if not question.more_attributes:
        return [(mentioned(clause, options), {question.annotates[0]: clause}) for clause in clauses(text)]
    remarks: dict[str, list[str]] = {}
    current = None
    profiling = set(question.annotates) <= set(cues())  # a segment's profile: each part from the words that say it
    for clause in clauses(text):
        # a profile turns to another segment within a sentence when a piece opens with its name: "members want to
        # taste first, tourists want a day to tell"; a word in passing ("they come with families") does not
        for number, piece in enumerate(pieces(clause) if profiling else [clause]):
            # "if no request reaches the roadmap, ..." is the rule of the KPI just described, whatever words it shares
            if current is None or not DECISION.match(piece):
                current = mentioned(piece if number == 0 else opening(piece), options) or current
            if current is not None:
                remarks.setdefault(current, []).append(piece)
    names = dict(options)
    if profiling:
        unnamed = {index: [_without_name(remark, names[index]) for remark in said] for index, said in remarks.items()}
        return [(index, profile(said, question.annotates)) for index, said in unnamed.items()]
    return [(index, _plan(reader, question, said, names[index])) for index, said in remarks.items()]


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
        if "decision_rule" in wanted and DECISION.search(remark):
            rules.append(remark)
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
