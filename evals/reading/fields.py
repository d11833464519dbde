"""The document fields a case can name, the question that fills each, and what a turn put in them.

Field names are document paths (`purpose.audience`, `kpis`); an annotating question adds its attribute
(`touchpoints.purpose_expression`), since it writes into items another question created.
"""

from dataclasses import dataclass
from typing import Any, Literal

from assistant.document import StrategyDocument, catalogue
from assistant.engine.answers import reference_options
from assistant.engine.fields import read
from assistant.stages import Question, StageBook

Check = Literal["enum", "reference", "text"]


def _references(kind: str) -> dict[str, tuple[str, ...]]:
    """Keys of an expectation that name another item by its text (the reference's slot), and the id fields
    they are read from: `{"measures": ("objective_id", "touchpoint_id")}` for a KPI."""
    spec = catalogue.kinds().get(kind)
    if spec is None:
        return {}
    return {f.slot: spec.slot_fields(f.slot) for f in spec.references if f.slot}


@dataclass(frozen=True)
class Target:
    stage: str
    question: Question

    @property
    def main(self) -> str:
        """The key an expected item is matched on: `text` for texts and plain lists."""
        q = self.question
        if q.item is None:
            return "text"
        return q.attribute or catalogue.kinds()[q.item].title

    def checks(self) -> dict[str, Check]:
        """The other keys an expected item may give, and how each is compared."""
        q = self.question
        if q.item is None:
            return {}
        if q.attribute is not None:  # an annotation: the item it was written on
            return {catalogue.kinds()[q.item].title: "reference"}
        kinds: dict[str, Check] = {name: "reference" for name in _references(q.item)}
        for spec in catalogue.kinds()[q.item].fields:
            if spec.name == self.main or spec.kind == "reference":
                continue
            kinds[spec.name] = "enum" if spec.kind == "choice" else "text"
        return kinds

    def added(self, before: StrategyDocument, after: StrategyDocument) -> list[Any]:
        """What the turn wrote into the field: a new text, new list entries, new or changed items."""
        old, new = read(before, self.question.field), read(after, self.question.field)
        if isinstance(new, str):
            return [new] if new and new != old else []
        if self.question.attribute is not None:
            attribute = self.question.attribute
            previous = {i.id: getattr(i, attribute) for i in old}
            return [i for i in new if getattr(i, attribute) and getattr(i, attribute) != previous.get(i.id)]
        return [v for v in new if v not in old]

    def text(self, value: Any) -> str:
        """The text an extracted value is matched on."""
        return str(value if self.question.item is None else getattr(value, self.main))


def targets(book: StageBook) -> dict[str, Target]:
    """Every field the stages ask about, by the name a case gives it."""
    return {
        q.field if q.attribute is None else f"{q.field}.{q.attribute}": Target(stage.id, q)
        for stage in book.stages
        for q in stage.questions
    }


def attribute(doc: StrategyDocument, target: Target, item: Any, key: str) -> str:
    """An extracted item's value for an expectation key, references given as the referenced item's text."""
    kind = target.question.item
    ids = _references(kind).get(key) if kind else None
    if kind is None or ids is None:
        value = getattr(item, key)
        return "" if value is None else str(value)
    labels = dict(reference_options(doc, kind))
    return next((labels[i] for name in ids if (i := getattr(item, name)) in labels), "")
