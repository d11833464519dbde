"""Several app processes serving one team, as docs/deploy.md sets them up: PostgreSQL, a Chroma server and
N `brandplan serve` processes on loopback ports, started as a user would, from the command line.

Used by the team load test (`brandplan eval team`) and by the two-process test."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.access import issue_link
from assistant.store import SqlStore

START_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {START_SECONDS} s:\n{log.read_text()[-3000:]}")


@dataclass
class Cluster:
    apps: list[str]  # base URLs of the app processes
    token: str  # an admin link's secret
    store: SqlStore  # the shared database, for checks
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def client(self, app: int, token: str | None = None) -> httpx.Client:
        bearer = {"Authorization": f"Bearer {token or self.token}"}
        return httpx.Client(base_url=self.apps[app], headers=bearer, timeout=60)


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


@contextmanager
def cluster(database_url: str, folder: Path, *, apps: int = 2) -> Iterator[Cluster]:
    """A Chroma server and `apps` app processes sharing `database_url`; everything stopped afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    chroma_port = free_port()
    chroma = str(Path(sys.executable).with_name("chroma"))
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    processes = [
        _start(
            [chroma, "run", "--path", str(folder / "chroma"), "--host", "127.0.0.1", "--port", str(chroma_port)],
            env,
            folder / "chroma.log",
        )
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat", processes[0], folder / "chroma.log")
        app_env = {
            **{k: v for k, v in env.items() if not k.startswith("BRANDPLAN_")},
            "BRANDPLAN_DATABASE_URL": database_url,
            "BRANDPLAN_CHROMA_URL": f"http://127.0.0.1:{chroma_port}",
            "BRANDPLAN_DATA_DIR": str(folder / "data"),
            "BRANDPLAN_LLM": "",
        }
        urls = []
        for number in range(apps):  # one after the other: the first builds the card index the others reuse
            port = free_port()
            log = folder / f"app{number}.log"
            command = [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port)]
            processes.append(_start(command, app_env, log))
            urls.append(f"http://127.0.0.1:{port}")
            wait_until_up(f"{urls[-1]}/healthz", processes[-1], log)
        store = SqlStore.open(database_url)
        _, token = issue_link(store, role="admin", workspace_id=None)
        try:
            yield Cluster(urls, token, store, processes)
        finally:
            store.close()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
