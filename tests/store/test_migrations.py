"""Several processes starting at once on a fresh database (as app workers do) all come up, on one schema,
also while the CPU is busy (a loaded machine is when a start races)."""

import multiprocessing
import os
import time
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from assistant.store import SqlStore

STARTS = 4
ROUNDS = 20  # on SQLite; each round is a fresh database file that the four processes open at once
TABLES = {"workspaces", "planning_sessions", "turns", "alembic_version"}


def _start(urls: list[str], ready: Barrier, results: "multiprocessing.Queue[str]") -> None:
    for url in urls:
        ready.wait(timeout=120)  # every process migrates the same fresh database at the same moment
        try:
            SqlStore.open(url).close()
            results.put("ok")
        except Exception as error:  # reported to the test, which names it
            results.put(f"{type(error).__name__}: {error}"[:300])


def _spin(stop: Event) -> None:
    while not stop.is_set():
        sum(range(10_000))


@pytest.fixture
def busy_cpu() -> Iterator[None]:
    """Two spinning processes per core for the length of the test."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    spinners = [context.Process(target=_spin, args=(stop,), daemon=True) for _ in range(2 * (os.cpu_count() or 1))]
    for spinner in spinners:
        spinner.start()
    yield
    stop.set()
    for spinner in spinners:
        spinner.join(timeout=10)


def _race(urls: list[str]) -> list[str]:
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(STARTS)
    results: multiprocessing.Queue[str] = context.Queue()
    processes = [context.Process(target=_start, args=(urls, ready, results)) for _ in range(STARTS)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in range(STARTS * len(urls))]
    for process in processes:
        process.join(timeout=30)
    return outcomes


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_processes_starting_together_all_migrate(database_url: str, busy_cpu: None) -> None:
    urls = [database_url]
    if database_url.startswith("sqlite:///"):
        folder = Path(database_url.removeprefix("sqlite:///")).parent
        urls = [f"sqlite:///{folder / f'round-{n}.db'}" for n in range(ROUNDS)]
    started = time.monotonic()
    outcomes = _race(urls)
    print(f"{len(urls)} rounds of {STARTS} processes in {time.monotonic() - started:.1f} s")
    assert [o for o in outcomes if o != "ok"] == []
    assert len(outcomes) == STARTS * len(urls)
    for url in urls:
        assert _tables(url) >= TABLES
