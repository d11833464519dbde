"""The `brandplan` command line."""

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant import __version__
from assistant.config import get_settings
from assistant.schema import schema_json
from assistant.validation import DocumentInvalid, parse_document_json

app = typer.Typer(help="Brand-strategy planning assistant.", no_args_is_help=True, add_completion=False)


@app.command()
def version() -> None:
    """Print the installed version."""
    typer.echo(__version__)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the strategy document."""
    typer.echo(schema_json())


@app.command()
def validate(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]) -> None:
    """Check a strategy document JSON file against the schema; list every problem by field."""
    try:
        document = parse_document_json(file.read_bytes())
    except DocumentInvalid as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"{file}: valid (brand {document.brand.name or '(unnamed)'!r}, schema version {document.schema_version})"
    )


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema (the app also does this when it starts)."""
    from assistant.store import open_store

    settings = get_settings()
    open_store(settings).close()
    typer.echo(f"database up to date: {json.dumps(settings.resolved_database_url())}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default from settings).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default from settings).")] = None,
) -> None:
    """Run the web app."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "web.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
    )
