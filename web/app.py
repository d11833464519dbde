"""Assembles the web app: settings, store, routes, templates and static files."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from assistant import __version__
from assistant.config import Settings, get_settings
from assistant.schema import document_schema
from assistant.store import open_store

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app for these settings (the process-wide ones by default)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_store(settings)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(title="brandplan", version=__version__, lifespan=lifespan)
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        """The home page."""
        return templates.TemplateResponse(request, "home.html", {"version": __version__})

    @app.get("/healthz")
    def health(request: Request) -> dict[str, str]:
        """Liveness and database check."""
        request.app.state.store.list_workspaces()
        return {"status": "ok", "version": __version__}

    @app.get("/api/schema")
    def strategy_schema() -> dict[str, Any]:
        """The JSON Schema of the strategy document."""
        return document_schema()

    return app
