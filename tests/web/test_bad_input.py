"""Bad input gets a 4xx that names the field or file, never a 500; the error body is the documented one."""

import re
from urllib.parse import urlparse

import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import Visitor, store_of, workspace_with_session

HUGE = str(2**63)  # one past SQLite's INTEGER: it overflowed in the driver


@pytest.fixture
def bare(app: FastAPI) -> TestClient:
    """A client that turns a server error into a 500 answer, as a browser would see it."""
    return TestClient(app, raise_server_exceptions=False)


def test_integers_past_the_databases_range_are_a_422_naming_the_parameter(
    app: FastAPI, admin: Visitor, bare: TestClient
) -> None:
    slug, session_id = workspace_with_session(app, admin, "Overflow Co")
    bare.cookies = admin.client.cookies
    asked = [
        (f"/api/workspaces/{slug}/sessions", {"offset": HUGE}, "offset"),
        (f"/api/sessions/{session_id}/turns", {"offset": HUGE}, "offset"),
        (f"/api/sessions/{session_id}/document", {"version": HUGE}, "version"),
        (f"/api/sessions/{session_id}/diff", {"a": HUGE, "b": "1"}, "a"),
        (f"/api/sessions/{session_id}/diff", {"a": "1", "b": HUGE}, "b"),
        (f"/api/sessions/{session_id}/export", {"format": "pptx", "version": HUGE}, "version"),
        (f"/s/{session_id}/versions", {"a": HUGE, "b": "1"}, "a"),
    ]
    for url, params, name in asked:
        response = bare.get(url, params=params)
        assert response.status_code == 422, (url, response.status_code)
        assert any(line.startswith(f"query.{name}:") for line in response.json()["detail"]), response.text
    job = bare.get(f"/api/workspaces/{slug}/jobs/{HUGE}")  # Schemathesis found this one in a path
    assert job.status_code == 422 and any(line.startswith("path.job_id:") for line in job.json()["detail"])


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"[" * 4_000_000, "nested too deeply"),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
        ('{"brand": {"name": "Caffè"}}'.encode("latin-1"), "not UTF-8 text"),
    ],
    ids=["4MB-of-brackets", "100k-deep", "latin-1"],
)
def test_a_hostile_import_file_is_a_422_naming_the_file(
    app: FastAPI, admin: Visitor, bare: TestClient, content: bytes, problem: str
) -> None:
    slug, _ = workspace_with_session(app, admin, f"Import {len(content)} Co")
    bare.cookies = admin.client.cookies
    response = bare.post(
        f"/api/workspaces/{slug}/sessions/import",
        files={"file": ("strategy.json", content)},
        headers={"X-CSRF-Token": admin.csrf},
    )
    assert response.status_code == 422 and response.json()["detail"][0].startswith(f"strategy.json: {problem}")
    page = bare.post(
        f"/w/{slug}/sessions/import",
        files={"file": ("strategy.json", content)},
        data={"csrf_token": admin.csrf},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 422 and "strategy.json" in page.text


def test_the_422_body_is_the_one_the_openapi_schema_describes(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Schema Co")
    spec = admin.client.get("/openapi.json").json()
    documented = spec["paths"]["/api/workspaces/{slug}/sessions"]["get"]["responses"]["422"]
    schema = {**documented["content"]["application/json"]["schema"], "components": spec["components"]}
    for params in ({"limit": "many"}, {"offset": HUGE}):
        body = admin.client.get(f"/api/workspaces/{slug}/sessions", params=params).json()
        jsonschema.validate(body, schema)
    imported = admin.post(f"/api/workspaces/{slug}/sessions/import", files={"file": ("s.json", b"{nope")})
    jsonschema.validate(imported.json(), schema)  # type: ignore[attr-defined]


def test_the_docs_page_uses_only_its_own_assets_and_they_are_served(app: FastAPI) -> None:
    client = TestClient(app)
    page = client.get("/docs")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) == 4, assets
    for asset in assets:
        url = urlparse(asset)
        if url.scheme == "data":
            continue
        assert url.netloc in ("", "testserver"), f"{asset} is not same-origin"
        assert client.get(url.path).status_code == 200, asset
    assert "<script>" not in page.text, "no inline script: the CSP would block it"


def test_a_nul_character_is_a_422_naming_where_it_was(app: FastAPI, admin: Visitor) -> None:
    """PostgreSQL refuses NUL in any text column: it is refused at the door, on SQLite as well."""
    slug, session_id = workspace_with_session(app, admin, "Nul Co")
    named = admin.post("/api/workspaces", json={"name": "Nul\x00Co"})
    assert named.status_code == 422 and named.json()["detail"] == ["name: Value error, contains a NUL character"]  # type: ignore[attr-defined]
    said = admin.post(f"/api/sessions/{session_id}/messages", json={"text": "We exist\x00 to help"})
    assert said.status_code == 422 and said.json()["detail"][0].startswith("text:")  # type: ignore[attr-defined]
    for url in (f"/api/sessions/{session_id}%00", "/api/search?q=wine%00", f"/api/workspaces/{slug}%00/sessions"):
        refused = admin.client.get(url)
        assert refused.status_code == 422 and "NUL" in refused.json()["detail"][0], url
    assert len(store_of(app).list_turns(session_id)) == 1, "nothing was saved"
