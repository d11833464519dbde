"""Wake-ups for the viewers of a session: in this process, and from other processes through PostgreSQL.

The event log in the database is the truth; a wake-up only says "read it again". So a lost or repeated
wake-up loses nothing: a viewer reads the events after the last one it has, whenever it wakes.
"""

import logging
import threading
import time
from collections.abc import Callable

import psycopg
from sqlalchemy.engine import make_url

CHANNEL = "brandplan_events"
RETRY_SECONDS = 1.0
log = logging.getLogger(__name__)


class Bus:
    """In-process fan-out: subscribers per session, woken from any thread."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._subscribers: dict[str, set[Callable[[], None]]] = {}

    def subscribe(self, session_id: str, wake: Callable[[], None]) -> Callable[[], None]:
        with self._guard:
            self._subscribers.setdefault(session_id, set()).add(wake)

        def unsubscribe() -> None:
            with self._guard:
                waiting = self._subscribers.get(session_id, set())
                waiting.discard(wake)
                if not waiting:
                    self._subscribers.pop(session_id, None)

        return unsubscribe

    def publish(self, session_id: str) -> None:
        with self._guard:
            waiting = list(self._subscribers.get(session_id, ()))
        for wake in waiting:
            wake()

    def publish_all(self) -> None:
        """Wake every subscriber (after a gap in which notifications may have been missed)."""
        with self._guard:
            sessions = list(self._subscribers)
        for session_id in sessions:
            self.publish(session_id)


class PostgresListener:
    """LISTENs on PostgreSQL in a daemon thread and hands each notification's session id to the bus.

    Writers NOTIFY inside their transaction, so the notification is delivered only once the events are
    committed, to every process listening: no extra service is needed to run several app processes."""

    def __init__(self, url: str, bus: Bus):
        parsed = make_url(url)
        self._conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        self._bus = bus
        self._started = False
        self._guard = threading.Lock()
        self.ready = threading.Event()  # set once LISTEN is in place

    def start(self) -> None:
        with self._guard:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._run, name="brandplan-listen", daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.ready.set()
                    self._bus.publish_all()  # anything committed while we were not listening
                    for notification in connection.notifies():
                        self._bus.publish(notification.payload)
            except psycopg.Error as error:
                self.ready.clear()
                log.warning("listening for session events failed (%s); retrying", error)
                time.sleep(RETRY_SECONDS)
