"""What pages and the API both do: start sessions, upload and remove documents, revoke links, stream replies,
apply edits, compare versions, build page models."""

import asyncio
import functools
import json
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor
from functools import partial
from typing import Any, TypeVar

from fastapi import HTTPException, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from assistant import coherence
from assistant.config import Settings
from assistant.document import Language
from assistant.document.changes import changes
from assistant.document.edits import Edit, EditError
from assistant.document.history import changed_fields, json_patch
from assistant.document.paths import anchor
from assistant.document.validation import DocumentInvalid
from assistant.engine import Engine, Reply
from assistant.exports import EXPORTERS, MAX_IMPORT_BYTES, build_context, import_document
from assistant.exports.cache import ExportCache
from assistant.exports.registry import Edition, context_filename
from assistant.naming import slugify
from assistant.retrieval.ingest import TooLarge, accept, display_name
from assistant.retrieval.jobs import JobRunner
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.parsers import UnreadableFile
from assistant.stages import STAGE_ORDER, StageBook
from assistant.store import IngestJob, NotFound, PlanningSession, Store, VersionInfo, Workspace
from web.canvas import CanvasBuilder, SectionView, pending_view
from web.deps import editable_workspace, readable_workspace
from web.i18n import Translator
from web.markdown import render
from web.security import Visitor

T = TypeVar("T")
WORDS_PER_EVENT = 3  # the deterministic reply is complete at once; it is still sent in small pieces


def create_workspace(store: Store, name: str) -> Workspace:
    name = " ".join(name.split())[:200]
    try:
        return store.create_workspace(name=name, slug=slugify(name))
    except ValueError as error:
        raise HTTPException(422, str(error)) from None


def start_session(store: Store, engine: Engine, workspace: Workspace, brand: str, language: Language) -> str:
    brand = " ".join(brand.split())[:200]
    if not brand:
        raise HTTPException(422, "the brand name is empty")
    session = store.create_session(workspace_id=workspace.id, brand_name=brand, language=language, stage="purpose")
    engine.start(session.id)
    return session.id


def import_strategy(store: Store, engine: Engine, visitor: Visitor, slug: str, file: UploadFile) -> str:
    """A new session from an exported strategy (JSON), opened where its work is still incomplete."""
    workspace = editable_workspace(store, visitor, slug)
    data = file.file.read(MAX_IMPORT_BYTES + 1)
    try:
        session_id, _ = import_document(store, workspace_id=workspace.id, data=data, name=file.filename or "upload")
    except DocumentInvalid as error:
        raise HTTPException(422, error.problems) from None
    engine.start(session_id)
    return session_id


def queue_upload(
    store: Store, jobs: JobRunner, settings: Settings, visitor: Visitor, slug: str, file: UploadFile
) -> tuple[Workspace, IngestJob]:
    """Check an uploaded file cheaply and queue it to be read; 413/422 naming the file if it cannot be."""
    workspace = editable_workspace(store, visitor, slug)
    data = file.file.read(settings.max_upload_bytes + 1)
    filename = file.filename or "upload"
    try:
        name = accept(filename, data, settings)
    except UnreadableFile as error:
        raise HTTPException(413 if isinstance(error, TooLarge) else 422, f"{display_name(filename)}: {error}") from None
    job = store.queue_job(workspace_id=workspace.id, filename=name, data=data)
    jobs.wake()
    return workspace, job


def remove_document(store: Store, knowledge: KnowledgeBase, visitor: Visitor, slug: str, filename: str) -> None:
    """Remove a document and its passages from a workspace the visitor may edit."""
    workspace = editable_workspace(store, visitor, slug)
    try:
        knowledge.remove(workspace.id, filename)
    except NotFound:
        raise HTTPException(404, "no such document") from None


def revoke_link(store: Store, visitor: Visitor, slug: str, link_id: str) -> None:
    """Revoke one of the workspace's links (the caller checks the visitor is the admin)."""
    workspace = readable_workspace(store, visitor, slug)
    try:
        store.revoke_link(link_id, workspace_id=workspace.id)
    except NotFound:
        raise HTTPException(404, "no such link") from None


def job_payload(workspace: Workspace, job: IngestJob, knowledge: KnowledgeBase) -> dict[str, Any]:
    """The job as the API shows it; `preparing` while it waits for this process's search model to load."""
    return {
        **job.__dict__,
        "url": f"/api/workspaces/{workspace.slug}/jobs/{job.id}",
        "preparing": job.active and not knowledge.ready,
    }


def check_message(text: str, limit: int) -> str:
    if len(text) > limit:
        raise HTTPException(413, f"the message is {len(text)} characters; the limit is {limit}")
    return text


def reply_payload(reply: Reply) -> dict[str, Any]:
    data = reply.as_json()
    data["html"] = str(render(reply.message))
    return data


def answer(engine: Engine, session_id: str, text: str, author: str = "") -> dict[str, Any]:
    """The reply to a message, rendered (blocking: run it with `in_turn`)."""
    return reply_payload(engine.handle(session_id, text, author=author))


