"""Links, cookies, CSRF, roles and security headers."""

import hashlib
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from assistant.access import issue_link
from assistant.cli import app as cli
from assistant.config import Settings
from tests.web.conftest import Visitor, member_of, store_of, workspace_with_session
from web.app import create_app


def test_first_start_prints_a_one_time_admin_link_and_keeps_only_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    application = create_app(Settings(data_dir=tmp_path / "fresh", llm=""))
    with TestClient(application) as client:
        printed = capsys.readouterr().out
        url = next(word for word in printed.split() if "/login/" in word)
        token = url.rsplit("/", 1)[1]
        with store_of(application).engine.connect() as connection:
            hashes = [row[0] for row in connection.execute(text("SELECT token_hash FROM access_links"))]
        assert hashes == [hashlib.sha256(token.encode()).hexdigest()]
        response = client.get(f"/login/{token}", follow_redirects=False)
        assert response.status_code == 303
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
    with TestClient(create_app(Settings(data_dir=tmp_path / "fresh", llm=""))):
        assert "/login/" not in capsys.readouterr().out, "the admin link is printed on the first start only"


def test_admin_link_command_prints_a_new_working_link(app: FastAPI, data_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["admin-link"])
    assert result.exit_code == 0 and "/login/" in result.output


def test_unknown_or_revoked_links_open_nothing(app: FastAPI, admin: Visitor) -> None:
    client = TestClient(app)
    assert client.get("/login/not-a-real-token").status_code == 404
    slug, _ = workspace_with_session(app, admin, "Revoked Ltd")
    member = member_of(app, slug)
    assert member.client.get(f"/w/{slug}").status_code == 200
    link = store_of(app).list_links(store_of(app).get_workspace_by_slug(slug).id)[-1]
    assert (
        admin.client.delete(f"/api/workspaces/{slug}/links/{link.id}", headers={"X-CSRF-Token": admin.csrf}).status_code
        == 204
    )
    assert member.client.get(f"/w/{slug}").status_code == 404, "a revoked link stops working at once"


def test_visitors_see_only_their_workspaces(app: FastAPI, admin: Visitor) -> None:
    mine, _ = workspace_with_session(app, admin, "Mine Srl")
    theirs, _ = workspace_with_session(app, admin, "Theirs Spa")
    member = member_of(app, mine)
    slugs = [w["slug"] for w in member.client.get("/api/workspaces").json()]
    assert slugs == [mine]
    page = member.client.get("/")
    assert "Mine Srl" in page.text and "Theirs Spa" not in page.text
    assert member.client.get(f"/w/{theirs}").status_code == 404
    assert TestClient(app).get("/api/workspaces").json() == []


