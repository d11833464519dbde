"""The `brandplan` command line."""

import json
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from assistant import __version__
from assistant.cli_data import find_workspace, knowledge, owning_data_dir
from assistant.cli_exports import register as register_export_commands
from assistant.config import get_settings
from assistant.document.schema import schema_json
from assistant.document.validation import DocumentInvalid, parse_document_json

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.engine import Reply
    from assistant.llm.port import LanguageModel

app = typer.Typer(help="Brand-strategy planning assistant.", no_args_is_help=True, add_completion=False)
docs_app = typer.Typer(help="The documents a workspace has ingested.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the assistant.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
app.add_typer(eval_app, name="eval")
register_export_commands(app)

WorkspaceOption = Annotated[str, typer.Option("--workspace", "-w", help="Workspace name.")]
StageChoice = Literal["purpose", "digital-alignment", "touchpoints", "kpis", "review", "general"]


DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Run in this data directory and keep what it writes (default: a scratch one, removed after)."
    ),
]


@contextmanager
def eval_settings(data_dir: Path | None, **changes: object) -> Iterator["Settings"]:
    """Evals create sessions, workspaces and indexes: in a scratch data directory, unless told where."""
    settings = get_settings()
    if data_dir is not None:
        yield settings.model_copy(update={"data_dir": data_dir, "database_url": None, **changes})
        return
    with tempfile.TemporaryDirectory(prefix="brandplan-eval-") as scratch:
        yield settings.model_copy(update={"data_dir": Path(scratch), "database_url": None, **changes})


def model_or_exit(settings: "Settings") -> "LanguageModel | None":
    """The configured language model; a misconfiguration ends the command with one line, not a traceback."""
    from assistant.llm.factory import ModelSetupError, build_model

    try:
        return build_model(settings)
    except ModelSetupError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@app.command()
def version() -> None:
    """Print the installed version."""
    typer.echo(__version__)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the strategy document (byte for byte the committed file)."""
    typer.echo(schema_json(), nl=False)


@app.command()
def validate(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]) -> None:
    """Check a strategy document JSON file against the schema; list every problem by field."""
    try:
        document = parse_document_json(file.read_bytes(), name=file.name)
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


@app.command("admin-link")
def admin_link(
    revoke_all: Annotated[
        bool, typer.Option("--revoke-all", help="First revoke every administrator link (and so its logins).")
    ] = False,
) -> None:
    """Create a new one-time administrator login link and print it (the secret is shown only here)."""
    from assistant.access import issue_link, login_url
    from assistant.store import open_store

    settings = get_settings()
    store = open_store(settings)
    try:
        if revoke_all:
            revoked = [store.revoke_link(link.id, workspace_id=None) for link in store.list_links(None)]
            typer.echo(f"revoked {len(revoked)} administrator link(s); browsers logged in with them are out", err=True)
        _, token = issue_link(store, role="admin", workspace_id=None, label="brandplan admin-link")
    finally:
        store.close()
    typer.echo(login_url(settings.base_url, token))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default from settings).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default from settings).")] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Worker processes (needs PostgreSQL and a Chroma server).")
    ] = 1,
) -> None:
    """Run the web app."""
    import uvicorn
    from uvicorn.importer import import_from_string
    from uvicorn.supervisors import Multiprocess

    from assistant.config import Settings

    # the options go into the app's settings too, so printed links name the real address
    overrides: dict[str, Any] = {name: value for name, value in (("host", host), ("port", port)) if value is not None}
    settings = Settings(**overrides) if overrides else get_settings()
    if workers > 1 and not settings.chroma_url:
        # Chroma's embedded client is thread-safe but not process-safe: several workers would corrupt it.
        raise typer.BadParameter(
            "several workers need a Chroma server: start `chroma run --path DIR --port 8001` and set "
            "BRANDPLAN_CHROMA_URL=http://127.0.0.1:8001",
            param_hint="--workers",
        )
    if workers > 1 and not settings.resolved_database_url().startswith("postgresql"):
        # live sessions wake their viewers through PostgreSQL's LISTEN/NOTIFY; SQLite's bus is in one process
        raise typer.BadParameter(
            "several workers need PostgreSQL, which carries a session's events between them: set "
            "BRANDPLAN_DATABASE_URL=postgresql://USER@HOST:5432/DB (see docs/deploy.md)",
            param_hint="--workers",
        )
    model_or_exit(settings)  # a misconfigured model is said once, before the server starts
    app_for = import_from_string("web.factory:app_for")  # by name: `assistant` does not import `web`
    with owning_data_dir(settings):
        if workers == 1:
            uvicorn.run(app_for(settings), host=settings.host, port=settings.port)
            return
        # each worker process builds its app from these settings, which the supervisor pickles to it
        factory = partial(app_for, settings)
        config = uvicorn.Config(factory, factory=True, host=settings.host, port=settings.port, workers=workers)
        Multiprocess(config, sockets=[config.bind_socket()]).run()


@app.command()
def ingest(
    workspace: WorkspaceOption,
    paths: Annotated[list[Path], typer.Argument(help="Markdown, text, PDF, HTML or DOCX files, or folders of them.")],
) -> None:
    """Add a team's own documents to a workspace (created if new); unchanged files are skipped.

    Each file is read in a reader process with the same limits as a web upload; a progress bar counts files
    and passages."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from assistant.retrieval.parsers import supported_files

    paths = supported_files(paths)

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with knowledge() as (store, kb), Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        space = find_workspace(store, workspace, create=True)
        files = bar.add_task("files", total=len(paths))
        passages = bar.add_task("passages", total=None)
        outcomes = kb.ingest_paths(
            space.id,
            paths,
            progress=lambda done, total: bar.update(passages, completed=done, total=total or None),
            on_file=lambda _outcome: bar.advance(files),
        )
    for outcome in outcomes:
        typer.echo(outcome.line, err=outcome.error is not None)
    if any(o.error for o in outcomes):
        raise typer.Exit(1)


