"""Every format, opened with its own library, carries the document's content: full persona documents (English and
Italian, played through the real engine) and an empty one."""

import re

import pytest

from assistant.document import Initiative, Level
from assistant.exports import EXPORTERS, Labels, build_context
from assistant.exports.report import ranked
from assistant.store import SqlStore
from tests.exports.conftest import Personas, read, squash

FORMATS = sorted(EXPORTERS)


def _unescape(format_name: str, text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text) if format_name == "md" else text


def _head(text: str, words: int = 6) -> str:
    return squash(" ".join(text.split()[:words]))


@pytest.mark.parametrize("persona_id", ["b2b-software", "nonprofit-it"])
@pytest.mark.parametrize("format_name", FORMATS)
def test_full_persona_document_in_every_format(
    personas: Personas, schema: dict[str, object], persona_id: str, format_name: str
) -> None:
    context = build_context(personas.store, personas.sessions[persona_id], None, personas.knowledge)
    doc = context.document
    assert doc.purpose.statement and doc.touchpoints and doc.kpis, "the persona should fill the document"

    text = _unescape(format_name, read(format_name, EXPORTERS[format_name].render(context), schema))

    expected = [doc.brand.name, _head(doc.purpose.statement), doc.touchpoints[0].name, doc.kpis[0].name]
    expected += [doc.purpose.values[0], doc.digital.brand_objectives[0].text[:30]]
    if format_name not in ("canvas-svg", "canvas-pdf"):
        expected += [doc.touchpoints[-1].name, doc.kpis[-1].name, doc.review.next_steps[0][:30]]
    # the measurement plan of a KPI: its cadence and the start of its decision rule
    expected += [doc.kpis[0].cadence, _head(doc.kpis[0].decision_rule, 3)]
    # the context: category, competitors, points of difference
    expected += [doc.brand.category, doc.brand.competitors[0], _head(doc.brand.differences[0], 4)]
    # the resources and priorities: the initiative of highest impact, and what the team stops doing
    expected += [ranked(doc.review.initiatives)[0].name, _head(doc.review.stop_doing[0], 4)]
    for value in expected:
        assert squash(value) in text, f"{format_name}: {value!r} missing"
    if format_name != "json":
        labels = Labels(context.language)
        assert labels["kpis"].upper() in text.upper()
        assert squash(labels.enum("kpi_timings", doc.kpis[0].timing)) in text  # leading or lagging, in its language
        assert labels["touchpoints"].upper() in text.upper() or format_name.startswith("canvas")


@pytest.mark.parametrize("format_name", FORMATS)
def test_empty_document_in_every_format(store: SqlStore, schema: dict[str, object], format_name: str) -> None:
    workspace = store.create_workspace(name="Empty", slug="empty")
    session = store.create_session(workspace_id=workspace.id, brand_name="Blank Slate", language="en", stage="purpose")
    context = build_context(store, session.id)
    assert context.version == 1 and not context.document.touchpoints

    text = read(format_name, EXPORTERS[format_name].render(context), schema)

    assert "Blank Slate" in text
    if format_name != "json":  # empty parts show the question they are waiting for, not a blank
        assert squash(context.labels.group("prompts")["purpose"]) in _unescape(format_name, text)


def test_report_cites_cards_and_documents_with_provenance(store: SqlStore) -> None:
    from assistant.config import Settings
    from assistant.document import Provenance
    from assistant.retrieval.knowledge import KnowledgeBase
    from tests.factories import winery_document

    document = winery_document()
    document.purpose.provenance["values"] = Provenance(kind="document", source="brandbook.pdf p. 4")
    workspace = store.create_workspace(name="W", slug="w")
    session = store.create_session(workspace_id=workspace.id, brand_name="x", language="en", stage="purpose")
    store.save_document(session.id, document)
    knowledge = KnowledgeBase(Settings(), store)
    context = build_context(store, session.id, None, knowledge)

    html = EXPORTERS["html"].render(context).decode()
    card = knowledge.card("engagement-relationship", "en")
    kinds = {c.kind: c for c in context.citations}
    assert kinds["card"].key == "engagement-relationship"
    assert kinds["document"].key == "brandbook.pdf p. 4"
    if card is not None:
        assert card.title in html
    assert "brandbook.pdf p. 4" in html
    assert f"[{kinds['card'].number}]" in html
    # the appendix says what each source is cited for: the field path for the team, the section for the client
    assert "touchpoints[0].engagement_level" not in html
    assert "cited for: Touchpoints" in html
    working = build_context(store, session.id, None, knowledge, edition="working")
    assert "touchpoints[0].engagement_level" in EXPORTERS["html"].render(working).decode()


def test_the_report_ranks_initiatives_by_impact_then_effort() -> None:
    make = Initiative
    initiatives = [
        make(name="Flyers", impact=Level.LOW, effort=Level.LOW),
        make(name="Unrated"),
        make(name="Club", impact=Level.HIGH, effort=Level.HIGH),
        make(name="Welcome email", impact=Level.HIGH, effort=Level.LOW),
        make(name="Tasting", impact=Level.MEDIUM),
    ]
    assert [i.name for i in ranked(initiatives)] == ["Welcome email", "Club", "Tasting", "Flyers", "Unrated"]
