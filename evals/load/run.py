"""N users each send M messages at once to a server of its own (loopback, scratch data directory), while a
cheap page is polled; prints latency per message, throughput, page latency and whether anything was lost.

Back to back (no pause) measures the queue a saturated server builds; with a pause, each user reads and types
between messages as people in a session do, which measures the latency a team would feel."""

import asyncio
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assistant.access import issue_link
from assistant.config import Settings
from assistant.store import open_store
from assistant.store.scratch import scratch_schema
from evals.load.cluster import free_port
from evals.sessions import load_personas

ROOT = Path(__file__).resolve().parents[2]
POLLED = "/api/workspaces"
POLL_EVERY = 0.1  # seconds between page requests during the load


@dataclass
class LoadReport:
    users: int
    messages: int
    seconds: float
    pause: float = 0.0  # mean seconds a user waits between two messages (0: back to back)
    server_cpu: float = 0.0  # CPU seconds the server spent during the load
    latencies: list[float] = field(default_factory=list)  # per message, seconds
    page_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # failed requests, with what went wrong
    lost: list[str] = field(default_factory=list)  # sessions missing an acknowledged message

    def as_json(self) -> dict[str, Any]:
        return {
            "users": self.users,
            "messages_per_user": self.messages,
            "pause_seconds": self.pause,
            "answered": len(self.latencies),
            "failed": len(self.errors),
            "lost": len(self.lost),
            "seconds": round(self.seconds, 2),
            "messages_per_second": round(len(self.latencies) / self.seconds, 1) if self.seconds else 0.0,
            "server_cpu_ms_per_message": ms(self.server_cpu / len(self.latencies)) if self.latencies else 0.0,
            "message_p50_ms": ms(quantile(self.latencies, 0.50)),
            "message_p95_ms": ms(quantile(self.latencies, 0.95)),
            "message_max_ms": ms(max(self.latencies, default=0.0)),
            "page": POLLED,
            "page_requests": len(self.page_latencies),
            "page_p95_ms": ms(quantile(self.page_latencies, 0.95)),
            "page_max_ms": ms(max(self.page_latencies, default=0.0)),
        }

    def table(self) -> str:
        lines = [f"{name:20} {value}" for name, value in self.as_json().items()]
        return "\n".join(lines + [f"error: {e}" for e in self.errors[:5]])


def quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


@dataclass
class Running:
    base: str
    token: str
    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server so far (Linux; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def _server(data_dir: Path, database_url: str) -> Iterator["Running"]:
    """A server on a free loopback port and an admin secret for it; stopped on the way out."""
    # other BRANDPLAN_ settings (e.g. BRANDPLAN_TURN_THREADS) reach the server as they are
    env = os.environ | {"BRANDPLAN_DATA_DIR": str(data_dir), "BRANDPLAN_LLM": ""}
    env["BRANDPLAN_DATABASE_URL"] = database_url
    store = open_store(Settings(data_dir=data_dir, database_url=database_url or None))
    try:
        _, token = issue_link(store, role="admin", workspace_id=None, label="load test")
    finally:
        store.close()
    port = free_port()
    command = [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = (data_dir / "server.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:  # up, and its search model loaded: the load measures the steady state, not the warm-up
            try:
                if httpx.get(f"{base}/healthz", timeout=1).json().get("search") == "ready":
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the server did not start, or its search model did not load")
            time.sleep(0.3)
        yield Running(base, token, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        errors = (data_dir / "server.log").read_text(errors="replace").split("Traceback")[1:]
        for error in errors[:2]:
            print(f"server error: Traceback{error[-2500:]}", file=sys.stderr)


async def _drive(server: Running, users: int, messages: int, timeout: float, pause: float) -> LoadReport:
    personas = load_personas()
    scripts = [personas[u % len(personas)].turns[:messages] for u in range(users)]
    report = LoadReport(users=users, messages=messages, seconds=0.0, pause=pause)
    rng = random.Random(7)  # the same pauses on every run, so runs compare
    limits = httpx.Limits(max_connections=users + 2, max_keepalive_connections=users + 2)
    headers = {"Authorization": f"Bearer {server.token}"}
    async with httpx.AsyncClient(base_url=server.base, headers=headers, timeout=timeout, limits=limits) as client:
        slug = (await client.post("/api/workspaces", json={"name": f"Load {secrets.token_hex(3)}"})).json()["slug"]
        sessions = []
        for number in range(users):
            started = await client.post(f"/api/workspaces/{slug}/sessions", json={"brand": f"Brand {number}"})
            sessions.append(started.json()["id"])
        acknowledged: dict[str, list[str]] = {s: [] for s in sessions}
        done = asyncio.Event()

        async def user(session_id: str, script: list[str]) -> None:
            await asyncio.sleep(rng.uniform(0, pause))  # people do not all press send in the same instant
            for number, message in enumerate(script):
                if number:
                    await asyncio.sleep(rng.uniform(0.5 * pause, 1.5 * pause))
                began = time.perf_counter()
                try:
                    response = await client.post(f"/api/sessions/{session_id}/messages", json={"text": message})
                except httpx.HTTPError as error:
                    report.errors.append(f"message: {error!r}")
                    continue
                if response.status_code == 200:
                    report.latencies.append(time.perf_counter() - began)
                    acknowledged[session_id].append(message.strip())
                else:
                    report.errors.append(f"message: {response.status_code} {response.text[:200]}")

        async def poll() -> None:
            while not done.is_set():
                began = time.perf_counter()
                try:
                    (await client.get(POLLED)).raise_for_status()
                    report.page_latencies.append(time.perf_counter() - began)
                except httpx.HTTPError as error:
                    report.errors.append(f"page: {error!r}")
                await asyncio.sleep(POLL_EVERY)

        poller = asyncio.create_task(poll())
        began, cpu = time.perf_counter(), server.cpu_seconds()
        await asyncio.wait_for(asyncio.gather(*(user(s, t) for s, t in zip(sessions, scripts, strict=True))), timeout)
        report.seconds = time.perf_counter() - began
        report.server_cpu = server.cpu_seconds() - cpu
        done.set()
        await poller
        for session_id, sent in acknowledged.items():
            turns = (await client.get(f"/api/sessions/{session_id}/turns", params={"limit": 200})).json()["items"]
            saved = iter(t["content"] for t in turns if t["role"] == "user")
            if not all(message in saved for message in sent):  # each acknowledged message, in order
                report.lost.append(session_id)
    return report


def run_load(
    *, users: int, messages: int, database_url: str = "", timeout: float = 120.0, pause: float = 0.0
) -> LoadReport:
    """Start a scratch server, drive it, stop it; `database_url` (PostgreSQL) gets a scratch schema; `pause` is
    the mean wait between a user's messages (each wait drawn between half and one and a half times it)."""
    with tempfile.TemporaryDirectory(prefix="brandplan-load-") as folder:
        if database_url:
            with scratch_schema(database_url, prefix="load") as url, _server(Path(folder), url) as server:
                return asyncio.run(_drive(server, users, messages, timeout, pause))
        with _server(Path(folder), "") as server:
            return asyncio.run(_drive(server, users, messages, timeout, pause))
