"""Request dependencies: settings, store, engine, the visitor, and access to workspaces and sessions.

Anything the visitor may not see answers 404, exactly like something that does not exist.
"""

import hmac
from concurrent.futures import Executor
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from assistant.access import hash_token
from assistant.config import Settings
from assistant.engine import Engine
from assistant.retrieval.jobs import JobRunner
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.store import NotFound, PlanningSession, Store, Workspace
from web.security import MAX_LINKS, CookieJar, Visitor

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
NAME_CHARS = 60  # the name a person gives themselves on a shared link


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_knowledge(request: Request) -> KnowledgeBase:
    knowledge: KnowledgeBase = request.app.state.knowledge
    return knowledge


def get_jobs(request: Request) -> JobRunner:
    jobs: JobRunner = request.app.state.jobs
    return jobs


def get_turns(request: Request) -> Executor:
    turns: Executor = request.app.state.turns
    return turns


def get_jar(request: Request) -> CookieJar:
    jar: CookieJar = request.app.state.jar
    return jar


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
EngineDep = Annotated[Engine, Depends(get_engine)]
KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]
JobsDep = Annotated[JobRunner, Depends(get_jobs)]
JarDep = Annotated[CookieJar, Depends(get_jar)]
TurnsDep = Annotated[Executor, Depends(get_turns)]


def cookie_data(request: Request, store: Store, jar: CookieJar) -> dict[str, Any]:
    """The cookie's contents while its login session lives; nothing once logged out (a copied cookie included)."""
    data = jar.read(request)
    return data if store.login_alive(hash_token(str(data.get("login", "")))) else {}


async def get_visitor(request: Request, store: StoreDep, jar: JarDep) -> Visitor:
    """The visitor's live links (a revoked link stops working at once), checked for CSRF on writes.

    Async only to read a form's CSRF token; the database is read on a worker thread, off the event loop."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        link = await run_in_threadpool(store.find_link, hash_token(auth[7:].strip()))
        return Visitor(links=[link] if link and not link.spent else [], bearer=True)
    data = await run_in_threadpool(cookie_data, request, store, jar)
    ids = [str(i) for i in data.get("links", [])][:MAX_LINKS]
    links = await run_in_threadpool(store.live_links, ids)
    visitor = Visitor(links=links, csrf=str(data.get("csrf", "")), name=str(data.get("name", ""))[:NAME_CHARS])
    if request.method in UNSAFE and visitor.links:
        sent = request.headers.get("x-csrf-token")
        if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            sent = str((await request.form()).get("csrf_token", ""))
        if not visitor.csrf or not hmac.compare_digest(sent or "", visitor.csrf):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    return visitor


VisitorDep = Annotated[Visitor, Depends(get_visitor)]


def require_admin(visitor: VisitorDep) -> Visitor:
    if not visitor.is_admin:
        raise HTTPException(403, "only the administrator can do this")
    return visitor


AdminDep = Annotated[Visitor, Depends(require_admin)]


def readable_workspace(store: Store, visitor: Visitor, slug: str) -> Workspace:
    try:
        workspace = store.get_workspace_by_slug(slug)
    except NotFound:
        raise HTTPException(404, "no such workspace") from None
    if not visitor.can_read(workspace.id):
        raise HTTPException(404, "no such workspace")
    return workspace


def editable(visitor: Visitor, workspace_id: str) -> None:
    if not visitor.can_edit(workspace_id):
        raise HTTPException(403, "this link is read-only")


def editable_workspace(store: Store, visitor: Visitor, slug: str) -> Workspace:
    """The workspace, if the visitor may see it (else 404) and change it (else 403)."""
    workspace = readable_workspace(store, visitor, slug)
    editable(visitor, workspace.id)
    return workspace


def readable_session(store: Store, visitor: Visitor, session_id: str) -> PlanningSession:
    try:
        session = store.get_session(session_id)
    except NotFound:
        raise HTTPException(404, "no such session") from None
    if not visitor.can_read(session.workspace_id):
        raise HTTPException(404, "no such session")
    return session
