"""Apply the Alembic migrations that ship inside the package, one process at a time."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from filelock import FileLock
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x62706C616E  # "bplan": the advisory lock key that serialises migrations on PostgreSQL
LOCK_WAIT_SECONDS = 300


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """Processes starting together on one SQLite file migrate one after the other.

    SQLite's own write lock is not enough: Alembic reads the current revision before its first write, so
    two processes can both decide to create the tables, and a busy one can outwait the busy timeout. A
    lock file beside the database covers the whole run; the next process then finds the schema current.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with FileLock(f"{database}.migrate.lock", timeout=LOCK_WAIT_SECONDS):
        yield


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database at `engine` to `revision` (default: the newest)."""
    config = alembic_config()
    with _sqlite_file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # the first process holds this lock until its migration commits; the others then find the schema current
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
