"""Killing the server mid-session (SIGKILL) and starting it again loses no turn."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.access import issue_link
from assistant.config import Settings
from assistant.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BRANDPLAN_DATA_DIR": str(data_dir), "BRANDPLAN_LLM": "", "BRANDPLAN_PORT": str(port)}
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("server did not start")


@pytest.fixture
def token(data_dir: Path) -> Iterator[str]:
    store = open_store(Settings(data_dir=data_dir))
    _, secret = issue_link(store, role="admin", workspace_id=None)
    store.close()
    yield secret


def test_sigkill_mid_session_loses_no_turn(data_dir: Path, token: str) -> None:
    port = free_port()
    server = serve(data_dir, port)
    base = f"http://127.0.0.1:{port}"
    try:
        client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        slug = client.post("/api/workspaces", json={"name": "Crash Winery"}).json()["slug"]
        session_id = client.post(f"/api/workspaces/{slug}/sessions", json={"brand": "Crash Winery"}).json()["id"]
        answers = [
            "a family winery",  # who the brand is, asked first
            "Italy and Germany",
            "Giulia (owner); Marco (marketing)",
            "Langhe red wines",  # the context: category, competitors, points of difference
            "the larger wineries of the Langhe",
            "the family pours every tasting",
            "We make honest wines from our hills so that families can share the table with the people they love.",
            "families who cook at home; wine tourists",
            "skip",  # each segment's profile: later
            "craft; hospitality; care for the land",
        ]
        for text in answers:
            assert client.post(f"/api/sessions/{session_id}/messages", json={"text": text}).status_code == 200
        server.send_signal(signal.SIGKILL)
        server.wait()
    finally:
        server.kill()

    restarted = serve(data_dir, port)
    try:
        client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        turns = client.get(f"/api/sessions/{session_id}/turns").json()["items"]
        assert [t["content"] for t in turns if t["role"] == "user"] == answers
        assert len(turns) == 1 + 2 * len(answers)
        document = client.get(f"/api/sessions/{session_id}/document").json()["document"]
        assert document["purpose"]["values"] == ["craft", "hospitality", "care for the land"]
        reply = client.post(f"/api/sessions/{session_id}/messages", json={"text": "skip"}).json()
        assert reply["question_id"] == "proof_points", "the conversation picks up where it stopped"
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=20)


def test_the_first_start_prints_an_admin_link_to_the_address_served(data_dir: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("BRANDPLAN_PORT", "BRANDPLAN_HOST")}
    env |= {"BRANDPLAN_DATA_DIR": str(data_dir), "BRANDPLAN_LLM": ""}
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 90
        line = ""
        while time.monotonic() < deadline and "/login/" not in line:
            line = server.stdout.readline()
        link = line.strip()
        assert link.startswith(f"http://127.0.0.1:{port}/login/"), link
        assert httpx.get(link, timeout=30, follow_redirects=True).status_code == 200, "the link logs in"
    finally:
        server.kill()
        server.wait()
