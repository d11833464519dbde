"""Opening an access link (it sets the signed cookie) and logging out.

The cookie names a server-side login session: logging out deletes it, so a copied cookie opens nothing after.
A link opened in a browser that already holds other links is added only after the visitor confirms it
(a POST with the CSRF token): a cross-site `GET /login/<someone else's link>` cannot slip a workspace in.
"""

import hmac
import re
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from assistant.access import hash_token
from assistant.store.repository import AccessLink
from web.deps import NAME_CHARS, JarDep, SettingsDep, StoreDep, VisitorDep, cookie_data
from web.i18n import Translator, page_language, translator
from web.security import COOKIE, MAX_LINKS, CookieJar
from web.templating import templates

router = APIRouter(include_in_schema=False)
SAFE_BACK = re.compile(r"/(?:[sw]/[A-Za-z0-9_-]+(?:/board)?)?")  # where giving a name returns to: our own pages


@router.get("/login/{token}")
def login(token: str, request: Request, store: StoreDep, jar: JarDep, settings: SettingsDep) -> Response:
    """Open an access link: remember it and go to what it opens; first ask, if the browser holds other links."""
    link = store.find_link(hash_token(token))
    if link is None or link.spent:
        return _refused(request, link)
    data = cookie_data(request, store, jar)
    held = [other for other in store.live_links(_link_ids(data)) if other.id != link.id]
    if held:
        language = page_language(request)
        context = {
            "lang": language,
            "t": translator(language),
            "csrf": data.get("csrf", ""),
            "token": token,
            "held": len(held),
            "opens": _opens(store, link, translator(language)),
        }
        return templates.TemplateResponse(request, "login_confirm.html", context)
    return _enter(request, store, jar, settings, link, data)


@router.post("/login/{token}")
def confirm_login(
    token: str,
    request: Request,
    store: StoreDep,
    jar: JarDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Add a link to a browser that holds others, once the visitor confirmed it on the login page."""
    data = cookie_data(request, store, jar)
    if not data or not hmac.compare_digest(csrf_token, str(data.get("csrf", ""))):
        raise HTTPException(403, "missing or wrong CSRF token: open the link again")
    link = store.find_link(hash_token(token))
    if link is None or link.spent:
        return _refused(request, link)
    return _enter(request, store, jar, settings, link, data)


@router.post("/logout")
def logout(request: Request, visitor: VisitorDep, store: StoreDep, jar: JarDep) -> Response:
    """End this browser's login session: the cookie, and any copy of it, opens nothing any more."""
    store.end_login(hash_token(str(jar.read(request).get("login", ""))))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.post("/me/name")
def give_name(
    request: Request,
    visitor: VisitorDep,
    store: StoreDep,
    jar: JarDep,
    settings: SettingsDep,
    name: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=200)] = "/",
) -> Response:
    """Remember the name a person gives on this browser: the team sees it beside their messages and edits."""
    data = cookie_data(request, store, jar)
    if not visitor.links or not data:
        raise HTTPException(403, "open your access link first")
    data["name"] = " ".join("".join(c for c in name if c.isprintable()).split())[:NAME_CHARS]
    response = RedirectResponse(back if SAFE_BACK.fullmatch(back) else "/", status_code=303)
    jar.write(response, data, secure=settings.base_url.startswith("https"))
    return response


@router.get("/healthz", include_in_schema=True)
def health(request: Request, store: StoreDep) -> dict[str, str]:
    """Liveness and database check; `search` says whether this process's search model has loaded yet (a load
    test or a proxy can wait for "ready" before it measures or sends traffic)."""
    store.list_workspaces()
    return {"status": "ok", "search": "ready" if request.app.state.knowledge.ready else "loading"}


def _link_ids(data: dict[str, Any]) -> list[str]:
    return [str(i) for i in data.get("links", [])][:MAX_LINKS]


def _opens(store: StoreDep, link: AccessLink, t: Translator) -> str:
    if link.workspace_id is None:
        return t("opens_everything")
    name = store.get_workspace(link.workspace_id).name
    return t("opens_workspace_edit" if link.role == "member" else "opens_workspace_read", name=name)


def _refused(request: Request, link: AccessLink | None) -> Response:
    """404 for an unknown or revoked link, 410 for a one-time link already used."""
    language = page_language(request)
    context = {"lang": language, "t": translator(language)}
    if link is None:
        return templates.TemplateResponse(request, "login_failed.html", context, status_code=404)
    return templates.TemplateResponse(request, "login_used.html", context, status_code=410)


def _enter(
    request: Request, store: StoreDep, jar: CookieJar, settings: SettingsDep, link: AccessLink, data: dict[str, Any]
) -> Response:
    """Remember `link` in the cookie (a new login session if there is none) and go to what it opens.

    An admin link is used up here: of two logins racing with it, one gets in and the other is told so."""
    if link.role == "admin" and not store.use_link(link.id):
        return _refused(request, link)
    login = str(data.get("login", ""))
    if not login:
        login = secrets.token_urlsafe(32)
        store.open_login(hash_token(login))
    links = [*[i for i in _link_ids(data) if i != link.id][-(MAX_LINKS - 1) :], link.id]
    target = f"/w/{store.get_workspace(link.workspace_id).slug}" if link.workspace_id else "/"
    response = RedirectResponse(target, status_code=303)
    cookie = {"links": links, "csrf": data.get("csrf") or secrets.token_urlsafe(24), "login": login}
    jar.write(response, cookie, secure=settings.base_url.startswith("https"))
    return response