def test_viewer_links_read_but_cannot_write(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Viewer Co")
    viewer = member_of(app, slug, role="viewer")
    page = viewer.client.get(f"/s/{session_id}")
    assert page.status_code == 200 and page.context["can_edit"] is False  # type: ignore[attr-defined]
    assert 'id="composer"' not in page.text and "edit-form" not in page.text
    refused = viewer.post(f"/api/sessions/{session_id}/messages", json={"text": "hello"})
    assert refused.status_code == 403  # type: ignore[attr-defined]
    refused = viewer.post(
        f"/api/sessions/{session_id}/edits", json={"op": "set", "path": "purpose.statement", "value": "x"}
    )
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert len(store_of(app).list_turns(session_id)) == 1


def test_writes_need_the_csrf_token_but_bearer_tokens_do_not(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Csrf Co")
    no_token = admin.client.post(f"/api/sessions/{session_id}/messages", json={"text": "hello"})
    assert no_token.status_code == 403 and "CSRF" in no_token.json()["detail"]
    form = admin.client.post(f"/s/{session_id}/messages", data={"text": "hello", "csrf_token": "wrong"})
    assert form.status_code == 403
    _, token = issue_link(store_of(app), role="member", workspace_id=store_of(app).get_workspace_by_slug(slug).id)
    bearer = TestClient(app).post(
        f"/api/sessions/{session_id}/messages", json={"text": "help"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert bearer.status_code == 200 and bearer.json()["kind"] == "help"


def test_pages_carry_a_strict_content_security_policy(app: FastAPI, admin: Visitor) -> None:
    response = admin.client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert '/static/app.js" defer></script>' in response.text and "<script>" not in response.text


def test_the_admin_link_logs_in_once_then_says_it_was_used(app: FastAPI) -> None:
    _, token = issue_link(store_of(app), role="admin", workspace_id=None)
    first = TestClient(app)
    assert first.get(f"/login/{token}", follow_redirects=False).status_code == 303
    assert first.get("/api/workspaces").status_code == 200 and first.get("/").context["visitor"].is_admin  # type: ignore[attr-defined]
    again = TestClient(app).get(f"/login/{token}")
    assert again.status_code == 410 and "already used" in again.text
    bearer = TestClient(app).post(
        "/api/workspaces", json={"name": "Late Co"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert bearer.status_code == 403, "a used admin secret opens nothing through the API either"
    assert first.get("/").context["visitor"].is_admin, "the browser it opened stays logged in"  # type: ignore[attr-defined]


def test_admin_link_revoke_all_logs_out_every_admin_and_prints_a_working_link(app: FastAPI, admin: Visitor) -> None:
    assert admin.client.get("/").context["visitor"].is_admin  # type: ignore[attr-defined]
    same_data = {"BRANDPLAN_DATA_DIR": str(app.state.settings.data_dir)}
    result = CliRunner().invoke(cli, ["admin-link", "--revoke-all"], env=same_data)
    assert result.exit_code == 0, result.output
    assert not admin.client.get("/").context["visitor"].is_admin, "the old admin login is revoked"  # type: ignore[attr-defined]
    token = result.stdout.strip().rsplit("/", 1)[1]
    assert TestClient(app).get(f"/login/{token}", follow_redirects=False).status_code == 303


def test_a_link_opened_in_a_browser_with_other_links_is_added_only_after_a_confirmed_post(
    app: FastAPI, admin: Visitor
) -> None:
    victim_space, _ = workspace_with_session(app, admin, "Victim Co")
    attacker_space, _ = workspace_with_session(app, admin, "Attacker Co")
    victim = member_of(app, victim_space)
    store = store_of(app)
    _, attacker_token = issue_link(store, role="member", workspace_id=store.get_workspace_by_slug(attacker_space).id)
    asked = victim.client.get(f"/login/{attacker_token}")
    assert asked.status_code == 200 and asked.template.name == "login_confirm.html"  # type: ignore[attr-defined]
    assert "Attacker Co" in asked.text and 'method="post"' in asked.text
    assert victim.client.get(f"/w/{attacker_space}").status_code == 404, "nothing was added by the GET"
    forged = victim.client.post(f"/login/{attacker_token}", data={"csrf_token": "guessed"})
    assert forged.status_code == 403 and victim.client.get(f"/w/{attacker_space}").status_code == 404
    confirmed = victim.client.post(f"/login/{attacker_token}", data={"csrf_token": victim.csrf})
    assert confirmed.status_code == 200 and confirmed.template.name == "workspace.html"  # type: ignore[attr-defined]
    assert victim.client.get(f"/w/{victim_space}").status_code == 200, "the links held before are kept"


def test_the_login_pages_speak_the_visitors_language(app: FastAPI, admin: Visitor) -> None:
    refused = TestClient(app).get("/login/not-a-link?lang=it")
    assert refused.status_code == 404 and "Questo link non è valido" in refused.text and 'lang="it"' in refused.text
    _, token = issue_link(store_of(app), role="admin", workspace_id=None)
    TestClient(app).get(f"/login/{token}", follow_redirects=False)
    used = TestClient(app, cookies={"lang": "it"}).get(f"/login/{token}")
    assert used.status_code == 410 and "già stato usato" in used.text
    space, _ = workspace_with_session(app, admin, "Cantina Lingua")
    store = store_of(app)
    _, viewer_token = issue_link(store, role="viewer", workspace_id=store.get_workspace_by_slug(space).id)
    asked = admin.client.get(f"/login/{viewer_token}", params={"lang": "it"})
    assert "Aggiungere questo link a questo browser?" in asked.text
    assert "lo spazio di lavoro «Cantina Lingua» (in sola lettura)" in asked.text
    assert "the workspace “Cantina Lingua” (to read)" in admin.client.get(f"/login/{viewer_token}").text


def test_logout_ends_the_session_so_a_copied_cookie_opens_nothing(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Logout Co")
    member = member_of(app, slug)
    copied = TestClient(app, cookies=dict(member.client.cookies))
    assert copied.get(f"/w/{slug}").status_code == 200
    assert member.client.post("/logout", data={"csrf_token": member.csrf}).status_code == 200
    assert member.client.get(f"/w/{slug}").status_code == 404
    assert copied.get(f"/w/{slug}").status_code == 404 and copied.get("/api/workspaces").json() == []
