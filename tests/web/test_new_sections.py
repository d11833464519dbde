"""The canvas page shows the measurement plan, the context and the initiatives, named in the session's language."""

import pytest
from fastapi import FastAPI

from assistant.document import Initiative, KpiTiming, Level
from tests.factories import winery_document
from tests.web.conftest import Visitor, store_of, workspace_with_session


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ("Decision rule", "Competitors", "Initiatives", "Stop doing", "leading", "high")),
        ("it", ("Regola di decisione", "Concorrenti", "Iniziative", "Smettere di fare", "anticipatore", "alto")),
    ],
)
def test_the_canvas_page_shows_the_new_sections(
    app: FastAPI, admin: Visitor, language: str, names: tuple[str, ...]
) -> None:
    slug, _ = workspace_with_session(app, admin, f"Canvas {language}")
    started = admin.client.post(
        f"/api/workspaces/{slug}/sessions",
        json={"brand": "Cantina Aurora", "language": language},
        headers={"X-CSRF-Token": admin.csrf},
    )
    session_id = started.json()["id"]
    store = store_of(app)
    document = winery_document()
    document.brand.language = language  # type: ignore[assignment]
    document.brand.category = "Langhe red wines"
    document.brand.competitors = ["the larger wineries"]
    document.brand.differences = ["the family pours every tasting"]
    kpi = document.kpis[0]
    kpi.method, kpi.timing, kpi.cadence = "we read every reply", KpiTiming.LEADING, "monthly"
    kpi.decision_rule = "if fewer than 5 a month, we change the question"
    document.review.initiatives = [Initiative(name="Wine club launch", owner="Marco", due="March", impact=Level.HIGH)]
    document.review.stop_doing = ["the paid display campaign"]
    store.save_document(session_id, document)
    page = admin.client.get(f"/s/{session_id}")
    assert page.status_code == 200
    text = page.text
    for value in ("Langhe red wines", "the larger wineries", "we read every reply", "monthly", "Wine club launch"):
        assert value in text
    assert "if fewer than 5 a month" in text and "the paid display campaign" in text
    paths = {f.path for s in page.context["sections"] for f in s.fields}  # type: ignore[attr-defined]
    assert {"brand.category", "brand.competitors", "brand.differences", "review.stop_doing"} <= paths
    lists = {block.path for s in page.context["sections"] for block in s.lists}  # type: ignore[attr-defined]
    assert "review.initiatives" in lists
    for name in names:  # the page speaks the session's language
        assert name in text, name
