"""Expensive work is bounded: an export is rendered once per version, and each link has a rate for exports
and uploads beyond which it is told when to come back (429 with Retry-After)."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.access import issue_link
from assistant.config import Settings
from tests.factories import winery_document
from tests.web.conftest import Visitor, store_of, workspace_with_session
from web.app import create_app


def rendered_files(app: FastAPI) -> list[Path]:
    return sorted(p for p in (app.state.settings.data_dir / "exports").rglob("*") if p.is_file())


def test_an_export_is_rendered_once_per_version_and_then_served_as_kept(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "Deck Co")
    store_of(app).save_document(session_id, winery_document(), note="full")
    before = set(rendered_files(app))
    url = f"/api/sessions/{session_id}/export"
    first = admin.client.get(url, params={"format": "pptx"})
    assert first.status_code == 200 and first.content[:2] == b"PK"
    [kept] = set(rendered_files(app)) - before
    written = kept.stat().st_mtime_ns
    again = admin.client.get(url, params={"format": "pptx"})
    assert again.content == first.content and kept.stat().st_mtime_ns == written, "served as kept, not re-rendered"
    assert again.headers["content-disposition"] == first.headers["content-disposition"]
    store_of(app).save_document(session_id, winery_document(), note="a newer version")
    newer = admin.client.get(url, params={"format": "pptx"})
    assert newer.status_code == 200 and len(set(rendered_files(app)) - before) == 2, "a new version renders anew"
    admin.client.get(url, params={"format": "md", "version": 2})
    assert len(set(rendered_files(app)) - before) == 3, "each format is kept apart"


def test_a_link_over_its_export_and_upload_rate_gets_429_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "limited", llm="", exports_per_minute=2, uploads_per_minute=1)
    application = create_app(settings)
    with TestClient(application) as client:
        store = store_of(application)
        _, admin_token = issue_link(store, role="admin", workspace_id=None)
        admin = {"Authorization": f"Bearer {admin_token}"}
        slug = client.post("/api/workspaces", json={"name": "Rate Co"}, headers=admin).json()["slug"]
        session_id = client.post(f"/api/workspaces/{slug}/sessions", json={"brand": "Rate"}, headers=admin).json()["id"]
        _, viewer_token = issue_link(store, role="viewer", workspace_id=store.get_workspace_by_slug(slug).id)
        viewer = {"Authorization": f"Bearer {viewer_token}"}
        url = f"/api/sessions/{session_id}/export"
        answers = [client.get(url, params={"format": "pptx"}, headers=viewer) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert 1 <= int(answers[-1].headers["retry-after"]) <= 30 and "try again" in answers[-1].json()["detail"]
        assert client.get(url, params={"format": "md"}, headers=admin).status_code == 200, "other links keep theirs"
        upload = {"file": ("brief.md", b"# Brief\n\nOur customers co-create recipes with us.\n")}
        assert client.post(f"/api/workspaces/{slug}/documents", files=upload, headers=admin).status_code == 202
        again = client.post(f"/api/workspaces/{slug}/documents", files=upload, headers=admin)
        assert again.status_code == 429 and int(again.headers["retry-after"]) > 0
