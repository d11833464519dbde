import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.store import SqlStore
from tests.factories import winery_document

runner = CliRunner()


def test_check_reports_findings_and_exits_by_severity(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(winery_document().model_dump_json())
    result = runner.invoke(app, ["check", str(good)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output

    broken = winery_document()
    broken.kpis[0].target = ""
    broken.digital.digital_objectives[0].brand_objective_id = None
    bad = tmp_path / "bad.json"
    bad.write_text(broken.model_dump_json())
    result = runner.invoke(app, ["check", str(bad), "--lang", "it", "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    rules = {f["rule"] for f in payload["findings"]}
    assert {"kpi-complete", "digital-objective-traced"} <= rules
    assert payload["scorecard"]["errors"] >= 2


def test_check_refuses_an_invalid_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"kpis": [{"name": "x", "kind": "vibes"}]}')
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 2 and "kpis[0].kind" in result.output


def test_terminal_chat_runs_a_session_and_resumes_it() -> None:
    first = runner.invoke(
        app,
        ["chat", "--brand", "Cantina Aurora"],
        # who the brand is, asked first, and its context: category, competitors, points of difference
        input="a family winery\nItaly and Germany\nGiulia (owner)\nLanghe reds\nthe larger wineries\nfamily tastings\n"
        "We make honest wines from our hills so that families can share the table with those they love.\nquit\n",
    )
    assert first.exit_code == 0, first.output
    assert "which industry or trade" in first.output
    assert "Why does Cantina Aurora exist" in first.output and "question 8 of 12" in first.output
    session_id = first.output.split("session ", 1)[1].split()[0]
    resumed = runner.invoke(app, ["chat", "--session", session_id], input="what is co-creation?\n")
    assert resumed.exit_code == 0
    assert "question 8 of 12" in resumed.output and "[1] Co-creation" in resumed.output
    assert runner.invoke(app, ["chat", "--session", "nope"]).exit_code == 2


def test_eval_sessions_reports_every_persona_and_leaves_the_users_data_alone(data_dir: Path) -> None:
    result = runner.invoke(app, ["eval", "sessions", "--json"])
    assert result.exit_code == 0, result.output
    personas = json.loads(result.output[result.output.index("{") :])["personas"]
    assert len(personas) >= 3
    assert all(p["complete"] and p["errors"] == 0 and p["uncited_advice"] == 0 for p in personas)
    assert not data_dir.exists(), "the evaluation ran in a scratch directory"


def test_eval_sessions_keeps_its_sessions_where_told(tmp_path: Path) -> None:
    kept = tmp_path / "eval-data"
    result = runner.invoke(app, ["eval", "sessions", "--data-dir", str(kept)])
    assert result.exit_code == 0, result.output
    store = SqlStore.open(f"sqlite:///{kept / 'brandplan.db'}")
    try:
        personas = store.get_workspace_by_slug("personas")
        assert len(store.list_sessions(personas.id)) >= 3
    finally:
        store.close()
