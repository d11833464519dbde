"""The API documentation page: Swagger UI from the `swagger-ui-py` package, served by the app itself.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script; the app's
Content-Security-Policy (`script-src 'self'`) rightly blocks both, so that page showed nothing.
"""

from importlib.util import find_spec
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from web.templating import templates

router = APIRouter(include_in_schema=False)
# only the package's files are used (Swagger UI 5, which reads OpenAPI 3.1), not its framework adapters
SWAGGER_UI = find_spec("swagger_ui")
assert SWAGGER_UI is not None and SWAGGER_UI.origin, "swagger-ui-py is a dependency"
ASSETS = StaticFiles(directory=Path(SWAGGER_UI.origin).parent / "static")


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI for /openapi.json."""
    return templates.TemplateResponse(request, "docs.html", {"openapi_url": request.app.openapi_url})
