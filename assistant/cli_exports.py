"""`brandplan export`, `brandplan import` and `brandplan kit`: added to the main command by `register(app)`.

The formats are the export registry's; `kit` is `export --format kit` under its own name.
"""

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli_data import find_workspace, knowledge
from assistant.exports.registry import EDITIONS, EXPORTERS, Edition


def _known_format(name: str) -> str:
    if name not in EXPORTERS:
        raise typer.BadParameter(f"unknown format {name!r}; available: {', '.join(EXPORTERS)}")
    return name


def formats_help() -> str:
    """One `name: description` line per registered format."""
    return "\n".join(f"{exporter.name}: {exporter.description}" for exporter in EXPORTERS.values())


SessionOption = Annotated[str, typer.Option("--session", "-s", help="Planning session id.")]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar=f"<{'|'.join(EXPORTERS)}>", callback=_known_format, help="Output format (see below)."
    ),
]
VersionOption = Annotated[int | None, typer.Option(min=1, help="Document version (default: the latest).")]
EditionOption = Annotated[
    Edition,
    typer.Option(
        metavar=f"<{'|'.join(EDITIONS)}>",
        help="client: plain labels, for the client; working: with item codes, rule names and field paths, "
        "for the team.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="File to write ('-' for standard output); default: a file named after the brand in the current folder.",
    ),
]


def _write(data: bytes, output: Path | None, default_name: str) -> None:
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = output if output is not None else Path(default_name)
    if target.is_dir():
        target = target / default_name
    target.write_bytes(data)
    typer.echo(f"wrote {target} ({len(data)} bytes)", err=True)


def _export(
    session: str, name: str, version: int | None, output: Path | None, edition: Edition, **changes: Any
) -> None:
    from assistant.config import get_settings
    from assistant.exports import build_context
    from assistant.exports.registry import context_filename
    from assistant.stages import StageBook
    from assistant.store import NotFound

    exporter = EXPORTERS[name]
    stages = StageBook(get_settings().stages_dir)
    with knowledge() as (store, kb):
        try:
            context = replace(build_context(store, session, version, kb, stages=stages, edition=edition), **changes)
        except NotFound as error:
            raise typer.BadParameter(str(error), param_hint="--session/--version") from None
        data = exporter.render(context)
    _write(data, output, context_filename(context, exporter.extension))


def export(
    session: SessionOption,
    format: FormatOption = "pdf",
    version: VersionOption = None,
    output: OutputOption = None,
    edition: EditionOption = "client",
) -> None:
    """Export a saved strategy document in one of the formats below, for the client or for the team."""
    _export(session, format, version, output, edition)


def kit(
    session: SessionOption,
    version: VersionOption = None,
    output: OutputOption = None,
    edition: EditionOption = "client",
    minutes: Annotated[
        list[str] | None,
        typer.Option(help="A stage's time in the agenda, STAGE=MINUTES (repeatable), e.g. kpis=40."),
    ] = None,
    start: Annotated[str, typer.Option(help="When the workshop starts, HH:MM.")] = "09:30",
) -> None:
    """Build a workshop kit (ZIP): timed agenda, stage worksheets, pre-filled canvas, findings to discuss.

    Each stage gets the time its remaining work needs (open questions, a read-back of the answered ones,
    the checker's findings there) unless --minutes sets it."""
    _export(session, "kit", version, output, edition, agenda=_agenda(minutes or []), start=_clock(start))


def _agenda(entries: list[str]) -> tuple[tuple[str, int], ...]:
    from assistant.stages import STAGE_ORDER

    chosen = []
    for entry in entries:
        stage, _, number = entry.partition("=")
        if stage not in STAGE_ORDER or not number.isdigit() or not 5 <= int(number) <= 240:
            raise typer.BadParameter(
                f"{entry!r}: write STAGE=MINUTES, a stage among {', '.join(STAGE_ORDER)} and 5 to 240 minutes",
                param_hint="--minutes",
            )
        chosen.append((stage, int(number)))
    return tuple(chosen)


def _clock(start: str) -> str:
    hours, _, minutes = start.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60 and len(minutes) == 2):
        raise typer.BadParameter(f"{start!r}: write the time as HH:MM, e.g. 14:00", param_hint="--start")
    return f"{int(hours):02d}:{minutes}"


def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="A strategy JSON file.")],
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace name (created if new).")],
    session: Annotated[
        str | None, typer.Option("--session", "-s", help="Add the document as a new version of this session.")
    ] = None,
    brand: Annotated[str | None, typer.Option(help="Rename the brand.")] = None,
) -> None:
    """Load a strategy document exported as JSON, as a new session (or a new version of --session)."""
    from assistant.document.validation import DocumentInvalid
    from assistant.exports import MAX_IMPORT_BYTES, import_document
    from assistant.store import NotFound

    if file.stat().st_size > MAX_IMPORT_BYTES:
        typer.echo(f"document: larger than the {MAX_IMPORT_BYTES} bytes allowed", err=True)
        raise typer.Exit(1)
    with knowledge() as (store, _kb):
        space = find_workspace(store, workspace, create=session is None)
        try:
            session_id, number = import_document(
                store,
                workspace_id=space.id,
                data=file.read_bytes(),
                brand=brand,
                session_id=session,
                name=file.name,
            )
        except DocumentInvalid as error:
            for problem in error.problems:
                typer.echo(problem, err=True)
            raise typer.Exit(1) from None
        except NotFound:
            raise typer.BadParameter(
                f"no session {session!r} in workspace {workspace!r}", param_hint="--session"
            ) from None
    typer.echo(f"session {session_id} version {number}")


def register(app: typer.Typer) -> None:
    """Add the export, import and kit commands to `app`."""
    app.command("export", epilog=f"Formats:\n\n{formats_help()}")(export)
    app.command("import")(import_command)
    app.command("kit")(kit)
