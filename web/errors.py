"""Error answers: one shape for all of them, documented in the OpenAPI schema as the API's 4xx body.

`{"detail": "message"}` or, when several fields are wrong, `{"detail": ["field: problem", ...]}`: each line
names its field, so a person can read it and a client can show it as it is.
"""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from assistant.document.edits import EditConflict
from assistant.store import Conflict
from web.i18n import page_language, translator
from web.templating import templates


class Problem(BaseModel):
    """What went wrong: one message, or one `field: problem` line per fault."""

    detail: str | list[str]


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"model": Problem, "description": "The link does not allow this (read-only, not admin, or no CSRF token)"},
    404: {"model": Problem, "description": "No such record, or not one this link may see"},
    413: {"model": Problem, "description": "The body or message is over its size limit"},
    409: {"model": Problem, "description": "The field (or the session) changed since the version this was based on"},
    422: {"model": Problem, "description": "Invalid input: each line names the field (or file) and its problem"},
    429: {"model": Problem, "description": "Over this link's rate for exports or uploads; see `Retry-After`"},
}


def field_name(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if part != "body")


def answer(
    request: Request, status: int, detail: Any, *, headers: Mapping[str, str] | None = None, **extra: Any
) -> Response:
    """JSON for the API and for clients that did not ask for HTML; the error page otherwise."""
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": detail, **extra}, status_code=status, headers=headers)
    language = page_language(request)
    context = {"message": detail, "lang": language, "t": translator(language)}
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """One error shape for every handler."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return answer(request, error.status_code, error.detail, headers=error.headers)

    @app.exception_handler(EditConflict)
    async def edit_conflict(request: Request, error: EditConflict) -> Response:
        return answer(request, 409, str(error), path=error.path, current=error.current, version=error.version)

    @app.exception_handler(Conflict)
    async def busy(request: Request, error: Conflict) -> Response:
        return answer(request, 409, "the session kept changing while this was saved: try again")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = [f"{field_name(e['loc'])}: {e['msg']}" for e in error.errors()]
        return JSONResponse({"detail": problems}, status_code=422)
