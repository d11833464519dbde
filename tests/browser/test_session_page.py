"""The session page in a real browser: the chat streams replies and fills the live canvas, the canvas edits in
place, findings link to their fields, read-only links stay read-only, Italian sessions speak Italian, and
markup in messages never runs. Every page is watched: a console error (a CSP violation among them), an uncaught
exception or a dialog fails the test (see `open_page` in conftest)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.document.edits import Edit
from tests.browser.conftest import LiveApp, Pages
from tests.web.conftest import PROFILE

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

STATEMENT = "We make honest wines from our hills so that families can share the table with the people they love."
AUDIENCE = "families who cook at home; wine tourists from Germany"
VALUES = "craft; hospitality; care for the land"
PERSONALITY = "warm; straightforward; curious"
PROOF = "every bottle names the plot it comes from; visitors eat with the family after the tour"
PURPOSE_ANSWERS = (STATEMENT, AUDIENCE, VALUES, PERSONALITY, PROOF)
PURPOSE_FIELDS = ("statement", "values", "personality", "proof_points")  # the audience is a list of segments
EDITED_VALUES = "craft\nhospitality\ncare for the land\nhonesty"


def expect(target: Locator | Page) -> Any:
    """Playwright's `expect`, imported late: without Playwright the tests are skipped, not broken."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:6]}"


def field(page: Page, name: str) -> Locator:
    """A Purpose field on the canvas (its anchor is `f-` + the document path)."""
    return page.locator(f"#f-purpose-{name.replace('_', '-')}")


def mark_page(page: Page) -> None:
    """A flag that a reload or navigation would wipe: proof that the page updated in place."""
    page.evaluate("() => { window.__noReload = true; }")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("() => window.__noReload === true"), "the page reloaded"


def send(page: Page, text: str, *, keyboard: bool = False) -> Locator:
    """Type into the composer, press Send (or Ctrl+Enter) and wait for the streamed reply; returns the
    assistant's bubble."""
    messages = page.locator("#messages > li")
    before = messages.count()
    page.locator("#text").fill(text)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/messages") and "/api/" in r.url
    ) as answer:
        if keyboard:
            page.locator("#text").press("Control+Enter")
        else:
            page.get_by_role("button", name=re.compile(r"^(Send|Invia)$")).click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    stream = response.text()
    assert stream.count("event: token") >= 2, "the reply was not streamed in pieces"
    assert "event: reply" in stream
    expect(messages).to_have_count(before + 2)
    reply = messages.nth(before + 1)
    expect(reply).to_have_class(re.compile(r"\bassistant\b"))
    expect(reply).not_to_have_class(re.compile(r"\bstreaming\b"))  # the final, rendered reply replaced the stream
    expect(messages.nth(before).locator(".body")).to_have_text(text, use_inner_text=True)
    expect(page.locator("#text")).to_have_value("")
    expect(page.locator("#composer button")).to_be_enabled()
    return reply


def bubble_heights(page: Page) -> list[int]:
    """The height of each user message (whitespace in the markup must not show up as blank lines)."""
    boxes = page.locator("#messages > li.user").evaluate_all(
        "(items) => items.map((li) => li.getBoundingClientRect().height)"
    )
    return [round(height) for height in boxes]


def assert_chat_at_end(page: Page) -> None:
    """The conversation is scrolled to its latest message."""
    top, height, visible = page.locator("#messages").evaluate("(m) => [m.scrollTop, m.scrollHeight, m.clientHeight]")
    assert top + visible >= height - 16, f"the chat is not at its latest message: {top=} {height=} {visible=}"


def open_session(page: Page, live_app: LiveApp, session_id: str) -> None:
    page.goto(live_app.url(f"/s/{session_id}"))
    expect(page.locator("#canvas")).to_be_visible()