async def in_turn(turns: Executor, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Work on a message on the turn threads: a few, first come first served. Messages then never take the
    threads that pages are served on, and a handful of threads, not dozens, contend for the database's one
    writer and for the interpreter."""
    return await asyncio.get_running_loop().run_in_executor(turns, partial(work, *args, **kwargs))


async def stream_reply(
    engine: Engine, turns: Executor, session_id: str, text: str, author: str = ""
) -> AsyncIterator[str]:
    """Server-Sent Events: `token` events as the reply is written, then one `reply` event with all of it."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    streamed = False

    def on_token(token: str) -> None:
        nonlocal streamed
        streamed = True
        loop.call_soon_threadsafe(queue.put_nowait, token)

    async def run() -> Reply:
        try:
            return await in_turn(turns, engine.handle, session_id, text, author=author, on_token=on_token)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, None)

    task = asyncio.create_task(run())
    while (token := await queue.get()) is not None:
        yield _event("token", {"text": token})
    try:
        reply = await task
    except Exception:
        yield _event("failure", {"message": "the reply failed; your message was kept"})
        return
    if not streamed:
        words = reply.message.split(" ")
        for start in range(0, len(words), WORDS_PER_EVENT):
            yield _event("token", {"text": " ".join(words[start : start + WORDS_PER_EVENT]) + " "})
    yield _event("reply", await run_in_threadpool(reply_payload, reply))


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def apply_canvas_edit(engine: Engine, session_id: str, change: Edit, author: str = "") -> Reply:
    try:
        return engine.edit(session_id, change, author=author)
    except EditError as error:
        raise HTTPException(422, str(error)) from None
    except DocumentInvalid as error:
        raise HTTPException(422, "; ".join(error.problems)) from None


def version_diff(store: Store, session: PlanningSession, a: int, b: int) -> dict[str, Any]:
    """What changed between versions `a` and `b`: each field's name in the session's language with its value
    before and after, the paths, and the JSON Patch; 404 if either is missing."""
    try:
        old, new = store.load_document(session.id, a)[1], store.load_document(session.id, b)[1]
    except NotFound:
        raise HTTPException(404, "no such version") from None
    return {
        "a": a,
        "b": b,
        "changes": [change.__dict__ for change in changes(old, new, session.language)],
        "fields": changed_fields(old, new),
        "patch": json_patch(old, new),
    }


def restore_version(engine: Engine, session_id: str, version: int, author: str) -> Reply:
    """An earlier version saved as the newest (404 when there is none)."""
    try:
        return engine.restore(session_id, version, author=author)
    except NotFound:
        raise HTTPException(404, "no such version") from None


def name_version(store: Store, session_id: str, version: int, title: str) -> VersionInfo:
    try:
        return store.name_version(session_id, version, title)
    except NotFound:
        raise HTTPException(404, "no such version") from None


def session_model(store: Store, engine: Engine, session: PlanningSession, t: Translator) -> dict[str, Any]:
    """Everything the session page and its canvas fragment show."""
    version, document = store.load_document(session.id)
    findings = coherence.check(document, language=session.language)
    score = coherence.scorecard(document)
    sections: list[SectionView] = CanvasBuilder(document, findings, t).build()
    stages = [
        {
            "id": stage_id,
            "title": engine.stages.stage(stage_id).title.render(session.language),
            "completion": round(100 * score.completeness[stage_id]),
            "current": stage_id == session.stage,
        }
        for stage_id in STAGE_ORDER
    ]
    return {
        "session": session,
        "changed_by": changed_by(store, session.id),
        "version": version,
        "document": document,
        "findings": findings,
        "score": score,
        "sections": sections,
        "pending": pending_view(session.state, engine.stages, t),
        "stages": stages,
    }


def changed_by(store: Store, session_id: str) -> dict[str, str]:
    """Who last changed each part of the document, by canvas anchor: a field, its list and its item
    (`touchpoints[0].channel` names the touchpoints list, touchpoint 1 and its channel)."""
    names: dict[str, str] = {}
    for event in store.events_after(session_id, 0, limit=None, kind="document"):
        author = str(event.data.get("author", ""))
        for path in event.data.get("fields", []):
            for cut in range(1, len(path) + 1):
                if cut == len(path) or path[cut] in ".[":
                    names[anchor(path[:cut])] = author
    return {key: name for key, name in names.items() if name}


def export_formats(language: Language) -> list[tuple[str, str]]:
    """The export menu: each registered format's name and its description in `language`."""
    return [(exporter.name, exporter.describe(language)) for exporter in EXPORTERS.values()]


def export_response(
    store: Store,
    knowledge: KnowledgeBase,
    stages: StageBook,
    session: PlanningSession,
    fmt: str,
    version: int | None,
    cache: ExportCache,
    edition: Edition = "client",
) -> Response:
    """A download of a saved version in `fmt`, for the client or the team (`edition`), named after the brand
    (slugged: no path characters); rendered once per version and edition, then served from `cache`."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise HTTPException(422, f"unknown format {fmt!r}; available: {', '.join(EXPORTERS)}")
    try:
        context = build_context(
            store, session.id, version, knowledge, workspace_id=session.workspace_id, stages=stages, edition=edition
        )
    except NotFound:
        raise HTTPException(404, "no such version") from None
    kept = cache.path(
        session_id=session.id,
        version=context.version,
        fmt=fmt,
        language=context.language,
        brand=context.brand,
        edition=edition,
    )
    data = cache.get_or_render(kept, functools.partial(exporter.render, context))
    name = context_filename(context, exporter.extension)
    return Response(
        data, media_type=exporter.media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
