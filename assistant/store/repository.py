"""The persistence port: the small interface the engine and the web layer use to keep their data.

Records are frozen dataclasses, not ORM objects, so nothing above this line sees SQLAlchemy.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from assistant.document import Language, StrategyDocument

Role = Literal["user", "assistant"]


def utcnow() -> datetime:
    """The time every record is stamped with (UTC)."""
    return datetime.now(UTC)


class NotFound(LookupError):
    """The asked-for workspace, session or version does not exist (or is not in this workspace)."""


class Conflict(RuntimeError):
    """Another writer saved the session after the snapshot this write was based on: nothing was written."""

    def __init__(self, session_id: str, *, version: int, seq: int):
        super().__init__(f"session {session_id!r} changed meanwhile (now version {version}, turn {seq})")
        self.version = version
        self.seq = seq


@dataclass(frozen=True)
class Workspace:
    id: str
    slug: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class PlanningSession:
    id: str
    workspace_id: str
    brand_name: str
    language: Language
    stage: str
    status: str
    created_at: datetime
    updated_at: datetime
    state: dict[str, Any] = field(default_factory=dict)  # the engine's own record of where the session stands


@dataclass(frozen=True)
class Turn:
    session_id: str
    seq: int
    role: Role
    content: str
    created_at: datetime
    meta: dict[str, Any] = field(default_factory=dict)
    author: str = ""  # who wrote it ("" for the assistant)


@dataclass(frozen=True)
class VersionInfo:
    session_id: str
    version: int
    note: str
    created_at: datetime
    author: str = ""  # whose message or edit made it
    title: str = ""  # a name people gave it


EventKind = Literal["turn", "document", "presence", "proposal"]


@dataclass(frozen=True)
class SessionEvent:
    """Something that happened in a session, for everyone viewing it: numbered 1, 2, ... per session."""

    session_id: str
    seq: int
    kind: EventKind
    data: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Present:
    """A person viewing a session now (one entry per open page)."""

    viewer: str
    name: str
    role: str


@dataclass(frozen=True)
class Snapshot:
    """A session as one read saw it: a write based on it names `version` and `seq` to detect later writers."""

    session: PlanningSession
    version: int  # the latest document version
    document: StrategyDocument
    seq: int  # the number of the last turn (0 before the first)


@dataclass(frozen=True)
class TurnInput:
    """One message to append: the engine saves the user's turn first, then the reply with the document it changed."""

    role: Role
    content: str
    meta: dict[str, Any] = field(default_factory=dict)
    author: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    workspace_id: str
    filename: str
    sha256: str
    size: int
    media_type: str
    language: Language
    created_at: datetime
    chunk_count: int = 0


