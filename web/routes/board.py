"""The board page (the canvas for the projector) and its grid alone, which the page fetches again when the
document changes. Moves and additions go through the JSON API's edits, like every other canvas edit."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from web.board import build_board
from web.deps import StoreDep, VisitorDep, readable_session
from web.i18n import translator
from web.routes.pages import render

router = APIRouter(include_in_schema=False)

EVENTS = "/api/sessions/{session_id}/events?after={after}"  # the session's live stream, from what this page shows


def _model(store: StoreDep, visitor: VisitorDep, session_id: str) -> dict[str, Any]:
    session = readable_session(store, visitor, session_id)
    version, document = store.load_document(session.id)
    return {
        "session": session,
        "version": version,
        "board": build_board(document, translator(session.language)),
        "can_edit": visitor.can_edit(session.workspace_id),
        "events": EVENTS.format(session_id=session.id, after=store.last_event(session.id)),
    }


@router.get("/s/{session_id}/board", response_class=HTMLResponse)
def board_page(request: Request, session_id: str, store: StoreDep, visitor: VisitorDep) -> HTMLResponse:
    """The touchpoint grid with the purpose, audience, objectives and KPIs around it, for the whole room."""
    context = _model(store, visitor, session_id)
    return render(request, "board.html", context, language=context["session"].language, visitor=visitor)


@router.get("/s/{session_id}/board/grid", response_class=HTMLResponse)
def board_grid(request: Request, session_id: str, store: StoreDep, visitor: VisitorDep) -> HTMLResponse:
    """The grid alone, for the board to refresh after a move or someone else's change."""
    context = _model(store, visitor, session_id)
    return render(request, "_board_grid.html", context, language=context["session"].language, visitor=visitor)
