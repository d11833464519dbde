"""The JSON API: the session flow, validation, limits, pagination, exports and streaming."""

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGenerationChunk

from assistant.access import issue_link
from assistant.config import Settings
from assistant.llm.langchain_model import ChatModel
from tests.web.conftest import PROFILE, Visitor, answer_profile, finished_job, login, workspace_with_session
from web.app import create_app

PURPOSE = "We make honest wines from our hills so that families can share the table with the people they love."


def events(body: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        found.append((lines["event"], json.loads(lines["data"])))
    return found


def test_session_flow_through_the_api(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Api Winery")
    headers = {"X-CSRF-Token": admin.csrf}
    answer_profile(admin, session_id)  # versions 2 to 1 + len(PROFILE)
    reply = admin.client.post(f"/api/sessions/{session_id}/messages", json={"text": PURPOSE}, headers=headers).json()
    assert reply["question_id"] == "audience" and reply["version"] == 2 + len(PROFILE)
    assert "<p>" in reply["html"] and reply["patch"]
    document = admin.client.get(f"/api/sessions/{session_id}/document").json()
    assert document["document"]["purpose"]["statement"] == PURPOSE
    assert admin.client.get(f"/api/sessions/{session_id}/document", params={"version": 1}).json()["version"] == 1
    turns = admin.client.get(f"/api/sessions/{session_id}/turns", params={"limit": 2, "offset": 1}).json()
    assert [t["role"] for t in turns["items"]] == ["user", "assistant"] and turns["limit"] == 2
    statement = 2 + len(PROFILE)  # the version that saved the purpose statement
    diff = admin.client.get(f"/api/sessions/{session_id}/diff", params={"a": statement - 1, "b": statement}).json()
    assert (
        diff["fields"] == ["purpose.statement", "purpose.provenance.statement"] or "purpose.statement" in diff["fields"]
    )
    versions = admin.client.get(f"/api/sessions/{session_id}/versions").json()
    assert [v["version"] for v in versions] == list(range(1, statement + 1))
    findings = admin.client.get(f"/api/sessions/{session_id}/findings").json()
    assert findings["scorecard"]["completeness"]["purpose"] > 0
    sessions = admin.client.get(f"/api/workspaces/{slug}/sessions").json()
    assert sessions["items"][0]["id"] == session_id
    edit = admin.client.post(
        f"/api/sessions/{session_id}/edits",
        json={"op": "add", "path": "purpose.audience", "value": "families who cook"},
        headers=headers,
    )
    assert edit.status_code == 200 and "purpose-names-audience" in [f["rule"] for f in edit.json()["findings_resolved"]]
    hits = admin.client.get("/api/search", params={"q": "what is co-creation", "lang": "en"}).json()
    assert hits[0]["source"] == "engagement-co-creation"
    assert "/docs" in admin.client.get("/docs").text or admin.client.get("/openapi.json").status_code == 200


def test_export_is_a_download_with_a_safe_name(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "../../etc/Ev!l Brand")
    response = admin.client.get(f"/api/sessions/{session_id}/export", params={"format": "json"})
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="') and "/" not in disposition.split("filename=")[1]
    assert json.loads(response.content)["brand"]["name"] == "../../etc/Ev!l Brand"
    assert admin.client.get(f"/api/sessions/{session_id}/export", params={"format": "exe"}).status_code == 422
    pdf = admin.client.get(f"/api/sessions/{session_id}/export", params={"format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    kit = admin.client.get(f"/api/sessions/{session_id}/export", params={"format": "kit"})
    assert kit.headers["content-type"] == "application/zip" and kit.content.startswith(b"PK")
    page = admin.client.get(f"/s/{session_id}")
    assert {"md", "json", "html", "pdf", "docx", "pptx", "canvas-svg", "canvas-pdf", "kit"} <= {
        name
        for name, _ in page.context["formats"]  # type: ignore[attr-defined]
    }


def test_bad_requests_get_clear_4xx_errors(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Strict Co")
    headers = {"X-CSRF-Token": admin.csrf}
    extra = admin.client.post(f"/api/sessions/{session_id}/messages", json={"txt": "hi"}, headers=headers)
    assert extra.status_code == 422 and any("text" in p for p in extra.json()["detail"])
    long = admin.client.post(f"/api/sessions/{session_id}/messages", json={"text": "x" * 5000}, headers=headers)
    assert long.status_code == 413 and "limit is 4000" in long.json()["detail"]
    bad_edit = admin.client.post(
        f"/api/sessions/{session_id}/edits", json={"op": "set", "path": "kpis[3].kind", "value": "x"}, headers=headers
    )
    assert bad_edit.status_code == 422 and "no item" in bad_edit.json()["detail"]
    wrong_type = admin.client.post(
        f"/api/workspaces/{slug}/documents",
        files={"file": ("budget.xlsx", b"123", "application/vnd.ms-excel")},
        headers=headers,
    )
    assert wrong_type.status_code == 422 and "unsupported type" in wrong_type.json()["detail"]
    page = admin.client.get("/api/workspaces/strict-co/sessions", params={"limit": 0})
    assert page.status_code == 422
    assert len(app.state.store.list_turns(session_id)) == 1, "refused requests record nothing"


def test_uploads_are_size_limited(tmp_path: Path) -> None:
    application = create_app(Settings(data_dir=tmp_path, llm="", max_upload_mb=0.01))
    with TestClient(application):
        _, token = issue_link(application.state.store, role="admin", workspace_id=None)
        admin = login(application, token)
        slug, _ = workspace_with_session(application, admin, "Small Co")
        big = admin.client.post(
            f"/api/workspaces/{slug}/documents",
            files={"file": ("big.txt", b"wine " * 5000, "text/plain")},
            headers={"X-CSRF-Token": admin.csrf},
        )
        assert big.status_code == 413 and big.json()["detail"].startswith("big.txt: is ")
        assert big.json()["detail"].endswith("over the 0.01 MB limit")
        ok = admin.client.post(
            f"/api/workspaces/{slug}/documents",
            files={"file": ("note.txt", b"A short note about our harvest.", "text/plain")},
            headers={"X-CSRF-Token": admin.csrf},
        )
        assert ok.status_code == 202 and ok.json()["status"] == "queued"
        assert finished_job(admin.client, ok.json()["url"])["status"] == "done"
        # far over the limit: refused while it arrives, whether it declares its length or not
        declared = admin.client.post(
            f"/api/workspaces/{slug}/documents",
            files={"file": ("huge.txt", b"x" * 2 * 1024 * 1024, "text/plain")},
            headers={"X-CSRF-Token": admin.csrf},
        )
        assert declared.status_code == 413 and "upload limit" in declared.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked, a file part that never ends
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\n\r\n'
            for _ in range(64):
                yield b"x" * 64 * 1024

        streamed = admin.client.post(
            f"/api/workspaces/{slug}/documents",
            content=chunks(),
            headers={"X-CSRF-Token": admin.csrf, "Content-Type": "multipart/form-data; boundary=b"},
        )
        assert streamed.status_code == 413 and "upload limit" in streamed.json()["detail"]
        store = application.state.store
        assert [d.filename for d in store.list_documents(store.get_workspace_by_slug(slug).id)] == ["note.txt"]


def test_deterministic_replies_stream_as_server_sent_events(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "Stream Co")
    response = admin.client.post(
        f"/api/sessions/{session_id}/messages",
        json={"text": PURPOSE},
        headers={"X-CSRF-Token": admin.csrf, "Accept": "text/event-stream"},
    )
    assert response.headers["content-type"].startswith("text/event-stream")
    found = events(response.text)
    assert [name for name, _ in found[:-1]] == ["token"] * (len(found) - 1) and found[-1][0] == "reply"
    streamed = "".join(data["text"] for name, data in found if name == "token")
    assert streamed.strip() == found[-1][1]["message"].strip()


class SlowStreamingModel(GenericFakeChatModel):
    """A fake model that takes its time between tokens, as a hosted model does."""

    def _stream(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:  # fmt: skip
        for chunk in super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs):
            time.sleep(0.15)
            yield chunk


def test_with_a_model_the_first_token_shows_before_the_reply_is_complete(tmp_path: Path) -> None:
    text = "Co-creation is the top rung: partners help make the product itself [1]."
    model = ChatModel(SlowStreamingModel(messages=iter([AIMessage(content=text)])), timeout=30, retries=0)
    application = create_app(Settings(data_dir=tmp_path, llm=""), model=model)
    with TestClient(application):
        _, token = issue_link(application.state.store, role="admin", workspace_id=None)
        admin = login(application, token)
        _, session_id = workspace_with_session(application, admin, "Model Co")
        arrivals: list[tuple[float, str]] = []
        started = time.monotonic()
        with admin.client.stream(
            "POST",
            f"/api/sessions/{session_id}/messages",
            json={"text": "What is co-creation?"},
            headers={"X-CSRF-Token": admin.csrf, "Accept": "text/event-stream"},
        ) as response:
            for line in response.iter_lines():
                if line.startswith("event: "):
                    arrivals.append((time.monotonic() - started, line[7:]))
        first_token = next(t for t, name in arrivals if name == "token")
        reply_at = next(t for t, name in arrivals if name == "reply")
        assert sum(name == "token" for _, name in arrivals) > 5
        assert reply_at - first_token > 1.0, "tokens must reach the client while the model is still writing"


def test_an_exported_strategy_opens_as_a_new_session_in_another_workspace(app: FastAPI, admin: Visitor) -> None:
    _, source_id = workspace_with_session(app, admin, "Export Co")
    answer_profile(admin, source_id)
    admin.post(f"/api/sessions/{source_id}/messages", json={"text": PURPOSE})
    admin.post(f"/api/sessions/{source_id}/messages", json={"text": "families who cook at home; wine tourists"})
    exported = admin.client.get(f"/api/sessions/{source_id}/export", params={"format": "json"}).content
    target, _ = workspace_with_session(app, admin, "Import Co")

    strategy = json.loads(exported)
    strategy["purpose"] |= {
        "values": ["craft"],
        "personality": ["warm"],
        "proof_points": ["every bottle names its plot"],
    }
    imported = admin.post(
        f"/api/workspaces/{target}/sessions/import",
        files={"file": ("strategy.json", json.dumps(strategy).encode(), "application/json")},
    )
    assert imported.status_code == 201, imported.text
    body = imported.json()
    document = admin.client.get(f"/api/sessions/{body['id']}/document").json()
    audience = document["document"]["purpose"]["audience"]
    assert [s["name"] for s in audience] == ["families who cook at home", "wine tourists"]
    assert body["stage"] == "digital-alignment", "it opens at the first incomplete stage"
    assert "Digital alignment · question 1 of" in body["turns"][-1]["content"]

    broken = dict(strategy)
    broken["kpis"] = [{"name": "Replies", "target": 10}]
    refused = admin.post(
        f"/api/workspaces/{target}/sessions/import",
        files={"file": ("broken.json", json.dumps(broken).encode(), "application/json")},
    )
    assert refused.status_code == 422 and "kpis[0].target: Input should be a valid string" in refused.json()["detail"]
    not_json = admin.post(
        f"/api/workspaces/{target}/sessions/import", files={"file": ("notes.json", b"{not json", "application/json")}
    )
    assert not_json.status_code == 422
    sessions = admin.client.get(f"/api/workspaces/{target}/sessions").json()["items"]
    assert len(sessions) == 2, "refused imports create nothing"
