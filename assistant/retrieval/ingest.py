"""Bring a team's own files into its workspace: parse, split, store the text, index the passages.

All or nothing per file: a file is parsed and split completely before anything is written, its rows
are replaced in one database transaction, and the vector index is only an index of those rows.
"""

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal

from assistant.config import Settings
from assistant.retrieval.chunking import passages
from assistant.retrieval.parsers import UnreadableFile, parser_for
from assistant.retrieval.text import Analyzer
from assistant.retrieval.vectors import VectorIndex
from assistant.store.repository import Chunk, DocumentInfo, Store
from assistant.store.tables import utcnow

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class IngestOutcome:
    filename: str
    status: Literal["added", "replaced", "unchanged", "failed"]
    passages: int = 0
    error: str | None = None

    @property
    def line(self) -> str:
        """One line for the user: `brandbook.pdf: added, 12 passages` or `scan.pdf: failed: ...`."""
        if self.error:
            return f"{self.filename}: failed: {self.error}"
        return f"{self.filename}: {self.status}, {self.passages} passages"


def clean_filename(name: str) -> str:
    """The base name only, without control characters, at most 200 characters."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = " ".join(CONTROL.sub("", base).split())[-200:]
    if not base or base in {".", ".."}:
        raise UnreadableFile("has no usable file name")
    return base


class Ingestor:
    def __init__(self, *, store: Store, index: VectorIndex, analyzer: Analyzer, settings: Settings):
        self.store = store
        self.index = index
        self.analyzer = analyzer
        self.settings = settings

    def ingest_path(self, workspace_id: str, path: Path) -> IngestOutcome:
        """Ingest a file from disk, checking its size before reading it."""
        name = path.name
        try:
            if not path.is_file():
                raise UnreadableFile("is not a file")
            self._check_size(path.stat().st_size)
            data = path.read_bytes()
        except (UnreadableFile, OSError) as error:
            return IngestOutcome(name, "failed", error=_reason(error))
        return self.ingest_bytes(workspace_id, name, data)

    def ingest_bytes(self, workspace_id: str, filename: str, data: bytes) -> IngestOutcome:
        """Ingest file content; re-ingesting the same bytes changes nothing, new bytes replace the old."""
        try:
            name = clean_filename(filename)
        except UnreadableFile as error:
            return IngestOutcome(filename[:200], "failed", error=str(error))
        try:
            self._check_size(len(data))
            document, chunks = self._read(workspace_id, name, data)
        except UnreadableFile as error:
            return IngestOutcome(name, "failed", error=str(error))

        existing = self.store.find_document(workspace_id, name)
        if existing is not None and existing.sha256 == document.sha256:
            return IngestOutcome(name, "unchanged", existing.chunk_count)
        try:
            self.index.add_chunks(workspace_id, chunks)
        except Exception as error:  # the index is a separate service: report, write nothing
            self.index.delete_chunks(workspace_id, [c.id for c in chunks])
            return IngestOutcome(name, "failed", error=f"could not index it ({error})")
        replaced = self.store.put_document(document, chunks)
        if replaced is not None:
            old_ids = [f"{replaced.id}-{n}" for n in range(replaced.chunk_count)]
            self.index.delete_chunks(workspace_id, old_ids)
        return IngestOutcome(name, "replaced" if replaced else "added", len(chunks))

    def remove(self, workspace_id: str, filename: str) -> DocumentInfo:
        removed = self.store.remove_document(workspace_id, filename)
        self.index.delete_chunks(workspace_id, [f"{removed.id}-{n}" for n in range(removed.chunk_count)])
        return removed

    def _check_size(self, size: int) -> None:
        if size > self.settings.max_upload_bytes:
            raise UnreadableFile(f"is {_human(size)}, over the {self.settings.max_upload_mb:g} MB limit")
        if size == 0:
            raise UnreadableFile("is empty")

    def _read(self, workspace_id: str, name: str, data: bytes) -> tuple[DocumentInfo, list[Chunk]]:
        media_type, parse = parser_for(name)
        found = passages(parse(data), size=self.settings.chunk_chars)
        if not found:
            raise UnreadableFile("contains no text")
        document_id = str(uuid.uuid4())
        languages = [self.analyzer.detect(p.text) for p in found]
        chunks = [
            Chunk(
                id=f"{document_id}-{ordinal}",
                document_id=document_id,
                workspace_id=workspace_id,
                ordinal=ordinal,
                text=p.text,
                language=language,
                start=p.start,
                end=p.end,
                page=p.page,
                heading=p.heading,
                filename=name,
            )
            for ordinal, (p, language) in enumerate(zip(found, languages, strict=True))
        ]
        document = DocumentInfo(
            id=document_id,
            workspace_id=workspace_id,
            filename=name,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            media_type=media_type,
            language=max(set(languages), key=languages.count),
            created_at=utcnow(),
            chunk_count=len(chunks),
        )
        return document, chunks


def _human(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size / 1024:.1f} KB"


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"cannot be read ({error.strerror or error})"
    return str(error)
