"""What the command modules share: the data directory a command works in (held while it runs), its store and
knowledge base, and a workspace found by name. `assistant.cli` and `assistant.cli_exports` both import this;
it imports neither."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from assistant.config import get_settings
from assistant.naming import slugify

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.retrieval.knowledge import KnowledgeBase
    from assistant.store import SqlStore, Workspace


@contextmanager
def owning_data_dir(settings: "Settings") -> Iterator[None]:
    """Hold the data directory (see `assistant.data_lock`), or exit 2 saying who holds it."""
    from assistant.data_lock import DataDirBusy, own_data_dir

    try:
        with own_data_dir(settings):
            yield
    except DataDirBusy as busy:
        typer.echo(f"brandplan: {busy}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def knowledge(settings: "Settings | None" = None) -> Iterator[tuple["SqlStore", "KnowledgeBase"]]:
    """The store and the knowledge base of the configured data directory (owned meanwhile), closed afterwards."""
    from assistant.retrieval.knowledge import KnowledgeBase
    from assistant.store import open_store

    settings = settings or get_settings()
    with owning_data_dir(settings):
        store = open_store(settings)
        try:
            yield store, KnowledgeBase(settings, store)
        finally:
            store.close()


def find_workspace(store: "SqlStore", name: str, *, create: bool = False) -> "Workspace":
    from assistant.store import NotFound

    try:
        slug = slugify(name)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--workspace") from None
    try:
        return store.get_workspace_by_slug(slug)
    except NotFound:
        if create:
            return store.create_workspace(name=name, slug=slug)
        raise typer.BadParameter(f"no workspace named {name!r}", param_hint="--workspace") from None
