"""What the JSON API returns, declared for OpenAPI (`/docs`): one model per shape, mirroring the records it is
built from (`assistant/store/repository.py`, the engine's reply, the coherence scorecard, a search hit)."""

from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from assistant.document import Finding, Language, StrategyDocument
from assistant.store.repository import JobStatus, LinkRole, Role

Item = TypeVar("Item")


class Workspace(BaseModel):
    id: str
    slug: str
    name: str
    created_at: datetime


class Session(BaseModel):
    id: str
    workspace_id: str
    brand_name: str
    language: Language
    stage: str
    status: str
    created_at: datetime
    updated_at: datetime
    state: dict[str, Any]


class Turn(BaseModel):
    session_id: str
    seq: int
    role: Role
    content: str
    created_at: datetime
    meta: dict[str, Any]


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


class Document(BaseModel):
    """A document a workspace has ingested."""

    id: str
    workspace_id: str
    filename: str
    sha256: str
    size: int
    media_type: str
    language: Language
    created_at: datetime
    chunk_count: int


class Job(BaseModel):
    """An upload on its way in; `url` is where to follow it."""

    id: int
    workspace_id: str
    filename: str
    status: JobStatus
    progress: int
    passages: int
    error: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    url: str


class Link(BaseModel):
    id: str
    workspace_id: str | None
    role: LinkRole
    label: str
    created_at: datetime
    revoked_at: datetime | None
    used_at: datetime | None


class NewLink(Link):
    """A link just created: its login `url` is shown this once."""

    url: str


class DocumentVersion(BaseModel):
    version: int
    document: StrategyDocument


class Version(BaseModel):
    session_id: str
    version: int
    note: str
    created_at: datetime


class Diff(BaseModel):
    """What changed between versions `a` and `b`: readable field paths and RFC 6902 operations."""

    a: int
    b: int
    fields: list[str]
    patch: list[dict[str, Any]]


class Scorecard(BaseModel):
    completeness: dict[str, float]
    ladder: dict[str, int]
    kpi_balance: dict[str, int]
    errors: int
    warnings: int


class Findings(BaseModel):
    findings: list[Finding]
    scorecard: Scorecard


class Source(BaseModel):
    """A numbered citation of a reply, with the passage it points to."""

    number: int
    label: str
    kind: str
    passage: str
    card_id: str | None
    title: str | None
    file: str | None
    page: int | None
    heading: str | None


class Reply(BaseModel):
    """The assistant's answer to a message or an edit; `html` is `message` rendered."""

    message: str
    kind: str
    stage: str
    question_id: str | None
    question: str | None
    citations: list[Source]
    patch: list[dict[str, Any]]
    version: int | None
    findings_added: list[Finding]
    findings_resolved: list[Finding]
    notice: str | None
    html: str


class Hit(BaseModel):
    """A passage found: a card's carries `title` and `attribution`, a document's `file` and `page` or `heading`."""

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
