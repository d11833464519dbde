"""Shared by the tests that plant a wording in a sound plan of the review eval and ask a rule what it names."""

from pathlib import Path
from typing import Any

import pytest

from assistant import coherence
from assistant.document import StrategyDocument
from assistant.document.edits import Edit, apply_edit
from evals.review import load_plans

EVAL_PLANS = Path(__file__).parents[2] / "evals" / "review"


def plans(folder: str = "plans") -> dict[str, StrategyDocument]:
    """The sound plans of one development set, by name."""
    return {plan.id: plan.document for plan in load_plans(EVAL_PLANS / folder)}


def edited(document: StrategyDocument, **edits: Any) -> StrategyDocument:
    """`document` with each `path=value` set in turn (`__` stands for `.` in a keyword)."""
    for path, value in edits.items():
        document = apply_edit(document, Edit(op="set", path=path.replace("__", "."), value=value))
    return document


def fields_of(rule: str, document: StrategyDocument, **edits: Any) -> list[str]:
    """The fields that `rule`'s findings name once the edits are made, reviewed in the plan's own language."""
    document = edited(document, **edits)
    findings = coherence.check(document, language=document.brand.language)
    return [field for finding in findings if finding.rule == rule for field in finding.fields]


def rule_tests(sound: dict[str, StrategyDocument], fires: list[Any], quiet: list[Any]) -> tuple[Any, Any]:
    """The two tests each set's file runs: every `(rule, plan, edits, field)` in `fires` names the field, every
    `(rule, plan, edits)` near miss in `quiet` names nothing. Assign them to `test_*` names to collect them."""

    @pytest.mark.parametrize(("rule", "plan", "edits", "field"), fires)
    def test_fires(rule: str, plan: str, edits: dict[str, Any], field: str) -> None:
        assert field in fields_of(rule, sound[plan], **edits)

    @pytest.mark.parametrize(("rule", "plan", "edits"), quiet)
    def test_stays_quiet_on_a_near_miss(rule: str, plan: str, edits: dict[str, Any]) -> None:
        assert fields_of(rule, sound[plan], **edits) == []

    return test_fires, test_stays_quiet_on_a_near_miss
