"""A document of schema 1 is upgraded when read, wherever it is read from, and keeps every value."""

import json
from pathlib import Path

from sqlalchemy import update
from typer.testing import CliRunner

from assistant.cli import app
from assistant.document import SCHEMA_VERSION, StrategyDocument
from assistant.document.validation import parse_document_json
from assistant.exports import import_document
from assistant.store import SqlStore
from assistant.store.tables import VersionRow

# Written by the code of schema 1 (`winery_document()` dumped as JSON), kept as it was.
V1 = Path(__file__).parent / "fixtures" / "strategy-v1.json"


def _v1() -> dict[str, object]:
    data: dict[str, object] = json.loads(V1.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    return data


def _same_values(document: StrategyDocument) -> None:
    """Every value of the version 1 file is in the upgraded document, unchanged."""
    upgraded = document.model_dump(mode="json")
    assert upgraded["schema_version"] == SCHEMA_VERSION == 2

    def within(old: object, new: object, path: str) -> None:
        if isinstance(old, dict):
            assert isinstance(new, dict), path
            for key, value in old.items():
                within(value, new[key], f"{path}.{key}")
        elif isinstance(old, list):
            assert isinstance(new, list) and len(new) == len(old), path
            for index, (a, b) in enumerate(zip(old, new, strict=True)):
                within(a, b, f"{path}[{index}]")
        else:
            assert new == old, path

    within({k: v for k, v in _v1().items() if k != "schema_version"}, upgraded, "")


def test_a_version_1_document_is_upgraded_when_parsed() -> None:
    _same_values(parse_document_json(V1.read_bytes()))


def test_a_version_1_document_stored_in_the_database_is_upgraded_when_loaded(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora").id
    session = store.create_session(workspace_id=workspace, brand_name="x", language="en", stage="purpose")
    version = store.save_document(session.id, StrategyDocument())
    with store.engine.begin() as db:  # as a version written before schema 2 lies in the table
        db.execute(
            update(VersionRow)
            .where(VersionRow.session_id == session.id, VersionRow.version == version)
            .values(document=_v1())
        )
    _, loaded = store.load_document(session.id)
    _same_values(loaded)
    _same_values(store.snapshot(session.id).document)


def test_a_version_1_export_is_imported(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora").id
    session_id, version = import_document(store, workspace_id=workspace, data=V1.read_bytes())
    _same_values(store.load_document(session_id, version)[1])


def test_check_and_validate_read_a_version_1_file() -> None:
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(V1), "--json"])
    assert checked.exit_code in (0, 1), checked.output  # 1: findings of severity error, not a refusal
    assert "findings" in json.loads(checked.output)
    validated = runner.invoke(app, ["validate", str(V1)])
    assert validated.exit_code == 0 and "schema version 2" in validated.output
