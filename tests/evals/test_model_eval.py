"""The model eval measures what a model does to the documents: a failing model costs nothing, a wrong one shows."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.llm.langchain_model import ChatModel
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.store import SqlStore, open_store
from evals.models import Report, load_probes, run
from evals.models.compare import compare_leaves
from evals.sessions import load_personas


@pytest.fixture
def parts(tmp_path: Path) -> Iterator[tuple[Settings, SqlStore, KnowledgeBase]]:
    # as `brandplan eval model` sets it: the reference path must still run with no model at all
    settings = Settings(data_dir=tmp_path, llm="openai:gpt-4o-mini")
    store = open_store(settings)
    yield settings, store, KnowledgeBase(settings, store)
    store.close()


def measure(parts: tuple[Settings, SqlStore, KnowledgeBase], answer: str) -> Report:
    settings, store, knowledge = parts
    winery = [p for p in load_personas() if p.id == "winery"]
    model = ChatModel(FakeListChatModel(responses=[answer]), timeout=5, retries=0)
    return run(settings, store, knowledge, model, winery, name="fake")


def test_a_model_that_always_fails_changes_nothing_but_is_reported(
    parts: tuple[Settings, SqlStore, KnowledgeBase],
) -> None:
    report = measure(parts, "I cannot answer that.")
    [row] = report.personas
    assert row.replay.answers > 0 and row.replay.to_model > 0, "the free-text answers went to the model"
    assert row.replay.kept == 0 and row.replay.notices >= row.replay.to_model
    assert row.replay.comparison.close == row.replay.comparison.fields, "the fallback read them as meant"
    assert row.session is not None
    assert row.session.completed_at == row.reference.completed_at
    assert row.session.comparison.wrong == row.session.comparison.missing == 0
    assert len(report.probes) == len(load_probes())
    assert all(p.readings["none"]["filled"] for p in report.probes), "each probe reached its question"
    assert all(p.readings["model"]["notice"] for p in report.probes if p.readings["model"]["filled"] is not None)
    assert f"{'winery':<12} {row.replay.answers:>7} {row.replay.to_model:>8} {0:>4}" in report.table()
    payload = json.loads(json.dumps(report.as_json()))  # what `--json` prints
    assert payload["personas"][0]["replay"]["to_model"] == row.replay.to_model
    assert payload["personas"][0]["session"]["comparison"]["wrong"] == 0


def test_a_model_that_invents_values_shows_as_wrong_fields(parts: tuple[Settings, SqlStore, KnowledgeBase]) -> None:
    report = measure(parts, json.dumps({"value": "Bananas for everyone, always and everywhere."}))
    [row] = report.personas
    assert row.replay.kept > 0, "its purpose statement was accepted"
    assert row.replay.kept_comparison.wrong > 0
    assert row.session is not None and row.session.comparison.wrong > 0


def test_reworded_items_line_up_with_the_reference() -> None:
    reference = {"touchpoints[cellar tour].owner": ["giulia"], "touchpoints[wine club].owner": ["marco"]}
    other = {"touchpoints[cellar tours].owner": ["giulia"], "touchpoints[club].owner": ["anna"]}
    result = compare_leaves(reference, other)
    assert (result.fields, result.exact, result.wrong, result.missing) == (2, 1, 1, 0)


def test_the_command_asks_for_a_model() -> None:
    result = CliRunner().invoke(app, ["eval", "model"])
    assert result.exit_code == 2 and "--llm" in result.output


def test_the_command_names_an_unknown_persona() -> None:
    result = CliRunner().invoke(app, ["eval", "model", "--llm", "llamacpp:smollm2", "--persona", "nobody"])
    assert result.exit_code == 2 and "nobody" in result.output
