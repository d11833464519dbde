"""Who the visitor is (the links they opened, from a signed cookie), CSRF tokens and response headers."""

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings
from assistant.store.repository import AccessLink

COOKIE = "brandplan_session"
MAX_LINKS = 30
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # login links carry secrets in their path
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def secret_key(settings: Settings) -> str:
    """The configured key, or one generated once and kept (readable by the owner only) in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.data_dir / "secret_key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


@dataclass
class Visitor:
    """The live links this browser holds; what they allow is decided per workspace."""

    links: list[AccessLink] = field(default_factory=list)
    csrf: str = ""
    bearer: bool = False  # authenticated by an Authorization header: no ambient cookie, no CSRF risk
    name: str = ""  # the name the person gave on this browser ("" until they do)

    @property
    def is_admin(self) -> bool:
        return any(link.role == "admin" for link in self.links)

    def can_read(self, workspace_id: str) -> bool:
        return self.is_admin or any(link.workspace_id == workspace_id for link in self.links)

    def can_edit(self, workspace_id: str) -> bool:
        return self.is_admin or any(link.workspace_id == workspace_id and link.role == "member" for link in self.links)

    def role_in(self, workspace_id: str) -> str:
        """The strongest role this visitor holds in the workspace: admin, member or viewer."""
        return "admin" if self.is_admin else "member" if self.can_edit(workspace_id) else "viewer"

    def author(self, workspace_id: str) -> str:
        """How the team sees this visitor in a session: the name they gave, else the label the admin gave
        their link, else their role."""
        if self.name:
            return self.name
        role = self.role_in(workspace_id)
        labels = [
            link.label
            for link in self.links
            if link.role == role and link.workspace_id in (workspace_id, None) and link.label
        ]
        return labels[0] if labels else role


class CookieJar:
    """Reads and writes the signed cookie: `{"links": [...ids], "csrf": "..."}`."""

    def __init__(self, key: str):
        self.serializer = URLSafeSerializer(key, salt="brandplan-visitor")

    def read(self, request: Request) -> dict[str, Any]:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return {}
        try:
            data = self.serializer.loads(raw)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    def write(self, response: Response, data: dict[str, Any], *, secure: bool) -> None:
        response.set_cookie(
            COOKIE,
            self.serializer.dumps(data),
            httponly=True,
            samesite="lax",
            secure=secure,
            max_age=60 * 60 * 24 * 90,
        )


class SecurityHeaders:
    """Adds HEADERS to every response; plain ASGI, as Starlette's BaseHTTPMiddleware costs a task and a
    stream per request."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)
