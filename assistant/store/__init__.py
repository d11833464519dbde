"""Persistence behind a small repository interface (`Store`), with a SQLAlchemy adapter."""

from assistant.config import Settings
from assistant.retrieval.text import analyzer_for
from assistant.store.repository import (
    AccessLink,
    Chunk,
    Conflict,
    DocumentInfo,
    IngestJob,
    NotFound,
    PlanningSession,
    Snapshot,
    Store,
    Turn,
    TurnInput,
    VersionInfo,
    Workspace,
)
from assistant.store.sql import SqlStore

__all__ = [
    "AccessLink",
    "Chunk",
    "Conflict",
    "DocumentInfo",
    "IngestJob",
    "NotFound",
    "PlanningSession",
    "Snapshot",
    "SqlStore",
    "Store",
    "Turn",
    "TurnInput",
    "VersionInfo",
    "Workspace",
    "open_store",
]


def open_store(settings: Settings) -> SqlStore:
    """The store the settings point to, migrated to the newest schema."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqlStore.open(settings.resolved_database_url(), analyzer_for(settings.knowledge_dir))
