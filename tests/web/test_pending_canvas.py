"""A proposal read from prose shows on the canvas, marked as not saved, until the team says yes."""

import uuid

from fastapi import FastAPI

from tests.web.conftest import Visitor, member_of, workspace_with_session

SPOKEN = (
    "People find us on Instagram mostly, we just post photos, it's one-way really. Then the shop counter, "
    "where we chat with regulars who come back every day, Jess runs it."
)


def canvas(admin: Visitor, session_id: str) -> str:
    page = admin.client.get(f"/s/{session_id}/canvas")
    assert page.status_code == 200
    return page.text


def test_the_canvas_shows_the_proposal_until_it_is_confirmed(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, f"Crumb {uuid.uuid4().hex[:8]}")
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "go to touchpoints"})
    assert 'id="pending"' not in canvas(admin, session_id)
    shown = admin.post(f"/api/sessions/{session_id}/messages", json={"text": SPOKEN})
    assert shown.json()["kind"] == "proposal"  # type: ignore[attr-defined]
    page = canvas(admin, session_id)
    assert "Proposed, not saved yet" in page and "<strong>Instagram</strong>" in page
    assert "Journey stage: awareness" in page and "Owner: Jess" in page
    assert "Touchpoints <small>(0)</small>" in page, "nothing is saved while the proposal waits"
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "yes"})
    page = canvas(admin, session_id)
    assert 'id="pending"' not in page
    assert "shop counter" in page, "confirmed items are on the canvas as saved items"


def test_italian_proposal_is_marked_in_italian(app: FastAPI, admin: Visitor) -> None:
    name = f"Forno {uuid.uuid4().hex[:8]}"
    created = admin.post("/api/workspaces", json={"name": name})
    slug = created.json()["slug"]  # type: ignore[attr-defined]
    started = admin.post(f"/api/workspaces/{slug}/sessions", json={"brand": name, "language": "it"})
    session_id = started.json()["id"]  # type: ignore[attr-defined]
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "vai ai touchpoint"})
    admin.post(
        f"/api/sessions/{session_id}/messages",
        json={"text": "I volantini in quartiere per farci conoscere, a senso unico. Poi il gruppo WhatsApp dei soci."},
    )
    page = canvas(admin, session_id)
    assert "Proposta, non ancora salvata" in page and "volantini" in page
    assert "Fase del percorso: notorietà" in page
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "annulla"})
    assert "Proposta, non ancora salvata" not in canvas(admin, session_id)


def test_a_guessed_value_is_marked_on_the_canvas(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, f"Tide {uuid.uuid4().hex[:8]}")
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "go to touchpoints"})
    spoken = "The post-trip photo email that goes out to everyone. The members' WhatsApp where they plan trips."
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": spoken})
    assert "(my guess)" in canvas(admin, session_id)
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "yes"})
    assert "my guess" not in canvas(admin, session_id), "once saved, a value is the team's"


def test_findings_name_their_severity_in_the_page_language(app: FastAPI, admin: Visitor) -> None:
    name = f"Forno {uuid.uuid4().hex[:8]}"
    slug = admin.post("/api/workspaces", json={"name": name}).json()["slug"]  # type: ignore[attr-defined]
    started = admin.post(f"/api/workspaces/{slug}/sessions", json={"brand": name, "language": "it"})
    session_id = started.json()["id"]  # type: ignore[attr-defined]
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "vai ai kpi"})
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "Like su Instagram | quantitativo | 500 | giugno"})
    page = canvas(admin, session_id)
    assert 'class="finding sev-' in page, "a KPI with no objective gets findings"
    assert ">error: " not in page and ">warning: " not in page and ">info: " not in page
    assert "Errore: " in page or "Avviso: " in page


def test_two_people_one_proposal_one_proposes_another_corrects_the_first_confirms(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, f"Crumb {uuid.uuid4().hex[:8]}")
    giulia = member_of(app, slug)
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "go to touchpoints"})
    shown = giulia.post(f"/api/sessions/{session_id}/messages", json={"text": SPOKEN})
    assert shown.json()["kind"] == "proposal"  # type: ignore[attr-defined]
    assert "Proposed, not saved yet" in canvas(admin, session_id), "everyone sees what waits for a yes"
    admin.post(f"/api/sessions/{session_id}/messages", json={"text": "hmm, the second one is consideration actually"})
    giulia.post(f"/api/sessions/{session_id}/messages", json={"text": "ok yes"})
    page = canvas(admin, session_id)
    assert 'id="pending"' not in page and "Touchpoints <small>(2)</small>" in page
    assert "ok yes" not in page, "a confirmation is not saved as a touchpoint"
