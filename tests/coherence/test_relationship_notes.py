"""The relationship's notes (schema 3) in Italian: each fires where the plan leaves its part blank, quoting the
team's words, and is a note (info), never an error. The English side is in tests/test_coherence.py."""

import pytest

from assistant import coherence
from tests.test_coherence import FIRES, complete_document, valid

NOTES = ["reverse-marketing-missing", "loss-of-control-unplanned", "value-only-at-sale", "relationship-needs-paid-push"]


@pytest.mark.parametrize("rule", NOTES)
def test_fires_in_italian_as_a_note(rule: str) -> None:
    breaker, fields = FIRES[rule]
    doc = complete_document()
    breaker(doc)
    [finding] = [f for f in coherence.check(valid(doc), language="it") if f.rule == rule]
    assert finding.severity == "info" and finding.fields == fields
    assert "«" in finding.message and finding.card_id
