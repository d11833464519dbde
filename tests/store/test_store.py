from datetime import timedelta

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from assistant.document.history import changed_fields, json_patch
from assistant.store import NotFound, SqlStore, TurnInput
from assistant.store.migrate import alembic_config, upgrade
from assistant.store.repository import utcnow
from assistant.store.sql import create_db_engine
from tests.factories import winery_document


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_build_the_schema_from_an_empty_database(database_url: str) -> None:
    engine = create_db_engine(database_url)
    assert inspect(engine).get_table_names() == []
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {
        "workspaces",
        "planning_sessions",
        "turns",
        "document_versions",
        "documents",
        "chunks",
        "access_links",
        "login_sessions",
        "alembic_version",
    } <= tables
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    upgrade(engine)  # running again is a no-op
    engine.dispose()


def test_new_session_starts_at_version_one_with_its_brand(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    session = store.create_session(
        workspace_id=workspace.id, brand_name="Cantina Aurora", language="it", stage="purpose"
    )
    version, document = store.load_document(session.id)
    assert version == 1
    assert document.brand.name == "Cantina Aurora" and document.brand.language == "it"
    assert store.list_sessions(workspace.id) == [session]


def test_each_save_is_a_new_version_and_old_ones_stay(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    session = store.create_session(workspace_id=workspace.id, brand_name="Aurora", language="en", stage="purpose")
    document = winery_document()
    assert store.save_document(session.id, document, note="purpose done") == 2
    document.purpose.statement = "Changed"
    assert store.save_document(session.id, document) == 3

    assert store.load_document(session.id)[1].purpose.statement == "Changed"
    assert store.load_document(session.id, 2)[1] == winery_document()
    assert [(v.version, v.note) for v in store.list_versions(session.id)] == [
        (1, "session started"),
        (2, "purpose done"),
        (3, ""),
    ]
    with pytest.raises(NotFound):
        store.load_document(session.id, 9)


def test_a_turn_and_its_document_are_recorded_together(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    session = store.create_session(workspace_id=workspace.id, brand_name="Aurora", language="en", stage="purpose")
    version = store.record(
        session.id,
        turns=[
            TurnInput("user", "Our purpose is…"),
            TurnInput("assistant", "Thanks", {"citations": ["purpose-statement"]}),
        ],
        document=winery_document(),
        stage="digital-alignment",
    )
    assert version == 2
    turns = store.list_turns(session.id)
    assert [(t.seq, t.role, t.content) for t in turns] == [(1, "user", "Our purpose is…"), (2, "assistant", "Thanks")]
    assert turns[1].meta == {"citations": ["purpose-statement"]}
    assert turns[0].created_at.tzinfo is not None
    assert store.get_session(session.id).stage == "digital-alignment"
    store.record(session.id, turns=[TurnInput("user", "next")])
    assert [t.seq for t in store.list_turns(session.id)] == [1, 2, 3]


def test_sessions_are_scoped_to_their_workspace(store: SqlStore) -> None:
    mine = store.create_workspace(name="Client A", slug="client-a")
    theirs = store.create_workspace(name="Client B", slug="client-b")
    session = store.create_session(workspace_id=mine.id, brand_name="A", language="en", stage="purpose")
    assert store.get_session(session.id, workspace_id=mine.id) == session
    with pytest.raises(NotFound):
        store.get_session(session.id, workspace_id=theirs.id)
    assert store.list_sessions(theirs.id) == []


def test_unknown_ids_and_duplicate_slugs_are_clear_errors(store: SqlStore) -> None:
    store.create_workspace(name="Aurora", slug="aurora")
    with pytest.raises(ValueError, match="already exists"):
        store.create_workspace(name="Other", slug="aurora")
    with pytest.raises(NotFound):
        store.get_workspace("nope")
    with pytest.raises(NotFound):
        store.create_session(workspace_id="nope", brand_name="x", language="en", stage="purpose")
    with pytest.raises(NotFound):
        store.list_turns("nope")
    assert store.get_workspace_by_slug("aurora").name == "Aurora"


def test_diff_between_two_versions(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    session = store.create_session(workspace_id=workspace.id, brand_name="Aurora", language="en", stage="purpose")
    document = winery_document()
    store.save_document(session.id, document)
    document.purpose.values.append("patience")
    document.touchpoints[0].channel = "Cellar door"
    store.save_document(session.id, document)

    old, new = store.load_document(session.id, 2)[1], store.load_document(session.id, 3)[1]
    assert changed_fields(old, new) == ["purpose.values[3]", "touchpoints[0].channel"]
    assert {"op": "replace", "path": "/touchpoints/0/channel", "value": "Cellar door"} in json_patch(old, new)
    assert changed_fields(new, new) == []


def test_old_live_events_go_while_who_changed_what_and_the_numbering_stay(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    session = store.create_session(workspace_id=workspace.id, brand_name="Aurora", language="en", stage="purpose")
    store.record(
        session.id,
        turns=[TurnInput("user", "Our values: honesty"), TurnInput("assistant", "Noted.")],
        document=winery_document(),
        author="Giulia",
        changed=["purpose.values"],
    )
    store.record(session.id, turns=[TurnInput("user", "status")])
    store.arrive(session.id, viewer="tab-1", name="Giulia", role="member")
    before = [(e.seq, e.kind) for e in store.events_after(session.id, 0, limit=None)]
    assert store.prune_events(utcnow() - timedelta(hours=1)) == 0, "nothing is that old yet"

    pruned = store.prune_events(utcnow() + timedelta(seconds=1))

    after = [(e.seq, e.kind) for e in store.events_after(session.id, 0, limit=None)]
    assert pruned == len(before) - len(after) > 0
    assert [kind for _, kind in after] == ["document", "presence"], "history and the latest event stay"
    assert store.events_after(session.id, 0, kind="document")[0].data["author"] == "Giulia"
    store.record(session.id, turns=[TurnInput("user", "next")])
    assert store.last_event(session.id) == before[-1][0] + 1, "numbering goes on after the pruned events"
