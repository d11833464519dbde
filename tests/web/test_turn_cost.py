"""A message and the canvas refresh after it check the new version's coherence once between them."""

import uuid

import pytest
from fastapi import FastAPI

from tests.counting import CheckRuns, count_checks
from tests.web.conftest import Visitor, workspace_with_session

PURPOSE = "We make honest wines from our hills so that families can share the table with the people they love."


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> CheckRuns:
    return count_checks(monkeypatch)


def test_the_canvas_and_the_findings_reuse_the_turns_check(app: FastAPI, admin: Visitor, runs: CheckRuns) -> None:
    _, session_id = workspace_with_session(app, admin, f"Aurora {uuid.uuid4().hex[:8]}")
    assert admin.client.get(f"/s/{session_id}/canvas").status_code == 200
    runs.clear()
    sent = admin.post(f"/api/sessions/{session_id}/messages", json={"text": PURPOSE})
    assert sent.status_code == 200 and sent.json()["patch"]  # type: ignore[attr-defined]
    canvas = admin.client.get(f"/s/{session_id}/canvas")
    findings = admin.client.get(f"/api/sessions/{session_id}/findings")
    assert canvas.status_code == findings.status_code == 200
    assert runs.count == 1
    runs.clear()
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "back"})
    admin.client.get(f"/s/{session_id}/canvas")
    assert runs.count == 0, "navigation leaves the document as it was: nothing to check again"
