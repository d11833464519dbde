"""A real app (store, knowledge base, engine) per test module, and visitors holding different links."""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.access import issue_link
from assistant.config import Settings
from assistant.store import SqlStore
from tests.web.live_server import server  # noqa: F401  # a real server on loopback, for the tests that need one
from web.app import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("web"), llm="")
    application = create_app(settings)
    with TestClient(application):  # runs the lifespan: store, knowledge, engine
        yield application


@dataclass
class Visitor:
    client: TestClient
    csrf: str

    def post(self, url: str, **kwargs: object) -> object:
        return self.client.post(url, headers={"X-CSRF-Token": self.csrf}, **kwargs)  # type: ignore[arg-type]


def store_of(app: FastAPI) -> SqlStore:
    store: SqlStore = app.state.store
    return store


def login(app: FastAPI, token: str) -> Visitor:
    client = TestClient(app, follow_redirects=True)
    response = client.get(f"/login/{token}")
    assert response.status_code == 200, response.text
    match = re.search(r'name="csrf-token" content="([^"]+)"', response.text)
    assert match is not None
    return Visitor(client, match.group(1))


@pytest.fixture
def admin(app: FastAPI) -> Visitor:
    _, token = issue_link(store_of(app), role="admin", workspace_id=None)
    return login(app, token)


def workspace_with_session(app: FastAPI, admin: Visitor, name: str) -> tuple[str, str]:
    """A new workspace and a started session in it: (slug, session id)."""
    created = admin.client.post("/api/workspaces", json={"name": name}, headers={"X-CSRF-Token": admin.csrf})
    assert created.status_code == 201, created.text
    slug = created.json()["slug"]
    started = admin.client.post(
        f"/api/workspaces/{slug}/sessions", json={"brand": name, "language": "en"}, headers={"X-CSRF-Token": admin.csrf}
    )
    assert started.status_code == 201, started.text
    return slug, started.json()["id"]


# Who the brand is: the chat asks these first (industry, market, participants, context), before the purpose.
PROFILE = (
    "a family winery",
    "Italy and Germany",
    "Giulia (owner); Marco (marketing)",
    "Langhe red wines",  # the context: category, competitors, points of difference
    "the larger wineries of the Langhe; the supermarket's wine aisle",
    "the family pours every tasting; each bottle names its plot",
)


def answer_profile(visitor: Visitor, session_id: str) -> None:
    """Answer the chat's opening questions, so the purpose statement is the question pending."""
    for text in PROFILE:
        reply = visitor.client.post(
            f"/api/sessions/{session_id}/messages", json={"text": text}, headers={"X-CSRF-Token": visitor.csrf}
        )
        assert reply.status_code == 200, reply.text
    assert reply.json()["question_id"] == "statement"


def member_of(app: FastAPI, slug: str, role: str = "member") -> Visitor:
    store = store_of(app)
    _, token = issue_link(store, role=role, workspace_id=store.get_workspace_by_slug(slug).id)  # type: ignore[arg-type]
    return login(app, token)


def finished_job(client: TestClient, url: str, *, timeout: float = 60) -> dict[str, object]:
    """Poll an upload's job until it is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, object] = client.get(url).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {url} still {job['status']} after {timeout} s")
