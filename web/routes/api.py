"""The JSON API: everything the pages do, documented by OpenAPI at /docs.

Authenticate with the login cookie (plus the `X-CSRF-Token` header on writes) or with
`Authorization: Bearer <link secret>`.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, HTTPException, Query, UploadFile
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant import coherence
from assistant.access import issue_link, login_url
from assistant.document.edits import Edit
from assistant.exports import EXPORTERS
from assistant.exports.cache import ExportCache
from assistant.exports.registry import Edition
from assistant.store import AccessLink, DocumentInfo, NotFound, PlanningSession, Turn, VersionInfo, Workspace
from web import actions, live, schemas
from web.deps import (
    AdminDep,
    EngineDep,
    JobsDep,
    KnowledgeDep,
    SettingsDep,
    StoreDep,
    TurnsDep,
    VisitorDep,
    editable,
    editable_workspace,
    readable_session,
    readable_workspace,
)
from web.errors import PROBLEM_RESPONSES
from web.params import Limit, Offset, OptionalVersion, RowId, Text, Version, VersionInPath
from web.rate_limit import limited

router = APIRouter(prefix="/api", tags=["api"], responses=PROBLEM_RESPONSES)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkspaceIn(Strict):
    name: Text = Field(min_length=1, max_length=200)


class SessionIn(Strict):
    brand: Text = Field(min_length=1, max_length=200)
    language: Literal["en", "it"] = "en"


class MessageIn(Strict):
    text: Text = Field(max_length=50_000)


class LinkIn(Strict):
    role: Literal["member", "viewer"]
    label: Text = Field(default="", max_length=60, description="Whom the link is for (a name or a role).")


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "limit": limit, "offset": offset}


@router.get("/workspaces", response_model=list[Workspace])
def list_workspaces(store: StoreDep, visitor: VisitorDep) -> list[dict[str, Any]]:
    """The workspaces this visitor may open."""
    return [w.__dict__ for w in store.list_workspaces() if visitor.can_read(w.id)]


@router.post("/workspaces", status_code=201, response_model=Workspace)
def create_workspace(body: WorkspaceIn, store: StoreDep, visitor: AdminDep) -> dict[str, Any]:
    """Create a workspace (admin only)."""
    return actions.create_workspace(store, body.name).__dict__


@router.get("/workspaces/{slug}/sessions", response_model=schemas.Page[PlanningSession])
def list_sessions(
    slug: str, store: StoreDep, visitor: VisitorDep, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """The workspace's planning sessions, newest change first."""
    workspace = readable_workspace(store, visitor, slug)
    sessions = store.list_sessions(workspace.id, limit=limit, offset=offset)
    return _page([s.__dict__ for s in sessions], limit, offset)


@router.post("/workspaces/{slug}/sessions", status_code=201, response_model=schemas.StartedSession)
def start_session(
    slug: str, body: SessionIn, store: StoreDep, engine: EngineDep, visitor: VisitorDep
) -> dict[str, Any]:
    """Start a planning session; returns its id and the assistant's first message."""
    workspace = editable_workspace(store, visitor, slug)
    session_id = actions.start_session(store, engine, workspace, body.brand, body.language)
    return {"id": session_id, "turns": [t.__dict__ for t in store.list_turns(session_id)]}


@router.post(
    "/workspaces/{slug}/sessions/import",
    status_code=201,
    dependencies=[limited("uploads")],
    response_model=schemas.ImportedSession,
)
def import_session(
    slug: str, file: UploadFile, store: StoreDep, engine: EngineDep, visitor: VisitorDep
) -> dict[str, Any]:
    """A new session from a strategy exported as JSON; 422 lists each field's problem."""
    session_id = actions.import_strategy(store, engine, visitor, slug, file)
    stage = store.get_session(session_id).stage
    return {"id": session_id, "stage": stage, "turns": [t.__dict__ for t in store.list_turns(session_id)]}


@router.get("/workspaces/{slug}/documents", response_model=list[DocumentInfo])
def list_documents(slug: str, store: StoreDep, visitor: VisitorDep) -> list[dict[str, Any]]:
    """The workspace's documents."""
    workspace = readable_workspace(store, visitor, slug)
    return [d.__dict__ for d in store.list_documents(workspace.id)]


