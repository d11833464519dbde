"""Several processes starting at once on a fresh database (as app workers do) all come up, on one schema."""

import multiprocessing

from sqlalchemy import create_engine, inspect

from assistant.store import SqlStore

STARTS = 4


def _start(url: str, ready: "multiprocessing.synchronize.Barrier", results: "multiprocessing.Queue[str]") -> None:
    ready.wait()  # every process migrates at the same moment
    try:
        SqlStore.open(url).close()
        results.put("ok")
    except Exception as error:  # reported to the test, which names it
        results.put(f"{type(error).__name__}: {error}"[:300])


def test_processes_starting_together_all_migrate(database_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(STARTS)
    results: multiprocessing.Queue[str] = context.Queue()
    processes = [context.Process(target=_start, args=(database_url, ready, results)) for _ in range(STARTS)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert outcomes == ["ok"] * STARTS
    engine = create_engine(database_url)
    try:
        assert {"workspaces", "planning_sessions", "turns", "alembic_version"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
