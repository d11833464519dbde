"""Where a session stands, saved with it after every turn so any process can pick it up."""

from typing import Any, Literal

from pydantic import BaseModel, Field


class FollowUp(BaseModel):
    """A question asked on top of the stage's own: coaching a weak answer, or completing an item."""

    kind: Literal["check", "item"]
    check: str | None = None
    item_id: str | None = None
    missing: list[str] = Field(default_factory=list)


class Proposal(BaseModel):
    """What was read from an answer written as prose, shown to the team before it changes the document."""

    question: str
    entries: list[str] = Field(default_factory=list)  # a list question's entries
    drafts: list[dict[str, Any]] = Field(default_factory=list)  # an item question's drafts (fields, reference...)
    choice: str | None = None  # an answer to a list that has items already: replace them or add to them?
    held: str | None = None  # a message answered as a question, which a yes saves as the answer instead

    @property
    def reading(self) -> bool:
        """Whether it shows what was read from an answer (not a choice to make, nor a message held)."""
        return self.choice is None and self.held is None


class EngineState(BaseModel):
    stage: str = "purpose"
    question: str | None = None  # None once the session is complete
    follow_up: FollowUp | None = None
    coached: list[str] = Field(default_factory=list)  # `question:check` pairs already coached once
    completed_items: list[str] = Field(default_factory=list)  # item ids whose follow-up was asked once
    complete: bool = False
    proposal: Proposal | None = None
