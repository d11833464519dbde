"""Concurrent writers against a real server (uvicorn on loopback, real threads and HTTP clients): every
change the API acknowledged is in the final document, on SQLite and on PostgreSQL."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.web.live_server import Server


def new_session(server: Server, name: str) -> str:
    with server.client() as client:
        slug = client.post("/api/workspaces", json={"name": name}).json()["slug"]
        return str(client.post(f"/api/workspaces/{slug}/sessions", json={"brand": name}).json()["id"])


def at_once(calls: list[Callable[[httpx.Client], httpx.Response]], server: Server) -> list[httpx.Response]:
    """Each call on its own thread and HTTP client, all released together."""
    barrier = threading.Barrier(len(calls))
    clients = [server.client() for _ in calls]

    def run(index: int) -> httpx.Response:
        barrier.wait()
        return calls[index](clients[index])

    try:
        with ThreadPoolExecutor(len(calls)) as pool:
            return list(pool.map(run, range(len(calls))))
    finally:
        for client in clients:
            client.close()


def edit(session_id: str, **body: Any) -> Callable[[httpx.Client], httpx.Response]:
    return lambda client: client.post(f"/api/sessions/{session_id}/edits", json=body)


def message(session_id: str, text: str) -> Callable[[httpx.Client], httpx.Response]:
    return lambda client: client.post(f"/api/sessions/{session_id}/messages", json={"text": text})


def document(server: Server, session_id: str) -> dict[str, Any]:
    with server.client() as client:
        data: dict[str, Any] = client.get(f"/api/sessions/{session_id}/document").json()
        return data


def test_twenty_simultaneous_adds_are_all_kept(server: Server) -> None:
    session_id = new_session(server, "Twenty Values")
    values = [f"value {n}" for n in range(20)]
    responses = at_once([edit(session_id, op="add", path="purpose.values", value=v) for v in values], server)
    assert [r.status_code for r in responses] == [200] * 20
    saved = document(server, session_id)
    assert sorted(saved["document"]["purpose"]["values"]) == sorted(values)
    assert saved["version"] == 21


def test_two_fields_edited_at_once_both_stay(server: Server) -> None:
    session_id = new_session(server, "Two Fields")
    for round_ in range(10):
        industry, market = f"industry {round_}", f"market {round_}"
        responses = at_once(
            [
                edit(session_id, op="set", path="brand.industry", value=industry),
                edit(session_id, op="set", path="brand.market", value=market),
            ],
            server,
        )
        assert [r.status_code for r in responses] == [200, 200]
        brand = document(server, session_id)["document"]["brand"]
        assert (brand["industry"], brand["market"]) == (industry, market), f"round {round_}"


def test_edits_during_message_turns_are_kept(server: Server) -> None:
    """A turn reads the document, works, then saves: an edit that lands meanwhile must survive it."""
    session_id = new_session(server, "Busy Winery")
    answers = [
        "a family winery",  # the industry and market, asked first; the participants come from the edits
        "Italy and Germany",
        "Langhe red wines",  # the context: category, competitors, points of difference
        "the larger wineries of the Langhe",
        "the family pours every tasting",
        "We make honest wines from our hills so that families can share the table with the people they love.",
        "families who cook at home; wine tourists",
        "skip",  # the segments' profiles
        "craft; hospitality; care for the land",
    ]
    people = []
    for round_, answer in enumerate(answers):
        added = [f"person {round_}.{n}" for n in range(6)]
        adds = [edit(session_id, op="add", path="brand.participants", value=name) for name in added]
        responses = at_once([message(session_id, answer), *adds], server)
        assert [r.status_code for r in responses] == [200] * 7
        people += added
    saved = document(server, session_id)["document"]
    assert sorted(saved["brand"]["participants"]) == sorted(people)
    assert (saved["brand"]["industry"], saved["brand"]["market"]) == (answers[0], answers[1])
    assert (saved["brand"]["category"], saved["brand"]["competitors"]) == (answers[2], [answers[3]])
    assert saved["purpose"]["statement"] == answers[5]
    assert [s["name"] for s in saved["purpose"]["audience"]] == ["families who cook at home", "wine tourists"]
    assert saved["purpose"]["values"] == ["craft", "hospitality", "care for the land"]


def test_a_stale_edit_of_a_changed_field_is_refused_with_the_current_value(server: Server) -> None:
    session_id = new_session(server, "Stale Edit")
    with server.client() as client:
        base = document(server, session_id)["version"]
        first = client.post(
            f"/api/sessions/{session_id}/edits",
            json={"op": "set", "path": "brand.industry", "value": "Wine", "base_version": base},
        )
        assert first.status_code == 200
        stale = client.post(
            f"/api/sessions/{session_id}/edits",
            json={"op": "set", "path": "brand.industry", "value": "Beer", "base_version": base},
        )
    assert stale.status_code == 409
    body = stale.json()
    assert (body["path"], body["current"], body["version"]) == ("brand.industry", "Wine", base + 1)
    assert "brand.industry" in body["detail"]
    assert document(server, session_id)["document"]["brand"]["industry"] == "Wine"


def test_a_stale_edit_of_another_field_applies_on_the_latest(server: Server) -> None:
    session_id = new_session(server, "Other Field")
    with server.client() as client:
        base = document(server, session_id)["version"]
        for path, value in (("brand.industry", "Wine"), ("brand.market", "Italy")):
            response = client.post(
                f"/api/sessions/{session_id}/edits",
                json={"op": "set", "path": path, "value": value, "base_version": base},
            )
            assert response.status_code == 200, response.text
        unknown = client.post(
            f"/api/sessions/{session_id}/edits",
            json={"op": "set", "path": "brand.market", "value": "Spain", "base_version": 99},
        )
    assert unknown.status_code == 422 and "base_version" in unknown.json()["detail"]
    brand = document(server, session_id)["document"]["brand"]
    assert (brand["industry"], brand["market"]) == ("Wine", "Italy")
