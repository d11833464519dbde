"""Real-browser tests: the app served by uvicorn on a loopback port, driven by Chromium through Playwright.

One app start and one browser for the whole suite; every test gets fresh browser contexts (cookies) of its own.
Without Chromium or Playwright the tests are skipped, except under CI (`CI` set), where they must run.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import uvicorn

from assistant.access import issue_link, login_url
from assistant.config import Settings
from assistant.engine import Engine
from assistant.store import SqlStore
from tests.web.conftest import PROFILE
from web import actions
from web.app import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Playwright

CHROMIUM = Path(os.environ.get("BROWSER_TESTS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
TIMEOUT_MS = 15_000


def _unavailable() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    if not CHROMIUM.exists() or not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set BROWSER_TESTS_CHROMIUM)"
    return ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class LiveApp:
    """The running app: its address, and its own store and engine for setting up data."""

    base_url: str
    settings: Settings
    store: SqlStore
    engine: Engine

    def url(self, path: str) -> str:
        return self.base_url + path

    def workspace(self, name: str) -> Any:
        return actions.create_workspace(self.store, name)

    def session(self, workspace: Any, *, brand: str, language: str = "en", answers: tuple[str, ...] = ()) -> str:
        """A session started and answered through the engine, as if typed in the chat."""
        session_id = actions.start_session(self.store, self.engine, workspace, brand, language)  # type: ignore[arg-type]
        for text in (*PROFILE, *answers):  # who the brand is comes first; then the purpose statement is pending
            self.engine.handle(session_id, text)
        return session_id

    def link(self, role: str, workspace_id: str | None, label: str = "") -> str:
        label = label or f"browser test {role}"
        _, token = issue_link(self.store, role=role, workspace_id=workspace_id, label=label)  # type: ignore[arg-type]
        return login_url(self.base_url, token)


@pytest.fixture(scope="package")
def browser_available() -> None:
    """Skips the browser tests (before anything starts) when Chromium or Playwright is missing; under CI fails."""
    reason = _unavailable()
    if reason and os.environ.get("CI"):
        pytest.fail(f"browser tests must run under CI, but {reason}", pytrace=False)
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="package")
def live_app(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The real app (offline assistant, SQLite, a private data folder) served by uvicorn in a background thread."""
    port = _free_port()
    settings = Settings(data_dir=tmp_path_factory.mktemp("browser-data"), llm="", port=port, host="127.0.0.1")
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if not thread.is_alive():
            pytest.fail("the app did not start (see the captured output)")
        try:
            if server.started and httpx.get(base_url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("the app did not answer /healthz within 120 s")
        time.sleep(0.1)
    store: SqlStore = app.state.store
    app.state.knowledge.search("co-creation")  # loads the embedding model now, not during the first test
    try:
        yield LiveApp(base_url, settings, store, app.state.engine)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="package")
def playwright_driver(browser_available: None) -> Iterator[Playwright]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Watch:
    """What went wrong in a page: console errors (CSP violations among them), uncaught exceptions and dialogs
    (an `alert` from injected markup). A test may allow console errors it provokes on purpose."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(p.search(message.text) for p in self.allowed):
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"dialog: {dialog.type} {dialog.message!r}")
        dialog.dismiss()


class Pages:
    """Opens pages, each in a fresh browser context (no cookies) and watched; see `open_page`."""

    def __init__(self, browser: Browser):
        self.browser = browser
        self.opened: list[tuple[BrowserContext, Watch]] = []
        self.watches: dict[int, Watch] = {}

    def __call__(self, url: str, **options: Any) -> Page:
        context = self.browser.new_context(**{"viewport": {"width": 1400, "height": 1000}, **options})
        context.set_default_timeout(TIMEOUT_MS)
        watch = Watch()
        self.opened.append((context, watch))
        page = context.new_page()
        self.watches[id(page)] = watch
        watch.attach(page)
        page.goto(url)
        return page

    def allow_console_error(self, page: Page, pattern: str) -> None:
        """Console errors matching `pattern` are expected in this page (say, a refused request's status)."""
        self.watches[id(page)].allowed.append(re.compile(pattern))

    def close(self) -> list[str]:
        """Closes every context; returns what went wrong in their pages."""
        for context, _ in self.opened:
            context.close()
        return [problem for _, watch in self.opened for problem in watch.errors + watch.dialogs]


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Pages]:
    """`open_page(url, **context_options)`: a page in a fresh browser context. When the test ends, no page may
    have logged a console error, thrown an uncaught exception or opened a dialog."""
    pages = Pages(browser)
    yield pages
    problems = pages.close()
    assert not problems, "the pages logged errors or opened dialogs:\n" + "\n".join(problems)


@pytest.fixture
def admin_page(live_app: LiveApp, open_page: Pages) -> Page:
    """A page logged in with a new admin link (admin links are one-time; /login/{token} sets the cookie and
    goes home)."""
    return open_page(live_app.link("admin", None))


@pytest.fixture(scope="package")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
