"""Counting how often the coherence checker really runs: each rule is wrapped to count its calls."""

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from assistant import coherence
from assistant.document import StrategyDocument

Rule = Callable[[StrategyDocument], Any]


class CheckRuns:
    """Whole coherence checks run since `clear()`: every rule runs once in each."""

    def __init__(self) -> None:
        self.rules: Counter[str] = Counter()

    def clear(self) -> None:
        self.rules.clear()

    @property
    def count(self) -> int:
        assert len(set(self.rules.values())) <= 1, f"some rules ran more often than others: {self.rules}"
        return max(self.rules.values(), default=0)

    def wrap(self, rule_id: str, rule: Rule) -> Rule:
        def counted(document: StrategyDocument) -> Any:
            self.rules[rule_id] += 1
            return rule(document)

        return counted


def count_checks(monkeypatch: pytest.MonkeyPatch) -> CheckRuns:
    runs = CheckRuns()
    for rule_id, rule in list(coherence.CHECKS.items()):
        monkeypatch.setitem(coherence.CHECKS, rule_id, runs.wrap(rule_id, rule))
    return runs
