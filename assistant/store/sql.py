"""The SQLAlchemy adapter of the store port: SQLite (WAL, synchronous=FULL) or PostgreSQL by URL."""

import threading
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Engine, bindparam, create_engine, delete, event, func, select, text, update
from sqlalchemy.engine import CursorResult, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.config import KNOWLEDGE_DIR
from assistant.document import Language, StrategyDocument
from assistant.retrieval.text import Analyzer, analyzer_for
from assistant.store.migrate import upgrade
from assistant.store.notify import Bus, PostgresListener
from assistant.store.query_terms import query_terms
from assistant.store.repository import (
    AccessLink,
    Chunk,
    Conflict,
    DocumentInfo,
    LinkRole,
    NotFound,
    PlanningSession,
    Snapshot,
    Turn,
    TurnInput,
    VersionInfo,
    Workspace,
    utcnow,
)
from assistant.store.sql_events import SqlEvents
from assistant.store.sql_jobs import SqlJobs
from assistant.store.tables import (
    ChunkRow,
    DocumentRow,
    LinkRow,
    LoginRow,
    SessionRow,
    TurnRow,
    VersionRow,
    WorkspaceRow,
    aware,
)

# Full-text search over the passages' index terms (migrations 0008, 0009): BM25 from SQLite's FTS5 (its bm25() is
# negative, better is lower; each token carries its scope, so a term's postings are one workspace's), PostgreSQL's
# ts_rank normalised by length. The terms are chosen first by how many of the scope's passages hold each.
SQLITE_SEARCH = text(
    "SELECT chunks.id, -found.score FROM (SELECT rowid, bm25(passage_terms) AS score FROM passage_terms "
    "WHERE passage_terms MATCH :query ORDER BY score LIMIT :limit) AS found "
    "JOIN chunks ON chunks.rowid = found.rowid WHERE chunks.workspace_id = :workspace ORDER BY found.score"
)
POSTGRES_SEARCH = text(
    "SELECT id, ts_rank(terms_vector, query, 1) AS score FROM chunks, to_tsquery('simple', :query) AS query "
    "WHERE workspace_id = :workspace AND language = :language AND terms_vector @@ query "
    "ORDER BY score DESC, id LIMIT :limit"
)
TERM_COUNTS = text("SELECT term, passages FROM passage_term_counts WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)
READERS = 20  # pooled connections per process (one per busy request thread)
READ_ONLY = "brandplan_read_only"  # execution option of the engine that reads: its transactions begin deferred


def _sqlite_durability(engine: Engine) -> None:
    """WAL with synchronous=FULL: an acknowledged commit survives a crash or power loss.

    pysqlite's own transaction handling is switched off so that a write transaction starts with
    BEGIN IMMEDIATE (writers queue on the lock instead of failing on a stale read), and a read with a plain
    BEGIN: in WAL mode readers see their snapshot beside a writer and never wait for the write lock.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if connection.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def create_db_engine(url: str) -> Engine:
    """An engine for the URL, with SQLite made durable and its folder created."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        pool: dict[str, int] = {}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            # readers never wait for the write lock, so a request thread should not wait for a connection either
            pool = {"pool_size": READERS, "max_overflow": READERS}
        engine = create_engine(url, connect_args={"timeout": 10}, **pool)
        _sqlite_durability(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # enough pooled connections for the request threads: past the pool, each connection is opened and closed
    # per use, and PostgreSQL's connection setup then costs more than the queries
    return create_engine(url, pool_pre_ping=True, pool_size=READERS, max_overflow=READERS // 2)


class SqlStore(SqlEvents, SqlJobs):
    """Implements `assistant.store.repository.Store` over one SQLAlchemy engine."""

    def __init__(self, engine: Engine, analyzer: Analyzer | None = None):
        self.engine = engine
        # turns a passage into the index terms the full-text index is built on; search stems questions alike
        self.analyzer = analyzer or analyzer_for(KNOWLEDGE_DIR)
        self._writes = sessionmaker(engine, expire_on_commit=False)
        self._reads = sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
        # SQLite has one writer at a time: writers of this process queue here, without holding a connection,
        # and the lock passes straight to the next instead of through SQLite's sleeping busy handler
        self._write_turn: AbstractContextManager[Any] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        self.bus = Bus()
        self._listener = (
            PostgresListener(engine.url.render_as_string(hide_password=False), self.bus)
            if engine.dialect.name == "postgresql"
            else None
        )

    @classmethod
    def open(cls, url: str, analyzer: Analyzer | None = None) -> "SqlStore":
        """Connect and bring the schema up to date."""
        engine = create_db_engine(url)
        upgrade(engine)
        return cls(engine, analyzer)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._reads.begin() as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._write_turn, self._writes.begin() as session:
            yield session
        self._committed(session)

    # Workspaces

    def create_workspace(self, *, name: str, slug: str) -> Workspace:
        row = WorkspaceRow(id=str(uuid.uuid4()), slug=slug, name=name, created_at=utcnow())
        try:
            with self._write() as db:
                db.add(row)
        except IntegrityError:
            raise ValueError(f"a workspace with slug {slug!r} already exists") from None
        return _workspace(row)

    def get_workspace(self, workspace_id: str) -> Workspace:
        with self._read() as db:
            row = db.get(WorkspaceRow, workspace_id)
            if row is None:
                raise NotFound(f"no workspace {workspace_id!r}")
            return _workspace(row)

    def get_workspace_by_slug(self, slug: str) -> Workspace:
        with self._read() as db:
            row = db.scalar(select(WorkspaceRow).where(WorkspaceRow.slug == slug))
            if row is None:
                raise NotFound(f"no workspace {slug!r}")
            return _workspace(row)

    def list_workspaces(self) -> list[Workspace]:
        with self._read() as db:
            return [_workspace(r) for r in db.scalars(select(WorkspaceRow).order_by(WorkspaceRow.name))]

    # Planning sessions

    def create_session(self, *, workspace_id: str, brand_name: str, language: Language, stage: str) -> PlanningSession:
        now = utcnow()
        row = SessionRow(
            id=str(uuid.uuid4()),
            workspace_id=workspace_id,
            brand_name=brand_name,
            language=language,
            stage=stage,
            status="active",
            state={},
            created_at=now,
            updated_at=now,
        )
        document = StrategyDocument()
        document.brand.name = brand_name
        document.brand.language = language
        with self._write() as db:
            if db.get(WorkspaceRow, workspace_id) is None:
                raise NotFound(f"no workspace {workspace_id!r}")
            db.add(row)
            db.flush()
            self._add_version(db, row.id, document, "session started", latest=0)
        return _session(row)

    def get_session(self, session_id: str, *, workspace_id: str | None = None) -> PlanningSession:
        with self._read() as db:
            return _session(self._session_row(db, session_id, workspace_id))

    def list_sessions(self, workspace_id: str, *, limit: int | None = None, offset: int = 0) -> list[PlanningSession]:
        query = (
            select(SessionRow)
            .where(SessionRow.workspace_id == workspace_id)
            .order_by(SessionRow.updated_at.desc(), SessionRow.id)
            .offset(offset)
            .limit(limit)
        )
        with self._read() as db:
            return [_session(r) for r in db.scalars(query)]

    # Turns and versions

    def record(
        self,
        session_id: str,
        *,
        turns: list[TurnInput] | None = None,
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
        with self._write() as db:
            row = self._session_row(db, session_id, None, lock=True)  # writers of one session queue here
            seq, latest = self._position(db, session_id)
            if expected_version not in (None, latest) or expected_seq not in (None, seq):
                raise Conflict(session_id, version=latest, seq=seq)
            for offset, turn in enumerate(turns or [], start=1):
                turn_row = TurnRow(
                    session_id=session_id,
                    seq=seq + offset,
                    role=turn.role,
                    content=turn.content,
                    meta=turn.meta,
                    author=turn.author[:200],
                    created_at=utcnow(),
                )
                db.add(turn_row)
                self._log_event(db, session_id, "turn", _turn_event(turn_row))
            version = None
            if document is not None:
                version = self._add_version(db, session_id, document, note, latest=latest, author=author)
                event = {"version": version, "fields": changed or [], "author": author, "note": note}
                self._log_event(db, session_id, "document", event)
            if proposal is not None:
                self._log_event(db, session_id, "proposal", proposal)
            _change(row, stage=stage, status=status, state=state)
            return version

    def snapshot(self, session_id: str) -> Snapshot:
        with self._read() as db:
            # the numbers first: on PostgreSQL each statement sees the latest commit, so a write landing
            # between these reads makes the state newer than the numbers, which a later record() refuses
            seq, version = self._position(db, session_id)
            session = _session(self._session_row(db, session_id, None))
            document = db.scalar(
                select(VersionRow.document).where(VersionRow.session_id == session_id, VersionRow.version == version)
            )
            return Snapshot(session, version, StrategyDocument.model_validate(document), seq)

    def list_turns(self, session_id: str, *, limit: int | None = None, offset: int = 0) -> list[Turn]:
        query = (
            select(TurnRow).where(TurnRow.session_id == session_id).order_by(TurnRow.seq).offset(offset).limit(limit)
        )
        with self._read() as db:
            self._session_row(db, session_id, None)
            return [
                Turn(
                    session_id=r.session_id,
                    seq=r.seq,
                    role=r.role,  # type: ignore[arg-type]  # constrained by what record() writes
                    content=r.content,
                    created_at=aware(r.created_at),
                    meta=r.meta or {},
                    author=r.author,
                )
                for r in db.scalars(query)
            ]

    def save_document(self, session_id: str, document: StrategyDocument, *, note: str = "") -> int:
        version = self.record(session_id, document=document, note=note)
        assert version is not None
        return version

    def load_document(self, session_id: str, version: int | None = None) -> tuple[int, StrategyDocument]:
        query = select(VersionRow).where(VersionRow.session_id == session_id)
        if version is None:
            query = query.order_by(VersionRow.version.desc()).limit(1)
        else:
            query = query.where(VersionRow.version == version)
        with self._read() as db:
            self._session_row(db, session_id, None)
            row = db.scalar(query)
            if row is None:
                raise NotFound(f"session {session_id!r} has no version {version}")
            return row.version, StrategyDocument.model_validate(row.document)

    def list_versions(self, session_id: str) -> list[VersionInfo]:
        query = select(VersionRow).where(VersionRow.session_id == session_id).order_by(VersionRow.version)
        with self._read() as db:
            self._session_row(db, session_id, None)
            return [_version(r) for r in db.scalars(query)]

    def name_version(self, session_id: str, version: int, title: str) -> VersionInfo:
        with self._write() as db:
            self._session_row(db, session_id, None)
            row = db.scalar(
                select(VersionRow).where(VersionRow.session_id == session_id, VersionRow.version == version)
            )
            if row is None:
                raise NotFound(f"session {session_id!r} has no version {version}")
            row.title = " ".join(title.split())[:200]
            return _version(row)

    # Ingested documents

    def find_document(self, workspace_id: str, filename: str) -> DocumentInfo | None:
        query = select(DocumentRow).where(DocumentRow.workspace_id == workspace_id, DocumentRow.filename == filename)
        with self._read() as db:
            row = db.scalar(query)
            return _document(row, self._chunk_count(db, row.id)) if row else None

    def put_document(self, document: DocumentInfo, chunks: list[Chunk]) -> DocumentInfo | None:
        with self._write() as db:
            if db.get(WorkspaceRow, document.workspace_id) is None:
                raise NotFound(f"no workspace {document.workspace_id!r}")
            old = db.scalar(
                select(DocumentRow).where(
                    DocumentRow.workspace_id == document.workspace_id, DocumentRow.filename == document.filename
                )
            )
            replaced = _document(old, self._chunk_count(db, old.id)) if old else None
            if old is not None:
                db.execute(delete(ChunkRow).where(ChunkRow.document_id == old.id))
                db.delete(old)
                db.flush()
            db.add(
                DocumentRow(
                    id=document.id,
                    workspace_id=document.workspace_id,
                    filename=document.filename,
                    sha256=document.sha256,
                    size=document.size,
                    media_type=document.media_type,
                    language=document.language,
                    created_at=document.created_at,
                )
            )
            db.flush()
            db.add_all(
                ChunkRow(
                    id=c.id,
                    document_id=document.id,
                    workspace_id=document.workspace_id,
                    ordinal=c.ordinal,
                    text=c.text,
                    language=c.language,
                    page=c.page,
                    heading=c.heading,
                    start=c.start,
                    end=c.end,
                    terms=" ".join(self.analyzer.terms(c.indexed_text, c.language)),
                )
                for c in chunks
            )
            return replaced

    def list_documents(self, workspace_id: str) -> list[DocumentInfo]:
        counts = select(ChunkRow.document_id, func.count().label("n")).group_by(ChunkRow.document_id).subquery()
        query = (
            select(DocumentRow, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.document_id == DocumentRow.id)
            .where(DocumentRow.workspace_id == workspace_id)
            .order_by(DocumentRow.filename)
        )
        with self._read() as db:
            return [_document(row, count) for row, count in db.execute(query)]

    def remove_document(self, workspace_id: str, filename: str) -> DocumentInfo:
        with self._write() as db:
            row = db.scalar(
                select(DocumentRow).where(DocumentRow.workspace_id == workspace_id, DocumentRow.filename == filename)
            )
            if row is None:
                raise NotFound(f"no document {filename!r} in this workspace")
            info = _document(row, self._chunk_count(db, row.id))
            db.execute(delete(ChunkRow).where(ChunkRow.document_id == row.id))
            db.delete(row)
            return info

    def list_chunks(self, workspace_id: str) -> list[Chunk]:
        return self._chunks(ChunkRow.workspace_id == workspace_id)

    def get_chunks(self, workspace_id: str, ids: list[str]) -> list[Chunk]:
        if not ids:
            return []
        # read by id: `|| ''` keeps the planner off the workspace index, which would walk all its passages
        return self._chunks(ChunkRow.workspace_id + "" == workspace_id, ChunkRow.id.in_(ids))

    def _chunks(self, *conditions: ColumnElement[bool]) -> list[Chunk]:
        # plain rows of the columns a Chunk shows: no ORM objects, and not the stems, as long as the text
        shown = [c for c in ChunkRow.__table__.columns if c.name != "terms"]
        query = (
            select(*shown, DocumentRow.filename)
            .join(DocumentRow, DocumentRow.id == ChunkRow.document_id)
            .where(*conditions)
            .order_by(DocumentRow.filename, ChunkRow.ordinal)
        )
        with self._read() as db:
            return [
                Chunk(
                    id=row.id,
                    document_id=row.document_id,
                    workspace_id=row.workspace_id,
                    ordinal=row.ordinal,
                    text=row.text,
                    language=row.language,  # validated on the way in
                    start=row.start,
                    end=row.end,
                    page=row.page,
                    heading=row.heading,
                    filename=row.filename,
                )
                for row in db.execute(query)
            ]

    def search_passages(
        self, workspace_id: str, *, terms: list[str], language: Language, limit: int
    ) -> list[tuple[str, float]]:
        wanted = sorted({term for term in terms if term.isalnum()})  # index terms are single words
        if not wanted:
            return []
        key = scope(workspace_id, language)
        with self._read() as db:
            counts = db.execute(TERM_COUNTS, {"terms": [key, *(f"{key}_{term}" for term in wanted)]})
            held: dict[str, int] = {term: passages for term, passages in counts}
            chosen = query_terms({term: held.get(f"{key}_{term}", 0) for term in wanted}, held.get(key, 0))
            if not chosen:
                return []
            if self.engine.dialect.name == "postgresql":
                query, match = POSTGRES_SEARCH, " | ".join(chosen)
            else:
                query, match = SQLITE_SEARCH, " OR ".join(f'"{key}_{term}"' for term in chosen)
            values = {"query": match, "workspace": workspace_id, "language": language, "limit": limit}
            return [(found, float(score)) for found, score in db.execute(query, values)]

    # Access links

    def create_link(self, *, role: LinkRole, workspace_id: str | None, token_hash: str, label: str = "") -> AccessLink:
        row = LinkRow(
            id=str(uuid.uuid4()),
            workspace_id=workspace_id,
            role=role,
            token_hash=token_hash,
            label=label[:200],
            created_at=utcnow(),
        )
        with self._write() as db:
            db.add(row)
        return _link(row)

    def find_link(self, token_hash: str) -> AccessLink | None:
        query = select(LinkRow).where(LinkRow.token_hash == token_hash, LinkRow.revoked_at.is_(None))
        with self._read() as db:
            row = db.scalar(query)
            return _link(row) if row else None

    def use_link(self, link_id: str) -> bool:
        used = (
            update(LinkRow)
            .where(LinkRow.id == link_id, LinkRow.used_at.is_(None), LinkRow.revoked_at.is_(None))
            .values(used_at=utcnow())
        )
        with self._write() as db:
            result: CursorResult[Any] = db.execute(used)  # type: ignore[assignment]  # an UPDATE's result
            return result.rowcount == 1

    def live_links(self, link_ids: list[str]) -> list[AccessLink]:
        if not link_ids:
            return []
        query = select(LinkRow).where(LinkRow.id.in_(link_ids), LinkRow.revoked_at.is_(None))
        with self._read() as db:
            return [_link(r) for r in db.scalars(query)]

    def list_links(self, workspace_id: str | None) -> list[AccessLink]:
        condition = LinkRow.workspace_id.is_(None) if workspace_id is None else LinkRow.workspace_id == workspace_id
        with self._read() as db:
            return [_link(r) for r in db.scalars(select(LinkRow).where(condition).order_by(LinkRow.created_at))]

    def revoke_link(self, link_id: str, *, workspace_id: str | None) -> AccessLink:
        with self._write() as db:
            row = db.get(LinkRow, link_id)
            if row is None or row.workspace_id != workspace_id:
                raise NotFound(f"no link {link_id!r}")
            row.revoked_at = row.revoked_at or utcnow()
            return _link(row)

    # Login sessions

    def open_login(self, login_hash: str) -> None:
        with self._write() as db:
            db.add(LoginRow(id=login_hash, created_at=utcnow()))

    def login_alive(self, login_hash: str) -> bool:
        with self._read() as db:
            return db.get(LoginRow, login_hash) is not None

    def end_login(self, login_hash: str) -> None:
        with self._write() as db:
            db.execute(delete(LoginRow).where(LoginRow.id == login_hash))

    # Helpers

    def _chunk_count(self, db: Session, document_id: str) -> int:
        return db.scalar(select(func.count()).where(ChunkRow.document_id == document_id)) or 0

    def _session_row(self, db: Session, session_id: str, workspace_id: str | None, *, lock: bool = False) -> SessionRow:
        query = select(SessionRow).where(SessionRow.id == session_id)
        if workspace_id is not None:
            query = query.where(SessionRow.workspace_id == workspace_id)
        if lock:
            query = query.with_for_update()
        row = db.scalar(query)
        if row is None:
            raise NotFound(f"no session {session_id!r}")
        return row

    def _position(self, db: Session, session_id: str) -> tuple[int, int]:
        """Where the session stands: its last turn number and its latest version (0 when none), in one query."""
        seq = select(func.coalesce(func.max(TurnRow.seq), 0)).where(TurnRow.session_id == session_id)
        version = select(func.coalesce(func.max(VersionRow.version), 0)).where(VersionRow.session_id == session_id)
        row = db.execute(select(seq.scalar_subquery(), version.scalar_subquery())).one()
        return int(row[0]), int(row[1])

    def _add_version(
        self, db: Session, session_id: str, document: StrategyDocument, note: str, *, latest: int, author: str = ""
    ) -> int:
        """Versions are numbered 1, 2, ... per session; the caller holds the session row lock."""
        version = latest + 1
        db.add(
            VersionRow(
                session_id=session_id,
                version=version,
                document=document.model_dump(mode="json"),
                note=note[:200],
                author=author[:200],
                created_at=utcnow(),
            )
        )
        return version


def scope(workspace_id: str, language: str) -> str:
    """The token that names a workspace's passages of one language, and prefixes their terms (migration 0009)."""
    return f"w{workspace_id.replace('-', '')}{language}"


def _change(row: SessionRow, *, stage: str | None, status: str | None, state: dict[str, Any] | None) -> None:
    if stage is not None:
        row.stage = stage
    if status is not None:
        row.status = status
    if state is not None:
        row.state = state
    row.updated_at = utcnow()


def _turn_event(row: TurnRow) -> dict[str, Any]:
    """A saved turn as viewers receive it."""
    return {"seq": row.seq, "role": row.role, "author": row.author, "content": row.content, "meta": row.meta}


def _version(row: VersionRow) -> VersionInfo:
    return VersionInfo(
        session_id=row.session_id,
        version=row.version,
        note=row.note,
        created_at=aware(row.created_at),
        author=row.author,
        title=row.title,
    )


def _link(row: LinkRow) -> AccessLink:
    return AccessLink(
        id=row.id,
        workspace_id=row.workspace_id,
        role=row.role,  # type: ignore[arg-type]  # validated on the way in
        label=row.label,
        created_at=aware(row.created_at),
        revoked_at=aware(row.revoked_at) if row.revoked_at else None,
        used_at=aware(row.used_at) if row.used_at else None,
    )


def _workspace(row: WorkspaceRow) -> Workspace:
    return Workspace(id=row.id, slug=row.slug, name=row.name, created_at=aware(row.created_at))


def _document(row: DocumentRow, chunk_count: int) -> DocumentInfo:
    return DocumentInfo(
        id=row.id,
        workspace_id=row.workspace_id,
        filename=row.filename,
        sha256=row.sha256,
        size=row.size,
        media_type=row.media_type,
        language=row.language,  # type: ignore[arg-type]  # validated on the way in
        created_at=aware(row.created_at),
        chunk_count=chunk_count,
    )


def _session(row: SessionRow) -> PlanningSession:
    return PlanningSession(
        id=row.id,
        workspace_id=row.workspace_id,
        brand_name=row.brand_name,
        language=row.language,  # type: ignore[arg-type]  # validated on the way in
        stage=row.stage,
        status=row.status,
        created_at=aware(row.created_at),
        updated_at=aware(row.updated_at),
        state=dict(row.state or {}),
    )
