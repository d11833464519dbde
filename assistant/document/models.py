"""The strategy document: the validated, versioned outcome of one planning session.

Sections follow the design: brand, purpose, digital alignment, touchpoints, KPIs, review. Values stay
plain (strings, lists, enums) so the JSON reads well; where a value came from is recorded beside it in
each section's or item's `provenance` map, keyed by field name.
"""

import hashlib
import secrets
from enum import StrEnum
from functools import partial
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from assistant.document.paths import join

SCHEMA_VERSION: Literal[3] = 3

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=400)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
Language = Literal["en", "it"]

MAX_ITEMS = 200


def Items(**kwargs: Any) -> Any:  # noqa: N802 - reads as a type in field declarations
    """A bounded list field, empty by default."""
    return Field(default_factory=list, max_length=MAX_ITEMS, **kwargs)


def new_id(prefix: str) -> str:
    """A short random id, stable once assigned, so other items can refer to it."""
    return f"{prefix}-{secrets.token_hex(4)}"


def about(**catalogue: Any) -> dict[str, Any]:
    """What the catalogue (`assistant.document.catalogue`) reads about a field, as `json_schema_extra`.

    Keys: `ref` (the lists a reference may name), `needed` (its place among what an item needs before it
    is complete), `slot` (the name a reference is asked for by number, shared by the fields it may fill),
    `column` (its place among the free-text columns of an `a | b | c` answer), `counts` (it counts for the
    completeness of its section or item), `aside` (a reference set by its own question, never read from an
    item's line: the segment a touchpoint serves), `label` (its label key when not its name), `canvas` (False: the
    canvas does not show it), `prefix` (an item id's prefix).
    """
    return {"x-catalogue": catalogue}


def Id(prefix: str) -> Any:  # noqa: N802 - reads as a type in field declarations
    """An item's id: `<prefix>-<8 hex>` unless given."""
    return Field(default_factory=partial(new_id, prefix), json_schema_extra=about(prefix=prefix))


class JourneyStage(StrEnum):
    AWARENESS = "awareness"
    CONSIDERATION = "consideration"
    PURCHASE = "purchase"
    RETENTION = "retention"
    ADVOCACY = "advocacy"


class EngagementLevel(StrEnum):
    """The five-level engagement ladder (D'Appollonio, "Il Marketing Relazionale"), lowest first."""

    PROMOTIONAL_COMMUNICATION = "promotional-communication"
    RELATIONSHIP = "relationship"
    COLLABORATION = "collaboration"
    COMMUNITY = "community"
    CO_CREATION = "co-creation"

    @property
    def rank(self) -> int:
        """1 for promotional communication up to 5 for co-creation."""
        return list(EngagementLevel).index(self) + 1


class InteractionMode(StrEnum):
    BROADCAST = "broadcast"
    DIALOGUE = "dialogue"
    ENABLING = "enabling"


class KpiKind(StrEnum):
    QUALITATIVE = "qualitative"
    QUANTITATIVE = "quantitative"


class KpiTiming(StrEnum):
    """Whether a KPI moves before the result (an early sign) or shows the result itself."""

    LEADING = "leading"
    LAGGING = "lagging"


class Level(StrEnum):
    """How much: an initiative's effort or its impact."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """1 for low up to 3 for high."""
        return list(Level).index(self) + 1


class Provenance(BaseModel):
    """Where a value came from: the team, one of their documents, a framework card, or an assumption."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["user", "document", "framework", "assumption"]
    source: Line | None = Field(default=None, description="Document reference, e.g. 'brandbook.pdf p. 4'.")
    card_id: Line | None = Field(default=None, description="Knowledge card id for framework values.")
    note: Line | None = None

    @model_validator(mode="after")
    def _reference_present(self) -> Self:
        if self.kind == "document" and not self.source:
            raise ValueError("a 'document' provenance needs a source reference")
        if self.kind == "framework" and not self.card_id:
            raise ValueError("a 'framework' provenance needs a card_id")
        return self


