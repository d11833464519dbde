"""One lock per session in this process, so that its messages are handled one at a time.

Correctness does not rest on it (the store refuses a write based on a stale read, across processes too);
it only saves a turn from being worked out twice when two messages to one session arrive together.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class SessionLocks:
    """Locks created on first use and dropped when nobody holds or waits for them."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, session_id: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(session_id, (threading.Lock(), 0))
            self._locks[session_id] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[session_id]
                if users == 1:
                    del self._locks[session_id]
                else:
                    self._locks[session_id] = (lock, users - 1)
