"""Teams in their rooms: S sessions x P participants on N app processes (PostgreSQL, a Chroma server, loopback).

Every participant follows its session's live stream and, for a bounded time, sends messages and edits with a
pause between them, through the processes in turn. Reported: the round trip of messages and edits, how long
an acknowledged change takes to reach the other participants' streams, errors, and, after the run, whether
every acknowledged message and edit is stored and reached every participant, and whether any session's
turns interleaved (two messages answered at once).
"""

import asyncio
import json
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assistant.store.scratch import scratch_schema
from evals.load.cluster import Cluster, cluster
from evals.load.run import ms, quantile
from evals.sessions import load_personas

PAUSE_SECONDS = (2.0, 6.0)  # a participant's pause between two actions: reading, thinking, typing
SETTLE_SECONDS = 5.0  # after the run, time for the last events to arrive before they are checked


@dataclass
class Participant:
    name: str
    session: str
    token: str
    app: int  # which process it talks to and listens on
    received: list[tuple[float, dict[str, Any], str]] = field(default_factory=list)  # (when, data, kind)
    sent_messages: list[tuple[float, str]] = field(default_factory=list)  # (acknowledged at, text)
    sent_edits: list[tuple[float, int, str]] = field(default_factory=list)  # (acknowledged at, version, value)


@dataclass
class TeamReport:
    sessions: int
    people: int
    apps: int
    seconds: float
    round_trips: list[float] = field(default_factory=list)  # messages, seconds
    edit_round_trips: list[float] = field(default_factory=list)
    deliveries: list[float] = field(default_factory=list)  # acknowledged change -> another participant's stream
    errors: list[str] = field(default_factory=list)
    not_stored: list[str] = field(default_factory=list)
    not_delivered: list[str] = field(default_factory=list)
    interleaved: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "participants_per_session": self.people,
            "app_processes": self.apps,
            "seconds": round(self.seconds, 1),
            "messages": len(self.round_trips),
            "edits": len(self.edit_round_trips),
            "message_p50_ms": ms(quantile(self.round_trips, 0.5)),
            "message_p95_ms": ms(quantile(self.round_trips, 0.95)),
            "edit_p50_ms": ms(quantile(self.edit_round_trips, 0.5)),
            "edit_p95_ms": ms(quantile(self.edit_round_trips, 0.95)),
            "deliveries": len(self.deliveries),
            "delivery_p50_ms": ms(quantile(self.deliveries, 0.5)),
            "delivery_p95_ms": ms(quantile(self.deliveries, 0.95)),
            "errors": len(self.errors),
            "not_stored": len(self.not_stored),
            "not_delivered": len(self.not_delivered),
            "sessions_interleaved": len(self.interleaved),
        }

    def table(self) -> str:
        lines = [f"{name:26} {value}" for name, value in self.as_json().items()]
        problems = self.errors[:5] + self.not_stored[:5] + self.not_delivered[:5] + self.interleaved[:5]
        return "\n".join(lines + [f"problem: {p}" for p in problems])


async def _listen(client: httpx.AsyncClient, person: Participant, opened: asyncio.Event) -> None:
    """Keep every event of the session's stream with the time it arrived, until cancelled."""
    headers = {"Authorization": f"Bearer {person.token}", "Accept": "text/event-stream"}
    async with client.stream("GET", f"/api/sessions/{person.session}/events?after=0", headers=headers) as response:
        opened.set()
        kind, data = "message", ""
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif line == "" and data:
                person.received.append((time.perf_counter(), json.loads(data), kind))
                kind, data = "message", ""


