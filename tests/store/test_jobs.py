"""The upload queue in the database: one job per workspace at a time, in order, and dead jobs failed."""

from datetime import timedelta

import pytest

from assistant.store import NotFound, SqlStore
from assistant.store.repository import utcnow


def test_a_workspace_runs_its_uploads_one_at_a_time_in_order_while_others_proceed(store: SqlStore) -> None:
    a = store.create_workspace(name="A", slug="a").id
    b = store.create_workspace(name="B", slug="b").id
    first = store.queue_job(workspace_id=a, filename="one.md", data=b"# One")
    second = store.queue_job(workspace_id=a, filename="two.md", data=b"# Two")
    other = store.queue_job(workspace_id=b, filename="other.md", data=b"# Other")

    claimed = store.claim_job()
    assert claimed is not None and claimed[0].id == first.id and claimed[1] == b"# One"
    assert claimed[0].status == "running"
    next_claim = store.claim_job()
    assert next_claim is not None and next_claim[0].id == other.id, "B does not wait behind A"
    assert store.claim_job() is None, "A's second upload waits for its first"

    store.update_job(first.id, progress=40, passages=12)
    assert (store.get_job(first.id, workspace_id=a).progress, store.get_job(first.id, workspace_id=a).passages) == (
        40,
        12,
    )
    store.finish_job(first.id, status="done", passages=12)
    done = store.get_job(first.id, workspace_id=a)
    assert (done.status, done.progress, done.passages, done.active) == ("done", 100, 12, False)
    last = store.claim_job()
    assert last is not None and last[0].id == second.id
    assert [j.filename for j in store.list_jobs(a)] == ["two.md", "one.md"], "newest first"


def test_a_job_is_visible_only_in_its_own_workspace(store: SqlStore) -> None:
    a = store.create_workspace(name="A", slug="a").id
    b = store.create_workspace(name="B", slug="b").id
    job = store.queue_job(workspace_id=a, filename="plan.md", data=b"# Plan")
    with pytest.raises(NotFound):
        store.get_job(job.id, workspace_id=b)
    assert store.list_jobs(b) == []


def test_jobs_whose_process_stopped_heartbeating_are_failed_with_a_reason(store: SqlStore) -> None:
    a = store.create_workspace(name="A", slug="a").id
    store.queue_job(workspace_id=a, filename="lost.md", data=b"# Lost")
    claimed = store.claim_job()
    assert claimed is not None
    assert store.fail_stale_jobs(before=utcnow() - timedelta(seconds=30), reason="gone") == 0, "still heartbeating"
    assert store.fail_stale_jobs(before=utcnow() + timedelta(seconds=1), reason="the server stopped") == 1
    lost = store.get_job(claimed[0].id, workspace_id=a)
    assert (lost.status, lost.error) == ("failed", "the server stopped")
    assert lost.finished_at is not None
