"""The store's share of "no lost update": a write based on a stale read is refused, and reads never queue
behind a writer."""

import time

import pytest
from sqlalchemy import text

from assistant.store import Conflict, SqlStore, TurnInput
from assistant.store.sql import create_db_engine
from tests.factories import winery_document


def new_session(store: SqlStore) -> str:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    return store.create_session(workspace_id=workspace.id, brand_name="Aurora", language="en", stage="purpose").id


def test_a_write_based_on_a_stale_document_is_refused_and_writes_nothing(store: SqlStore) -> None:
    session_id = new_session(store)
    seen = store.snapshot(session_id)
    store.save_document(session_id, winery_document(), note="someone else")
    changed = seen.document.model_copy(deep=True)
    changed.brand.industry = "Beer"
    with pytest.raises(Conflict) as refused:
        store.record(
            session_id,
            turns=[TurnInput("assistant", "saved")],
            document=changed,
            state={"stage": "kpis"},
            expected_version=seen.version,
            expected_seq=seen.seq,
        )
    assert refused.value.version == 2
    latest = store.snapshot(session_id)
    assert (latest.version, latest.seq, latest.session.state) == (2, 0, {})
    assert latest.document.brand.industry == "Wine"


def test_a_turn_recorded_meanwhile_makes_the_conversation_state_stale(store: SqlStore) -> None:
    session_id = new_session(store)
    seen = store.snapshot(session_id)
    store.record(session_id, turns=[TurnInput("assistant", "another reply")], state={"question": "values"})
    with pytest.raises(Conflict):
        store.record(session_id, state={"question": "audience"}, expected_version=seen.version, expected_seq=seen.seq)
    assert store.get_session(session_id).state == {"question": "values"}
    fresh = store.snapshot(session_id)
    assert fresh.seq == 1
    store.record(session_id, state={"question": "audience"}, expected_version=fresh.version, expected_seq=fresh.seq)
    assert store.get_session(session_id).state == {"question": "audience"}


def test_reads_answer_while_another_process_holds_a_write(store: SqlStore, database_url: str) -> None:
    """Another process in the middle of a write transaction does not hold up a page that only reads."""
    session_id = new_session(store)
    other = create_db_engine(database_url)
    with other.connect() as connection:
        transaction = connection.begin()  # BEGIN IMMEDIATE on SQLite: its one write lock, held from here
        connection.execute(text("UPDATE planning_sessions SET stage = 'kpis' WHERE id = :id"), {"id": session_id})
        began = time.monotonic()
        snapshot = store.snapshot(session_id)
        assert store.list_turns(session_id) == []
        assert time.monotonic() - began < 1.0
        assert snapshot.session.stage == "purpose"  # the last committed state, not the write in progress
        transaction.rollback()
    other.dispose()
