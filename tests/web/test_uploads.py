"""Uploads answer at once with a job to follow; the page shows it; refusals say which file and why."""

import time
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from assistant.access import issue_link
from assistant.config import Settings
from assistant.retrieval.jobs import INTERRUPTED
from assistant.retrieval.sandbox import READERS
from assistant.store.repository import utcnow
from assistant.store.tables import IngestJobRow
from tests import hostile_files as hostile
from tests.retrieval.conftest import make_pdf
from tests.web.conftest import Visitor, finished_job, login, member_of, store_of, workspace_with_session
from web.app import create_app

NOTE = b"# Harvest\n\nEvery September guests pick grapes with us and name the new blend together.\n"


def test_an_upload_is_a_job_that_ends_with_the_document_searchable(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Queue Co")
    response = admin.post(f"/api/workspaces/{slug}/documents", files={"file": ("harvest.md", NOTE, "text/markdown")})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] in ("queued", "running") and job["url"] == f"/api/workspaces/{slug}/jobs/{job['id']}"
    done = finished_job(admin.client, job["url"])
    assert (done["status"], done["passages"], done["progress"], done["error"]) == ("done", 1, 100, None)
    assert [d["filename"] for d in admin.client.get(f"/api/workspaces/{slug}/documents").json()] == ["harvest.md"]
    hits = admin.client.get("/api/search", params={"q": "guests pick grapes", "workspace": slug}).json()
    assert any(hit.get("file") == "harvest.md" for hit in hits)


def test_another_workspace_cannot_follow_the_job(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Owner Co")
    other, _ = workspace_with_session(app, admin, "Other Co")
    job = admin.post(f"/api/workspaces/{slug}/documents", files={"file": ("n.md", NOTE, "text/markdown")}).json()
    assert admin.client.get(f"/api/workspaces/{other}/jobs/{job['id']}").status_code == 404
    outsider = member_of(app, other)
    assert outsider.client.get(job["url"]).status_code == 404
    assert outsider.client.get(f"/api/workspaces/{slug}/jobs").status_code == 404
    finished_job(admin.client, job["url"])


def test_misnamed_and_junk_files_are_refused_at_once_naming_the_file(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Sniff Co")
    pdf = admin.post(
        f"/api/workspaces/{slug}/documents", files={"file": ("notes.md", make_pdf(["Plan"]), "text/plain")}
    )
    assert pdf.status_code == 422
    assert pdf.json()["detail"] == "notes.md: is named .md but holds a PDF file: give it its real extension"
    junk = admin.post(
        f"/api/workspaces/{slug}/documents", files={"file": ("page.html", hostile.random_bytes(), "text/html")}
    )
    assert junk.status_code == 422 and junk.json()["detail"].startswith("page.html: is named .html but holds")
    assert admin.client.get(f"/api/workspaces/{slug}/jobs").json() == [], "nothing was queued"


def test_a_right_to_left_override_never_reaches_the_stored_name(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Bidi Co")
    job = admin.post(f"/api/workspaces/{slug}/documents", files={"file": (hostile.RTL_NAME, NOTE, "text/plain")}).json()
    assert job["filename"] == "invoicegpj.md"
    assert finished_job(admin.client, job["url"])["status"] == "done"
    page = admin.client.get(f"/w/{slug}")
    assert "\u202e" not in page.text and "invoicegpj.md" in page.text


def test_the_workspace_page_shows_uploads_with_progress_and_their_outcome(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Page Co")
    posted = admin.client.post(
        f"/w/{slug}/documents",
        data={"csrf_token": admin.csrf},
        files={"file": ("tree.pdf", hostile.pdf_huge_page_tree(5000), "application/pdf")},
        follow_redirects=False,
    )
    assert posted.status_code == 303 and posted.headers["location"] == f"/w/{slug}#uploads"
    page = admin.client.get(f"/w/{slug}")
    (job,) = page.context["jobs"]  # type: ignore[attr-defined]
    if job.active:
        assert f'data-jobs="/api/workspaces/{slug}/jobs"' in page.text and "<progress" in page.text
    finished_job(admin.client, f"/api/workspaces/{slug}/jobs/{job.id}")
    page = admin.client.get(f"/w/{slug}")
    assert "data-jobs" not in page.text, "nothing left to follow: the page stops polling"
    assert "tree.pdf" in page.text and "has 5,000 pages, over the 2,000 page limit" in page.text


def test_a_job_left_running_by_a_killed_process_is_failed_on_the_next_start(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, llm="")
    first = create_app(settings)
    with TestClient(first):
        store = store_of(first)
        workspace = store.create_workspace(name="Crash Co", slug="crash-co")
        first.state.jobs.stop()  # this process will "die" holding the job
        job = store.queue_job(workspace_id=workspace.id, filename="lost.md", data=NOTE)
        assert store.claim_job() is not None
        with store.engine.begin() as db:  # its heartbeat stopped a minute ago
            db.execute(update(IngestJobRow).values(updated_at=utcnow().replace(year=2000)))
    second = create_app(settings)
    with TestClient(second):
        _, token = issue_link(store_of(second), role="admin", workspace_id=None)
        admin = login(second, token)
        lost = admin.client.get(f"/api/workspaces/crash-co/jobs/{job.id}").json()
        assert (lost["status"], lost["error"]) == ("failed", INTERRUPTED)


def test_an_upload_says_while_it_waits_for_the_search_model(tmp_path: Path) -> None:
    """A fresh app loads its model on the first upload (the served one while it starts): the job says so."""
    cold = create_app(Settings(data_dir=tmp_path, llm=""))
    with TestClient(cold):
        _, token = issue_link(store_of(cold), role="admin", workspace_id=None)
        admin = login(cold, token)
        slug, _ = workspace_with_session(cold, admin, "Cold Co")
        assert not cold.state.knowledge.ready
        posted = admin.post(f"/api/workspaces/{slug}/documents", files={"file": ("harvest.md", NOTE, "text/markdown")})
        job = posted.json()  # type: ignore[attr-defined]
        assert job["preparing"] is True
        page = admin.client.get(f"/w/{slug}")
        if page.context["jobs"][0].active:  # type: ignore[attr-defined]
            assert "preparing the search model" in page.text
        done = finished_job(admin.client, job["url"])
        assert done["status"] == "done" and done["preparing"] is False
        assert cold.state.knowledge.ready
        readers = READERS.idle_pids()
        assert readers, "the file was read by a reader process that waits for the next file"
    assert READERS.idle_pids() == []
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in readers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in readers), "the app's readers end when it stops"
