"""The pages work with plain forms (no JavaScript), and never render text from people as markup."""

import json
import re

from fastapi import FastAPI

from assistant.exports import EXPORTERS
from tests.web.conftest import PROFILE, Visitor, answer_profile, store_of, workspace_with_session

PURPOSE = "We make honest wines from our hills so that families can share the table with the people they love."


def test_home_and_workspace_pages(app: FastAPI, admin: Visitor) -> None:
    created = admin.client.post("/workspaces", data={"name": "Forms Winery", "csrf_token": admin.csrf})
    assert created.template.name == "workspace.html"  # type: ignore[attr-defined]
    started = admin.client.post(
        "/w/forms-winery/sessions", data={"brand": "Aurora", "language": "it", "csrf_token": admin.csrf}
    )
    assert started.template.name == "session.html"  # type: ignore[attr-defined]
    context = started.context  # type: ignore[attr-defined]
    assert context["session"].language == "it" and context["t"]("send") == "Invia"
    session_id = context["session"].id
    italian = admin.client.post(
        f"/s/{session_id}/edit",
        data={"op": "add", "path": "touchpoints", "item.name": "Cena dei soci", "csrf_token": admin.csrf},
    )
    assert '<option value="advocacy" >passaparola</option>' in italian.text.replace("  ", " ")
    assert context["stages"][0]["id"] == "purpose" and context["stages"][0]["current"]
    workspace = admin.client.get("/w/forms-winery")
    listed, completion = workspace.context["sessions"][0]  # type: ignore[attr-defined]
    assert listed.brand_name == "Aurora" and 0 < completion < 20 and "Aurora" in workspace.text
    link = admin.client.post("/w/forms-winery/links", data={"role": "viewer", "csrf_token": admin.csrf})
    assert "/login/" in link.context["new_link"]  # type: ignore[attr-defined]
    assert "/login/" not in admin.client.get("/w/forms-winery").text, "the secret is shown once only"


def test_chat_and_canvas_edits_work_without_javascript(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "No Js Co")
    answer_profile(admin, session_id)
    page = admin.client.post(f"/s/{session_id}/messages", data={"text": PURPOSE, "csrf_token": admin.csrf})
    assert page.status_code == 200 and PURPOSE in page.text
    statement = next(f for s in page.context["sections"] for f in s.fields if f.path == "purpose.statement")  # type: ignore[attr-defined]
    assert statement.status == "complete" and statement.provenance == "from the team"
    edited = admin.client.post(
        f"/s/{session_id}/edit",
        data={"op": "set", "path": "purpose.values", "lines": "craft\nhospitality\n", "csrf_token": admin.csrf},
    )
    values = next(f for s in edited.context["sections"] for f in s.fields if f.path == "purpose.values")  # type: ignore[attr-defined]
    assert values.value == ["craft", "hospitality"]
    added = admin.client.post(
        f"/s/{session_id}/edit",
        data={"op": "add", "path": "touchpoints", "item.name": "TV spot", "csrf_token": admin.csrf},
    )
    sections = added.context["sections"]  # type: ignore[attr-defined]
    touchpoints = next(block for s in sections for block in s.lists if block.path == "touchpoints")
    item = touchpoints.items[0]
    changed = admin.client.post(
        f"/s/{session_id}/edit",
        data={
            "op": "set",
            "path": item.path,
            "item.name": "TV spot",
            "item.engagement_level": "promotional-communication",
            "item.journey_stage": "",
            "csrf_token": admin.csrf,
        },
    )
    assert "ladder-climbs" in [f.rule for f in changed.context["findings"]]  # type: ignore[attr-defined]
    finding = next(f for f in changed.context["findings"] if f.rule == "ladder-climbs")  # type: ignore[attr-defined]
    assert f'href="#f-{finding.fields[0].replace(".", "-").replace("[", "-").replace("]", "-")}"' in changed.text
    goto = admin.client.post(f"/s/{session_id}/messages", data={"text": "go to kpis", "csrf_token": admin.csrf})
    assert goto.context["session"].stage == "kpis"  # type: ignore[attr-defined]
    versions = admin.client.get(f"/s/{session_id}/versions", params={"a": 1, "b": 3 + len(PROFILE)})
    assert "purpose.statement" in versions.context["diff"]["fields"]  # type: ignore[attr-defined]


