"""The live half of the SQL store: the session event log, who is here, and one answer at a time per session.

Events are written in the transaction that saves what they tell, numbered per session under the session's
row lock; a viewer that resumes after event N reads exactly the ones after N. On PostgreSQL the transaction
also NOTIFYs, so viewers connected to any app process wake up; on SQLite (one process) the store wakes its
own viewers after the commit.
"""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session

from assistant.store.notify import CHANNEL, Bus, PostgresListener
from assistant.store.repository import EventKind, Present, SessionEvent, utcnow
from assistant.store.tables import EventRow, PresenceRow, SessionRow, aware

TOUCHED = "brandplan_touched_sessions"  # Session.info key: sessions whose events this transaction wrote
PRESENCE_TTL = timedelta(seconds=45)  # a viewer whose stream sent no heartbeat for this long has gone
LIVE_ONLY = ("turn", "presence", "proposal")  # events that only replay to a stream; `document` ones are history
TURN_LOCK = 0x62705475  # "bpTu": the class of PostgreSQL advisory locks held while a session's message is answered


class SqlEvents:
    """Mixed into `SqlStore`, which provides the engine, the transactions and the session row lock."""

    engine: Engine
    bus: Bus
    _listener: PostgresListener | None

    def _read(self) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _session_row(self, db: Session, session_id: str, workspace_id: str | None, *, lock: bool = False) -> SessionRow:
        raise NotImplementedError

    def _log_event(self, db: Session, session_id: str, kind: EventKind, data: dict[str, Any]) -> None:
        """Append an event; the caller holds the session row lock, so numbers follow commit order."""
        last = db.scalar(select(func.coalesce(func.max(EventRow.seq), 0)).where(EventRow.session_id == session_id))
        db.add(EventRow(session_id=session_id, seq=int(last or 0) + 1, kind=kind, data=data, created_at=utcnow()))
        db.info.setdefault(TOUCHED, set()).add(session_id)
        if self._listener is not None:
            db.execute(text("SELECT pg_notify(:channel, :session)"), {"channel": CHANNEL, "session": session_id})

    def _committed(self, db: Session) -> None:
        """After a commit: wake this process's viewers of the sessions it wrote events for (SQLite)."""
        for session_id in db.info.pop(TOUCHED, ()):
            if self._listener is None:
                self.bus.publish(session_id)

    def events_after(
        self, session_id: str, after: int, *, limit: int | None = 100, kind: EventKind | None = None
    ) -> list[SessionEvent]:
        query = (
            select(EventRow)
            .where(EventRow.session_id == session_id, EventRow.seq > after)
            .order_by(EventRow.seq)
            .limit(limit)
        )
        if kind is not None:
            query = query.where(EventRow.kind == kind)
        with self._read() as db:
            return [
                SessionEvent(
                    session_id=row.session_id,
                    seq=row.seq,
                    kind=row.kind,  # type: ignore[arg-type]  # written by _log_event only
                    data=row.data,
                    created_at=aware(row.created_at),
                )
                for row in db.scalars(query)
            ]

    def last_event(self, session_id: str) -> int:
        with self._read() as db:
            self._session_row(db, session_id, None)
            last = db.scalar(select(func.max(EventRow.seq)).where(EventRow.session_id == session_id))
            return int(last or 0)

    def prune_events(self, before: datetime) -> int:
        latest = (
            select(EventRow.session_id, func.max(EventRow.seq).label("seq")).group_by(EventRow.session_id).subquery()
        )
        kept = select(EventRow.id).join(
            latest, (EventRow.session_id == latest.c.session_id) & (EventRow.seq == latest.c.seq)
        )
        with self._write() as db:
            result = db.execute(
                delete(EventRow).where(
                    EventRow.kind.in_(LIVE_ONLY), EventRow.created_at < before, EventRow.id.not_in(kept)
                )
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def subscribe(self, session_id: str, wake: Callable[[], None]) -> Callable[[], None]:
        if self._listener is not None:
            self._listener.start()
        return self.bus.subscribe(session_id, wake)

    def arrive(self, session_id: str, *, viewer: str, name: str, role: str) -> None:
        now = utcnow()
        with self._write() as db:
            self._session_row(db, session_id, None, lock=True)
            stale = self._expire(db, session_id)
            row = db.get(PresenceRow, (session_id, viewer))
            if row is None:
                db.add(PresenceRow(session_id=session_id, viewer=viewer, name=name[:200], role=role, seen_at=now))
            else:
                row.seen_at = now
            if row is None or stale:
                db.flush()
                self._log_event(db, session_id, "presence", {"people": self._people(db, session_id)})

    def leave(self, session_id: str, *, viewer: str) -> None:
        with self._write() as db:
            self._session_row(db, session_id, None, lock=True)
            gone = db.execute(
                delete(PresenceRow).where(PresenceRow.session_id == session_id, PresenceRow.viewer == viewer)
            )
            if gone.rowcount or self._expire(db, session_id):  # type: ignore[attr-defined]
                self._log_event(db, session_id, "presence", {"people": self._people(db, session_id)})

    def present(self, session_id: str) -> list[Present]:
        since = utcnow() - PRESENCE_TTL
        query = (
            select(PresenceRow)
            .where(PresenceRow.session_id == session_id, PresenceRow.seen_at > since)
            .order_by(PresenceRow.name)
        )
        with self._read() as db:
            return [Present(viewer=r.viewer, name=r.name, role=r.role) for r in db.scalars(query)]

    @contextmanager
    def turn_lock(self, session_id: str) -> Iterator[None]:
        """PostgreSQL: a session-level advisory lock on a connection of its own; SQLite serves one process,
        whose engine already answers a session's messages one at a time."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        key = {"kind": TURN_LOCK, "session": session_id}
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:kind, hashtext(:session))"), key)
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:kind, hashtext(:session))"), key)
                connection.commit()

    def _expire(self, db: Session, session_id: str) -> bool:
        """Drop viewers whose heartbeat stopped (their process died); True when some were dropped."""
        since = utcnow() - PRESENCE_TTL
        result = db.execute(
            delete(PresenceRow).where(PresenceRow.session_id == session_id, PresenceRow.seen_at <= since)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def _people(self, db: Session, session_id: str) -> list[dict[str, Any]]:
        """Who is here, one entry per person however many pages they have open."""
        rows = db.scalars(select(PresenceRow).where(PresenceRow.session_id == session_id))
        people: dict[tuple[str, str], int] = {}
        for row in rows:
            people[(row.name, row.role)] = people.get((row.name, row.role), 0) + 1
        return [{"name": name, "role": role, "pages": n} for (name, role), n in sorted(people.items())]
