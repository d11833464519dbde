"""Two app processes on loopback with PostgreSQL and a Chroma server serve one session together: a viewer on
one sees, within a second, a message and an edit made through the other, and the two never answer two
messages of one session at once. Needs PostgreSQL (BRANDPLAN_TEST_DATABASE_URL); skipped without it."""

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.store.scratch import scratch_schema
from evals.load.cluster import Cluster, cluster
from tests.conftest import PG_URL
from tests.web.sse import Listener

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="several app processes need PostgreSQL (BRANDPLAN_TEST_DATABASE_URL)"
)
DELIVERY_SECONDS = 1.0


@pytest.fixture(scope="module")
def two_apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with scratch_schema(PG_URL, prefix="cluster") as url, cluster(url, tmp_path_factory.mktemp("cluster")) as apps:
        yield apps


def team_session(apps: Cluster, name: str) -> tuple[str, str]:
    """A session and a member link for it, made through the first process."""
    with apps.client(0) as admin:
        slug = admin.post("/api/workspaces", json={"name": name}).json()["slug"]
        session = admin.post(f"/api/workspaces/{slug}/sessions", json={"brand": name}).json()["id"]
        link = admin.post(f"/api/workspaces/{slug}/links", json={"role": "member", "label": "Sam"}).json()["url"]
    return session, str(link).rsplit("/", 1)[1]


def test_a_viewer_on_one_process_sees_a_message_and_an_edit_made_through_the_other(two_apps: Cluster) -> None:
    session, sam = team_session(two_apps, "Two Ovens")
    viewer = Listener(two_apps.apps[0], f"/api/sessions/{session}/events", {"Authorization": f"Bearer {sam}"})
    try:
        viewer.next("presence")
        with two_apps.client(1, sam) as other:
            assert other.post(f"/api/sessions/{session}/messages", json={"text": "a bakery"}).status_code == 200
            answered = time.monotonic()
            said = viewer.next("turn")
            reply = viewer.next("turn")
            assert (said.data["role"], said.data["author"], said.data["content"]) == ("user", "Sam", "a bakery")
            assert reply.data["role"] == "assistant"
            assert reply.received - answered < DELIVERY_SECONDS

            assert (
                other.post(
                    f"/api/sessions/{session}/edits", json={"op": "set", "path": "brand.market", "value": "Turin"}
                ).status_code
                == 200
            )
            edited = time.monotonic()
            change = viewer.next("document")
            while "brand.market" not in change.data["fields"]:  # the message's own change came first
                change = viewer.next("document")
            assert change.received - edited < DELIVERY_SECONDS
            assert change.data["author"] == "Sam"
    finally:
        viewer.close()


def test_two_processes_never_answer_two_messages_of_one_session_at_once(two_apps: Cluster) -> None:
    session, sam = team_session(two_apps, "One At A Time")
    texts = [f"message {n}" for n in range(6)]

    def send(number: int) -> int:
        with two_apps.client(number % 2, sam) as client:  # alternately through each process
            return client.post(f"/api/sessions/{session}/messages", json={"text": texts[number]}).status_code

    with ThreadPoolExecutor(len(texts)) as pool:
        assert list(pool.map(send, range(len(texts)))) == [200] * len(texts)
    turns = two_apps.store.list_turns(session)[1:]  # after the welcome
    roles = [t.role for t in turns]
    assert roles == ["user", "assistant"] * len(texts), roles  # each message answered before the next is read
    assert sorted(t.content for t in turns if t.role == "user") == texts
