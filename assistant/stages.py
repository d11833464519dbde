"""The guided session's stages, read from the declarative files in `knowledge/stages/`.

A stage is data: its questions in order, the document field each fills, examples, format hints, the
checks that spot weak answers and the follow-ups they ask, and the cards that explain why it matters.
"""

from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.document import Language, StrategyDocument, catalogue
from assistant.retrieval.text import fold, words
from assistant.texts import render_text

STAGE_ORDER = ("purpose", "digital-alignment", "touchpoints", "kpis", "review")
# The kinds of item of the catalogue's lists (`digital.brand_objectives` holds `brand_objective`s); a test
# checks the two agree.
ItemKind = Literal["segment", "brand_objective", "digital_objective", "channel", "touchpoint", "kpi", "initiative"]


class Text(BaseModel):
    """A text in both languages; a Jinja2 template filled with the team's own words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    it: str

    def render(self, language: Language, **values: Any) -> str:
        return render_text(getattr(self, language), **values)


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    check: str
    value: int | None = None
    card: str
    # The card passage quoted beside the follow-up: its explanation, or its coaching, which names one
    # particular weakness and so fits only the check that finds that weakness.
    quote: Literal["intro", "coach"] = "intro"
    about: Text | None = None  # a word: the quote starts at the passage's first sentence that holds it
    follow_up: Text


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: Text
    field: str
    kind: Literal["text", "list", "items", "annotate"]
    item: ItemKind | None = None
    item_card: str | None = None  # cited when a partial item is followed up
    attribute: str | None = None  # an annotate question's field on each item
    # the further fields an annotate answer may give after `attribute`, in the order of its columns (a KPI's
    # `method | cadence | decision rule`); a choice among them (leading or lagging) is read in any column
    more_attributes: tuple[str, ...] = ()
    applies_to: str | None = None  # an annotate question is about the items where this field is set (a target)
    ask: Text
    example: Text
    hint: Text | None = None
    show: Literal["brand_objectives", "measurables", "items"] | None = None  # "items": the list it annotates
    optional: bool = False
    skip_when_answered: bool = False  # not asked on the way when the document already holds its answer
    answers_are_questions: bool = False  # e.g. "open questions": a `?` here is an answer, not a question to us
    checks: list[Check] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _item_of_list(cls, data: Any) -> Any:
        """A question that fills a list of items collects that list's kind (`digital.channels`: `channel`)."""
        if not isinstance(data, dict) or (spec := catalogue.list_at(str(data.get("field", "")))) is None:
            return data
        if data.get("item", spec.kind) != spec.kind:
            raise ValueError(f"{data['field']} holds {spec.kind} items, not {data['item']}")
        return {**data, "item": spec.kind}

    @property
    def annotates(self) -> tuple[str, ...]:
        """The fields an annotate question sets on each item, in column order."""
        return (self.attribute, *self.more_attributes) if self.attribute else ()


class Stage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Text
    intro: Text
    why_card: str
    knowledge_tags: list[str]
    questions: list[Question]

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def index(self, question_id: str) -> int:
        return next(i for i, q in enumerate(self.questions) if q.id == question_id)


class Vocabulary(BaseModel):
    """Words the deterministic parser and the turn classifier recognise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    journey_stage: dict[str, list[str]]
    engagement_level: dict[str, list[str]]
    interaction_mode: dict[str, list[str]]
    kpi_kind: dict[str, list[str]]
    kpi_timing: dict[str, list[str]]
    level: dict[str, list[str]]  # an initiative's effort and impact
    commands: dict[str, list[str]]
    goto: list[str]
    stage_names: dict[str, list[str]]
    question_openers: list[str]
    wondering: list[str]  # sentences that ask without a question mark
    audience_markers: list[str]
    field_labels: dict[str, list[str]]
    confirm: list[str]
    cancel: list[str]
    remove: list[str]
    ordinals: dict[int, list[str]]
    additions: list[str]  # said to a proposal: more items for it
    swaps: list[str]  # said to a proposal: one item in another's place (regular expressions, `old` and `new`)
    corrections: dict[str, list[str]]  # cues of undo, delete, change, rename and move, and their parts
    field_names: dict[str, list[str]]  # a document path -> how people name it
    which_ones: list[str]  # a message asking to see a question's numbered choices again
    implied: list[dict[str, dict[str, str]]] = Field(default_factory=list)  # {when: {field: value}, then: {...}}
    negations: frozenset[str] = frozenset()  # words that deny the cue after them: "not how many"
    articles: frozenset[str] = frozenset()  # words that may stand between a negation and its cue: "non il voto"


class Family(BaseModel):
    """A family of industries: the words that name it, and its own example for some questions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    keywords: list[str] = Field(default_factory=list)
    examples: dict[str, Text] = Field(default_factory=dict)  # by question id
    stage_examples: bool = False  # the stage files' own examples are this family's (a winery's)


class Examples(BaseModel):
    """Examples from the brand's own trade: the family its industry names, else a neutral one.

    A family without an example for a question falls back to the neutral one; the neutral family has one
    for every question (a test checks it), so a bakery is never shown a winery's example.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    neutral: Family
    families: dict[str, Family]

    def family(self, doc: StrategyDocument) -> Family:
        """The family named by the brand's industry, or by its name when no industry is given ("Forno Rossi")."""
        said = set(words(doc.brand.industry or doc.brand.name))
        for family in self.families.values():
            if said & {fold(keyword) for keyword in family.keywords}:
                return family
        return self.neutral

    def example(self, question: Question, doc: StrategyDocument) -> Text:
        family = self.family(doc)
        if family.stage_examples:
            return question.example
        return family.examples.get(question.id) or self.neutral.examples.get(question.id) or question.example


class StageBook:
    """All stages in order, and the vocabulary, loaded once from a folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    @cached_property
    def stages(self) -> list[Stage]:
        stages = [Stage.model_validate(_load(self.folder / f"{stage_id}.yaml")) for stage_id in STAGE_ORDER]
        for stage, expected in zip(stages, STAGE_ORDER, strict=True):
            if stage.id != expected:
                raise ValueError(f"{self.folder}/{expected}.yaml declares id {stage.id!r}")
        return stages

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.model_validate(_load(self.folder / "vocabulary.yaml"))

    @cached_property
    def examples(self) -> Examples:
        return Examples.model_validate(_load(self.folder / "examples.yaml"))

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    def position(self, stage_id: str) -> int:
        return STAGE_ORDER.index(stage_id)

    def next_stage(self, stage_id: str) -> str | None:
        index = self.position(stage_id) + 1
        return STAGE_ORDER[index] if index < len(STAGE_ORDER) else None

    def previous_stage(self, stage_id: str) -> str | None:
        index = self.position(stage_id) - 1
        return STAGE_ORDER[index] if index >= 0 else None


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
