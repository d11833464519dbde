"""A session's live stream (Server-Sent Events): what its team says and changes, and who is here.

The stream reads the session's event log from the store: first everything after the id the viewer already
has (`Last-Event-ID` when the browser reconnects), then whatever is saved next, woken by the store, so
nothing is lost or repeated across reconnections and processes. A comment line is sent now and then to keep
proxies from closing an idle connection, and to tell the store the viewer is still here.
"""

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from assistant.store import Store
from assistant.store.repository import SessionEvent
from web.markdown import render

HEARTBEAT_SECONDS = 15.0
BATCH = 100  # events read per query
RETRY_MS = 2000  # how long a browser waits before reconnecting a dropped stream


class LiveResponse(StreamingResponse):
    """A stream that ends as soon as the viewer goes: on ASGI 2.4 servers Starlette notices a closed
    connection only at the next write, and a quiet session would keep its stream (and its place among
    those present) until the next heartbeat."""

    def __init__(self, content: AsyncIterator[str]):
        super().__init__(
            content, media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with anyio.create_task_group() as group:

            async def stream() -> None:
                with contextlib.suppress(OSError):
                    await self.stream_response(send)
                group.cancel_scope.cancel()

            group.start_soon(stream)
            await self.listen_for_disconnect(receive)
            group.cancel_scope.cancel()


@dataclass(frozen=True)
class Viewer:
    """Who opened the stream, as the others see them."""

    name: str
    role: str


async def session_stream(store: Store, session_id: str, viewer: Viewer, after: int) -> AsyncIterator[str]:
    """The events of `session_id` after number `after`, then live, until the viewer goes."""
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()

    def on_saved() -> None:
        loop.call_soon_threadsafe(wake.set)

    unsubscribe = store.subscribe(session_id, on_saved)
    key = uuid.uuid4().hex
    try:
        await run_in_threadpool(store.arrive, session_id, viewer=key, name=viewer.name, role=viewer.role)
        yield f"retry: {RETRY_MS}\n\n"
        while True:
            wake.clear()  # before reading: a wake-up during the read is not lost
            events = await run_in_threadpool(store.events_after, session_id, after, limit=BATCH)
            for event in events:
                yield encode(event)
                after = event.seq
            if len(events) == BATCH:
                continue
            try:
                await asyncio.wait_for(wake.wait(), timeout=HEARTBEAT_SECONDS)
            except TimeoutError:
                yield ": still here\n\n"
                await run_in_threadpool(store.arrive, session_id, viewer=key, name=viewer.name, role=viewer.role)
    finally:
        unsubscribe()
        # the viewer went (the response task is being cancelled): tell the others without waiting here
        loop.run_in_executor(None, _leave, store, session_id, key)


def _leave(store: Store, session_id: str, key: str) -> None:
    with contextlib.suppress(Exception):  # the session deleted, the database gone: the entry expires anyway
        store.leave(session_id, viewer=key)


def encode(event: SessionEvent) -> str:
    """One event on the wire: its number as the id, its kind as the name, JSON data on one line."""
    data = _for_page(event)
    return f"id: {event.seq}\nevent: {event.kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _for_page(event: SessionEvent) -> dict[str, Any]:
    """The event's data, with an assistant turn's Markdown rendered to sanitised HTML for the page."""
    data = dict(event.data)
    if event.kind == "turn" and data.get("role") == "assistant":
        data["html"] = str(render(str(data.get("content", ""))))
    return data


def resume_from(last_event_id: str | None, after: int | None) -> int:
    """Where to start: the browser's `Last-Event-ID` on a reconnection wins over the page's `after`."""
    if last_event_id and last_event_id.strip().isdigit():
        return int(last_event_id.strip())
    return max(after or 0, 0)
