"""The editions as a download: the API's `edition=` (422 for another value), each edition rendered and kept
apart, and the session page's Export menu offering both as plain links."""

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.access import issue_link
from assistant.config import Settings
from tests.exports.conftest import read_pdf
from tests.factories import winery_document
from tests.web.conftest import login, store_of, workspace_with_session
from web.app import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("download"), llm="")
    application = create_app(settings)
    with TestClient(application):
        yield application


def test_the_api_serves_each_edition_and_refuses_another(app: FastAPI) -> None:
    _, token = issue_link(store_of(app), role="admin", workspace_id=None)
    admin = login(app, token)
    _, session_id = workspace_with_session(app, admin, "Aurora Wines")
    store_of(app).save_document(session_id, winery_document())
    url = f"/api/sessions/{session_id}/export"

    client = admin.client.get(url, params={"format": "pdf"})
    working = admin.client.get(url, params={"format": "pdf", "edition": "working"})
    again = admin.client.get(url, params={"format": "pdf", "edition": "client"})
    assert client.status_code == working.status_code == 200
    assert 'filename="cantina-aurora-v2.pdf"' in client.headers["content-disposition"]
    assert 'filename="cantina-aurora-v2-working.pdf"' in working.headers["content-disposition"]
    assert re.search(r"\bK1\b", read_pdf(working.content)) and not re.search(r"\bK1\b", read_pdf(client.content))
    assert again.content == client.content  # kept apart in the export cache: the client's file, not the team's

    refused = admin.client.get(url, params={"format": "pdf", "edition": "internal"})
    assert refused.status_code == 422

    page = admin.client.get(f"/s/{session_id}").text
    menu = page[page.index('<details class="menu">') : page.index("</details>", page.index('<details class="menu">'))]
    assert f'href="/api/sessions/{session_id}/export?format=pdf&amp;edition=working"' in menu
    assert f'href="/api/sessions/{session_id}/export?format=pdf"' in menu
    assert "format=json&amp;edition=working" not in menu  # the document is the same for both
