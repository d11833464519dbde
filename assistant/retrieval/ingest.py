"""Bring a team's own files into its workspace: check, parse, split, store the text, index the passages.

All or nothing per file: a file is parsed and split completely (in a reader process, `sandbox.py`)
before anything is written, its rows are replaced in one database transaction, and the vector index
is only an index of those rows.
"""

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal

from assistant.config import Settings
from assistant.retrieval.parsers import UnreadableFile, parser_for
from assistant.retrieval.sandbox import ReadLimits, read_isolated
from assistant.retrieval.sniffing import check_content
from assistant.retrieval.text import Analyzer
from assistant.retrieval.vectors import VectorIndex
from assistant.store.repository import Chunk, DocumentInfo, Store, utcnow

# control characters, and the bidi controls that make `evil\u202egpj.exe` display as `evilexe.jpg`
CONTROL = re.compile("[\x00-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BATCH = 32  # passages embedded and indexed at a time, so progress moves and memory stays flat
GROUP = 128  # passages of several files gathered before they are embedded: one model call per batch, not per file
Progress = Callable[[int, int], None]  # (passages indexed, passages in the file); (0, 0) while reading


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
    """The base name only, without control or bidi characters, at most 200 characters."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = " ".join(CONTROL.sub("", base).split())[-200:]
    if not base or base in {".", ".."}:
        raise UnreadableFile("has no usable file name")
    return base


@dataclass(frozen=True)
class Read:
    """A file read and split, not yet indexed or written."""

    document: DocumentInfo
    chunks: list[Chunk]


class TooLarge(UnreadableFile):
    """The file is over the upload limit (HTTP 413 rather than 422)."""


def check_size(size: int, settings: Settings) -> None:
    if size > settings.max_upload_bytes:
        raise TooLarge(f"is {_human(size)}, over the {settings.max_upload_mb:g} MB limit")
    if size == 0:
        raise UnreadableFile("is empty")


def accept(filename: str, data: bytes, settings: Settings) -> str:
    """The cleaned file name if the file may be read: a supported type, not empty, within the size limit,
    content that matches its name. Else `UnreadableFile`. Cheap: it runs before an upload is queued."""
    name = clean_filename(filename)
    check_size(len(data), settings)
    parser_for(name)
    check_content(Path(name).suffix.lower(), data)
    return name


class Ingestor:
    def __init__(self, *, store: Store, index: VectorIndex, analyzer: Analyzer, settings: Settings):
        self.store = store
        self.index = index
        self.analyzer = analyzer
        self.settings = settings

    def ingest_path(self, workspace_id: str, path: Path, *, progress: Progress | None = None) -> IngestOutcome:
        """Ingest a file from disk, checking its size before reading it."""
        return self.ingest_paths(workspace_id, [path], progress=progress)[0]

    def ingest_paths(
        self,
        workspace_id: str,
        paths: list[Path],
        *,
        progress: Progress | None = None,
        on_file: Callable[[IngestOutcome], None] | None = None,
    ) -> list[IngestOutcome]:
        """Ingest files from disk, each all or nothing, embedding their passages in batches across files.

        A folder of short notes would otherwise cost one small model call per file; here passages wait until
        GROUP of them are ready. `progress` gets (passages indexed, passages read) over the whole run."""
        outcomes: dict[int, IngestOutcome] = {}
        group: list[tuple[int, Read]] = []
        count = {"indexed": 0, "read": 0}

        def indexed(done: int, _total: int) -> None:
            if progress:
                progress(count["indexed"] + done, count["read"])

        def flush() -> None:
            for number, outcome in self._store_group(workspace_id, group, indexed):
                outcomes[number] = outcome
                if on_file:
                    on_file(outcome)
            count["indexed"] = count["read"]
            group.clear()

        for number, path in enumerate(paths):
            read = self._read_path(workspace_id, path, heartbeat=_reading(progress))
            if isinstance(read, IngestOutcome):
                outcomes[number] = read
                if on_file:
                    on_file(read)
                continue
            group.append((number, read))
            count["read"] += len(read.chunks)
            if sum(len(r.chunks) for _, r in group) >= GROUP:
                flush()
        flush()
        return [outcomes[number] for number in range(len(paths))]

    def ingest_bytes(
        self, workspace_id: str, filename: str, data: bytes, *, progress: Progress | None = None
    ) -> IngestOutcome:
        """Ingest file content; re-ingesting the same bytes changes nothing, new bytes replace the old."""
        read = self._read_bytes(workspace_id, filename, data, heartbeat=_reading(progress))
        if isinstance(read, IngestOutcome):
            return read
        return self._store_group(workspace_id, [(0, read)], progress)[0][1]

    def remove(self, workspace_id: str, filename: str) -> DocumentInfo:
        removed = self.store.remove_document(workspace_id, filename)
        self.index.delete_chunks(workspace_id, [f"{removed.id}-{n}" for n in range(removed.chunk_count)])
        return removed

    def _read_path(self, workspace_id: str, path: Path, *, heartbeat: Callable[[], None]) -> "Read | IngestOutcome":
        name = path.name
        try:
            if not path.is_file():
                raise UnreadableFile("is not a file")
            check_size(path.stat().st_size, self.settings)
            data = path.read_bytes()
        except (UnreadableFile, OSError) as error:
            return IngestOutcome(name, "failed", error=_reason(error))
        return self._read_bytes(workspace_id, name, data, heartbeat=heartbeat)

    def _read_bytes(
        self, workspace_id: str, filename: str, data: bytes, *, heartbeat: Callable[[], None]
    ) -> "Read | IngestOutcome":
        """The file read and split, or the outcome that ends it here: refused, unreadable or unchanged."""
        try:
            name = accept(filename, data, self.settings)
        except UnreadableFile as error:
            return IngestOutcome(display_name(filename), "failed", error=str(error))
        try:
            document, chunks = self._read(workspace_id, name, data, heartbeat=heartbeat)
        except UnreadableFile as error:
            return IngestOutcome(name, "failed", error=str(error))
        existing = self.store.find_document(workspace_id, name)
        if existing is not None and existing.sha256 == document.sha256:
            return IngestOutcome(name, "unchanged", existing.chunk_count)
        return Read(document, chunks)

    def _store_group(
        self, workspace_id: str, group: list[tuple[int, "Read"]], progress: Progress | None
    ) -> list[tuple[int, IngestOutcome]]:
        """Index the group's passages in batches, then write each file's rows, replacing its older version.

        If the index fails, the group's passages are taken out of it again and nothing is written. Passages go to
        the model shortest first: a batch is padded to its longest passage, and in file order a batch mixes each
        file's short last passage with full ones (sorted, the same passages embed about a third faster)."""
        chunks = sorted((chunk for _, read in group for chunk in read.chunks), key=lambda c: len(c.indexed_text))
        try:
            for start in range(0, len(chunks), BATCH):
                self.index.add_chunks(workspace_id, chunks[start : start + BATCH])
                if progress:
                    progress(min(start + BATCH, len(chunks)), len(chunks))
        except Exception as error:  # the index is a separate service: report, write nothing
            self.index.delete_chunks(workspace_id, [c.id for c in chunks])
            reason = f"could not index it ({error})"
            return [(n, IngestOutcome(r.document.filename, "failed", error=reason)) for n, r in group]
        outcomes = []
        for number, read in group:
            replaced = self.store.put_document(read.document, read.chunks)
            if replaced is not None:
                old_ids = [f"{replaced.id}-{n}" for n in range(replaced.chunk_count)]
                self.index.delete_chunks(workspace_id, old_ids)
            status: Literal["added", "replaced"] = "replaced" if replaced else "added"
            outcomes.append((number, IngestOutcome(read.document.filename, status, len(read.chunks))))
        return outcomes

    def _read(
        self, workspace_id: str, name: str, data: bytes, *, heartbeat: Callable[[], None]
    ) -> tuple[DocumentInfo, list[Chunk]]:
        media_type, _ = parser_for(name)
        found = read_isolated(name, data, ReadLimits.from_settings(self.settings), heartbeat=heartbeat)
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


def _reading(progress: Progress | None) -> Callable[[], None]:
    """The heartbeat while a file is read: progress (0, 0), which says "reading" rather than a count."""
    return (lambda: progress(0, 0)) if progress else (lambda: None)


def display_name(name: str) -> str:
    """For reporting a refused file: its cleaned name if it has one, else what was sent, made printable."""
    try:
        return clean_filename(name)
    except UnreadableFile:
        return CONTROL.sub("", name)[:200]


def _human(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size / 1024:.1f} KB"


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"cannot be read ({error.strerror or error})"
    return str(error)