@router.post(
    "/workspaces/{slug}/documents", status_code=202, dependencies=[limited("uploads")], response_model=schemas.Job
)
def upload_document(
    slug: str,
    file: UploadFile,
    store: StoreDep,
    jobs: JobsDep,
    knowledge: KnowledgeDep,
    visitor: VisitorDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Queue a Markdown, text, PDF, HTML or DOCX document (size-limited); follow the returned job at `url`."""
    workspace, job = actions.queue_upload(store, jobs, settings, visitor, slug, file)
    return actions.job_payload(workspace, job, knowledge)


@router.get("/workspaces/{slug}/jobs", response_model=list[schemas.Job])
def list_jobs(slug: str, store: StoreDep, knowledge: KnowledgeDep, visitor: VisitorDep) -> list[dict[str, Any]]:
    """The workspace's latest uploads: queued, running (with progress), done or failed (with the reason)."""
    workspace = readable_workspace(store, visitor, slug)
    return [actions.job_payload(workspace, job, knowledge) for job in store.list_jobs(workspace.id)]


@router.get("/workspaces/{slug}/jobs/{job_id}", response_model=schemas.Job)
def get_job(slug: str, job_id: RowId, store: StoreDep, knowledge: KnowledgeDep, visitor: VisitorDep) -> dict[str, Any]:
    """One upload's job: status, progress, passages, the reason if it failed, and whether it waits for the
    search model to load (`preparing`)."""
    workspace = readable_workspace(store, visitor, slug)
    try:
        return actions.job_payload(workspace, store.get_job(job_id, workspace_id=workspace.id), knowledge)
    except NotFound:
        raise HTTPException(404, "no such job") from None


@router.delete("/workspaces/{slug}/documents/{filename}", status_code=204)
def remove_document(slug: str, filename: str, store: StoreDep, knowledge: KnowledgeDep, visitor: VisitorDep) -> None:
    """Remove a document and its passages."""
    actions.remove_document(store, knowledge, visitor, slug, filename)


@router.get("/workspaces/{slug}/links", response_model=list[AccessLink])
def list_links(slug: str, store: StoreDep, visitor: AdminDep) -> list[dict[str, Any]]:
    """The workspace's access links (admin only; secrets are never shown again)."""
    workspace = readable_workspace(store, visitor, slug)
    return [link.__dict__ for link in store.list_links(workspace.id)]


@router.post("/workspaces/{slug}/links", status_code=201, response_model=schemas.NewLink)
def create_link(slug: str, body: LinkIn, store: StoreDep, settings: SettingsDep, visitor: AdminDep) -> dict[str, Any]:
    """Create a member (edit) or viewer (read-only) link; the URL is returned once."""
    workspace = readable_workspace(store, visitor, slug)
    label = " ".join(body.label.split()) or body.role
    link, token = issue_link(store, role=body.role, workspace_id=workspace.id, label=label)
    return {**link.__dict__, "url": login_url(settings.base_url, token)}


@router.delete("/workspaces/{slug}/links/{link_id}", status_code=204)
def revoke_link(slug: str, link_id: str, store: StoreDep, visitor: AdminDep) -> None:
    """Revoke a link; it stops working at once."""
    actions.revoke_link(store, visitor, slug, link_id)


@router.get("/sessions/{session_id}", response_model=PlanningSession)
def get_session(session_id: str, store: StoreDep, visitor: VisitorDep) -> dict[str, Any]:
    """A session: brand, language, stage, status and where the conversation stands."""
    return readable_session(store, visitor, session_id).__dict__


@router.get("/sessions/{session_id}/document", response_model=schemas.DocumentVersion)
def get_document(
    session_id: str, store: StoreDep, visitor: VisitorDep, version: OptionalVersion = None
) -> dict[str, Any]:
    """The strategy document, latest or a given version."""
    session = readable_session(store, visitor, session_id)
    try:
        number, document = store.load_document(session.id, version)
    except NotFound:
        raise HTTPException(404, "no such version") from None
    return {"version": number, "document": document.model_dump(mode="json")}


@router.get("/sessions/{session_id}/turns", response_model=schemas.Page[Turn])
def list_turns(
    session_id: str, store: StoreDep, visitor: VisitorDep, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    """The conversation, oldest first."""
    session = readable_session(store, visitor, session_id)
    return _page([t.__dict__ for t in store.list_turns(session.id, limit=limit, offset=offset)], limit, offset)


@router.post(
    "/sessions/{session_id}/messages",
    response_model=schemas.Reply,
    responses={200: {"content": {"text/event-stream": {}}, "description": "The reply, or its events."}},
)
async def post_message(
    session_id: str,
    body: MessageIn,
    store: StoreDep,
    engine: EngineDep,
    visitor: VisitorDep,
    settings: SettingsDep,
    turns: TurnsDep,
    accept: Annotated[str, Header()] = "application/json",
) -> dict[str, Any] | StreamingResponse:
    """Send a message. With `Accept: text/event-stream` the reply streams as Server-Sent Events."""
    session = await run_in_threadpool(readable_session, store, visitor, session_id)
    editable(visitor, session.workspace_id)
    text = actions.check_message(body.text, settings.max_message_chars)
    author = visitor.author(session.workspace_id)
    if "text/event-stream" in accept:
        return StreamingResponse(
            actions.stream_reply(engine, turns, session.id, text, author),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    return await actions.in_turn(turns, actions.answer, engine, session.id, text, author)


@router.get(
    "/sessions/{session_id}/events",
    responses={200: {"content": {"text/event-stream": {}}, "description": "The session's events, then live."}},
)
def session_events(
    session_id: str,
    store: StoreDep,
    visitor: VisitorDep,
    after: Annotated[int | None, Query(ge=0, description="Start after this event number (the page's).")] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> live.LiveResponse:
    """What happens in the session, as Server-Sent Events, for everyone who can read it (viewers too).

    Events: `turn` (a message or a reply, with its author), `document` (the new version, the fields that
    changed and who changed them), `presence` (who is here), `proposal` (a reading waiting for
    confirmation, or settled). Each carries its number as the SSE id: a reconnecting browser sends
    `Last-Event-ID` and gets exactly the events it missed. Without `after`, the stream starts at the end."""
    session = readable_session(store, visitor, session_id)
    start = live.resume_from(last_event_id, after)
    if not last_event_id and after is None:
        start = store.last_event(session.id)
    viewer = live.Viewer(name=visitor.author(session.workspace_id), role=visitor.role_in(session.workspace_id))
    return live.LiveResponse(live.session_stream(store, session.id, viewer, start))


@router.post("/sessions/{session_id}/edits", response_model=schemas.Reply)
def post_edit(session_id: str, body: Edit, store: StoreDep, engine: EngineDep, visitor: VisitorDep) -> dict[str, Any]:
    """A structured edit of the document (set, add or remove a field or list item)."""
    session = readable_session(store, visitor, session_id)
    editable(visitor, session.workspace_id)
    author = visitor.author(session.workspace_id)
    return actions.reply_payload(actions.apply_canvas_edit(engine, session.id, body, author))


@router.get("/sessions/{session_id}/versions", response_model=list[VersionInfo])
def list_versions(session_id: str, store: StoreDep, visitor: VisitorDep) -> list[dict[str, Any]]:
    """Every saved version of the document."""
    session = readable_session(store, visitor, session_id)
    return [v.__dict__ for v in store.list_versions(session.id)]


class VersionName(Strict):
    title: Text = Field(max_length=200, description='A name for the version ("after workshop 1"); empty clears it.')


@router.patch("/sessions/{session_id}/versions/{version}", response_model=VersionInfo)
def name_version(
    session_id: str, version: VersionInPath, body: VersionName, store: StoreDep, visitor: VisitorDep
) -> dict[str, Any]:
    """Name a version, so the team finds it again."""
    session = readable_session(store, visitor, session_id)
    editable(visitor, session.workspace_id)
    return actions.name_version(store, session.id, version, body.title).__dict__


@router.post("/sessions/{session_id}/versions/{version}/restore", response_model=schemas.Reply)
def restore_version(
    session_id: str, version: VersionInPath, store: StoreDep, engine: EngineDep, visitor: VisitorDep
) -> dict[str, Any]:
    """Save an earlier version as the newest one; the versions in between stay in the history."""
    session = readable_session(store, visitor, session_id)
    editable(visitor, session.workspace_id)
    reply = actions.restore_version(engine, session.id, version, visitor.author(session.workspace_id))
    return actions.reply_payload(reply)


@router.get("/sessions/{session_id}/diff", response_model=schemas.Diff)
def diff_versions(session_id: str, a: Version, b: Version, store: StoreDep, visitor: VisitorDep) -> dict[str, Any]:
    """What changed between versions `a` and `b`: field list and JSON Patch."""
    return actions.version_diff(store, readable_session(store, visitor, session_id), a, b)


@router.get("/sessions/{session_id}/findings", response_model=schemas.Findings)
def findings(session_id: str, store: StoreDep, visitor: VisitorDep) -> dict[str, Any]:
    """The coherence findings and scorecard of the latest version."""
    session = readable_session(store, visitor, session_id)
    _, document = store.load_document(session.id)
    return {
        "findings": [f.model_dump() for f in coherence.check(document, language=session.language)],
        "scorecard": coherence.scorecard(document).as_json(),
    }


@router.get("/sessions/{session_id}/export", dependencies=[limited("exports")])
def export(
    session_id: str,
    store: StoreDep,
    knowledge: KnowledgeDep,
    engine: EngineDep,
    visitor: VisitorDep,
    settings: SettingsDep,
    format: Annotated[str, Query(description=f"A registered export format: {', '.join(EXPORTERS)}.")] = "json",
    version: OptionalVersion = None,
    edition: Annotated[
        Edition, Query(description="client (plain labels) or working (codes, rules, paths).")
    ] = "client",
) -> Response:
    """A saved version as a report, the document, the deck, the canvas or the workshop kit, in `format`.

    Rendered once per version (later requests are served from the data directory); rate-limited per link."""
    session = readable_session(store, visitor, session_id)
    cache = ExportCache(settings.data_dir / "exports")
    return actions.export_response(store, knowledge, engine.stages, session, format, version, cache, edition)


@router.get("/search", response_model=list[schemas.Hit], response_model_exclude_unset=True)
def search(
    q: Annotated[str, Query(min_length=1, max_length=1000)],
    store: StoreDep,
    knowledge: KnowledgeDep,
    visitor: VisitorDep,
    workspace: str | None = None,
    stage: str | None = None,
    lang: Literal["en", "it"] | None = None,
    top: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[dict[str, Any]]:
    """Search the framework cards and, with `workspace`, that workspace's documents."""
    workspace_id = readable_workspace(store, visitor, workspace).id if workspace else None
    hits = knowledge.search(q, workspace_id=workspace_id, stage=stage, language=lang, top=top)
    return [hit.as_json() for hit in hits]
