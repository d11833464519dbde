"""One owning process per data directory while Chroma is embedded in it.

Chroma's embedded client is thread-safe but not process-safe (DESIGN §7): two processes on one index answer
searches differently, and may corrupt it. So a process that opens it (the web app however it is started, and
the commands ingest, reindex, chat, ...) holds an OS file lock on `DATA_DIR/brandplan.lock`, with its pid and
start time written inside; a second process is refused with a line that names the owner and what to do
instead. The kernel drops the lock when its holder dies, so the lock of a crashed process is simply taken over.
"""

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.config import Settings

LOCK_NAME = "brandplan.lock"


class DataDirBusy(RuntimeError):
    """Another process owns the data directory."""


@contextmanager
def own_data_dir(settings: Settings) -> Iterator[None]:
    """Hold the data directory while the block runs; raises `DataDirBusy` when another process holds it.

    With a Chroma server (`chroma_url`) the index is the server's to guard: nothing is locked."""
    if settings.chroma_url:
        yield
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir.resolve() / LOCK_NAME
    # one lock per path and process, counted: `serve` holds it, and the app it runs takes it again
    lock = FileLock(path, timeout=0, is_singleton=True, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise DataDirBusy(_busy(settings.data_dir, path)) from None
    outermost = lock.lock_counter == 1
    try:
        if outermost:
            started = datetime.now(UTC).isoformat(timespec="seconds")
            path.write_text(json.dumps({"pid": os.getpid(), "started": started}))
        yield
    finally:
        if outermost:
            path.write_text("")
        lock.release()


def _busy(data_dir: Path, path: Path) -> str:
    try:
        owner = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        owner = {}
    who = f"process {owner['pid']} (since {owner.get('started', '?')})" if "pid" in owner else "another process"
    return (
        f"the data directory {data_dir.resolve()} is in use by {who}: stop it, or run several processes "
        "with a Chroma server (BRANDPLAN_CHROMA_URL) and PostgreSQL (BRANDPLAN_DATABASE_URL)"
    )
