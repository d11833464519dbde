import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from assistant.store import SqlStore

ROOT = Path(__file__).resolve().parents[2]


def test_killed_writer_loses_no_committed_version(database_url: str) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_writer", database_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert writer.stdout is not None
    session_id = writer.stdout.readline().split()[1]
    committed: list[int] = []
    deadline = time.monotonic() + 60
    while len(committed) < 40 and time.monotonic() < deadline:
        line = writer.stdout.readline()
        assert line.startswith("committed"), line
        committed.append(int(line.split()[1]))
    writer.send_signal(signal.SIGKILL)  # while it is inside its next save
    writer.wait()
    assert len(committed) >= 40, "the writer was too slow to be a fair test"

    store = SqlStore.open(database_url)
    versions = {v.version: v for v in store.list_versions(session_id)}
    for version in committed:
        assert version in versions, f"committed version {version} is gone"
        _number, document = store.load_document(session_id, version)
        assert len(document.review.decisions) == version - 1
        assert versions[version].note == f"{version - 1} decisions"
    assert sorted(versions) == list(range(1, len(versions) + 1)), "versions must be gap-free"
    if database_url.startswith("sqlite"):
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    store.close()