@docs_app.command("list")
def docs_list(workspace: WorkspaceOption) -> None:
    """List a workspace's documents."""
    with knowledge() as (store, kb):
        documents = kb.documents(find_workspace(store, workspace).id)
    if not documents:
        typer.echo("no documents")
    for d in documents:
        typer.echo(f"{d.filename}\t{d.media_type}\t{d.language}\t{d.size} bytes\t{d.chunk_count} passages")


@docs_app.command("remove")
def docs_remove(workspace: WorkspaceOption, filename: Annotated[str, typer.Argument()]) -> None:
    """Remove a document and its passages from a workspace."""
    from assistant.store import NotFound

    with knowledge() as (store, kb):
        try:
            removed = kb.remove(find_workspace(store, workspace).id, filename)
        except NotFound as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from None
    typer.echo(f"removed {removed.filename} ({removed.chunk_count} passages)")


@app.command()
def search(
    question: Annotated[str, typer.Argument()],
    workspace: Annotated[str | None, typer.Option("--workspace", "-w", help="Also search this workspace.")] = None,
    stage: Annotated[StageChoice | None, typer.Option(help="Only cards of this stage.")] = None,
    lang: Annotated[Literal["en", "it"] | None, typer.Option(help="Only passages in this language.")] = None,
    top: Annotated[int, typer.Option(min=1, max=50)] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Search the framework cards (and a workspace's documents) and print passages with citations."""
    with knowledge() as (store, kb):
        workspace_id = find_workspace(store, workspace).id if workspace else None
        hits = kb.search(question, workspace_id=workspace_id, stage=stage, language=lang, top=top)
    if as_json:
        typer.echo(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("nothing found")
    for rank, hit in enumerate(hits, start=1):
        text = " ".join(hit.text.split())
        typer.echo(f"{rank}. {hit.citation.label}  (score {hit.score:.4f})\n   {text[:400]}")


@app.command()
def reindex() -> None:
    """Rebuild the vector index from the card files and the text kept in the database."""
    with knowledge() as (_store, kb):
        counts = kb.reindex()
    for name, count in counts.items():
        typer.echo(f"{name}: {count} passages")


@eval_app.command("retrieval")
def eval_retrieval(
    questions: Annotated[
        str,
        typer.Option(
            help="gold and dev: sets the search was tuned on; heldout: one never tuned on; or a YAML file of "
            "questions in their shape (evals/retrieval/*.yaml)."
        ),
    ] = "gold",
    documents: Annotated[
        Path | None,
        typer.Option(
            help="A folder of documents ingested into a scratch workspace first; `expected` may name its files.",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOption = None,
    embedding: Annotated[
        str | None, typer.Option("--embedding", help="Embedding model (default: BRANDPLAN_EMBEDDING_MODEL).")
    ] = None,
) -> None:
    """Recall@1, recall@5, MRR and latency of dense, BM25 and hybrid search on a question set.

    One process, one model load, whatever the set. To compare the embedding models side by side:
    `python -m evals.retrieval.compare`.
    """
    from assistant.retrieval.parsers import supported_files
    from evals.retrieval import CasesError, load_cases, question_set, run

    try:
        cases = load_cases(question_set(questions))
    except CasesError as error:
        raise typer.BadParameter(str(error), param_hint="--questions") from None
    changes = {"embedding_model": embedding} if embedding else {}
    with eval_settings(data_dir, **changes) as settings, knowledge(settings) as (store, kb):
        workspace_id = None
        if documents is not None:
            space = store.create_workspace(name="eval documents", slug=f"eval-{uuid.uuid4().hex[:8]}")
            failed = [o.line for o in kb.ingest_paths(space.id, supported_files([documents])) if o.error]
            for line in failed:
                typer.echo(line, err=True)
            workspace_id = space.id
        report = run(kb, cases, workspace_id=workspace_id)
    typer.echo(json.dumps(report.as_json(), indent=2) if as_json else report.table())


@eval_app.command("load")
def eval_load(
    users: Annotated[int, typer.Option(min=1, max=200, help="Users sending messages at once.")] = 50,
    messages: Annotated[int, typer.Option(min=1, max=20, help="Messages each user sends.")] = 10,
    database_url: Annotated[str, typer.Option(help="PostgreSQL URL (a scratch schema is used); default SQLite.")] = "",
    timeout: Annotated[float, typer.Option(min=1, max=600, help="Give up after this many seconds.")] = 120,
    pause: Annotated[
        float, typer.Option(min=0, max=60, help="Mean seconds a user waits between messages (0: back to back).")
    ] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Users x messages against a scratch server on loopback: latency, throughput, a page's latency, losses."""
    from evals.load import run_load

    report = run_load(users=users, messages=messages, database_url=database_url, timeout=timeout, pause=pause)
    typer.echo(json.dumps(report.as_json(), indent=2) if as_json else report.table())


@eval_app.command("team")
def eval_team(
    database_url: Annotated[str, typer.Option(help="PostgreSQL URL (a scratch schema is used).")],
    sessions: Annotated[int, typer.Option(min=1, max=50, help="Sessions, one workspace each.")] = 10,
    people: Annotated[int, typer.Option(min=1, max=20, help="Participants per session.")] = 5,
    seconds: Annotated[float, typer.Option(min=5, max=600, help="How long they send messages and edits.")] = 120,
    apps: Annotated[int, typer.Option(min=1, max=8, help="App processes (ports on loopback).")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Teams in live sessions on several app processes (PostgreSQL, Chroma server): round trips, event delivery,
    and a check that everything acknowledged is stored and reached every participant."""
    from evals.load.team import run_team_load

    if not database_url.startswith("postgresql"):
        raise typer.BadParameter("several app processes need PostgreSQL", param_hint="--database-url")
    report = run_team_load(database_url=database_url, sessions=sessions, people=people, seconds=seconds, apps=apps)
    typer.echo(json.dumps(report.as_json(), indent=2) if as_json else report.table())


@eval_app.command("model")
def eval_model(
    llm: Annotated[str | None, typer.Option(help="Model to measure (default: BRANDPLAN_LLM).")] = None,
    persona: Annotated[list[str] | None, typer.Option(help="Only this persona (repeatable).")] = None,
    sessions: Annotated[bool, typer.Option(help="Also play each whole persona session with the model.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """A model against the deterministic path: fields read correctly, turns needed, free-text answers.

    With the packaged local model it takes several minutes.
    """
    import time

    from evals.models import run
    from evals.sessions import load_personas

    settings = get_settings()
    spec = llm or settings.llm
    if not spec:
        raise typer.BadParameter("name the model to measure, e.g. --llm llamacpp:smollm2", param_hint="--llm")
    chosen = [p for p in load_personas() if not persona or p.id in persona]
    if not chosen:
        raise typer.BadParameter(f"no persona named {', '.join(persona or [])}", param_hint="--persona")
    with eval_settings(data_dir, llm=spec) as scoped:
        started = time.perf_counter()
        model = model_or_exit(scoped)
        assert model is not None
        loaded = time.perf_counter() - started
        with knowledge(scoped) as (store, kb):
            report = run(scoped, store, kb, model, chosen, name=spec, load_seconds=loaded, sessions=sessions)
    typer.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False) if as_json else report.table())


@app.command()
def check(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    lang: Annotated[Literal["en", "it"], typer.Option(help="Language of the findings.")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run the coherence checker on a saved strategy document; exit 1 when it finds errors."""
    from assistant import coherence

    try:
        document = parse_document_json(file.read_bytes(), name=file.name)
    except DocumentInvalid as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise typer.Exit(2) from None
    findings = coherence.check(document, language=lang)
    score = coherence.scorecard(document)
    if as_json:
        payload = {"findings": [f.model_dump() for f in findings], "scorecard": score.as_json()}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            where = ", ".join(finding.fields)
            typer.echo(f"{finding.severity:<7} {finding.rule}: {finding.message} ({where}) [{finding.card_id}]")
        completeness = ", ".join(f"{stage} {round(100 * v)}%" for stage, v in score.completeness.items())
        typer.echo(f"completeness: {completeness}")
        typer.echo(f"{score.errors} errors, {score.warnings} warnings")
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@app.command()
def chat(
    session: Annotated[str | None, typer.Option(help="Resume this session id.")] = None,
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace for a new session.")] = "default",
    brand: Annotated[str | None, typer.Option(help="Brand name for a new session.")] = None,
    lang: Annotated[Literal["en", "it"], typer.Option(help="Language of a new session.")] = "en",
) -> None:
    """A planning session in the terminal: the same engine as the web chat. Ctrl-D or `quit` ends it."""
    from assistant.runtime import build_engine
    from assistant.store import NotFound

    settings = get_settings()
    model = model_or_exit(settings)
    with knowledge() as (store, kb):
        engine = build_engine(settings, store, knowledge=kb, model=model)
        if session is None:
            space = find_workspace(store, workspace, create=True)
            name = brand or typer.prompt("Brand name" if lang == "en" else "Nome del brand")
            started = store.create_session(workspace_id=space.id, brand_name=name, language=lang, stage="purpose")
            session = started.id
            typer.echo(f"session {session}")
            reply = engine.start(session)
        else:
            try:
                reply = engine.start(session)
            except NotFound:
                raise typer.BadParameter(f"no session {session!r}", param_hint="--session") from None
        _show(reply)
        while True:
            try:
                text = input("\n> ")
            except EOFError:
                break
            if text.strip().lower() in {"quit", "exit", "esci"}:
                break
            _show(engine.handle(session, text))
    typer.echo(f"\nsaved; resume with: brandplan chat --session {session}")


def _show(reply: "Reply") -> None:
    typer.echo(f"\n{reply.message}")
    if reply.notice:
        typer.echo(reply.notice)
    for source in reply.citations:
        typer.echo(f"  [{source.number}] {source.label}")


@eval_app.command("sessions")
def eval_sessions(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False, data_dir: DataDirOption = None
) -> None:
    """Run the scripted persona sessions: turns needed, completeness and findings per persona."""
    from evals.sessions import run_all

    with eval_settings(data_dir) as settings, knowledge(settings) as (store, kb):
        report = run_all(settings, store, kb)
    typer.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False) if as_json else report.table())


@eval_app.command("reading")
def eval_reading(
    cases: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, readable=True, help="Case file (default: the development set)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Answers written as people talk, each played to its question: item precision, recall and F1, attribute
    accuracy and lost answers, by language and field."""
    import yaml

    from evals.reading import DEV, CaseError, load_cases, run

    try:
        chosen = load_cases(cases or DEV)
    except (ValueError, yaml.YAMLError) as error:  # pydantic's ValidationError is a ValueError
        raise typer.BadParameter(str(error), param_hint="--cases") from None
    with eval_settings(data_dir) as settings, knowledge(settings) as (store, kb):
        try:
            report = run(settings, store, kb, chosen)
        except CaseError as error:
            raise typer.BadParameter(str(error), param_hint="--cases") from None
    typer.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False) if as_json else report.table())


@eval_app.command("review")
def eval_review(
    plans: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            file_okay=False,
            readable=True,
            help="Folder of sound plans and their flaws (default: the dev set).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Sound plans and flawed copies of them: the flaws the review sees, per rule and language, and the errors and
    warnings on the sound plans."""
    from evals.review import PLANS, FlawError, load_plans, run

    try:
        report = run(load_plans(plans or PLANS))
    except FlawError as error:
        raise typer.BadParameter(str(error), param_hint="--plans") from None
    typer.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False) if as_json else report.table())


if __name__ == "__main__":  # `python -m assistant.cli` as well as `python -m assistant` and `brandplan`
    app(prog_name="brandplan")