def test_the_purpose_stage_through_the_chat_fills_the_canvas_and_survives_a_reload(
    admin_page: Page, live_app: LiveApp
) -> None:
    page = admin_page
    expect(page.locator("h1")).to_have_text("Plan a brand strategy, one stage at a time")
    page.locator("#ws-name").fill(unique("Aurora team"))
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/w/aurora-team-"))
    page.locator("#brand").fill("Cantina Aurora")
    page.locator("#language").select_option("en")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/s/[0-9a-f-]{36}$"))

    expect(page.locator("#messages > li.assistant")).to_have_count(1)
    expect(page.locator("#messages > li.assistant")).to_contain_text("which industry or trade")
    for name in PURPOSE_FIELDS:
        expect(field(page, name).locator(".badge")).to_have_class(re.compile(r"badge-empty"))
        expect(field(page, name).locator(".badge")).to_have_text("empty")
    expect(field(page, "audience")).to_have_class(re.compile(r"status-empty"))
    mark_page(page)
    for text in PROFILE:  # who the brand is, asked first
        opened = send(page, text)
    expect(opened).to_contain_text("Why does Cantina Aurora exist")

    reply = send(page, STATEMENT)
    expect(reply).to_contain_text("Purpose · question 8 of 12")
    expect(reply.locator("strong").first).to_have_text("Purpose · question 8 of 12")  # Markdown, rendered
    expect(field(page, "statement").locator(".value")).to_have_text(STATEMENT)
    expect(field(page, "statement").locator(".badge")).to_have_text("complete")
    expect(field(page, "statement")).to_have_class(re.compile(r"status-complete"))
    expect(field(page, "statement").locator(".prov")).to_have_text("from the team")

    expect(send(page, AUDIENCE)).to_contain_text("question 9 of 12")  # each segment's profile, next
    segments = field(page, "audience").locator(".item")
    expect(segments).to_have_count(2)
    expect(segments.first).to_contain_text("families who cook at home")
    expect(segments.last).to_contain_text("wine tourists from Germany")
    expect(send(page, "skip")).to_contain_text("question 10 of 12")
    expect(send(page, VALUES)).to_contain_text("question 11 of 12")
    expect(send(page, PERSONALITY, keyboard=True)).to_contain_text("question 12 of 12")
    send(page, PROOF)
    for name in PURPOSE_FIELDS:
        expect(field(page, name).locator(".badge")).to_have_text("complete")
    stepper = page.locator("#canvas .stepper li")
    expect(stepper.first).to_contain_text("Purpose")
    expect(stepper.first).to_contain_text("100%")
    expect(stepper.first).not_to_have_class(re.compile(r"current"))
    expect(stepper.nth(1)).to_have_class(re.compile(r"current"))  # on to the next stage
    assert_not_reloaded(page)

    texts = page.locator("#messages > li").all_inner_texts()
    assert len(texts) == 25  # the welcome, then twelve answers (a skip among them) and twelve replies
    heights = bubble_heights(page)
    page.reload()
    expect(page.locator("#messages > li")).to_have_count(len(texts))
    assert [t.strip() for t in page.locator("#messages > li").all_inner_texts()] == [t.strip() for t in texts]
    assert bubble_heights(page) == heights, "the server renders messages as the page's script does"
    assert_chat_at_end(page)
    expect(field(page, "statement").locator(".value")).to_have_text(STATEMENT)
    expect(field(page, "proof_points").locator(".value")).to_have_text(
        "every bottle names the plot it comes from\nvisitors eat with the family after the tour", use_inner_text=True
    )
    for name in PURPOSE_FIELDS:
        expect(field(page, name).locator(".badge")).to_have_text("complete")


