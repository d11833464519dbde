"""Refusals made before the app sees a request.

A cap on request bodies, enforced while they arrive: Starlette would otherwise spool a whole upload to disk
before the route could check its size, so a large enough upload could fill the disk. And no NUL in the path
or query string."""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADROOM = 1024 * 1024  # multipart framing and form fields around the largest accepted file


class BodyLimit:
    """Answers 413 when a body declares, or turns out, to be larger than `max_bytes` (+ headroom).

    A body found too large midway is answered at once; the app then sees the client gone (FastAPI turns
    any error while parsing a form into its own 400, so raising through it would not do) and whatever it
    still sends is dropped."""

    def __init__(self, app: ASGIApp, *, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes + HEADROOM
        self.max_mb = max_bytes / 1024 / 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        received = 0
        responded = refused = False

        async def counted() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes and not responded:
                    refused = True
                    await self._refuse(scope, send)
                    return {"type": "http.disconnect"}
            return message

        async def tracked(message: Message) -> None:
            nonlocal responded
            if refused:
                return
            responded = responded or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, tracked)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        detail = f"the request is over the {self.max_mb:g} MB upload limit"
        api = str(scope.get("path", "")).startswith("/api/")
        body = json.dumps({"detail": detail}).encode() if api else f"{detail}.".encode()
        kind = b"application/json" if api else b"text/plain; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class RefuseNul:
    """Answers 422 when the path or query string carries a NUL character: PostgreSQL refuses it in any text
    column, so an id or a search term holding one would otherwise fail deep in a query."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and ("\x00" in scope["path"] or b"%00" in scope["query_string"]):
            body = json.dumps({"detail": ["path or query: contains a NUL character"]}).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 422, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
