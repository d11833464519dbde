"""A real server for tests that need real connections: uvicorn on a loopback port, in a thread."""

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from assistant.access import issue_link
from assistant.config import Settings
from web.app import create_app


@dataclass
class Server:
    base: str
    token: str  # the admin's link secret
    app: FastAPI

    def client(self, token: str | None = None) -> httpx.Client:
        bearer = {"Authorization": f"Bearer {token or self.token}"}
        return httpx.Client(base_url=self.base, headers=bearer, timeout=60)


@pytest.fixture
def server(data_dir: Path, database_url: str) -> Iterator[Server]:
    app = create_app(Settings(data_dir=data_dir, database_url=database_url, llm=""))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        for _ in range(600):
            if uv.started:
                break
            thread.join(0.1)
        assert uv.started, "the server did not start"
        _, token = issue_link(app.state.store, role="admin", workspace_id=None)
        yield Server(f"http://127.0.0.1:{listener.getsockname()[1]}", token, app)
    finally:
        uv.should_exit = True
        thread.join(30)
        listener.close()