class Part(BaseModel):
    """Base of every section and list item: strict fields plus a provenance map for them."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    provenance: dict[str, Provenance] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _provenance_names_fields(self) -> Self:
        unknown = set(self.provenance) - set(type(self).model_fields) - {"provenance"}
        if unknown:
            raise ValueError(f"provenance given for unknown field(s): {', '.join(sorted(unknown))}")
        return self


class Brand(Part):
    name: Line = ""
    industry: Line = ""
    market: Line = ""
    language: Language = Field(default="en", json_schema_extra=about(canvas=False))  # the session's language
    participants: list[Line] = Items()
    # the context the strategy is set in: the category, the others a customer could choose, and why they choose it
    category: Line = Field(default="", description="The category the brand competes in, as its customers name it.")
    competitors: list[Line] = Items(description="Who else the customers could choose.")
    differences: list[Line] = Items(description="Points of difference: why customers choose this brand.")


class Segment(Part):
    """An audience segment as a profile: what its people need, how they live, where they meet the brand, and
    what the team does not know about them yet (what to ask or observe next)."""

    id: ItemId = Id("sg")
    name: Line
    needs: Text = Field(default="", json_schema_extra=about(column=1))
    habits: Text = Field(default="", json_schema_extra=about(column=2))
    meeting_points: Text = Field(
        default="", description="Where they meet the brand.", json_schema_extra=about(column=3)
    )
    unknowns: Text = Field(
        default="", description="What is not known about them yet.", json_schema_extra=about(column=4)
    )

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        """A segment given by its name alone (schema 2's audience entries, an edit adding a line) is named so."""
        return {"name": data} if isinstance(data, str) else data


class Purpose(Part):
    statement: Text = Field(
        default="", description="Why the brand exists and for whom.", json_schema_extra=about(counts=True)
    )
    values: list[Line] = Items(json_schema_extra=about(counts=True))
    audience: list[Segment] = Items(
        description="Audience segments the brand serves, each a profile.", json_schema_extra=about(counts=True)
    )
    personality: list[Line] = Items(json_schema_extra=about(counts=True))
    proof_points: list[Text] = Items(
        description="How the purpose shows at every interaction.", json_schema_extra=about(counts=True)
    )


class BrandObjective(Part):
    id: ItemId = Id("bo")
    text: Text


class DigitalObjective(Part):
    id: ItemId = Id("do")
    text: Text
    brand_objective_id: ItemId | None = Field(
        default=None,
        description="The brand objective it serves.",
        json_schema_extra=about(ref=["brand_objectives"], needed=1, slot="brand_objective"),
    )


class Channel(Part):
    id: ItemId = Id("ch")
    name: Line
    role: Text = Field(default="", json_schema_extra=about(needed=1, column=1))
    value_proposition: Text = Field(
        default="", description="The value this platform offers its audience.", json_schema_extra=about(column=2)
    )


class Readiness(Part):
    """Whether the organisation can carry the strategy: skills, owners, training, who sets objectives."""

    skills: list[Line] = Items()
    owners: list[Line] = Items()
    training: list[Line] = Items()
    objective_setters: list[Line] = Items()


class Relationship(Part):
    """What keeps the relationship going beyond the message: the customer requests that changed the offer
    (reverse marketing), the plan for a conversation that gets out of hand, the value people get before, during
    and after the sale, and what keeps them close without paid push."""

    reverse_marketing: list[Text] = Items(description="Customer requests that changed the offer.")
    loss_of_control: Text = Field(default="", description="What the team does when a conversation gets out of control.")
    value_before: Text = Field(default="", description="The value people get before they buy.")
    value_during: Text = Field(default="", description="The value people get while they buy.")
    value_after: Text = Field(default="", description="The value people get after they buy.")
    without_paid_push: list[Text] = Items(description="What keeps the relationship alive without paid push.")


class DigitalAlignment(Part):
    brand_objectives: list[BrandObjective] = Items()
    digital_objectives: list[DigitalObjective] = Items()
    channels: list[Channel] = Items()
    listening: list[Text] = Items(description="Listening and dialogue mechanisms.")
    readiness: Readiness = Field(default_factory=Readiness)
    relationship: Relationship = Field(default_factory=Relationship)


class Touchpoint(Part):
    id: ItemId = Id("tp")
    name: Line
    channel: Line = Field(default="", json_schema_extra=about(column=3))
    journey_stage: JourneyStage | None = Field(default=None, json_schema_extra=about(needed=1, counts=True))
    engagement_level: EngagementLevel | None = Field(default=None, json_schema_extra=about(needed=2, counts=True))
    interaction_mode: InteractionMode | None = Field(default=None, json_schema_extra=about(needed=3, counts=True))
    purpose_expression: Text = Field(
        default="", description="How this touchpoint expresses the purpose.", json_schema_extra=about(column=2)
    )
    owner: Line = Field(default="", json_schema_extra=about(column=1))
    data_yielded: Text = ""
    segment_id: ItemId | None = Field(
        default=None,
        description="The audience segment it serves.",
        json_schema_extra=about(ref=["audience"], aside=True),
    )


class Kpi(Part):
    id: ItemId = Id("kpi")
    name: Line
    kind: KpiKind | None = Field(default=None, json_schema_extra=about(needed=1))
    definition: Text = ""
    objective_id: ItemId | None = Field(
        default=None,
        description="A brand or digital objective id.",
        json_schema_extra=about(ref=["brand_objectives", "digital_objectives"], needed=2, slot="measures"),
    )
    touchpoint_id: ItemId | None = Field(
        default=None, json_schema_extra=about(ref=["touchpoints"], needed=2, slot="measures")
    )
    engagement_level: EngagementLevel | None = None
    baseline: Line = Field(default="", json_schema_extra=about(column=5))
    target: Line = Field(default="", json_schema_extra=about(needed=3, column=1, counts=True))
    time_frame: Line = Field(default="", json_schema_extra=about(needed=4, column=2, counts=True))
    data_source: Line = Field(default="", json_schema_extra=about(needed=6, column=4, counts=True))
    owner: Line = Field(default="", json_schema_extra=about(needed=5, column=3, counts=True))
    # the measurement plan: how it is read, whether it leads or lags the result, how often it is reviewed,
    # and what the team does when it crosses a threshold
    method: Text = Field(
        default="",
        description="The formula; for a qualitative KPI, what is read and how it is coded.",
        json_schema_extra=about(column=6),
    )
    timing: KpiTiming | None = None
    cadence: Line = Field(default="", description="How often it is reviewed.", json_schema_extra=about(column=7))
    decision_rule: Text = Field(
        default="",
        description="What the team does when the KPI crosses a threshold.",
        json_schema_extra=about(column=8),
    )
    segment_id: ItemId | None = Field(
        default=None,
        description="The audience segment whose relationship it reads.",
        json_schema_extra=about(ref=["audience"], aside=True),
    )


class Finding(BaseModel):
    """One result of the coherence checker."""

    model_config = ConfigDict(extra="forbid")

    rule: Line
    severity: Literal["error", "warning", "info"]
    message: Text
    fields: list[Line] = Items()
    card_id: Line | None = None


class CoherenceReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checked_at: Line
    findings: list[Finding] = Items()


class Initiative(Part):
    """A piece of work the strategy needs, with who leads it, by when, what it costs and what it is worth."""

    id: ItemId = Id("in")
    name: Line
    owner: Line = Field(default="", json_schema_extra=about(needed=1, column=1))
    due: Line = Field(default="", description="By when it is done.", json_schema_extra=about(needed=2, column=2))
    budget: Line = Field(default="", json_schema_extra=about(column=3))
    effort: Level | None = None
    impact: Level | None = None


class Review(Part):
    open_questions: list[Text] = Items()
    decisions: list[Text] = Items()
    next_steps: list[Text] = Items()
    initiatives: list[Initiative] = Items(description="The resources and priorities: what is done, ranked by impact.")
    stop_doing: list[Text] = Items(description="What the team stops doing to make room.")
    coherence: CoherenceReport | None = None


class StrategyDocument(BaseModel):
    """One planning session's strategy, in the six sections of the design."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: Literal[3] = SCHEMA_VERSION
    brand: Brand = Field(default_factory=Brand)
    purpose: Purpose = Field(default_factory=Purpose)
    digital: DigitalAlignment = Field(default_factory=DigitalAlignment)
    touchpoints: list[Touchpoint] = Items()
    kpis: list[Kpi] = Items()
    review: Review = Field(default_factory=Review)

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """A document of an earlier schema is read as this one, never refused, keeping all its values.

        Version 2 only added fields with defaults (the KPIs' measurement plan, the brand's context, the review's
        initiatives and what to stop doing). Version 3 made each audience entry a segment profile: an entry of
        schema 1 or 2 becomes the segment of that name (`Segment` reads a bare name), and its provenance stays
        on the audience; its other new fields (the relationship's, the segment a touchpoint or KPI serves) have
        defaults. A version that renames or moves a field maps it here, one step per version.
        """
        if isinstance(data, dict) and data.get("schema_version") in (1, "1", 2, "2"):
            data = {**data, "schema_version": SCHEMA_VERSION}
            purpose = data.get("purpose")
            if isinstance(purpose, dict) and isinstance(purpose.get("audience"), list):
                audience = [_segment_of(index, entry) for index, entry in enumerate(purpose["audience"])]
                data["purpose"] = {**purpose, "audience": audience}
        return data

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        problems = _reference_problems(self)
        if problems:
            raise PydanticCustomError(
                "broken_reference",
                "{count} broken reference(s)",
                {"count": len(problems), "problems": problems},
            )
        return self


def _segment_of(index: int, entry: Any) -> Any:
    """A schema 2 audience entry as a segment whose id is the same at every reading of the stored document."""
    if not isinstance(entry, str):
        return entry
    digest = hashlib.sha1(f"{index}:{entry}".encode()).hexdigest()[:8]
    return {"id": f"sg-{digest}", "name": entry}


def _duplicates(path: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    problems = []
    for index, item_id in enumerate(ids):
        if item_id in seen:
            problems.append(f"{join(path, index, 'id')}: duplicate id {item_id!r}")
        seen.add(item_id)
    return problems


def _reference_problems(doc: StrategyDocument) -> list[str]:
    """Ids must be unique in each list and every cross-reference must name an item of a list it may name."""
    from assistant.document import catalogue  # the catalogue is read from these models, so only once they exist

    lists = catalogue.lists()
    ids = {name: [item.id for item in catalogue.items_of(doc, name)] for name in lists}
    problems = [problem for name, spec in lists.items() for problem in _duplicates(spec.path, ids[name])]
    for spec in lists.values():
        for index, item in enumerate(catalogue.items_of(doc, spec.name)):
            for reference in spec.references:
                value = getattr(item, reference.name)
                if value is not None and not any(value in ids[name] for name in reference.refs):
                    what = _common_noun([lists[name].kind for name in reference.refs])
                    problems.append(f"{join(spec.path, index, reference.name)}: no {what} has id {value!r}")
    return problems


def _common_noun(kinds: list[str]) -> str:
    """What the kinds of item have in common: `brand objective`; `objective` for brand and digital ones."""
    words = [kind.split("_") for kind in kinds]
    shared = min(len(w) for w in words)
    while shared > 1 and len({tuple(w[-shared:]) for w in words}) > 1:
        shared -= 1
    return " ".join(words[0][-shared:])
