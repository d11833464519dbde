"""The board in a real browser: cards move between cells by mouse and by keyboard, one edit each, and stay moved
after a reload; a card is added in place; a move made on a stale board is refused and the board catches up. And
the session page on a phone: chat and canvas as tabs, opening at the composer. Every page is watched for console
errors, uncaught exceptions and dialogs (see `open_page` in conftest)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.document.edits import Edit
from tests.browser.conftest import LiveApp, Pages
from tests.browser.test_session_page import PURPOSE_ANSWERS, assert_chat_at_end, expect, open_session, unique
from web import actions

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

TOUCHPOINTS = (
    {"id": "tp-tour", "name": "Cellar tour", "journey_stage": "consideration", "engagement_level": "relationship"},
    {"id": "tp-harvest", "name": "Harvest day", "engagement_level": "co-creation", "interaction_mode": "enabling"},
    {"id": "tp-news", "name": "Newsletter", "journey_stage": "retention", "engagement_level": "relationship"},
)


def board_session(live_app: LiveApp) -> str:
    """A session whose document has three touchpoints (one without a journey stage) and some strategy around them."""
    workspace = live_app.workspace(unique("Board"))
    session_id = actions.start_session(live_app.store, live_app.engine, workspace, "Cantina Aurora", "en")
    live_app.engine.edit(session_id, Edit(op="set", path="purpose.statement", value=PURPOSE_ANSWERS[0]))
    live_app.engine.edit(session_id, Edit(op="set", path="purpose.audience", value=["families who cook at home"]))
    for touchpoint in TOUCHPOINTS:
        live_app.engine.edit(session_id, Edit(op="add", path="touchpoints", value=touchpoint))
    return session_id


def cell(page: Page, stage: str, level: str) -> Locator:
    return page.locator(f'td.cell[data-stage="{stage}"][data-level="{level}"]')


def placed(live_app: LiveApp, session_id: str, touchpoint_id: str) -> tuple[str | None, str | None]:
    touchpoint = next(t for t in live_app.store.load_document(session_id)[1].touchpoints if t.id == touchpoint_id)
    stage, level = touchpoint.journey_stage, touchpoint.engagement_level
    return (stage.value if stage else None, level.value if level else None)


def version(live_app: LiveApp, session_id: str) -> int:
    return live_app.store.load_document(session_id)[0]


def drag(page: Page, card: Locator, target: Locator) -> None:
    """Press on the card, move the mouse across to the target in steps, release."""
    start, end = card.bounding_box(), target.bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 12, steps=12)
    page.mouse.up()


def open_board(page: Page, live_app: LiveApp, session_id: str) -> None:
    page.goto(live_app.url(f"/s/{session_id}/board"))
    expect(page.locator("#board-grid")).to_be_visible()


def test_a_card_dragged_by_mouse_moves_to_its_new_cell_in_one_edit(
    admin_page: Page, live_app: LiveApp, output_dir: Path
) -> None:
    session_id = board_session(live_app)
    page = admin_page
    open_board(page, live_app, session_id)
    tour = page.locator("#card-tp-tour")
    expect(cell(page, "consideration", "relationship").locator("#card-tp-tour")).to_contain_text("T1 Cellar tour")
    expect(page.locator(".tray #card-tp-harvest")).to_contain_text("not set: Journey stage")
    expect(page.locator("div.around")).to_contain_text("families who cook at home")
    page.screenshot(path=output_dir / "board.png", full_page=True)
    before = version(live_app, session_id)

    drag(page, tour.locator(".grab"), cell(page, "advocacy", "community"))
    expect(cell(page, "advocacy", "community").locator("#card-tp-tour")).to_be_visible()
    expect(page.locator("#board-status")).to_have_text("T1 Cellar tour moved to advocacy · community.")
    assert placed(live_app, session_id, "tp-tour") == ("advocacy", "community")
    assert version(live_app, session_id) == before + 1, "a move is one edit"
    expect(page.locator("#board-grid")).to_have_attribute("data-version", str(before + 1))

    drag(page, page.locator("#card-tp-harvest .grab"), cell(page, "awareness", "co-creation"))  # out of the tray
    expect(cell(page, "awareness", "co-creation").locator("#card-tp-harvest")).to_be_visible()
    expect(page.locator(".tray .card")).to_have_count(0)
    expect(page.locator("#board-status")).to_have_text("T2 Harvest day moved to awareness · co-creation.")  # saved
    page.reload()
    expect(cell(page, "advocacy", "community").locator("#card-tp-tour")).to_contain_text("T1 Cellar tour")
    expect(cell(page, "awareness", "co-creation").locator("#card-tp-harvest")).to_contain_text("✦ enabling")
    response = page.context.request.get(live_app.url(f"/api/sessions/{session_id}/document"))
    moved = {t["id"]: (t["journey_stage"], t["engagement_level"]) for t in response.json()["document"]["touchpoints"]}
    assert moved["tp-tour"] == ("advocacy", "community") and moved["tp-harvest"] == ("awareness", "co-creation")


def test_a_card_dragged_by_touch_moves_too(open_page: Pages, live_app: LiveApp) -> None:
    """A touch screen on the wall: the finger's drag arrives as pointer events, as the mouse's does."""
    session_id = board_session(live_app)
    page = open_page(live_app.link("admin", None), has_touch=True)
    open_board(page, live_app, session_id)
    start = page.locator("#card-tp-tour .grab").bounding_box()
    end = cell(page, "purchase", "community").bounding_box()
    assert start and end
    touch = page.context.new_cdp_session(page)
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        to_x = x + (end["x"] + end["width"] / 2 - x) * step / 10
        to_y = y + (end["y"] + 12 - y) * step / 10
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": to_x, "y": to_y}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(page.locator("#board-status")).to_have_text("T1 Cellar tour moved to purchase · community.")
    assert placed(live_app, session_id, "tp-tour") == ("purchase", "community")


def test_a_card_moves_by_keyboard_and_escape_cancels(admin_page: Page, live_app: LiveApp) -> None:
    session_id = board_session(live_app)
    page = admin_page
    open_board(page, live_app, session_id)
    grab = page.locator("#card-tp-news .grab")
    grab.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_contain_text("T3 Newsletter picked up")
    expect(cell(page, "retention", "relationship")).to_have_class(re.compile(r"\btarget\b"))
    page.keyboard.press("ArrowUp")
    expect(page.locator("#board-status")).to_have_text("retention · collaboration")
    page.keyboard.press("Escape")
    expect(page.locator("#board-status")).to_have_text("Move cancelled.")
    expect(page.locator("td.cell.target")).to_have_count(0)
    assert placed(live_app, session_id, "tp-news") == ("retention", "relationship")

    grab.focus()
    page.keyboard.press("Space")
    for key in ("ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp"):  # stops at the grid's edge
        page.keyboard.press(key)
    expect(cell(page, "advocacy", "community")).to_have_class(re.compile(r"\btarget\b"))
    page.keyboard.press("Enter")
    expect(cell(page, "advocacy", "community").locator("#card-tp-news")).to_be_visible()
    expect(page.locator("#board-status")).to_have_text("T3 Newsletter moved to advocacy · community.")
    expect(page.locator("#card-tp-news .grab")).to_be_focused()  # the focus stays on the card, for the next move
    assert placed(live_app, session_id, "tp-news") == ("advocacy", "community")


def test_a_touchpoint_is_added_in_place(admin_page: Page, live_app: LiveApp) -> None:
    session_id = board_session(live_app)
    page = admin_page
    open_board(page, live_app, session_id)
    target = cell(page, "purchase", "collaboration")
    target.locator("details.add-here summary").click()
    name = target.get_by_placeholder("Name of the new touchpoint")
    expect(name).to_be_focused()
    name.fill("Supper club <b>members</b>")
    name.press("Enter")
    added = target.locator(".card")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("T4 Supper club <b>members</b>")  # the name as typed, shown as text
    expect(added.locator(".grab")).to_be_focused()
    expect(page.locator("#board-status")).to_have_text("Supper club <b>members</b> added in purchase · collaboration.")
    document = live_app.store.load_document(session_id)[1]
    new = document.touchpoints[-1]
    assert (new.name, new.journey_stage, new.engagement_level) == (
        "Supper club <b>members</b>",
        "purchase",
        "collaboration",
    )


def test_a_move_on_a_stale_board_is_refused_and_the_board_catches_up(
    admin_page: Page, live_app: LiveApp, open_page: Pages
) -> None:
    session_id = board_session(live_app)
    page = admin_page
    page.route("**/events?*", lambda route: route.abort())  # its live stream is down: the board falls behind
    open_page.allow_console_error(page, r"ERR_FAILED")
    open_board(page, live_app, session_id)
    live_app.engine.edit(session_id, Edit(op="set", path="touchpoints[tp-tour].name", value="Guided cellar tour"))

    open_page.allow_console_error(page, r"status of 409")
    drag(page, page.locator("#card-tp-tour .grab"), cell(page, "purchase", "community"))
    expect(page.locator("#board-alert")).to_contain_text("Someone changed this touchpoint meanwhile")
    expect(page.locator("#board-alert")).to_be_visible()
    home = cell(page, "consideration", "relationship").locator("#card-tp-tour")
    expect(home).to_contain_text("Guided cellar tour")  # their change, in its own cell
    expect(cell(page, "purchase", "community").locator(".card")).to_have_count(0)
    assert placed(live_app, session_id, "tp-tour") == ("consideration", "relationship")

    drag(page, home.locator(".grab"), cell(page, "purchase", "community"))  # made on the version now shown
    expect(cell(page, "purchase", "community").locator("#card-tp-tour")).to_be_visible()
    expect(page.locator("#board-alert")).to_be_hidden()
    assert placed(live_app, session_id, "tp-tour") == ("purchase", "community")


def test_a_read_only_link_sees_the_board_and_cannot_move_a_card(open_page: Pages, live_app: LiveApp) -> None:
    session_id = board_session(live_app)
    workspace_id = live_app.store.get_session(session_id).workspace_id
    page = open_page(live_app.link("viewer", workspace_id))
    open_board(page, live_app, session_id)
    expect(page.locator(".notice")).to_have_text("Read-only link: you can look, not change.")
    expect(page.locator("button.grab")).to_have_count(0)
    expect(page.locator("details.add-here")).to_have_count(0)
    drag(page, page.locator("#card-tp-tour"), cell(page, "purchase", "community"))
    page.wait_for_timeout(300)
    expect(cell(page, "consideration", "relationship").locator("#card-tp-tour")).to_be_visible()
    assert placed(live_app, session_id, "tp-tour") == ("consideration", "relationship")


def test_the_session_page_on_a_phone_has_chat_and_canvas_tabs_and_opens_at_the_composer(
    admin_page: Page, live_app: LiveApp, output_dir: Path
) -> None:
    workspace = live_app.workspace(unique("Phone"))
    session_id = live_app.session(workspace, brand="Cantina Aurora", answers=PURPOSE_ANSWERS)
    page = admin_page
    open_session(page, live_app, session_id)
    expect(page.get_by_role("tablist")).to_be_hidden()  # wide: side by side, as before
    expect(page.locator("#chat-pane")).to_be_visible()
    expect(page.locator("#canvas-pane")).to_be_visible()
    expect(page.get_by_role("link", name="Board")).to_have_attribute("href", f"/s/{session_id}/board")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    chat_tab, canvas_tab = page.get_by_role("tab", name="Chat"), page.get_by_role("tab", name="Strategy canvas")
    expect(chat_tab).to_have_attribute("aria-selected", "true")
    expect(canvas_tab).to_have_attribute("aria-selected", "false")
    expect(page.get_by_role("tabpanel")).to_have_attribute("id", "chat-pane")
    expect(page.locator("#canvas-pane")).to_be_hidden()
    expect(page.locator("#text")).to_be_in_viewport()
    assert_chat_at_end(page)
    expect(page.get_by_role("button", name="Send")).to_be_in_viewport()
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 3000, f"the chat tab makes the page {height}px tall"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px wide)"
    page.screenshot(path=output_dir / "session-phone.png", full_page=True)

    canvas_tab.click()
    expect(canvas_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator("#canvas-pane")).to_be_visible()
    expect(page.locator("#chat-pane")).to_be_hidden()
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(page.locator("header.top")).to_be_in_viewport()  # the header stays in reach
    expect(canvas_tab).to_be_in_viewport()
    page.screenshot(path=output_dir / "session-phone-canvas.png")
    page.keyboard.press("ArrowLeft")
    expect(chat_tab).to_be_focused()
    expect(chat_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator("#text")).to_be_visible()
    page.keyboard.press("End")
    expect(canvas_tab).to_be_focused()
    expect(page.locator("#canvas-pane")).to_be_visible()

    page.get_by_role("link", name="Board").click()  # the board on a phone: the grid scrolls sideways, not the page
    page.wait_for_load_state()  # its style sheet applied
    expect(page.locator("#board-grid")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the board scrolls sideways on a phone ({width}px wide)"
    page.screenshot(path=output_dir / "board-phone.png", full_page=True)


def test_the_board_follows_the_documents_events_and_keeps_the_focused_card(admin_page: Page, live_app: LiveApp) -> None:
    """Someone else's changes (here through the engine, as another laptop's chat or canvas would) reach the board
    through the session's live stream, without a reload and without losing the keyboard focus."""
    session_id = board_session(live_app)
    page = admin_page
    open_board(page, live_app, session_id)
    page.locator("#card-tp-news .grab").focus()

    live_app.engine.edit(session_id, Edit(op="set", path="touchpoints[tp-news].name", value="Monthly letter"))
    reply = live_app.engine.edit(session_id, Edit(op="set", path="purpose.statement", value="Wine for the table."))

    expect(page.locator("#card-tp-news")).to_contain_text("T3 Monthly letter")
    expect(page.locator("#board-grid")).to_have_attribute("data-version", str(reply.version))
    expect(page.locator("div.around .statement")).to_have_text("Wine for the table.")
    expect(page.locator("#card-tp-news .grab")).to_be_focused()
    expect(page.locator("#board-status")).to_have_text("The board was updated.")