@dataclass(frozen=True)
class Chunk:
    """A passage of an ingested document, with where it sits in the file."""

    id: str
    document_id: str
    workspace_id: str
    ordinal: int
    text: str
    language: Language
    start: int
    end: int
    page: int | None = None
    heading: str | None = None
    filename: str = ""

    @property
    def indexed_text(self) -> str:
        """The passage as indexed: its heading path first, so a passage is found by the section it is in."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


JobStatus = Literal["queued", "running", "done", "failed"]


@dataclass(frozen=True)
class IngestJob:
    """An uploaded file on its way into a workspace: queued, running (with progress), then done or failed."""

    id: int
    workspace_id: str
    filename: str
    status: JobStatus
    progress: int  # percent
    passages: int
    error: str | None
    created_at: datetime
    updated_at: datetime  # also the heartbeat of the process running it
    finished_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")


LinkRole = Literal["admin", "member", "viewer"]


@dataclass(frozen=True)
class AccessLink:
    """Who may open what: the admin (everything), a workspace member (edit) or viewer (read only).

    Admin links are one-time: `used_at` is set by the login that consumed it."""

    id: str
    workspace_id: str | None
    role: LinkRole
    label: str
    created_at: datetime
    revoked_at: datetime | None = None
    used_at: datetime | None = None

    @property
    def spent(self) -> bool:
        """A one-time (admin) link already used to log in: its secret opens nothing any more."""
        return self.role == "admin" and self.used_at is not None


class Store(Protocol):
    """Workspaces, planning sessions, their turns and their document versions."""

    def create_workspace(self, *, name: str, slug: str) -> Workspace: ...
    def get_workspace(self, workspace_id: str) -> Workspace: ...
    def get_workspace_by_slug(self, slug: str) -> Workspace: ...
    def list_workspaces(self) -> list[Workspace]: ...

    def create_session(
        self, *, workspace_id: str, brand_name: str, language: Language, stage: str
    ) -> PlanningSession: ...
    def get_session(self, session_id: str, *, workspace_id: str | None = None) -> PlanningSession: ...
    def list_sessions(
        self, workspace_id: str, *, limit: int | None = None, offset: int = 0
    ) -> list[PlanningSession]: ...

    def record(
        self,
        session_id: str,
        *,
        turns: list[TurnInput] = ...,
        document: StrategyDocument | None = None,
        note: str = "",
        stage: str | None = None,
        status: str | None = None,
        state: dict[str, Any] | None = None,
        expected_version: int | None = None,
        expected_seq: int | None = None,
        author: str = "",
        changed: list[str] | None = None,
        proposal: dict[str, Any] | None = None,
    ) -> int | None:
        """Append turns, an optional new document version and session changes in one transaction.

        With `expected_version` / `expected_seq` (from a `Snapshot`), raises `Conflict` and writes nothing
        when the session's latest version or last turn is no longer that: the caller's read is stale.
        The same transaction logs the session's events: a `turn` per turn, a `document` event naming
        `changed` fields and `author` for a new version, and a `proposal` event when `proposal` is given.
        Returns the new version number, or None when no document was given.
        """
        ...

    def events_after(
        self, session_id: str, after: int, *, limit: int | None = 100, kind: EventKind | None = None
    ) -> list[SessionEvent]:
        """The session's events numbered above `after` (of `kind`, if given), oldest first."""
        ...

    def last_event(self, session_id: str) -> int:
        """The number of the session's latest event (0 before the first)."""
        ...

    def prune_events(self, before: datetime) -> int:
        """Delete the events only a live stream needs (turns, presence, proposals) written before `before`;
        `document` events stay (they say who changed what) and so does each session's latest event (numbers
        go on from it). Returns how many were deleted."""
        ...

    def subscribe(self, session_id: str, wake: Callable[[], None]) -> Callable[[], None]:
        """Call `wake` (from any thread) after events of the session are saved, by any process sharing the
        database; returns the function that unsubscribes. A wake-up may come without new events."""
        ...

    def arrive(self, session_id: str, *, viewer: str, name: str, role: str) -> None:
        """A viewer opened the session's stream (or is still there: a heartbeat); logs `presence` when new."""
        ...

    def leave(self, session_id: str, *, viewer: str) -> None:
        """A viewer closed the session's stream; logs `presence`."""
        ...

    def present(self, session_id: str) -> list[Present]:
        """Who is viewing the session now (heartbeats seen lately)."""
        ...

    def turn_lock(self, session_id: str) -> AbstractContextManager[None]:
        """Held while a message to the session is answered: one at a time across every process."""
        ...

    def name_version(self, session_id: str, version: int, title: str) -> VersionInfo: ...

    def snapshot(self, session_id: str) -> Snapshot:
        """The session, its latest document and its last turn number, read together."""
        ...

    def list_turns(self, session_id: str, *, limit: int | None = None, offset: int = 0) -> list[Turn]: ...
    def save_document(self, session_id: str, document: StrategyDocument, *, note: str = "") -> int: ...
    def load_document(self, session_id: str, version: int | None = None) -> tuple[int, StrategyDocument]: ...
    def list_versions(self, session_id: str) -> list[VersionInfo]: ...
    def find_document(self, workspace_id: str, filename: str) -> DocumentInfo | None: ...
    def put_document(self, document: DocumentInfo, chunks: list[Chunk]) -> DocumentInfo | None:
        """Store a document and its chunks, replacing any document of the same file name in one transaction.

        Returns the replaced document, if there was one.
        """
        ...

    def list_documents(self, workspace_id: str) -> list[DocumentInfo]: ...
    def remove_document(self, workspace_id: str, filename: str) -> DocumentInfo: ...
    def list_chunks(self, workspace_id: str) -> list[Chunk]: ...
    def get_chunks(self, workspace_id: str, ids: list[str]) -> list[Chunk]:
        """The workspace's chunks among `ids` (others', and ids no longer stored, are left out)."""
        ...

    def search_passages(
        self, workspace_id: str, *, terms: list[str], language: Language, limit: int
    ) -> list[tuple[str, float]]:
        """Ids and scores of the workspace's passages in `language` that best match the index `terms` (stems),
        best first, from the full-text index that `put_document` and `remove_document` keep up to date; in a large
        workspace, only the rarest terms are read (`assistant.store.query_terms`)."""
        ...

    def queue_job(self, *, workspace_id: str, filename: str, data: bytes) -> IngestJob: ...
    def get_job(self, job_id: int, *, workspace_id: str) -> IngestJob: ...
    def list_jobs(self, workspace_id: str, *, limit: int = 20) -> list[IngestJob]: ...
    def claim_job(self) -> tuple[IngestJob, bytes] | None:
        """The oldest queued job of a workspace with no job running, now running, and its file; None if none."""
        ...

    def update_job(self, job_id: int, *, progress: int, passages: int) -> None: ...
    def finish_job(self, job_id: int, *, status: JobStatus, passages: int = 0, error: str | None = None) -> None: ...
    def fail_stale_jobs(self, *, before: datetime, reason: str) -> int:
        """Fail running jobs whose heartbeat stopped before `before` (their process died); returns how many."""
        ...

    def create_link(
        self, *, role: LinkRole, workspace_id: str | None, token_hash: str, label: str = ""
    ) -> AccessLink: ...
    def find_link(self, token_hash: str) -> AccessLink | None:
        """The live (unrevoked) link with this token hash."""
        ...

    def use_link(self, link_id: str) -> bool:
        """Mark a live link used; False when it already was (of two concurrent logins, one wins)."""
        ...

    def live_links(self, link_ids: list[str]) -> list[AccessLink]: ...
    def list_links(self, workspace_id: str | None) -> list[AccessLink]: ...
    def revoke_link(self, link_id: str, *, workspace_id: str | None) -> AccessLink: ...
    def open_login(self, login_hash: str) -> None: ...
    def login_alive(self, login_hash: str) -> bool: ...
    def end_login(self, login_hash: str) -> None: ...
    def close(self) -> None: ...