async def _act(
    client: httpx.AsyncClient, person: Participant, script: list[str], until: float, report: TeamReport
) -> None:
    """Messages and edits, one at a time with a pause between, until the time is up."""
    headers = {"Authorization": f"Bearer {person.token}"}
    rng = random.Random(person.name + person.session)
    count = 0
    while time.perf_counter() < until:
        await asyncio.sleep(rng.uniform(*PAUSE_SECONDS))
        count += 1
        began = time.perf_counter()
        try:
            if count % 2:
                text = script[(count // 2) % len(script)]
                response = await client.post(
                    f"/api/sessions/{person.session}/messages", json={"text": text}, headers=headers
                )
                if response.status_code == 200:
                    report.round_trips.append(time.perf_counter() - began)
                    person.sent_messages.append((time.perf_counter(), text.strip()))
            else:
                value = f"{person.name} idea {count}"
                body = {"op": "add", "path": "purpose.proof_points", "value": value}
                response = await client.post(f"/api/sessions/{person.session}/edits", json=body, headers=headers)
                if response.status_code == 200:
                    report.edit_round_trips.append(time.perf_counter() - began)
                    person.sent_edits.append((time.perf_counter(), int(response.json()["version"]), value))
            if response.status_code != 200:
                report.errors.append(f"{person.name}: {response.status_code} {response.text[:160]}")
        except httpx.HTTPError as error:
            report.errors.append(f"{person.name}: {error!r}")


def _check(apps: Cluster, people: list[Participant], report: TeamReport) -> None:
    """Everything acknowledged is stored and reached everyone; no session answered two messages at once."""
    by_session: dict[str, list[Participant]] = {}
    for person in people:
        by_session.setdefault(person.session, []).append(person)
    for session, team in by_session.items():
        turns = apps.store.list_turns(session)[1:]  # after the welcome
        if [t.role for t in turns] != ["user", "assistant"] * (len(turns) // 2) or len(turns) % 2:
            report.interleaved.append(session)
        stored = Counter((t.author, t.content) for t in turns if t.role == "user")
        document = apps.store.load_document(session)[1]
        for sender in team:
            sent = Counter((sender.name, text) for _, text in sender.sent_messages)
            if sent - stored:
                report.not_stored.append(f"{session}: messages of {sender.name}")
            if any(value not in document.purpose.proof_points for _, _, value in sender.sent_edits):
                report.not_stored.append(f"{session}: edits of {sender.name}")
            for viewer in team:
                _delivered(sender, viewer, sent, report)


def _delivered(sender: Participant, viewer: Participant, sent: Counter[tuple[str, str]], report: TeamReport) -> None:
    turns: Counter[tuple[str, str]] = Counter(
        (str(d.get("author")), str(d.get("content")))
        for _, d, kind in viewer.received
        if kind == "turn" and d.get("role") == "user"
    )
    versions = {d.get("version"): when for when, d, kind in viewer.received if kind == "document"}
    if sent - turns or any(version not in versions for _, version, _ in sender.sent_edits):
        report.not_delivered.append(f"{sender.name} -> {viewer.name}")
    if viewer is sender:
        return
    for acknowledged, version, _ in sender.sent_edits:
        if version in versions:
            report.deliveries.append(max(0.0, versions[version] - acknowledged))


async def _drive(apps: Cluster, sessions: int, people: int, seconds: float) -> TeamReport:
    report = TeamReport(sessions=sessions, people=people, apps=len(apps.apps), seconds=seconds)
    personas = load_personas()
    team: list[Participant] = []
    for number in range(sessions):
        with apps.client(0) as admin:
            slug = admin.post("/api/workspaces", json={"name": f"Team {number}"}).json()["slug"]
            session = admin.post(f"/api/workspaces/{slug}/sessions", json={"brand": f"Brand {number}"}).json()["id"]
            for seat in range(people):
                name = f"P{number}.{seat}"
                body = {"role": "member", "label": name}
                url = admin.post(f"/api/workspaces/{slug}/links", json=body).json()["url"]
                team.append(Participant(name, session, str(url).rsplit("/", 1)[1], seat % len(apps.apps)))
    limits = httpx.Limits(max_connections=4 * len(team), max_keepalive_connections=4 * len(team))
    timeout = httpx.Timeout(120, read=None)
    clients = [httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) for base in apps.apps]
    try:
        opened = [asyncio.Event() for _ in team]
        listeners = [asyncio.create_task(_listen(clients[p.app], p, o)) for p, o in zip(team, opened, strict=True)]
        await asyncio.wait_for(asyncio.gather(*(o.wait() for o in opened)), 60)
        until = time.perf_counter() + seconds
        scripts = [personas[n % len(personas)].turns for n in range(len(team))]
        actors = (_act(clients[p.app], p, s, until, report) for p, s in zip(team, scripts, strict=True))
        await asyncio.gather(*actors)
        await asyncio.sleep(SETTLE_SECONDS)
        for listener in listeners:
            listener.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
    finally:
        for client in clients:
            await client.aclose()
    _check(apps, team, report)
    return report


def run_team_load(*, database_url: str, sessions: int, people: int, seconds: float, apps: int = 2) -> TeamReport:
    """Start a Chroma server and `apps` app processes on a scratch schema of `database_url`, drive, stop."""
    with (
        tempfile.TemporaryDirectory(prefix="brandplan-team-") as folder,
        scratch_schema(database_url, prefix="team") as url,
        cluster(url, Path(folder), apps=apps) as running,
    ):
        return asyncio.run(_drive(running, sessions, people, seconds))