def test_a_framework_question_mid_stage_shows_its_sources_and_keeps_the_pending_question(
    admin_page: Page, live_app: LiveApp
) -> None:
    workspace = live_app.workspace(unique("Sources"))
    session_id = live_app.session(workspace, brand="Cantina Aurora", answers=(STATEMENT,))
    page = admin_page
    open_session(page, live_app, session_id)

    reply = send(page, "What is co-creation?")
    expect(reply).to_contain_text("Back to our question")
    expect(reply).to_contain_text("Who are the people Cantina Aurora serves?")
    sources = reply.locator("details.sources")
    expect(sources).to_have_count(1)
    expect(sources.locator("summary")).to_have_text(re.compile(r"^Sources \(\d+\)$"))
    first = sources.locator("li").first
    expect(first).not_to_be_visible()  # folded until asked for
    sources.locator("summary").click()
    expect(sources).to_have_attribute("open", "")
    expect(first.locator("strong")).to_contain_text(
        "Co-creation: the fifth level of engagement [engagement-co-creation]"
    )
    expect(first.locator("blockquote")).to_contain_text("Co-creation")
    expect(field(page, "audience")).to_have_class(re.compile(r"status-empty"))  # a question changes nothing

    expect(send(page, AUDIENCE)).to_contain_text("question 9 of 12")  # the answer went to the pending question
    expect(field(page, "audience").locator(".item")).to_have_count(2)

    page.reload()  # the sources come back from the server's template too
    cited = page.locator("#messages > li.assistant").filter(has=page.locator("details.sources")).last
    expect(cited).to_contain_text("Back to our question")
    cited.locator("details.sources summary").click()
    expect(cited.locator("details.sources li strong").first).to_contain_text("[engagement-co-creation]")


def test_the_canvas_edits_in_place_and_findings_come_and_go_and_link_to_their_field(
    admin_page: Page, live_app: LiveApp, open_page: Pages
) -> None:
    workspace = live_app.workspace(unique("Edits"))
    session_id = live_app.session(workspace, brand="Cantina Aurora", answers=PURPOSE_ANSWERS)
    page = admin_page
    open_session(page, live_app, session_id)
    finding = page.locator('.findings li[data-rule="purpose-says-why"]')
    expect(finding).to_have_count(0)
    mark_page(page)

    statement = field(page, "statement")
    statement.locator("details.edit summary").click()
    statement.locator("textarea").fill("Great honest wine")
    statement.get_by_role("button", name="Save").click()
    expect(statement.locator(".value")).to_have_text("Great honest wine")
    expect(finding).to_have_count(1)
    expect(finding).to_have_class(re.compile(r"sev-warning"))
    expect(statement.locator(".badge")).to_have_text("needs work")
    assert_not_reloaded(page)

    page.locator("#canvas").evaluate("(canvas) => canvas.closest('.canvas-pane').scrollTo(0, 0)")
    finding.locator("a").click()
    expect(page).to_have_url(re.compile(r"#f-purpose-statement$"))
    expect(statement).to_have_class(re.compile(r"\bhighlight\b"))
    expect(statement).to_be_in_viewport()
    expect(statement.locator("details.edit")).to_have_attribute("open", "")  # ready to fix
    assert_not_reloaded(page)

    statement.locator("textarea").fill("Great honest wine, really")  # still a slogan: the finding stays
    statement.get_by_role("button", name="Save").click()
    expect(statement.locator(".value")).to_have_text("Great honest wine, really")
    expect(finding).to_have_count(1)
    expect(statement.locator("details.edit")).not_to_have_attribute("open", "")  # a fresh canvas
    finding.locator("a").click()  # the same link again: no hashchange, and still a jump to the field
    expect(statement).to_have_class(re.compile(r"\bhighlight\b"))
    expect(statement.locator("details.edit")).to_have_attribute("open", "")

    statement.locator("textarea").fill(STATEMENT)
    statement.get_by_role("button", name="Save").click()
    expect(statement.locator(".value")).to_have_text(STATEMENT)
    expect(finding).to_have_count(0)
    expect(statement.locator(".badge")).to_have_text("complete")

    values = field(page, "values")
    values.locator("details.edit summary").click()
    values.locator("textarea").fill("craft\nhospitality\n\ncare for the land\nhonesty")
    values.get_by_role("button", name="Save").click()
    expect(values.locator(".value")).to_have_text(EDITED_VALUES, use_inner_text=True)

    values.locator("details.edit summary").click()  # a refused edit says why, in its form, and changes nothing
    open_page.allow_console_error(page, r"status of 422")
    values.locator("textarea").fill("craft\n" + "a very long value " * 30)
    values.get_by_role("button", name="Save").click()
    expect(values.locator('[role="alert"]')).to_contain_text("400")
    expect(values.locator(".value")).to_have_text(EDITED_VALUES, use_inner_text=True)

    objectives = page.locator("#f-digital-brand-objectives")  # a list item added on the canvas
    objectives.get_by_placeholder("Brand objectives").fill("Grow direct relationships with visitors")
    objectives.get_by_role("button", name="Add").click()
    expect(objectives.locator(".item")).to_have_count(1)
    expect(objectives.locator(".item dd").first).to_contain_text("Grow direct relationships with visitors")
    assert_not_reloaded(page)

    page.reload()
    expect(field(page, "statement").locator(".value")).to_have_text(STATEMENT)
    expect(field(page, "values").locator(".value")).to_have_text(EDITED_VALUES, use_inner_text=True)
    expect(page.locator("#f-digital-brand-objectives .item")).to_have_count(1)
    document = live_app.store.load_document(session_id)[1]
    assert document.purpose.values == EDITED_VALUES.split("\n")
    assert [o.text for o in document.digital.brand_objectives] == ["Grow direct relationships with visitors"]


