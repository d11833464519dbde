"""Assembles the web app: settings, store, knowledge, engine, security, routes and static files."""

import logging
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from assistant import __version__
from assistant.access import issue_link, login_url
from assistant.config import Settings, get_settings
from assistant.data_lock import own_data_dir
from assistant.llm.port import LanguageModel
from assistant.retrieval.jobs import JobRunner
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.sandbox import READERS
from assistant.runtime import build_engine
from assistant.store import open_store
from assistant.store.repository import Store, utcnow
from web import errors, rate_limit
from web.limits import BodyLimit, RefuseNul
from web.routes import api, auth, board, docs, pages
from web.security import CookieJar, SecurityHeaders, secret_key

log = logging.getLogger("brandplan.app")

HERE = Path(__file__).parent
PRUNE_EVERY_SECONDS = 3600


def bootstrap_admin(app: FastAPI, settings: Settings) -> None:
    """On the first start, create the admin link and print it once: only its hash is stored."""
    store = app.state.store
    if store.list_links(None):
        return
    _, token = issue_link(store, role="admin", workspace_id=None, label="first start")
    url = login_url(settings.base_url, token)
    print(f"\n  brandplan is ready. Open this one-time admin login link:\n\n    {url}\n", flush=True)


def _warm(knowledge: KnowledgeBase, done: threading.Event) -> None:
    try:
        knowledge.search("brand purpose")  # loads the model, opens the index, builds the cards' word index
    except Exception:  # the first real search will say what is wrong
        log.exception("warming the knowledge base up failed")
    finally:
        done.set()


def _prune_events(store: Store, keep: timedelta, stop: threading.Event) -> None:
    """Now and every hour until `stop`: the live events older than `keep` go, so the log does not grow for ever."""
    while True:
        try:
            store.prune_events(utcnow() - keep)
        except Exception:  # the next round tries again
            log.exception("pruning old live events failed")
        if stop.wait(PRUNE_EVERY_SECONDS):
            return


def create_app(
    settings: Settings | None = None, *, model: LanguageModel | None = None, warm_up: bool = False
) -> FastAPI:
    """The app for these settings (the process-wide ones by default); `model` overrides BRANDPLAN_LLM.

    With `warm_up` (the served app), the embedding model and the card index load in the background as soon
    as the app starts, so the first search or upload does not wait for them."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with own_data_dir(settings):  # refuses to start beside another process on an embedded vector store
            store = open_store(settings)
            app.state.store = store
            app.state.knowledge = KnowledgeBase(settings, store)
            app.state.engine = build_engine(settings, store, knowledge=app.state.knowledge, model=model)
            app.state.jar = CookieJar(secret_key(settings))
            app.state.jobs = JobRunner(store=store, knowledge=app.state.knowledge, workers=settings.ingest_workers)
            app.state.turns = ThreadPoolExecutor(settings.turn_threads, thread_name_prefix="turn")
            bootstrap_admin(app, settings)
            app.state.jobs.start()
            app.state.warm = threading.Event()
            if warm_up:
                threading.Thread(target=_warm, args=(app.state.knowledge, app.state.warm), daemon=True).start()
            stop_pruning = threading.Event()
            keep = timedelta(hours=settings.live_events_keep_hours)
            threading.Thread(target=_prune_events, args=(store, keep, stop_pruning), daemon=True).start()
            try:
                yield
            finally:
                stop_pruning.set()
                app.state.jobs.stop()
                READERS.close()  # the idle reader processes end with the app, not with the interpreter
                app.state.turns.shutdown()
                store.close()

    app = FastAPI(
        title="brandplan",
        version=__version__,
        lifespan=lifespan,
        description="Brand-strategy planning assistant: workspaces, guided sessions, the strategy document.",
        docs_url=None,  # web/routes/docs.py serves the page with its own assets, under the app's CSP
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.rate_limits = rate_limit.buckets(
        {"exports": settings.exports_per_minute, "uploads": settings.uploads_per_minute}
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RefuseNul)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)  # outermost: before anything reads a body
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/docs/assets", docs.ASSETS, name="docs-assets")
    app.include_router(docs.router)
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(board.router)
    app.include_router(api.router)
    errors.install(app)

    return app
