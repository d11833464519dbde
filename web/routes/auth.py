"""Opening an access link (it sets the signed cookie) and forgetting links on this browser."""

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from assistant.access import hash_token
from web.deps import JarDep, SettingsDep, StoreDep, VisitorDep
from web.security import MAX_LINKS
from web.templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/login/{token}")
def login(token: str, request: Request, store: StoreDep, jar: JarDep, settings: SettingsDep) -> Response:
    """Open an access link: remember it in the cookie and go to what it opens."""
    link = store.find_link(hash_token(token))
    if link is None:
        return templates.TemplateResponse(request, "login_failed.html", {"lang": "en"}, status_code=404)
    data = jar.read(request)
    links = [*[i for i in data.get("links", []) if i != link.id][-(MAX_LINKS - 1) :], link.id]
    target = "/"
    if link.workspace_id:
        target = f"/w/{store.get_workspace(link.workspace_id).slug}"
    response = RedirectResponse(target, status_code=303)
    jar.write(
        response,
        {"links": links, "csrf": data.get("csrf") or secrets.token_urlsafe(24)},
        secure=settings.base_url.startswith("https"),
    )
    return response


@router.post("/logout")
def logout(visitor: VisitorDep) -> Response:
    """Forget every link on this browser."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie("brandplan_session")
    return response


@router.get("/healthz", include_in_schema=True)
def health(store: StoreDep) -> dict[str, str]:
    """Liveness and database check."""
    store.list_workspaces()
    return {"status": "ok"}
