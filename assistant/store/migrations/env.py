"""Alembic environment: runs on the connection the app hands over, or on the configured database."""

from alembic import context

from assistant.config import get_settings
from assistant.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from assistant.store.sql import create_db_engine

    engine = create_db_engine(get_settings().resolved_database_url())
    with engine.begin() as own_connection:
        _run(own_connection)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run `brandplan migrate`")
run_migrations_online()
