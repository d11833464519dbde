"""The board page: the touchpoints in the grid's cells as the exported canvas places them, numbered, around them the
strategy's purpose, audience, objectives and KPIs; read-only links see it without move controls; names stay text."""

from typing import Any

from fastapi import FastAPI
from lxml import html

from tests.web.conftest import Visitor, member_of, workspace_with_session

ATTACK = '<img src=x onerror=alert(1)> "quoted" & more'


def add(visitor: Visitor, session_id: str, path: str, value: Any) -> None:
    response = visitor.client.post(
        f"/api/sessions/{session_id}/edits",
        json={"op": "add", "path": path, "value": value},
        headers={"X-CSRF-Token": visitor.csrf},
    )
    assert response.status_code == 200, response.text


def cell(page: Any, stage: str, level: str) -> list[str]:
    """The cards of one cell, as people read them ("T1 Cellar tour …")."""
    cards = page.xpath(f'//td[@data-stage="{stage}"][@data-level="{level}"]//li[contains(@class, "card")]')
    return [" ".join(card.text_content().split()) for card in cards]


def session_with_touchpoints(app: FastAPI, admin: Visitor, name: str) -> tuple[str, str]:
    slug, session_id = workspace_with_session(app, admin, name)
    add(admin, session_id, "purpose.audience", "families who cook at home")
    add(admin, session_id, "digital.brand_objectives", {"text": "Grow direct relationships"})
    add(admin, session_id, "kpis", {"name": "Newsletter replies", "target": "10 a month"})
    add(
        admin,
        session_id,
        "touchpoints",
        {"name": "Cellar tour", "journey_stage": "consideration", "engagement_level": "relationship"},
    )
    add(admin, session_id, "touchpoints", {"name": "Harvest day", "engagement_level": "co-creation"})
    add(
        admin,
        session_id,
        "touchpoints",
        {
            "name": "Newsletter",
            "journey_stage": "retention",
            "engagement_level": "relationship",
            "interaction_mode": "dialogue",
        },
    )
    return slug, session_id


def test_the_board_places_each_touchpoint_in_its_cell_with_the_strategy_around_it(app: FastAPI, admin: Visitor) -> None:
    _, session_id = session_with_touchpoints(app, admin, "Board Winery")
    response = admin.client.get(f"/s/{session_id}/board")
    assert response.status_code == 200 and response.template.name == "board.html"  # type: ignore[attr-defined]
    page = html.fromstring(response.text)
    assert cell(page, "consideration", "relationship") == ["T1 Cellar tour · no interaction mode"]
    assert cell(page, "retention", "relationship") == ["T3 Newsletter ⇄ dialogue"]
    assert cell(page, "awareness", "co-creation") == []
    tray = [" ".join(c.text_content().split()) for c in page.xpath('//aside[@class="tray"]//li')]
    assert tray == ["T2 Harvest day · no interaction mode not set: Journey stage"]
    headers = [" ".join(th.text_content().split()) for th in page.xpath("//table//thead//th")][1:]
    assert headers == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    rows = [" ".join(th.text_content().split()) for th in page.xpath("//table//tbody//th")]
    assert rows[0] == "5 co-creation" and rows[-1] == "1 promotional communication"  # co-creation on top
    legend = [" ".join(li.text_content().split()) for li in page.xpath('//div[@class="legend"]//li')]
    assert legend == ["→ broadcast", "⇄ dialogue", "✦ enabling", "· no interaction mode"]
    around = " ".join(page.xpath('//div[@class="around"]')[0].text_content().split())
    assert "families who cook at home" in around and "B1 Grow direct relationships" in around
    assert "K1 Newsletter replies · 10 a month" in " ".join(
        page.xpath('//section[@aria-labelledby="b-kpis"]')[0].text_content().split()
    )
    version = admin.client.get(f"/api/sessions/{session_id}/document").json()["version"]
    assert page.xpath('//div[@id="board-grid"]/@data-version') == [str(version)]
    assert page.xpath("//button[contains(@class, 'grab')]") and page.xpath("//details[@class='add-here']")

    grid = admin.client.get(f"/s/{session_id}/board/grid")
    assert grid.template.name == "_board_grid.html"  # type: ignore[attr-defined]
    fragment = html.fromstring(grid.text)
    assert fragment.get("id") == "board-grid" and not fragment.xpath("//h1")
    assert cell(fragment, "retention", "relationship") == ["T3 Newsletter ⇄ dialogue"]

    session_page = admin.client.get(f"/s/{session_id}")
    assert f'href="/s/{session_id}/board"' in session_page.text