def test_an_edit_of_a_field_changed_meanwhile_is_refused_and_shows_the_new_value(
    admin_page: Page, live_app: LiveApp, open_page: Pages
) -> None:
    workspace = live_app.workspace(unique("Stale"))
    session_id = live_app.session(workspace, brand="Cantina Aurora", answers=PURPOSE_ANSWERS)
    page = admin_page
    open_session(page, live_app, session_id)
    mark_page(page)
    theirs = "Honest wines from our hills, so that families share the table with the people they love."
    statement = field(page, "statement")
    statement.locator("details.edit summary").click()  # an open form is not refreshed under the typing
    live_app.engine.edit(session_id, Edit(op="set", path="purpose.statement", value=theirs))  # another laptop
    page.wait_for_timeout(500)  # the change has reached the page by now, which keeps the form as it is

    open_page.allow_console_error(page, r"status of 409")
    statement.locator("textarea").fill("Great honest wine")
    statement.get_by_role("button", name="Save").click()
    expect(statement.locator('[role="alert"]')).to_contain_text("changed by someone else")
    expect(statement.locator(".value")).to_have_text(theirs)  # the canvas now shows their value
    expect(statement.locator("details.edit")).to_have_attribute("open", "")
    assert_not_reloaded(page)

    statement.locator("textarea").fill(STATEMENT)  # made on the version now shown: it goes through
    statement.get_by_role("button", name="Save").click()
    expect(statement.locator(".value")).to_have_text(STATEMENT)
    assert live_app.store.load_document(session_id)[1].purpose.statement == STATEMENT


def test_a_message_over_the_limit_is_counted_not_sent_and_a_refused_one_is_not_lost(
    admin_page: Page, live_app: LiveApp, open_page: Pages
) -> None:
    workspace = live_app.workspace(unique("Refused"))
    session_id = live_app.session(workspace, brand="Cantina Aurora")
    page = admin_page
    open_session(page, live_app, session_id)
    limit = live_app.settings.max_message_chars
    composer, button = page.locator("#text"), page.locator("#composer button")
    composer.fill("a" * (limit + 25))
    expect(page.locator("#composer-count")).to_contain_text(f"25 characters over the limit of {limit}")
    expect(button).to_be_disabled()
    composer.press("Control+Enter")  # the keyboard does not get round the limit
    expect(page.locator("#messages > li.user")).to_have_count(len(PROFILE))
    assert composer.input_value() == "a" * (limit + 25), "the text stays in the composer"
    # a page that does not know the limit (opened before it changed): the server refuses, the text comes back
    open_page.allow_console_error(page, r"status of 413")
    page.evaluate(f"() => {{ document.getElementById('text').dataset.limit = '{limit * 2}'; }}")
    composer.fill("b" * (limit + 1))
    button.click()
    failed = page.locator("#messages > li.assistant").last
    expect(failed).to_have_class(re.compile(r"\bfailed\b"))
    expect(failed).not_to_have_class(re.compile(r"\bstreaming\b"))
    expect(failed).to_have_text(f"the message is {limit + 1} characters; the limit is {limit}")
    expect(composer).to_have_value("b" * (limit + 1))
    expect(button).to_be_enabled()
    expect(send(page, STATEMENT)).to_contain_text("question 8 of 12")
    # the welcome, the opening answers and their replies, then the answer and the reply
    assert len(live_app.store.list_turns(session_id)) == 3 + 2 * len(PROFILE)


