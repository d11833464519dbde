"""A document of schema 1 or 2 is upgraded when read, wherever it is read from, and keeps every value."""

import json
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from assistant.cli import app
from assistant.document import SCHEMA_VERSION, StrategyDocument
from assistant.document.validation import parse_document_json
from assistant.exports import import_document
from assistant.store import SqlStore
from assistant.store.tables import VersionRow

# Written by the code of schemas 1 and 2 (`winery_document()` dumped as JSON, with schema 2's new fields set),
# kept as they were.
V1 = Path(__file__).parent / "fixtures" / "strategy-v1.json"
V2 = Path(__file__).parent / "fixtures" / "strategy-v2.json"
OLD = pytest.mark.parametrize("old", [V1, V2], ids=["v1", "v2"])


def _data(old: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(old.read_text(encoding="utf-8"))
    assert data["schema_version"] == int(old.stem[-1])
    return data


def _same_values(document: StrategyDocument, old: Path) -> None:
    """Every value of the old file is in the upgraded document, unchanged; an audience entry is a segment's name."""
    upgraded = document.model_dump(mode="json")
    assert upgraded["schema_version"] == SCHEMA_VERSION == 3
    assert [s["name"] for s in upgraded["purpose"]["audience"]] == ["families who cook at home", "wine tourists"]

    def within(old: object, new: object, path: str) -> None:
        if path.startswith(".purpose.audience[") and isinstance(old, str):
            assert isinstance(new, dict) and new["name"] == old and new["id"].startswith("sg-"), path
        elif isinstance(old, dict):
            assert isinstance(new, dict), path
            for key, value in old.items():
                within(value, new[key], f"{path}.{key}")
        elif isinstance(old, list):
            assert isinstance(new, list) and len(new) == len(old), path
            for index, (a, b) in enumerate(zip(old, new, strict=True)):
                within(a, b, f"{path}[{index}]")
        else:
            assert new == old, path

    within({k: v for k, v in _data(old).items() if k != "schema_version"}, upgraded, "")


@OLD
def test_an_old_document_is_upgraded_when_parsed(old: Path) -> None:
    _same_values(parse_document_json(old.read_bytes()), old)


def test_upgraded_segments_keep_their_ids_from_one_reading_to_the_next() -> None:
    """A stored schema 2 document is read again at every turn: its segments' ids must not change meanwhile."""
    first, second = (parse_document_json(V2.read_bytes()).purpose.audience for _ in range(2))
    assert [s.id for s in first] == [s.id for s in second]


@OLD
def test_an_old_document_stored_in_the_database_is_upgraded_when_loaded(store: SqlStore, old: Path) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora").id
    session = store.create_session(workspace_id=workspace, brand_name="x", language="en", stage="purpose")
    version = store.save_document(session.id, StrategyDocument())
    with store.engine.begin() as db:  # as a version written before schema 2 lies in the table
        db.execute(
            update(VersionRow)
            .where(VersionRow.session_id == session.id, VersionRow.version == version)
            .values(document=_data(old))
        )
    _, loaded = store.load_document(session.id)
    _same_values(loaded, old)
    _same_values(store.snapshot(session.id).document, old)


@OLD
def test_an_old_export_is_imported(store: SqlStore, old: Path) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora").id
    session_id, version = import_document(store, workspace_id=workspace, data=old.read_bytes())
    _same_values(store.load_document(session_id, version)[1], old)


@OLD
def test_check_and_validate_read_an_old_file(old: Path) -> None:
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(old), "--json"])
    assert checked.exit_code in (0, 1), checked.output  # 1: findings of severity error, not a refusal
    assert "findings" in json.loads(checked.output)
    validated = runner.invoke(app, ["validate", str(old)])
    assert validated.exit_code == 0 and "schema version 3" in validated.output
