"""The HTML pages: home, workspace, session (chat beside the live canvas), versions. Forms work without JS."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from assistant import coherence
from assistant.access import issue_link, login_url
from assistant.document import Language, catalogue
from assistant.document.edits import Edit
from assistant.document.validation import describe
from web import actions, history
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
from web.i18n import page_language, translator
from web.params import OptionalVersion, Text, VersionInPath
from web.rate_limit import limited
from web.templating import templates

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, context: dict[str, Any], *, language: Language, visitor: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        name,
        {"t": translator(language), "lang": language, "csrf": visitor.csrf, "visitor": visitor, **context},
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, visitor: VisitorDep) -> HTMLResponse:
    """The workspaces this visitor may open."""
    workspaces = [w for w in store.list_workspaces() if visitor.can_read(w.id)]
    return render(request, "home.html", {"workspaces": workspaces}, language=page_language(request), visitor=visitor)


@router.post("/workspaces")
def create_workspace(store: StoreDep, visitor: AdminDep, name: Annotated[Text, Form(max_length=200)]) -> Response:
    """Create a workspace (one per client)."""
    workspace = actions.create_workspace(store, name)
    return RedirectResponse(f"/w/{workspace.slug}", status_code=303)


@router.get("/w/{slug}", response_class=HTMLResponse)
def workspace_page(
    request: Request, slug: str, store: StoreDep, visitor: VisitorDep, settings: SettingsDep
) -> HTMLResponse:
    """A workspace: its sessions, its documents and (for the admin) its access links."""
    return _workspace_page(request, slug, store, visitor, settings)


def _workspace_page(
    request: Request, slug: str, store: StoreDep, visitor: VisitorDep, settings: SettingsDep, new_link: str = ""
) -> HTMLResponse:
    workspace = readable_workspace(store, visitor, slug)
    sessions = []
    for session in store.list_sessions(workspace.id, limit=200):
        _, document = store.load_document(session.id)
        sessions.append((session, round(100 * coherence.scorecard(document).completeness["overall"])))
    context = {
        "workspace": workspace,
        "sessions": sessions,
        "documents": store.list_documents(workspace.id),
        "jobs": store.list_jobs(workspace.id, limit=10),
        "preparing": not request.app.state.knowledge.ready,  # this process's search model is still loading
        "links": store.list_links(workspace.id) if visitor.is_admin else [],
        "new_link": new_link,
        "can_edit": visitor.can_edit(workspace.id),
        "limit_mb": settings.max_upload_mb,
    }
    return render(request, "workspace.html", context, language=page_language(request), visitor=visitor)


@router.post("/w/{slug}/sessions")
def start_session(
    slug: str,
    store: StoreDep,
    engine: EngineDep,
    visitor: VisitorDep,
    brand: Annotated[Text, Form(max_length=200)],
    language: Annotated[Literal["en", "it"], Form()] = "en",
) -> Response:
    """Start a planning session and open it."""
    workspace = editable_workspace(store, visitor, slug)
    session_id = actions.start_session(store, engine, workspace, brand, language)
    return RedirectResponse(f"/s/{session_id}", status_code=303)


@router.post("/w/{slug}/sessions/import", dependencies=[limited("uploads")])
def import_session(slug: str, store: StoreDep, engine: EngineDep, visitor: VisitorDep, file: UploadFile) -> Response:
    """Open a strategy exported as JSON as a new session."""
    session_id = actions.import_strategy(store, engine, visitor, slug, file)
    return RedirectResponse(f"/s/{session_id}", status_code=303)


@router.post("/w/{slug}/documents", dependencies=[limited("uploads")])
def upload_document(
    slug: str, store: StoreDep, jobs: JobsDep, visitor: VisitorDep, settings: SettingsDep, file: UploadFile
) -> Response:
    """Queue a document for the workspace's knowledge; the workspace page follows its job."""
    actions.queue_upload(store, jobs, settings, visitor, slug, file)
    return RedirectResponse(f"/w/{slug}#uploads", status_code=303)


@router.post("/w/{slug}/documents/remove")
def remove_document(
    slug: str, store: StoreDep, knowledge: KnowledgeDep, visitor: VisitorDep, filename: Annotated[str, Form()]
) -> Response:
    """Remove a document and its passages."""
    actions.remove_document(store, knowledge, visitor, slug, filename)
    return RedirectResponse(f"/w/{slug}", status_code=303)


@router.post("/w/{slug}/links", response_class=HTMLResponse)
def create_link(
    request: Request,
    slug: str,
    store: StoreDep,
    settings: SettingsDep,
    visitor: AdminDep,
    role: Annotated[Literal["member", "viewer"], Form()],
    label: Annotated[Text, Form(max_length=60)] = "",
) -> HTMLResponse:
    """Create a member or read-only link, labelled with whom it is for; its URL is shown once, here only."""
    workspace = readable_workspace(store, visitor, slug)
    _, token = issue_link(store, role=role, workspace_id=workspace.id, label=" ".join(label.split()) or role)
    return _workspace_page(request, slug, store, visitor, settings, new_link=login_url(settings.base_url, token))


@router.post("/w/{slug}/links/{link_id}/revoke")
def revoke_link(slug: str, link_id: str, store: StoreDep, visitor: AdminDep) -> Response:
    """Revoke a link: it stops working at once."""
    actions.revoke_link(store, visitor, slug, link_id)
    return RedirectResponse(f"/w/{slug}", status_code=303)


