"""Two people on one session, each in their own browser: each sees the other's messages and edits without
reloading, knows who said and changed what and who is here, and a conflicting edit offers a choice."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.document.edits import Edit
from assistant.store import TurnInput
from tests.browser.conftest import LiveApp, Pages
from tests.browser.test_board import board_session, cell, drag, open_board
from tests.browser.test_session_page import PURPOSE_ANSWERS, assert_not_reloaded, expect, mark_page, send, unique

if TYPE_CHECKING:
    from playwright.sync_api import Page


def join(open_page: Pages, live_app: LiveApp, workspace_id: str, session_id: str, name: str) -> Page:
    """`name` opens their member link, then the session, and waits for the live stream."""
    page = open_page(live_app.link("member", workspace_id, label=name))
    page.goto(live_app.url(f"/s/{session_id}"))
    expect(page.locator(".session[data-live='yes']")).to_have_count(1)
    expect(page.locator("#presence")).to_contain_text(name)
    mark_page(page)
    return page


def test_two_people_see_each_others_messages_edits_and_presence_live(live_app: LiveApp, open_page: Pages) -> None:
    workspace = live_app.workspace(unique("Live Room"))
    session_id = live_app.session(workspace, brand="Forno Vivo")
    ana = join(open_page, live_app, workspace.id, session_id, "Ana")
    ben = join(open_page, live_app, workspace.id, session_id, "Ben")
    expect(ana.locator("#presence")).to_contain_text("Ben")  # Ana learns that Ben arrived

    send(ana, PURPOSE_ANSWERS[0])
    said = ben.locator("#messages > li.user").last
    expect(said.locator(".author")).to_have_text("Ana")
    expect(said.locator(".body")).to_have_text(PURPOSE_ANSWERS[0])
    expect(ben.locator("#messages > li").last).to_have_class(re.compile(r"\bassistant\b"))
    expect(ben.locator("#f-purpose-statement .value")).to_have_text(PURPOSE_ANSWERS[0])  # Ben's canvas
    expect(ben.locator("#f-purpose-statement .by")).to_contain_text("Ana")
    # Ana's own page shows her message and the reply once each, however the stream echoes them
    expect(ana.locator("#messages > li.user .body", has_text=PURPOSE_ANSWERS[0])).to_have_count(1)

    ben_values = ben.locator("#f-purpose-values")
    ben_values.locator("details.edit summary").click()
    ben_values.locator("textarea").fill("craft\nhospitality")
    ben_values.get_by_role("button", name="Save").click()
    expect(ana.locator("#f-purpose-values .value")).to_have_text("craft\nhospitality", use_inner_text=True)
    expect(ana.locator("#f-purpose-values .by")).to_contain_text("Ben")
    assert_not_reloaded(ana)
    assert_not_reloaded(ben)


def test_a_conflicting_list_edit_offers_theirs_mine_or_both(live_app: LiveApp, open_page: Pages) -> None:
    workspace = live_app.workspace(unique("Conflict Room"))
    session_id = live_app.session(workspace, brand="Forno Vivo")
    ben = join(open_page, live_app, workspace.id, session_id, "Ben")
    values = ben.locator("#f-purpose-values")
    values.locator("details.edit summary").click()  # Ben starts typing...
    values.locator("textarea").fill("craft\nhonesty")
    live_app.engine.edit(session_id, Edit(op="set", path="purpose.values", value=["craft", "patience"]), author="Ana")
    ben.wait_for_timeout(500)
    open_page.allow_console_error(ben, r"status of 409")
    values.get_by_role("button", name="Save").click()  # ...and saves over Ana's change: refused, with a choice

    alert = values.locator('[role="alert"]')
    expect(alert).to_contain_text("changed by someone else")
    expect(values.get_by_role("button", name="Keep theirs")).to_be_visible()
    expect(values.get_by_role("button", name="Take mine")).to_be_visible()
    values.get_by_role("button", name="Merge both lists").click()
    expect(values.locator(".value")).to_have_text("craft\npatience\nhonesty", use_inner_text=True)
    assert live_app.store.load_document(session_id)[1].purpose.values == ["craft", "patience", "honesty"]
    assert live_app.store.list_versions(session_id)[-1].author == "Ben"
    assert_not_reloaded(ben)


def test_a_read_only_viewer_follows_the_session_live(live_app: LiveApp, open_page: Pages) -> None:
    workspace = live_app.workspace(unique("Viewer Room"))
    session_id = live_app.session(workspace, brand="Forno Vivo")
    client = open_page(live_app.link("viewer", workspace.id, label="The client"))
    client.goto(live_app.url(f"/s/{session_id}"))
    expect(client.locator(".session[data-live='yes']")).to_have_count(1)
    mark_page(client)
    live_app.store.record(session_id, turns=[TurnInput("user", "are you there?", author="Ana")])  # being answered
    expect(client.locator("#answering")).to_have_text("The assistant is answering Ana…")
    live_app.engine.handle(session_id, PURPOSE_ANSWERS[0], author="Ana")
    expect(client.locator("#answering")).to_be_hidden()
    expect(client.locator("#messages > li.user .author").last).to_have_text("Ana")
    expect(client.locator("#f-purpose-statement .value")).to_have_text(PURPOSE_ANSWERS[0])
    assert_not_reloaded(client)


def test_a_card_moved_on_one_board_lands_in_its_new_cell_on_the_others(live_app: LiveApp, open_page: Pages) -> None:
    session_id = board_session(live_app)
    workspace_id = live_app.store.get_session(session_id).workspace_id
    boards = []
    for name in ("Ana", "Ben"):
        page = open_page(live_app.link("member", workspace_id, label=name))
        open_board(page, live_app, session_id)
        mark_page(page)
        boards.append(page)
    ana, ben = boards
    drag(ana, ana.locator("#card-tp-tour .grab"), cell(ana, "advocacy", "community"))
    expect(cell(ben, "advocacy", "community").locator("#card-tp-tour")).to_be_visible()  # on Ben's board too
    expect(cell(ben, "consideration", "relationship").locator("#card-tp-tour")).to_have_count(0)
    assert live_app.store.list_versions(session_id)[-1].author == "Ana"
    assert_not_reloaded(ben)
