"""Run queued uploads off the request path: threads that claim jobs from the database and ingest them.

The queue lives in the database, so every app process sees (and may run) every job; a workspace's jobs
run one at a time, in the order they came. Reading happens in a reader process (`sandbox.py`); these
threads only wait for it, then embed and write in batches, reporting progress as they go.
"""

import logging
import threading
from datetime import timedelta

from assistant.retrieval.knowledge import KnowledgeBase
from assistant.store.repository import Store, utcnow

log = logging.getLogger("brandplan.jobs")

POLL_SECONDS = 1.0
# a running job heartbeats every second while it is read, and after each batch of passages it indexes
STALE_AFTER = timedelta(minutes=2)
INTERRUPTED = "the server stopped while reading it; upload it again"
READING = 5  # percent shown while a reader process reads the file; indexing fills the rest


class JobRunner:
    def __init__(self, *, store: Store, knowledge: KnowledgeBase, workers: int):
        self.store = store
        self.knowledge = knowledge
        self.workers = workers
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Fail the jobs a killed process left running, then start the worker threads."""
        self.reap()
        for number in range(self.workers):
            thread = threading.Thread(target=self._loop, name=f"ingest-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def wake(self) -> None:
        """A job was queued: look now rather than at the next poll."""
        self._wake.set()

    def reap(self) -> int:
        return self.store.fail_stale_jobs(before=utcnow() - STALE_AFTER, reason=INTERRUPTED)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ran = self.run_next()
            except Exception:  # the database went away for a moment: keep the thread, try again
                log.exception("ingest worker failed")
                ran = False
            if not ran:
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()
                self.reap()

    def run_next(self) -> bool:
        """Run one queued job, if there is one this process may take; True if it ran one."""
        claimed = self.store.claim_job()
        if claimed is None:
            return False
        job, data = claimed

        def progress(done: int, total: int) -> None:
            percent = READING + (100 - READING) * done // total if total else READING
            self.store.update_job(job.id, progress=min(percent, 99), passages=total)

        try:
            outcome = self.knowledge.ingest_bytes(job.workspace_id, job.filename, data, progress=progress)
        except Exception as error:
            log.exception("ingest job %s failed", job.id)
            self.store.finish_job(job.id, status="failed", error=f"could not be added ({type(error).__name__})")
            return True
        if outcome.error:
            self.store.finish_job(job.id, status="failed", error=outcome.error)
        else:
            self.store.finish_job(job.id, status="done", passages=outcome.passages)
        return True
