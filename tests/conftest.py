"""Shared fixtures: a private data directory per test, and a real database (SQLite, and PostgreSQL when
`BRANDPLAN_TEST_DATABASE_URL` names one)."""

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings, get_settings
from assistant.store import SqlStore
from assistant.store.scratch import scratch_schema

PG_URL = os.environ.get("BRANDPLAN_TEST_DATABASE_URL", "")
# Uploads are read in children of a forkserver, which on Python 3.11 ignores the parent's sys.path and
# starts in the working directory; the tests chdir into their own folders, so name this checkout for it
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH")]))


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection beyond this machine fails loudly: the app must work offline (hosted models are faked)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                local = ipaddress.ip_address(host).is_loopback
            except ValueError:
                local = host == "localhost"
            if not local:
                raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test writes under its own folder and reads no `.env` or stray BRANDPLAN_ variables."""
    for name in list(os.environ):
        if name.startswith("BRANDPLAN_") and name != "BRANDPLAN_TEST_DATABASE_URL":
            monkeypatch.delenv(name)
    folder = tmp_path / "data"
    monkeypatch.setenv("BRANDPLAN_DATA_DIR", str(folder))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[str]:
    """The same tests run on SQLite and, when configured, on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{data_dir / 'test.db'}"
        return
    if not PG_URL:
        pytest.skip(
            "PostgreSQL tests need BRANDPLAN_TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)"
        )
    with scratch_schema(PG_URL, prefix="t") as url:
        yield url


@pytest.fixture
def store(database_url: str) -> Iterator[SqlStore]:
    store = SqlStore.open(database_url)
    yield store
    store.close()