def test_a_read_only_link_shows_no_composer_or_edit_forms_and_cannot_write(open_page: Pages, live_app: LiveApp) -> None:
    workspace = live_app.workspace(unique("Viewers"))
    session_id = live_app.session(workspace, brand="Cantina Aurora", answers=(STATEMENT, "What is co-creation?"))
    before = live_app.store.load_document(session_id)
    turns = len(live_app.store.list_turns(session_id))

    page = open_page(live_app.link("viewer", workspace.id))
    expect(page).to_have_url(live_app.url(f"/w/{workspace.slug}"))
    expect(page.locator(".notice")).to_have_text("Read-only link: you can look, not change.")
    expect(page.locator("#new-session")).to_have_count(0)
    assert "brandplan_session" not in page.evaluate("() => document.cookie"), "the login cookie must be HttpOnly"
    page.get_by_role("link", name="Cantina Aurora").click()
    expect(page).to_have_url(live_app.url(f"/s/{session_id}"))

    expect(page.locator("#messages > li")).to_have_count(turns)
    expect(page.locator("#messages > li.assistant").last.locator("details.sources")).to_have_count(1)
    expect(field(page, "statement").locator(".value")).to_have_text(STATEMENT)
    expect(page.locator(".notice").first).to_have_text("Read-only link: you can look, not change.")
    for hidden in ("#composer", "#text", "details.edit", "form.edit-form", "form.goto", "#canvas form", "textarea"):
        expect(page.locator(hidden)).to_have_count(0)
    expect(page.locator("#canvas .stepper span").first).to_contain_text("Purpose")

    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert csrf, "a viewer still gets a CSRF token (so that the refusals below are about the role)"
    request = page.context.request  # shares the browser context's cookie
    refused = [
        request.post(
            live_app.url(f"/api/sessions/{session_id}/messages"),
            data={"text": "families"},
            headers={"X-CSRF-Token": csrf},
        ),
        request.post(
            live_app.url(f"/api/sessions/{session_id}/edits"),
            data={"op": "set", "path": "purpose.statement", "value": "Hacked"},
            headers={"X-CSRF-Token": csrf},
        ),
        request.post(
            live_app.url(f"/s/{session_id}/edit"),
            form={"csrf_token": csrf, "op": "set", "path": "purpose.statement", "value": "Hacked"},
            max_redirects=0,
        ),
        request.post(
            live_app.url(f"/s/{session_id}/messages"), form={"csrf_token": csrf, "text": "families"}, max_redirects=0
        ),
        request.post(
            live_app.url(f"/w/{workspace.slug}/sessions"),
            form={"csrf_token": csrf, "brand": "Intruder", "language": "en"},
            max_redirects=0,
        ),
    ]
    for response in refused:
        assert response.status == 403, (response.url, response.status, response.text())
        assert response.json()["detail"] == "this link is read-only"
    assert live_app.store.load_document(session_id) == before
    assert len(live_app.store.list_turns(session_id)) == turns
    assert len(live_app.store.list_sessions(workspace.id)) == 1
    page.reload()
    expect(field(page, "statement").locator(".value")).to_have_text(STATEMENT)


