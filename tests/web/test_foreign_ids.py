"""Every route that takes an id refuses another workspace's session, document, version, link or export."""

import re

from fastapi import FastAPI
from fastapi.routing import APIRoute

from assistant.document import StrategyDocument
from tests.web.conftest import Visitor, member_of, store_of, workspace_with_session
from web.routes import api, auth, board, pages

STRATEGY = StrategyDocument().model_dump_json().encode()  # valid, so only the workspace can refuse it
BODIES = {
    "/api/workspaces/{slug}/sessions": {"json": {"brand": "x"}},
    "/api/sessions/{session_id}/messages": {"json": {"text": "hello"}},
    "/api/sessions/{session_id}/edits": {"json": {"op": "set", "path": "purpose.statement", "value": "x"}},
    "/api/workspaces/{slug}/links": {"json": {"role": "member"}},
    "/api/workspaces/{slug}/documents": {"files": {"file": ("n.txt", b"note", "text/plain")}},
    "/w/{slug}/documents": {"files": {"file": ("n.txt", b"note", "text/plain")}},
    "/api/workspaces/{slug}/sessions/import": {"files": {"file": ("s.json", STRATEGY, "application/json")}},
    "/w/{slug}/sessions/import": {"files": {"file": ("s.json", STRATEGY, "application/json")}},
    "/w/{slug}/sessions": {"data": {"brand": "x"}},
    "/w/{slug}/documents/remove": {"data": {"filename": "secret.txt"}},
    "/w/{slug}/links": {"data": {"role": "member"}},
    "/s/{session_id}/messages": {"data": {"text": "hello"}},
    "/s/{session_id}/edit": {"data": {"op": "set", "path": "purpose.statement", "value": "x"}},
    "/api/sessions/{session_id}/versions/{version}": {"json": {"title": "x"}},
    "/s/{session_id}/versions/{version}/name": {"data": {"title": "x"}},
    "/s/{session_id}/versions/{version}/restore": {"data": {}},
}
ADMIN_ONLY = {"/api/workspaces/{slug}/links", "/w/{slug}/links", "/w/{slug}/links/{link_id}/revoke",
              "/api/workspaces/{slug}/links/{link_id}"}  # fmt: skip


def test_a_member_of_one_workspace_gets_404_for_every_id_of_another(app: FastAPI, admin: Visitor) -> None:
    own, _ = workspace_with_session(app, admin, "Own Client")
    foreign, session_id = workspace_with_session(app, admin, "Foreign Client")
    store = store_of(app)
    foreign_ws = store.get_workspace_by_slug(foreign)
    app.state.knowledge.ingest_bytes(foreign_ws.id, "secret.txt", b"The foreign client's secret launch plan.")
    link_id = store.list_links(foreign_ws.id)[0].id if store.list_links(foreign_ws.id) else "none"
    member = member_of(app, own)
    job = store.queue_job(workspace_id=foreign_ws.id, filename="plan.txt", data=b"The foreign client's secret launch.")
    values = {
        "slug": foreign,
        "session_id": session_id,
        "filename": "secret.txt",
        "link_id": link_id,
        "job_id": job.id,
        "version": 1,
    }

    walked = 0
    for route in [r for router in (api.router, pages.router, board.router, auth.router) for r in router.routes]:
        if not isinstance(route, APIRoute) or not re.search(r"\{(slug|session_id)\}", route.path):
            continue
        url = route.path.format(**{name: values[name] for name in re.findall(r"\{(\w+)\}", route.path)})
        for method in route.methods:
            kwargs = BODIES.get(route.path, {}) if method in ("POST", "PATCH") else {}
            params = {"a": 1, "b": 2} if route.path.endswith(("/diff", "/versions")) else {}
            data = dict(kwargs.get("data", {}))
            if "data" in kwargs or "files" in kwargs:
                data["csrf_token"] = member.csrf
            response = member.client.request(
                method,
                url,
                params=params,
                json=kwargs.get("json"),
                data=data or None,
                files=kwargs.get("files"),
                headers={"X-CSRF-Token": member.csrf} if "data" not in kwargs and method != "GET" else {},
            )
            expected = 403 if route.path in ADMIN_ONLY else 404
            assert response.status_code == expected, (
                f"{method} {route.path}: {response.status_code} {response.text[:200]}"
            )
            assert "secret launch" not in response.text
            walked += 1
    assert walked >= 20
    foreign_search = member.client.get("/api/search", params={"q": "secret launch plan", "workspace": foreign})
    assert foreign_search.status_code == 404
    assert len(store.list_turns(session_id)) == 1, "nothing reached the foreign session"
