"""`brandplan export`, `import` and `kit`, registered on a Typer app the way the main command will."""

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli_exports import register
from assistant.config import get_settings
from assistant.exports import EXPORTERS
from assistant.store import open_store
from tests.exports.conftest import read_pdf, unzip
from tests.factories import winery_document

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def session_id() -> str:
    store = open_store(get_settings())
    try:
        workspace = store.create_workspace(name="Cantina Aurora", slug="cantina-aurora")
        session = store.create_session(workspace_id=workspace.id, brand_name="x", language="en", stage="purpose")
        store.save_document(session.id, winery_document())
        return session.id
    finally:
        store.close()


def test_export_writes_each_format(app: typer.Typer, session_id: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--session", session_id, "--format", "canvas-pdf"])
    assert result.exit_code == 0, result.output
    written = Path("cantina-aurora-v2.canvas.pdf")
    assert "Cellar tour" in read_pdf(written.read_bytes())

    target = tmp_path / "report.md"
    result = runner.invoke(
        app, ["export", "--session", session_id, "--format", "md", "--version", "1", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# x:")  # version 1: the session's start

    result = runner.invoke(app, ["export", "--session", session_id, "--format", "json", "-o", "-"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["brand"]["name"] == "Cantina Aurora"


def test_export_refuses_unknown_sessions_versions_and_formats(app: typer.Typer, session_id: str) -> None:
    assert runner.invoke(app, ["export", "--session", "nope", "--format", "md"]).exit_code == 2
    assert runner.invoke(app, ["export", "--session", session_id, "--version", "9"]).exit_code == 2
    assert runner.invoke(app, ["export", "--session", session_id, "--format", "exe"]).exit_code == 2


def test_import_and_export_round_trip(app: typer.Typer, session_id: str, tmp_path: Path) -> None:
    exported = tmp_path / "strategy.json"
    assert runner.invoke(app, ["export", "-s", session_id, "-f", "json", "-o", str(exported)]).exit_code == 0

    result = runner.invoke(app, ["import", str(exported), "--workspace", "Another client"])

    assert result.exit_code == 0, result.output
    new_session = result.stdout.split()[1]
    again = tmp_path / "again.json"
    assert runner.invoke(app, ["export", "-s", new_session, "-f", "json", "-o", str(again)]).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()

    result = runner.invoke(app, ["import", str(exported), "-w", "Cantina Aurora", "--session", session_id])
    assert result.exit_code == 0 and result.stdout.strip().endswith("version 3")


def test_import_reports_problems_by_field(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    data = winery_document().model_dump(mode="json")
    data["kpis"][0]["touchpoint_id"] = "tp-404"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "--workspace", "W"])
    assert result.exit_code == 1
    assert "kpis[0].touchpoint_id: no touchpoint has id 'tp-404'" in result.output


def test_kit(app: typer.Typer, session_id: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["kit", "--session", session_id, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = unzip((tmp_path / "cantina-aurora-v2.kit.zip").read_bytes())
    assert "agenda.html" in files and "canvas.svg" in files


def test_kit_takes_the_consultants_minutes_and_start(app: typer.Typer, session_id: str, tmp_path: Path) -> None:
    args = ["kit", "--session", session_id, "-o", str(tmp_path), "--minutes", "kpis=45", "--start", "14:00"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    agenda = unzip((tmp_path / "cantina-aurora-v2.kit.zip").read_bytes())["agenda.md"].decode()
    assert "14:00\u201314:15" in agenda and "(45 min)" in agenda
    wrong = runner.invoke(app, ["kit", "--session", session_id, "-o", str(tmp_path), "--minutes", "kpi=45"])
    assert wrong.exit_code == 2 and "write STAGE=MINUTES" in wrong.output
    late = runner.invoke(app, ["kit", "--session", session_id, "-o", str(tmp_path), "--start", "25:00"])
    assert late.exit_code == 2 and "HH:MM" in late.output


def test_export_lists_every_registered_format(app: typer.Typer) -> None:
    result = runner.invoke(app, ["export", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name, exporter in EXPORTERS.items():
        assert f"{name}: {exporter.description}" in result.output
    assert "kit: Workshop kit (ZIP)" in result.output


def test_export_writes_the_kit_like_any_format(app: typer.Typer, session_id: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--session", session_id, "--format", "kit", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = unzip((tmp_path / "cantina-aurora-v2.kit.zip").read_bytes())
    assert "agenda.html" in files and "strategy.json" in files


def test_export_writes_either_edition(app: typer.Typer, session_id: str, tmp_path: Path) -> None:
    """The client's edition by default, the team's with `--edition working` (rule names, item codes); another is
    refused."""
    for edition in ("client", "working"):
        target = tmp_path / f"{edition}.md"
        result = runner.invoke(app, ["export", "-s", session_id, "-f", "md", "--edition", edition, "-o", str(target)])
        assert result.exit_code == 0, result.output
    working, client = (tmp_path / "working.md").read_text(), (tmp_path / "client.md").read_text()
    assert "kpi-balance" in working and "kpi-balance" not in client
    assert runner.invoke(app, ["export", "-s", session_id, "--edition", "internal"]).exit_code == 2
