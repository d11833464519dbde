"""One turn does its work once: one snapshot read, and one coherence check per document version, shared by
the reply's findings, the canvas and the findings of the API."""

import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from assistant import coherence
from assistant.engine import Engine
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.runtime import build_engine
from assistant.store import SqlStore
from tests.counting import CheckRuns, count_checks
from tests.engine.conftest import Env

PURPOSE = "We make honest wines from our hills so that families can share the table with the people they love."
READS = ("snapshot", "get_session", "load_document", "list_turns", "list_versions", "list_chunks")


class CountingStore(SqlStore):
    """The real store, counting the reads of sessions, versions and workspace documents, and the writes."""

    def __init__(self, store: SqlStore):
        super().__init__(store.engine)
        self.calls: Counter[str] = Counter()

    def __getattribute__(self, name: str) -> Any:  # the store looks its methods up only to call them
        if name in (*READS, "record"):
            self.calls[name] += 1
        return super().__getattribute__(name)


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> CheckRuns:
    return count_checks(monkeypatch)


@pytest.fixture
def counting(env: Env) -> Iterator[tuple[CountingStore, Engine]]:
    store = CountingStore(env.store)
    yield store, build_engine(env.settings, store, knowledge=KnowledgeBase(env.settings, store))


def started(env: Env, engine: Engine) -> str:
    session = env.session(brand=f"Aurora {uuid.uuid4().hex[:8]}")  # a document no earlier test has checked
    engine.start(session.id)
    return session.id


def test_an_answer_reads_the_session_once_and_checks_the_new_version_once(
    env: Env, counting: tuple[CountingStore, Engine], runs: CheckRuns
) -> None:
    store, engine = counting
    session_id = started(env, engine)
    store.calls.clear()
    runs.clear()
    reply = engine.handle(session_id, PURPOSE)
    assert reply.patch and reply.version is not None, "the answer made a new version"
    assert store.calls == {"snapshot": 1, "record": 2}
    assert runs.count == 1
    _, document = env.store.load_document(session_id)  # what the canvas and the findings route show next
    findings = coherence.check(document, language="en")
    assert all(finding in findings for finding in reply.findings_added)
    coherence.scorecard(document)
    assert runs.count == 1, "the canvas reuses the check of the version the turn saved"


def test_navigation_and_status_check_nothing_again(
    env: Env, counting: tuple[CountingStore, Engine], runs: CheckRuns
) -> None:
    store, engine = counting
    session_id = started(env, engine)
    engine.handle(session_id, PURPOSE)
    for text, kind in [("back", "navigation"), ("status", "status"), ("skip", "navigation")]:
        store.calls.clear()
        runs.clear()
        reply = engine.handle(session_id, text)
        assert reply.kind == kind and not reply.patch
        assert store.calls == {"snapshot": 1, "record": 2}, text
        assert runs.count == 0, text


def test_a_framework_question_reads_the_workspace_documents_once(
    env: Env, counting: tuple[CountingStore, Engine], runs: CheckRuns
) -> None:
    store, engine = counting
    session_id = started(env, engine)
    engine.handle(session_id, "What is co-creation?")  # the first question loads the embedding model
    store.calls.clear()
    runs.clear()
    reply = engine.handle(session_id, "What is a touchpoint?")
    assert reply.kind == "answer"
    assert store.calls == {"snapshot": 1, "record": 2}
    assert runs.count == 0
