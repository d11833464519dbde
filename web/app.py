"""Assembles the web app: settings, store, knowledge, engine, security, routes and static files."""

import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from assistant import __version__
from assistant.access import issue_link, login_url
from assistant.config import Settings, get_settings
from assistant.edits import EditConflict
from assistant.llm.port import LanguageModel
from assistant.retrieval.jobs import JobRunner
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.runtime import build_engine
from assistant.store import Conflict, open_store
from web.i18n import translator
from web.limits import BodyLimit
from web.routes import api, auth, pages
from web.security import CookieJar, SecurityHeaders, secret_key
from web.templating import templates

HERE = Path(__file__).parent
log = logging.getLogger("brandplan")


def bootstrap_admin(app: FastAPI, settings: Settings) -> None:
    """On the first start, create the admin link and print it once: only its hash is stored."""
    store = app.state.store
    if store.list_links(None):
        return
    _, token = issue_link(store, role="admin", workspace_id=None, label="first start")
    url = login_url(settings.base_url, token)
    print(f"\n  brandplan is ready. Open this one-time admin login link:\n\n    {url}\n", flush=True)


def create_app(settings: Settings | None = None, *, model: LanguageModel | None = None) -> FastAPI:
    """The app for these settings (the process-wide ones by default); `model` overrides BRANDPLAN_LLM."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings)
        app.state.store = store
        app.state.knowledge = KnowledgeBase(settings, store)
        app.state.engine = build_engine(settings, store, knowledge=app.state.knowledge, model=model)
        app.state.jar = CookieJar(secret_key(settings))
        app.state.jobs = JobRunner(store=store, knowledge=app.state.knowledge, workers=settings.ingest_workers)
        app.state.turns = ThreadPoolExecutor(settings.turn_threads, thread_name_prefix="turn")
        bootstrap_admin(app, settings)
        app.state.jobs.start()
        try:
            yield
        finally:
            app.state.jobs.stop()
            app.state.turns.shutdown()
            store.close()

    app = FastAPI(
        title="brandplan",
        version=__version__,
        lifespan=lifespan,
        description="Brand-strategy planning assistant: workspaces, guided sessions, the strategy document.",
    )
    app.state.settings = settings
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)  # outermost: before anything reads a body
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(api.router)

    def error_response(request: Request, status: int, detail: Any, **extra: Any) -> Response:
        """JSON for the API and scripts, the error page for a browser."""
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse({"detail": detail, **extra}, status_code=status)
        language = pages.page_language(request)
        context = {"message": detail, "lang": language, "t": translator(language)}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return error_response(request, error.status_code, error.detail)

    @app.exception_handler(EditConflict)
    async def edit_conflict(request: Request, error: EditConflict) -> Response:
        return error_response(request, 409, str(error), path=error.path, current=error.current, version=error.version)

    @app.exception_handler(Conflict)
    async def busy(request: Request, error: Conflict) -> Response:
        return error_response(request, 409, "the session kept changing while this was saved: try again")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in error.errors()]
        return JSONResponse({"detail": problems}, status_code=422)

    return app