def test_an_italian_session_speaks_italian(admin_page: Page, live_app: LiveApp) -> None:
    workspace = live_app.workspace(unique("Banco"))
    page = admin_page
    page.goto(live_app.url(f"/w/{workspace.slug}"))
    page.locator("#brand").fill("Banco Amico")
    page.locator("#language").select_option("it")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/s/[0-9a-f-]{36}$"))

    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("button", name="Invia")).to_be_visible()
    expect(page.locator('label[for="text"]')).to_have_text("Il vostro messaggio")
    expect(page.locator("#findings-title")).to_contain_text("Verifica di coerenza")
    expect(page.get_by_role("link", name="Torna allo spazio di lavoro")).to_be_visible()
    expect(page.locator("#messages > li.assistant").first).to_contain_text("in quale settore")
    expect(field(page, "statement").locator(".badge")).to_have_text("vuoto")
    expect(field(page, "statement").locator("details.edit summary")).to_contain_text("Modifica")

    opening = ("banco alimentare", "il quartiere", "Chiara (presidente)", "aiuto alimentare", "la Caritas", "salta")
    for text in opening:  # who the brand is, then its context (the points of difference skipped)
        opened = send(page, text)
    expect(opened).to_contain_text("Perché esiste Banco Amico")
    reply = send(page, "Aiutiamo le famiglie del quartiere a risparmiare con prestiti onesti e consigli chiari.")
    expect(reply).to_contain_text("domanda 8 di 12")
    expect(field(page, "statement").locator(".badge")).to_have_text("completo")
    expect(field(page, "statement").locator(".prov")).to_have_text("dal team")


def test_markup_in_a_message_is_shown_as_text_and_never_runs(admin_page: Page, live_app: LiveApp) -> None:
    workspace = live_app.workspace(unique("Markup"))
    session_id = live_app.session(workspace, brand="Cantina Aurora")
    page = admin_page
    open_session(page, live_app, session_id)
    attack = (
        "Our purpose <img src=x onerror=alert(1)> <script>alert(2)</script> for families "
        "[click](javascript:alert(3)) so they can share the table."
    )
    send(page, attack)
    page.wait_for_timeout(300)  # time for a broken image's onerror, had an <img> been created

    def check() -> None:
        for unsafe in ("img", "script", "iframe", "a[href^='javascript']", "[onerror]"):
            expect(page.locator(f"#main {unsafe}")).to_have_count(0)
        expect(page.locator("#messages > li.user .body").last).to_have_text(attack, use_inner_text=True)
        expect(page.locator("#messages > li.assistant").last).to_contain_text("<img src=x onerror=alert(1)>")
        expect(field(page, "statement").locator(".value")).to_have_text(attack)

    check()
    page.reload()  # the server-rendered page escapes it too
    page.wait_for_timeout(300)
    check()
    # No dialog opened and no console error (a blocked inline script would log a CSP violation): the
    # `open_page` fixture fails the test otherwise.


def test_screenshots_of_the_session_page(admin_page: Page, live_app: LiveApp, output_dir: Path) -> None:
    """Full-page screenshots, wide and phone-width, for a person to look at (test-output/, git-ignored)."""
    workspace = live_app.workspace(unique("Screens"))
    answers = (*PURPOSE_ANSWERS[:2], "What is co-creation?", *PURPOSE_ANSWERS[2:])
    session_id = live_app.session(workspace, brand="Cantina Aurora", answers=answers)
    live_app.engine.edit(session_id, Edit(op="set", path="purpose.statement", value="Great wine."))
    page = admin_page
    open_session(page, live_app, session_id)
    expect(page.locator(".findings li.finding")).not_to_have_count(0)
    assert_chat_at_end(page)
    height, window = page.evaluate("() => [document.documentElement.scrollHeight, innerHeight]")
    bottom = page.locator("#main").evaluate("(main) => main.getBoundingClientRect().bottom + scrollY")
    assert height <= max(window, bottom + 1), "something hangs below the content (an unclipped absolute element?)"
    page.screenshot(path=output_dir / "session.png", full_page=True)

    page.set_viewport_size({"width": 1366, "height": 768})  # a laptop: the chat fits, Send needs no scrolling
    page.reload()
    expect(page.get_by_role("button", name="Send")).to_be_in_viewport()
    assert_chat_at_end(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px wide)"
    page.screenshot(path=output_dir / "session-narrow.png", full_page=True)
