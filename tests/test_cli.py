import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant import __version__
from assistant.cli import app
from assistant.config import get_settings
from assistant.document.schema import SCHEMA_FILE, schema_json
from tests.factories import winery_document

runner = CliRunner()


def test_committed_schema_matches_the_models() -> None:
    assert SCHEMA_FILE.read_text() == schema_json(), (
        "assistant/document/strategy.schema.json is stale: "
        "run `brandplan schema > assistant/document/strategy.schema.json`"
    )


def test_schema_command_prints_all_six_sections() -> None:
    result = subprocess.run([sys.executable, "-m", "assistant", "schema"], capture_output=True, text=True, check=True)
    assert result.stdout == SCHEMA_FILE.read_text(), "`brandplan schema > file` must write the committed file"
    schema = json.loads(result.stdout)
    assert {"brand", "purpose", "digital", "touchpoints", "kpis", "review"} <= set(schema["properties"])
    levels = schema["$defs"]["EngagementLevel"]["enum"]
    assert levels == ["promotional-communication", "relationship", "collaboration", "community", "co-creation"]


def test_version_command() -> None:
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0 and result.output.strip() == __version__


def test_validate_accepts_a_good_document(tmp_path: Path) -> None:
    file = tmp_path / "strategy.json"
    file.write_text(winery_document().model_dump_json())
    result = runner.invoke(app, ["validate", str(file)])
    assert result.exit_code == 0
    assert "valid" in result.output and "Cantina Aurora" in result.output


def test_validate_lists_problems_without_a_traceback(tmp_path: Path) -> None:
    data = winery_document().model_dump(mode="json")
    data["kpis"][0]["target"] = 12
    data["touchpoints"][0]["journey_stage"] = "loyalty"
    file = tmp_path / "strategy.json"
    file.write_text(json.dumps(data))
    result = runner.invoke(app, ["validate", str(file)])
    assert result.exit_code == 1
    assert "kpis[0].target: Input should be a valid string" in result.output
    assert "touchpoints[0].journey_stage: Input should be 'awareness'" in result.output
    assert "Traceback" not in result.output


def test_migrate_creates_the_database_in_the_data_directory(data_dir: Path) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert (data_dir / "brandplan.db").exists()


def test_serve_refuses_several_workers_on_the_embedded_vector_store() -> None:
    result = runner.invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "several workers need a Chroma server" in result.output


def test_serve_refuses_several_workers_on_sqlite_even_with_a_chroma_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANDPLAN_CHROMA_URL", "http://127.0.0.1:8001")
    get_settings.cache_clear()
    result = runner.invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "several workers need PostgreSQL" in result.output


def test_serve_gives_host_and_port_to_the_app_settings_not_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    monkeypatch.delenv("BRANDPLAN_PORT", raising=False)
    result = runner.invoke(app, ["serve", "--host", "127.0.0.2", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.2", 8123)
    assert served["app"].state.settings.base_url == "http://127.0.0.2:8123", "printed links name the real address"
    assert "BRANDPLAN_PORT" not in os.environ


def test_the_cli_module_runs_as_a_script_too() -> None:
    """`python -m assistant.cli eval ...` used to exit 0 printing nothing, which hid every figure."""
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Usage: brandplan" in result.stdout