def test_names_on_the_board_are_text_never_markup(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "Board Hostile")
    add(
        admin, session_id, "touchpoints", {"name": ATTACK, "journey_stage": "purchase", "engagement_level": "community"}
    )
    add(admin, session_id, "purpose.audience", ATTACK)
    for url in (f"/s/{session_id}/board", f"/s/{session_id}/board/grid"):
        text = admin.client.get(url).text
        assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    page = html.fromstring(admin.client.get(f"/s/{session_id}/board").text)
    assert cell(page, "purchase", "community")[0].startswith(f"T1 {' '.join(ATTACK.split())}")


def test_a_read_only_link_sees_the_board_without_move_or_add_controls(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = session_with_touchpoints(app, admin, "Board Viewer")
    viewer = member_of(app, slug, role="viewer")
    response = viewer.client.get(f"/s/{session_id}/board")
    assert response.status_code == 200
    page = html.fromstring(response.text)
    assert cell(page, "consideration", "relationship") == ["T1 Cellar tour · no interaction mode"]
    assert page.xpath('//div[@class="board"]/@data-can-edit') == ["no"]
    assert (
        not page.xpath("//button[contains(@class, 'grab')]")
        and not page.xpath("//form")
        and not page.xpath("//details")
    )
    assert "Read-only link" in response.text
    moved = viewer.post(
        f"/api/sessions/{session_id}/edits",
        json={"op": "set", "path": "touchpoints[0]", "value": {"journey_stage": "awareness"}},
    )
    assert moved.status_code == 403  # type: ignore[attr-defined]


def test_another_workspaces_board_is_not_found(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "Board Theirs")
    mine, _ = workspace_with_session(app, admin, "Board Mine")
    member = member_of(app, mine)
    assert member.client.get(f"/s/{session_id}/board").status_code == 404
    assert member.client.get(f"/s/{session_id}/board/grid").status_code == 404
    assert member.client.get("/s/no-such-session/board").status_code == 404


def test_a_touchpoint_added_in_a_cell_without_javascript_lands_there_and_back_on_the_board(
    app: FastAPI, admin: Visitor
) -> None:
    _, session_id = workspace_with_session(app, admin, "Board No Js")
    page = html.fromstring(admin.client.get(f"/s/{session_id}/board").text)
    form = page.xpath('//td[@data-stage="advocacy"][@data-level="community"]//form')[0]
    fields = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input")}
    response = admin.client.post(form.get("action"), data={**fields, "item.name": "Supper club"})
    assert response.status_code == 200 and response.url.path == f"/s/{session_id}/board"
    assert cell(html.fromstring(response.text), "advocacy", "community") == ["T1 Supper club · no interaction mode"]
    assert "No touchpoint yet." in page.xpath('//aside[@class="tray"]')[0].text_content()
    assert "Every touchpoint has its cell." in response.text


def test_an_italian_session_has_an_italian_board(app: FastAPI, admin: Visitor) -> None:
    slug, _ = workspace_with_session(app, admin, "Board Banco")
    started = admin.client.post(
        f"/api/workspaces/{slug}/sessions",
        json={"brand": "Banco", "language": "it"},
        headers={"X-CSRF-Token": admin.csrf},
    )
    session_id = started.json()["id"]
    add(admin, session_id, "touchpoints", {"name": "Sportello", "journey_stage": "awareness"})
    page = html.fromstring(admin.client.get(f"/s/{session_id}/board").text)
    headers = [" ".join(th.text_content().split()) for th in page.xpath("//table//thead//th")][1:]
    assert headers == ["notorietà", "considerazione", "acquisto", "fidelizzazione", "passaparola"]
    assert page.xpath("//h1/small/text()") == ["· Lavagna"]
    tray = " ".join(page.xpath('//aside[@class="tray"]')[0].text_content().split())
    assert "Non ancora collocati" in tray and "non indicato: Livello di coinvolgimento" in tray


def test_the_board_shows_what_each_segment_needs_and_what_keeps_the_relationship_alive(
    app: FastAPI, admin: Visitor
) -> None:
    _, session_id = workspace_with_session(app, admin, "Board Segments")
    add(admin, session_id, "purpose.audience", {"name": "wine tourists", "needs": "a day among the vines"})
    add(admin, session_id, "digital.relationship.without_paid_push", "the harvest diary members forward")
    page = html.fromstring(admin.client.get(f"/s/{session_id}/board").text)
    audience = " ".join(page.xpath('//section[@aria-labelledby="b-audience"]')[0].text_content().split())
    assert audience == "Audience wine tourists · a day among the vines"
    kept = " ".join(page.xpath('//section[@aria-labelledby="b-relationship"]')[0].text_content().split())
    assert "What keeps the relationship alive without paid push: the harvest diary members forward" in kept
