"""The review eval: its development set, planting a flaw, and its command end to end."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.coherence import CHECKS
from evals.review import Flaw, FlawError, apply_flaw, load_plans, run

PLANS = load_plans()


def test_the_dev_set_has_six_plans_in_both_languages_and_thirty_flaws_on_real_rules() -> None:
    assert len(PLANS) >= 6
    assert {plan.language for plan in PLANS} == {"en", "it"}
    flaws = [flaw for plan in PLANS for flaw in plan.flaws]
    assert len(flaws) >= 30
    assert {flaw.rule for flaw in flaws} <= set(CHECKS)


def test_the_review_sees_the_planted_flaws_and_finds_no_error_in_the_sound_plans() -> None:
    report = run(PLANS)
    assert report.seen_share >= 0.8, report.table()
    assert [s.plan for s in report.sound if s.errors] == [], report.table()
    for language in ("en", "it"):
        row = report.as_json()["by_language"][language]
        assert row["seen"] >= 0.8 * row["planted"], language


@pytest.mark.parametrize("folder", ["plans", "plans2", "plans3", "plans4", "plans5", "plans6"])
def test_every_development_set_is_fully_seen_and_its_sound_plans_get_no_warning(folder: str) -> None:
    """The six development sets, tuned on: a change to the rules must keep every planted flaw seen, each filed
    under a rule that exists, and every sound plan clean (no error, no warning). plans4's last miss, talk measured
    in likes, is seen since a relational objective is judged by its own KPIs; plans5 and plans6 were held-out sets
    (31 of 50 and 40 of 53 seen as such)."""
    plans = load_plans(Path(__file__).parents[2] / "evals" / "review" / folder)
    assert {flaw.rule for plan in plans for flaw in plan.flaws} <= set(CHECKS)
    report = run(plans)
    assert report.seen_share == 1.0, report.table()
    assert [s.plan for s in report.sound if s.errors or s.warnings] == [], report.table()


def test_a_flaw_on_a_path_that_names_nothing_says_where() -> None:
    plan = PLANS[0]
    bad = Flaw(id="typo", rule="kpi-complete", edits=[{"path": "kpis[40].target", "value": ""}], field="kpis[40]")
    with pytest.raises(FlawError, match=rf"{plan.id}, flaw typo: kpis\[40\]\.target: no item '40'"):
        apply_flaw(plan, bad)
    refused = Flaw(id="vibes", rule="kpi-kind-missing", edits=[{"path": "kpis[0].kind", "value": "vibes"}], field="x")
    with pytest.raises(FlawError, match=r"flaw vibes: kpis\[0\]\.kind"):
        apply_flaw(plan, refused)


def test_planting_a_flaw_leaves_the_sound_plan_alone() -> None:
    plan = PLANS[0]
    before = plan.document.model_dump()
    flawed = apply_flaw(plan, plan.flaws[0])
    assert flawed != plan.document and plan.document.model_dump() == before


def test_the_command_prints_a_table_or_json(tmp_path: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["eval", "review"])
    assert table.exit_code == 0, table.output
    assert "all flaws" in table.output and "sound plan" in table.output
    payload = json.loads(runner.invoke(app, ["eval", "review", "--json"]).output)
    assert payload["flaws"]["planted"] >= 30 and set(payload["by_language"]) == {"en", "it"}
    (tmp_path / "one.yaml").write_text("brand: {name: X}\n")
    (tmp_path / "one.flaws.yaml").write_text(
        "flaws:\n  - {id: a, rule: r, edits: [{path: 'nope[', value: 1}], field: x}\n"
    )
    broken = runner.invoke(app, ["eval", "review", "--plans", str(tmp_path)])
    assert broken.exit_code == 2 and "one, flaw a" in broken.output