@router.get("/s/{session_id}", response_class=HTMLResponse)
def session_page(
    request: Request, session_id: str, store: StoreDep, engine: EngineDep, visitor: VisitorDep, settings: SettingsDep
) -> HTMLResponse:
    """The chat beside the live canvas."""
    session = readable_session(store, visitor, session_id)
    t = translator(session.language)
    context = actions.session_model(store, engine, session, t)
    context["turns"] = store.list_turns(session.id)
    context["workspace"] = store.get_workspace(session.workspace_id)
    context["can_edit"] = visitor.can_edit(session.workspace_id)
    context["formats"] = actions.export_formats(session.language)
    context["message_limit"] = settings.max_message_chars
    context["last_event"] = store.last_event(session.id)
    context["author"] = visitor.author(session.workspace_id)
    context["my_name"] = visitor.name
    context["bearer"] = visitor.bearer
    return render(request, "session.html", context, language=session.language, visitor=visitor)


@router.get("/s/{session_id}/canvas", response_class=HTMLResponse)
def canvas_fragment(
    request: Request, session_id: str, store: StoreDep, engine: EngineDep, visitor: VisitorDep
) -> HTMLResponse:
    """The canvas alone, for the page to refresh after a turn or an edit."""
    session = readable_session(store, visitor, session_id)
    context = actions.session_model(store, engine, session, translator(session.language))
    context["can_edit"] = visitor.can_edit(session.workspace_id)
    return render(request, "_canvas.html", context, language=session.language, visitor=visitor)


@router.post("/s/{session_id}/messages")
async def post_message(
    request: Request,
    session_id: str,
    store: StoreDep,
    engine: EngineDep,
    visitor: VisitorDep,
    settings: SettingsDep,
    turns: TurnsDep,
    text: Annotated[Text, Form()] = "",
) -> Response:
    """A chat message from the form (no JavaScript): answered, then back to the page."""
    session = await run_in_threadpool(readable_session, store, visitor, session_id)
    editable(visitor, session.workspace_id)
    actions.check_message(text, settings.max_message_chars)
    await actions.in_turn(turns, engine.handle, session.id, text, author=visitor.author(session.workspace_id))
    return RedirectResponse(f"/s/{session.id}#composer", status_code=303)


@router.post("/s/{session_id}/edit")
async def edit_field(
    request: Request, session_id: str, store: StoreDep, engine: EngineDep, visitor: VisitorDep
) -> Response:
    """A canvas edit from a form: `op`, `path`, then either `value`, `lines` or `item.<field>` values."""
    session = await run_in_threadpool(readable_session, store, visitor, session_id)
    editable(visitor, session.workspace_id)
    form = await request.form()
    fields = {"op": form.get("op", "set"), "path": form.get("path", ""), "value": form_value(form)}
    try:
        change = Edit.model_validate({**fields, "base_version": form.get("base_version") or None})
    except ValidationError as error:
        raise HTTPException(422, "; ".join(describe(error))) from None
    author = visitor.author(session.workspace_id)
    await run_in_threadpool(actions.apply_canvas_edit, engine, session.id, change, author)
    page = f"/s/{session.id}/board" if form.get("view") == "board" else f"/s/{session.id}"  # back where it was made
    return RedirectResponse(f"{page}#{form.get('anchor', 'canvas')}", status_code=303)


def form_value(form: Any) -> Any:
    """Lines become lists, `item.*` fields a dict (empty choices become null), else the plain value."""
    if "lines" in form:
        return [line.strip() for line in str(form["lines"]).splitlines() if line.strip()]
    item = {key[5:]: str(value) for key, value in form.items() if key.startswith("item.")}
    if item:
        return {key: (value or None) if key in NULLABLE else value for key, value in item.items()}
    return str(form.get("value", ""))


NULLABLE = {f.name for f in catalogue.fields() if f.optional}  # a choice or reference left empty is null


@router.get("/s/{session_id}/versions", response_class=HTMLResponse)
def versions_page(
    request: Request,
    session_id: str,
    store: StoreDep,
    visitor: VisitorDep,
    a: OptionalVersion = None,
    b: OptionalVersion = None,
    everything: bool = False,
) -> HTMLResponse:
    """The session's versions (what each did, by whom; a quick run of one person's edits as one entry), the
    newest first and the older ones on request, and what changed between two of them, field by field."""
    session = readable_session(store, visitor, session_id)
    versions = store.list_versions(session.id)
    diff: dict[str, Any] | None = None
    if a is not None and b is not None:
        diff = actions.version_diff(store, session, a, b)
    context = {
        "session": session,
        "versions": versions,
        "entries": history.entries(store, session.id, session.language, limit=None if everything else history.SHOWN),
        "everything": everything,
        "diff": diff,
        "can_edit": visitor.can_edit(session.workspace_id),
        "formats": actions.export_formats(session.language),
    }
    return render(request, "versions.html", context, language=session.language, visitor=visitor)


@router.post("/s/{session_id}/versions/{version}/restore")
def restore_version(
    session_id: str, version: VersionInPath, store: StoreDep, engine: EngineDep, visitor: VisitorDep
) -> Response:
    """Restore a version from the history page (a new version); back to the history."""
    session = readable_session(store, visitor, session_id)
    editable(visitor, session.workspace_id)
    actions.restore_version(engine, session.id, version, visitor.author(session.workspace_id))
    return RedirectResponse(f"/s/{session.id}/versions", status_code=303)


@router.post("/s/{session_id}/versions/{version}/name")
def name_version(
    session_id: str,
    version: VersionInPath,
    store: StoreDep,
    visitor: VisitorDep,
    title: Annotated[Text, Form(max_length=200)] = "",
) -> Response:
    """Name a version from the history page."""
    session = readable_session(store, visitor, session_id)
    editable(visitor, session.workspace_id)
    actions.name_version(store, session.id, version, title)
    return RedirectResponse(f"/s/{session.id}/versions#v{version}", status_code=303)
