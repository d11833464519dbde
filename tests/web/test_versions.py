"""Versions people can use: what each did in words and by whom, a diff with values before and after,
named versions, restoring one, a quick run of one person's edits as one entry, any version exported."""

import html
import json

from fastapi import FastAPI

from tests.web.conftest import Visitor, member_of, store_of, workspace_with_session


def edit(visitor: Visitor, session_id: str, path: str, value: object, op: str = "set") -> None:
    response = visitor.client.post(
        f"/api/sessions/{session_id}/edits",
        json={"op": op, "path": path, "value": value},
        headers={"X-CSRF-Token": visitor.csrf},
    )
    assert response.status_code == 200, response.text


def test_the_diff_names_each_field_in_the_sessions_language_with_its_values(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Forno Diff")
    started = admin.client.post(
        f"/api/workspaces/{slug}/sessions",
        json={"brand": "Forno", "language": "it"},
        headers={"X-CSRF-Token": admin.csrf},
    )
    session_id = started.json()["id"]
    edit(admin, session_id, "brand.market", "Torino")
    edit(admin, session_id, "touchpoints", {"name": "Cena dei soci", "channel": "negozio"}, op="add")
    edit(admin, session_id, "touchpoints[0].engagement_level", "collaboration")
    last = store_of(app).list_versions(session_id)[-1].version
    diff = admin.client.get(f"/api/sessions/{session_id}/diff", params={"a": 1, "b": last}).json()
    changes = {c["label"]: (c["before"], c["after"]) for c in diff["changes"]}
    assert changes["mercato"] == ("", "Torino")
    added = changes["“Cena dei soci”"]
    assert added[0] == "" and "Canale: negozio" in added[1] and "collaborazione" in added[1]  # Italian names and values
    step = admin.client.get(f"/api/sessions/{session_id}/diff", params={"a": last - 1, "b": last}).json()
    assert [(c["label"], c["after"]) for c in step["changes"]] == [
        ("livello di coinvolgimento di “Cena dei soci”", "collaborazione")
    ]
    page = admin.client.get(f"/s/{session_id}/versions", params={"a": 1, "b": last}).text
    assert '<th scope="row">mercato</th>' in page and "Torino" in page
    assert "admin ha modificato: mercato, e un'altra modifica (3 modifiche in un minuto)" in html.unescape(
        page
    )  # one quick run


def test_a_version_is_restored_as_a_new_one_named_and_said_in_words(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Restore Bakery")
    sam = member_of(app, slug)
    edit(sam, session_id, "purpose.statement", "Bread for the street.")
    store = store_of(app)
    kept = store.list_versions(session_id)[-1].version
    named = sam.client.patch(
        f"/api/sessions/{session_id}/versions/{kept}",
        json={"title": "after workshop 1"},
        headers={"X-CSRF-Token": sam.csrf},
    )
    assert named.status_code == 200 and named.json()["title"] == "after workshop 1"
    edit(admin, session_id, "purpose.statement", "Cakes for the city.")
    restored = sam.client.post(f"/s/{session_id}/versions/{kept}/restore", data={"csrf_token": sam.csrf})
    assert restored.status_code == 200  # back on the history page
    versions = store.list_versions(session_id)
    assert store.load_document(session_id)[1].purpose.statement == "Bread for the street."
    assert [v.version for v in versions][-3:] == [kept, kept + 1, kept + 2], "nothing in between is lost"
    assert versions[-1].note == f"restore v{kept}" and versions[-1].author == "member"
    page = restored.text
    assert f"member restored version {kept}" in page
    assert 'value="after workshop 1"' in page
    assert "admin changed the purpose statement" in page or "changed the purpose statement" in page


def test_a_quick_run_of_one_persons_edits_is_one_entry_and_any_version_exports(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Fold Bakery")
    sam = member_of(app, slug)
    for value in ("craft", "patience", "honesty"):
        edit(sam, session_id, "purpose.values", value, op="add")
    edit(admin, session_id, "brand.market", "Turin")  # someone else: an entry of its own
    page = sam.client.get(f"/s/{session_id}/versions").text
    assert "member changed the values (3 changes within a minute)" in page
    assert page.count("changed the values") == 1
    first = store_of(app).list_versions(session_id)[-2].version  # the run's last version
    exported = sam.client.get(f"/api/sessions/{session_id}/export", params={"format": "json", "version": first - 1})
    assert exported.status_code == 200
    assert json.loads(exported.content)["purpose"]["values"] == ["craft", "patience"]
    assert f"format=json&version={first}" in page


def test_a_viewer_can_read_the_history_but_not_restore_or_name(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Viewer History")
    viewer = member_of(app, slug, role="viewer")
    assert viewer.client.get(f"/s/{session_id}/versions").status_code == 200
    headers = {"X-CSRF-Token": viewer.csrf}
    assert viewer.client.post(f"/api/sessions/{session_id}/versions/1/restore", headers=headers).status_code == 403
    titled = viewer.client.patch(f"/api/sessions/{session_id}/versions/1", json={"title": "x"}, headers=headers)
    assert titled.status_code == 403
    assert (
        admin.client.post(
            f"/api/sessions/{session_id}/versions/99/restore", headers={"X-CSRF-Token": admin.csrf}
        ).status_code
        == 404
    )


def test_a_long_history_shows_its_newest_entries_first_and_the_rest_on_request(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Long History")
    sam = member_of(app, slug)
    for number in range(30):  # two people in turn: sixty entries, none folded
        edit(sam, session_id, "purpose.values", f"sam {number}", op="add")
        edit(admin, session_id, "purpose.proof_points", f"admin {number}", op="add")
    page = admin.client.get(f"/s/{session_id}/versions").text
    assert page.count('<td class="what">') == 50
    assert "Show the older versions too" in page and "The session started" not in page
    everything = admin.client.get(f"/s/{session_id}/versions", params={"everything": "true"}).text
    assert everything.count('<td class="what">') == 61 and "The session started" in everything
    assert "Show the older versions too" not in everything
