"""The API documentation page: Swagger UI from the `swagger-ui-bundle` package, served by the app itself.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script; the app's
Content-Security-Policy (`script-src 'self'`) rightly blocks both, so that page showed nothing.
"""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from web.templating import templates

router = APIRouter(include_in_schema=False)
ASSETS = StaticFiles(directory=swagger_ui_path)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI for /openapi.json."""
    return templates.TemplateResponse(request, "docs.html", {"openapi_url": request.app.openapi_url})
