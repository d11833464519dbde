"""A session's live stream, against a real server: what one member says and changes reaches everyone
viewing within a second, with its author; a reconnection misses and repeats nothing; who is here is known."""

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.web.live_server import Server
from tests.web.sse import Listener

DELIVERY_SECONDS = 1.0


class Team:
    """A workspace and a started session on `server`, with links for the people in the room."""

    def __init__(self, server: Server):
        self.server = server
        with server.client() as admin:
            self.slug = admin.post("/api/workspaces", json={"name": "Live Bakery"}).json()["slug"]
            started = admin.post(f"/api/workspaces/{self.slug}/sessions", json={"brand": "Live Bakery"})
            self.session = started.json()["id"]
            self.sam = self._link(admin, "member", "Sam")
            self.viewer = self._link(admin, "viewer", "Client")

    def _link(self, admin: httpx.Client, role: str, label: str) -> str:
        created = admin.post(f"/api/workspaces/{self.slug}/links", json={"role": role, "label": label})
        assert created.status_code == 201, created.text
        return str(created.json()["url"]).rsplit("/", 1)[1]

    def listen(self, token: str, *, after: int | None = 0, last_id: int | None = None) -> Listener:
        headers = {"Authorization": f"Bearer {token}"}
        if last_id is not None:
            headers["Last-Event-ID"] = str(last_id)
        query = "" if after is None else f"?after={after}"
        return Listener(self.server.base, f"/api/sessions/{self.session}/events{query}", headers)

    def say(self, token: str, text: str) -> httpx.Response:
        with self.server.client(token) as client:
            return client.post(f"/api/sessions/{self.session}/messages", json={"text": text})

    def edit(self, token: str, **body: object) -> httpx.Response:
        with self.server.client(token) as client:
            return client.post(f"/api/sessions/{self.session}/edits", json=body)


@pytest.fixture
def team(server: Server) -> Iterator[Team]:
    yield Team(server)


def test_a_message_and_an_edit_reach_a_viewer_within_a_second_with_their_author(team: Team) -> None:
    viewer = team.listen(team.viewer, after=None)  # from now on
    try:
        viewer.next("presence")
        sent = time.monotonic()
        assert team.say(team.sam, "a neighbourhood bakery").status_code == 200
        question = viewer.next("turn")
        assert question.data["role"] == "user" and question.data["author"] == "Sam"
        assert question.data["content"] == "a neighbourhood bakery"
        answer = viewer.next("turn")
        assert answer.data["role"] == "assistant" and answer.data["html"].startswith("<")
        assert answer.id == question.id + 1
        assert question.received - sent < DELIVERY_SECONDS + 1  # the reply's own work is not delivery

        answered = viewer.next("document")  # the answer filled the industry
        assert answered.data["author"] == "Sam" and "brand.industry" in answered.data["fields"]

        edited = time.monotonic()
        assert team.edit(team.sam, op="set", path="brand.market", value="Turin").status_code == 200
        change = viewer.next("document")
        assert change.received - edited < DELIVERY_SECONDS
        assert change.data["author"] == "Sam" and change.data["fields"] == ["brand.market"]
        with team.server.client(team.viewer) as client:
            assert client.get(f"/api/sessions/{team.session}/document").json()["version"] == change.data["version"]
    finally:
        viewer.close()


def test_a_reconnection_with_last_event_id_misses_and_repeats_nothing(team: Team) -> None:
    first = team.listen(team.viewer)  # from the session's first event
    try:
        for value in ("one", "two"):
            assert team.edit(team.sam, op="add", path="purpose.values", value=value).status_code == 200
        seen = [first.next("document"), first.next("document")]
    finally:
        first.close()  # the connection drops
    for value in ("three", "four"):  # while nobody listens
        assert team.edit(team.sam, op="add", path="purpose.values", value=value).status_code == 200
    again = team.listen(team.viewer, after=None, last_id=seen[-1].id)  # what a browser sends on reconnecting
    try:
        assert team.edit(team.sam, op="add", path="purpose.values", value="five").status_code == 200
        missed = [again.next("document") for _ in range(3)]
        rest = again.drain()
    finally:
        again.close()
    assert [e.data["fields"] for e in seen + missed] == [[f"purpose.values[{n}]"] for n in range(5)]
    assert [e.data["version"] for e in seen + missed] == list(range(2, 7))
    assert not [e for e in rest if e.kind == "document"]  # nothing twice
    ids = [e.id for e in seen + missed]
    assert ids == sorted(set(ids))


def test_everyone_here_is_listed_and_leaving_is_seen(team: Team) -> None:
    viewer = team.listen(team.viewer, after=None)
    try:
        assert [p["name"] for p in viewer.next("presence").data["people"]] == ["Client"]
        sam = team.listen(team.sam, after=None)
        try:
            people = viewer.next("presence").data["people"]
            assert {(p["name"], p["role"]) for p in people} == {("Client", "viewer"), ("Sam", "member")}
        finally:
            sam.close()
        assert [p["name"] for p in viewer.next("presence").data["people"]] == ["Client"]
    finally:
        viewer.close()


def test_the_stream_is_only_for_those_who_can_read_the_session(team: Team) -> None:
    with team.server.client() as admin:
        other = admin.post("/api/workspaces", json={"name": "Other Client"}).json()["slug"]
        outsider = admin.post(f"/api/workspaces/{other}/links", json={"role": "member"}).json()["url"]
    token = str(outsider).rsplit("/", 1)[1]
    with team.server.client(token) as client:
        assert client.get(f"/api/sessions/{team.session}/events").status_code == 404
    with httpx.Client(base_url=team.server.base) as anonymous:
        assert anonymous.get(f"/api/sessions/{team.session}/events").status_code == 404


def test_turns_and_versions_keep_their_author(team: Team) -> None:
    assert team.say(team.sam, "a neighbourhood bakery").status_code == 200
    assert team.edit(team.sam, op="set", path="brand.market", value="Turin").status_code == 200
    store = team.server.app.state.store
    turns = store.list_turns(team.session)
    assert [(t.role, t.author) for t in turns[-2:]] == [("user", "Sam"), ("assistant", "")]
    assert store.list_versions(team.session)[-1].author == "Sam"
