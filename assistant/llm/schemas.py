"""What the model is asked to extract from a free-text answer, per kind of question.

The drafts mirror what the deterministic parser produces, so both paths share the same merge code.
"""

from pydantic import BaseModel, ConfigDict, Field

from assistant.document import EngagementLevel, InteractionMode, JourneyStage, KpiKind
from assistant.parsing import Draft
from assistant.stages import ItemKind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextAnswer(_Strict):
    value: str = Field(description="The answer, in the team's own words, tidied into clear sentences.")


class ListAnswer(_Strict):
    items: list[str] = Field(description="One short entry per item the team named.")


class BrandObjectiveDraft(_Strict):
    text: str


class DigitalObjectiveDraft(_Strict):
    text: str
    brand_objective: str | None = Field(None, description="Number of the brand objective it serves.")


class ChannelDraft(_Strict):
    name: str
    role: str = ""
    value_proposition: str = ""


class TouchpointDraft(_Strict):
    name: str
    journey_stage: JourneyStage | None = None
    engagement_level: EngagementLevel | None = None
    interaction_mode: InteractionMode | None = None
    owner: str = ""
    purpose_expression: str = ""
    channel: str = ""


class KpiDraft(_Strict):
    name: str
    kind: KpiKind | None = None
    measures: str | None = Field(None, description="Number of the objective or touchpoint it measures.")
    target: str = ""
    time_frame: str = ""
    owner: str = ""
    data_source: str = ""
    baseline: str = ""


DRAFTS: dict[ItemKind, type[_Strict]] = {
    "brand_objective": BrandObjectiveDraft,
    "digital_objective": DigitalObjectiveDraft,
    "channel": ChannelDraft,
    "touchpoint": TouchpointDraft,
    "kpi": KpiDraft,
}
REFERENCE_FIELDS = {"brand_objective", "measures"}


def items_schema(kind: ItemKind) -> type[BaseModel]:
    """`{"items": [<draft>, ...]}` for one kind of item."""
    draft = DRAFTS[kind]
    return type(f"{draft.__name__}List", (_Strict,), {"__annotations__": {"items": list[draft]}})  # type: ignore[valid-type]


def to_draft(item: BaseModel) -> Draft:
    data = item.model_dump(mode="json", exclude_none=True)
    reference = next((str(data.pop(f)) for f in REFERENCE_FIELDS if f in data), None)
    return Draft(fields={k: v for k, v in data.items() if v != ""}, reference=reference)
