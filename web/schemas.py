"""What the JSON API returns, declared for OpenAPI (`/docs`). A record the API returns as it is keeps its one
declaration (the store's dataclasses, the engine's reply, the coherence scorecard); here are only the wrappers
and the fields the API adds to them."""

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from assistant.coherence import Scorecard
from assistant.document import Finding, StrategyDocument
from assistant.engine import Reply as EngineReply
from assistant.store.repository import AccessLink, IngestJob, Turn

Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    """One page of a longer list: `limit` items at most, from `offset`."""

    items: list[Item]
    limit: int
    offset: int


class StartedSession(BaseModel):
    id: str
    turns: list[Turn]


class ImportedSession(BaseModel):
    id: str
    stage: str  # where the imported strategy's work is still incomplete
    turns: list[Turn]


@dataclass(frozen=True, kw_only=True)
class Job(IngestJob):
    """An upload on its way in; `url` is where to follow it; `preparing` while the search model loads."""

    url: str
    preparing: bool = False


@dataclass(frozen=True, kw_only=True)
class NewLink(AccessLink):
    """A link just created: its login `url` is shown this once."""

    url: str


class DocumentVersion(BaseModel):
    version: int
    document: StrategyDocument


class FieldChange(BaseModel):
    """One field or item that changed: its name in the session's language, its value before and after."""

    path: str
    label: str
    before: str
    after: str


class Diff(BaseModel):
    """What changed between versions `a` and `b`: each change in words, readable field paths and RFC 6902
    operations."""

    a: int
    b: int
    changes: list[FieldChange]
    fields: list[str]
    patch: list[dict[str, Any]]


class Findings(BaseModel):
    findings: list[Finding]
    scorecard: Scorecard


@dataclass(kw_only=True)
class Reply(EngineReply):
    """The assistant's answer to a message or an edit; `html` is its `message` rendered."""

    html: str


class Hit(BaseModel):
    """A passage found (`Hit.as_json`): a card's carries `title` and `attribution`, a document's `file` and
    `page` or `heading`."""

    text: str
    score: float
    source: str
    kind: Literal["card", "document"]
    language: str
    citation: str
    title: str | None = None
    attribution: str | None = None
    file: str | None = None
    page: int | None = None
    heading: str | None = None
