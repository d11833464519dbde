"""The ingest-job half of the SQL store: a queue in the database, so every app process sees every job."""

from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from assistant.store.repository import IngestJob, JobStatus, NotFound, utcnow
from assistant.store.tables import IngestJobRow, WorkspaceRow, aware

CLAIM_LOCK = 0x62706A6F62  # "bpjob": serialises claims across processes on PostgreSQL (SQLite: BEGIN IMMEDIATE)


class SqlJobs:
    """Mixed into `SqlStore`, which provides the transactions."""

    def _read(self) -> AbstractContextManager[Session]:
        raise NotImplementedError  # SqlStore's: a transaction that takes no write lock

    def _write(self) -> AbstractContextManager[Session]:
        raise NotImplementedError  # SqlStore's: a write transaction (BEGIN IMMEDIATE on SQLite)

    def queue_job(self, *, workspace_id: str, filename: str, data: bytes) -> IngestJob:
        now = utcnow()
        row = IngestJobRow(
            workspace_id=workspace_id,
            filename=filename,
            status="queued",
            progress=0,
            passages=0,
            data=data,
            created_at=now,
            updated_at=now,
        )
        with self._write() as db:
            if db.get(WorkspaceRow, workspace_id) is None:
                raise NotFound(f"no workspace {workspace_id!r}")
            db.add(row)
            db.flush()
            return _job(row)

    def get_job(self, job_id: int, *, workspace_id: str) -> IngestJob:
        with self._read() as db:
            row = db.get(IngestJobRow, job_id)
            if row is None or row.workspace_id != workspace_id:
                raise NotFound(f"no job {job_id}")
            return _job(row)

    def list_jobs(self, workspace_id: str, *, limit: int = 20) -> list[IngestJob]:
        """The workspace's newest jobs first."""
        query = select(IngestJobRow).where(IngestJobRow.workspace_id == workspace_id)
        with self._read() as db:
            return [_job(r) for r in db.scalars(query.order_by(IngestJobRow.id.desc()).limit(limit))]

    def claim_job(self) -> tuple[IngestJob, bytes] | None:
        busy = select(IngestJobRow.workspace_id).where(IngestJobRow.status == "running")
        with self._write() as db:
            if db.get_bind().dialect.name == "postgresql":
                db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK})
            row = db.scalar(
                select(IngestJobRow)
                .where(IngestJobRow.status == "queued", IngestJobRow.workspace_id.not_in(busy))
                .order_by(IngestJobRow.id)
                .limit(1)
            )
            if row is None:
                return None
            row.status, row.updated_at = "running", utcnow()
            return _job(row), row.data or b""

    def update_job(self, job_id: int, *, progress: int, passages: int) -> None:
        with self._write() as db:
            db.execute(
                update(IngestJobRow)
                .where(IngestJobRow.id == job_id, IngestJobRow.status == "running")
                .values(progress=progress, passages=passages, updated_at=utcnow())
            )

    def finish_job(self, job_id: int, *, status: JobStatus, passages: int = 0, error: str | None = None) -> None:
        now = utcnow()
        values = {"status": status, "passages": passages, "error": error, "data": None, "updated_at": now}
        with self._write() as db:
            db.execute(
                update(IngestJobRow)
                .where(IngestJobRow.id == job_id)
                .values(**values, progress=100 if status == "done" else IngestJobRow.progress, finished_at=now)
            )

    def fail_stale_jobs(self, *, before: datetime, reason: str) -> int:
        now = utcnow()
        with self._write() as db:
            stale = list(
                db.scalars(
                    select(IngestJobRow.id).where(IngestJobRow.status == "running", IngestJobRow.updated_at < before)
                )
            )
            if stale:
                db.execute(
                    update(IngestJobRow)
                    .where(IngestJobRow.id.in_(stale))
                    .values(status="failed", error=reason, data=None, updated_at=now, finished_at=now)
                )
            return len(stale)


def _job(row: IngestJobRow) -> IngestJob:
    return IngestJob(
        id=row.id,
        workspace_id=row.workspace_id,
        filename=row.filename,
        status=row.status,  # type: ignore[arg-type]  # constrained by what this module writes
        progress=row.progress,
        passages=row.passages,
        error=row.error,
        created_at=aware(row.created_at),
        updated_at=aware(row.updated_at),
        finished_at=aware(row.finished_at) if row.finished_at else None,
    )
