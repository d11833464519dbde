"""JSON import: a strategy travels between machines and rounds, validated and bounded."""

import json

import pytest

from assistant.document.validation import DocumentInvalid
from assistant.exports import EXPORTERS, MAX_IMPORT_BYTES, build_context, import_document
from assistant.store import NotFound, SqlStore
from tests.exports.documents import hostile_document
from tests.factories import winery_document


def _workspace(store: SqlStore, name: str = "Aurora") -> str:
    return store.create_workspace(name=name, slug=name.lower()).id


@pytest.mark.parametrize("make", [winery_document, hostile_document])
def test_round_trip_export_import_export_is_identical(store: SqlStore, make: object) -> None:
    workspace_id = _workspace(store)
    session = store.create_session(workspace_id=workspace_id, brand_name="x", language="en", stage="purpose")
    store.save_document(session.id, make())  # type: ignore[operator]
    first = EXPORTERS["json"].render(build_context(store, session.id))

    session_id, version = import_document(store, workspace_id=workspace_id, data=first)

    assert session_id != session.id and version == 2  # a new session: its start, then the imported version
    second = EXPORTERS["json"].render(build_context(store, session_id, version))
    assert second == first
    imported = store.get_session(session_id)
    assert imported.brand_name == json.loads(first)["brand"]["name"]


def test_import_as_a_new_version_of_a_session(store: SqlStore) -> None:
    workspace_id = _workspace(store)
    session = store.create_session(workspace_id=workspace_id, brand_name="x", language="it", stage="purpose")
    data = EXPORTERS["json"].render(build_context(store, session.id))
    document = winery_document()

    session_id, version = import_document(
        store,
        workspace_id=workspace_id,
        data=document.model_dump_json().encode(),
        session_id=session.id,
        brand="Cantina Aurora S.r.l.",
    )

    assert (session_id, version) == (session.id, 2)
    _, saved = store.load_document(session.id, 2)
    assert saved.brand.name == "Cantina Aurora S.r.l." and saved.touchpoints == document.touchpoints
    assert data  # the first version is still there
    assert store.load_document(session.id, 1)[1].brand.name == "x"


def test_new_session_resumes_at_the_first_unfinished_stage(store: SqlStore) -> None:
    document = winery_document()
    document.purpose.personality = ["warm"]
    document.purpose.proof_points = ["every bottle names its plot"]
    workspace_id = _workspace(store)
    session_id, _ = import_document(store, workspace_id=workspace_id, data=document.model_dump_json().encode())
    assert store.get_session(session_id).stage == "digital-alignment"  # purpose is complete, readiness is not


def test_invalid_documents_are_refused_with_field_paths(store: SqlStore) -> None:
    workspace_id = _workspace(store)
    bad = winery_document().model_dump(mode="json")
    bad["kpis"][0]["kind"] = "sometimes"
    bad["touchpoints"][0]["surprise"] = 1
    with pytest.raises(DocumentInvalid) as caught:
        import_document(store, workspace_id=workspace_id, data=json.dumps(bad).encode())
    assert any(p.startswith("kpis[0].kind:") for p in caught.value.problems)
    assert "touchpoints[0].surprise: unknown field" in caught.value.problems

    with pytest.raises(DocumentInvalid, match="not valid JSON"):
        import_document(store, workspace_id=workspace_id, data=b"{nope")
    with pytest.raises(DocumentInvalid, match="bytes allowed"):
        import_document(store, workspace_id=workspace_id, data=b" " * (MAX_IMPORT_BYTES + 1))
    with pytest.raises(DocumentInvalid, match=r"^brand\.name"):
        import_document(store, workspace_id=workspace_id, data=b"{}", brand="n" * 500)
    assert store.list_sessions(workspace_id) == []


def test_a_session_of_another_workspace_is_not_found(store: SqlStore) -> None:
    mine, theirs = _workspace(store, "Mine"), _workspace(store, "Theirs")
    session = store.create_session(workspace_id=theirs, brand_name="x", language="en", stage="purpose")
    with pytest.raises(NotFound):
        import_document(store, workspace_id=mine, data=b"{}", session_id=session.id)


def test_export_context_respects_the_workspace(store: SqlStore) -> None:
    mine, theirs = _workspace(store, "Mine"), _workspace(store, "Theirs")
    session = store.create_session(workspace_id=theirs, brand_name="x", language="en", stage="purpose")
    assert build_context(store, session.id, workspace_id=theirs).version == 1
    with pytest.raises(NotFound):
        build_context(store, session.id, workspace_id=mine)