def test_text_from_people_and_documents_is_never_markup(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Hostile Co")
    workspace = store_of(app).get_workspace_by_slug(slug)
    app.state.knowledge.ingest_bytes(
        workspace.id,
        "evil.md",
        b"# Evil\n\nCo-creation <img src=x onerror=alert(1)> [click](javascript:alert(2)) <script>alert(3)</script>\n",
    )
    hostile = "<script>alert('x')</script> <img src=x onerror=alert(1)> **bold**"
    answer_profile(admin, session_id)  # the hostile text answers the purpose question, as before
    admin.client.post(f"/s/{session_id}/messages", data={"text": hostile, "csrf_token": admin.csrf})
    admin.client.post(
        f"/s/{session_id}/messages", data={"text": "what does evil say about co-creation?", "csrf_token": admin.csrf}
    )
    page = admin.client.get(f"/s/{session_id}")
    html = page.text
    assert html.count("<script") == 1, "only the app's own script tag"
    assert not re.search(r"<[^>]*\bon\w+=", html), "no event-handler attribute anywhere"
    assert not re.search(r"href=[\"']?javascript:", html, re.IGNORECASE)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html, "the team's text is shown, escaped"
    answer = page.context["turns"][-1]  # type: ignore[attr-defined]
    assert "evil.md" in str(answer.meta["citations"]), "the document passage was cited, and still rendered inert"


def test_a_strategy_file_opens_as_a_session_from_the_workspace_page(app: FastAPI, admin: Visitor) -> None:
    slug, source_id = workspace_with_session(app, admin, "File Co")
    answer_profile(admin, source_id)
    admin.client.post(f"/s/{source_id}/messages", data={"text": PURPOSE, "csrf_token": admin.csrf})
    exported = admin.client.get(f"/api/sessions/{source_id}/export", params={"format": "json"}).content
    assert 'action="/w/file-co/sessions/import"' in admin.client.get(f"/w/{slug}").text

    opened = admin.client.post(
        f"/w/{slug}/sessions/import",
        data={"csrf_token": admin.csrf},
        files={"file": ("strategy.json", exported, "application/json")},
    )
    assert opened.template.name == "session.html" and PURPOSE in opened.text  # type: ignore[attr-defined]
    assert opened.context["session"].id != source_id  # type: ignore[attr-defined]

    refused = admin.client.post(
        f"/w/{slug}/sessions/import",
        data={"csrf_token": admin.csrf},
        files={"file": ("strategy.json", json.dumps(json.loads(exported) | {"schema_version": "one"}).encode(), "x")},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 422 and refused.template.name == "error.html"  # type: ignore[attr-defined]
    assert "<li>schema_version: " in refused.text


def test_a_canvas_form_from_a_stale_page_does_not_overwrite_a_newer_value(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "Stale Page Co")
    page = admin.client.get(f"/s/{session_id}")
    shown = page.context["version"]  # type: ignore[attr-defined]
    assert f'name="base_version" value="{shown}"' in page.text
    colleague = admin.post(
        f"/api/sessions/{session_id}/edits", json={"op": "set", "path": "brand.industry", "value": "Wine"}
    )
    assert colleague.status_code == 200  # type: ignore[attr-defined]

    def form(path: str, value: str) -> object:
        data = {"op": "set", "path": path, "value": value, "base_version": shown, "csrf_token": admin.csrf}
        return admin.client.post(f"/s/{session_id}/edit", data=data, headers={"Accept": "text/html"})

    refused = form("brand.industry", "Beer")
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert refused.template.name == "error.html"  # type: ignore[attr-defined]
    assert '"Wine"' in refused.context["message"] and "not saved" in refused.context["message"]  # type: ignore[attr-defined]
    assert form("brand.market", "Italy").status_code == 200  # type: ignore[attr-defined]
    brand = store_of(app).load_document(session_id)[1].brand
    assert (brand.industry, brand.market) == ("Wine", "Italy")


def test_the_export_menu_offers_every_registered_format_in_the_pages_language(app: FastAPI, admin: Visitor) -> None:
    slug, english = workspace_with_session(app, admin, "Menu Co")
    started = admin.client.post(
        f"/api/workspaces/{slug}/sessions",
        json={"brand": "Menu Srl", "language": "it"},
        headers={"X-CSRF-Token": admin.csrf},
    )
    italian = started.json()["id"]
    menus = {}
    for session_id, language in ((english, "en"), (italian, "it")):
        page = admin.client.get(f"/s/{session_id}")
        menus[language] = dict(re.findall(r'/export\?format=([a-z-]+)" download>([^<]+)</a>', page.text))
        assert menus[language] == {name: e.describe(language) for name, e in EXPORTERS.items()}
    assert menus["en"]["kit"] == "Workshop kit (ZIP)" and menus["it"]["kit"] == "Kit per il workshop (ZIP)"
    assert (
        menus["en"]["canvas-svg"] == "Strategy canvas (SVG)" and menus["it"]["canvas-svg"] == "Canvas strategico (SVG)"
    )
    kit = admin.client.get(f"/api/sessions/{italian}/export", params={"format": "kit"})
    assert kit.status_code == 200 and kit.headers["content-type"] == "application/zip"
    assert kit.headers["content-disposition"] == 'attachment; filename="menu-srl-v1.kit.zip"'
    unknown = admin.client.get(f"/api/sessions/{italian}/export", params={"format": "canvas-png"})
    assert unknown.status_code == 422 and "kit" in unknown.json()["detail"]
