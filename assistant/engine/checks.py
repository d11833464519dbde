"""Checks that spot a weak answer to a stage question, so the engine can coach instead of moving on.

Each check returns None when the answer is fine, or the values its follow-up text needs.
"""

from collections.abc import Callable
from typing import Any

from assistant.document import EngagementLevel, InteractionMode, KpiKind, StrategyDocument
from assistant.engine.fields import read
from assistant.retrieval.text import fold, words
from assistant.stages import Check, Question, Vocabulary

Result = dict[str, Any] | None


def min_words(doc: StrategyDocument, question: Question, check: Check, vocabulary: Vocabulary) -> Result:
    text = str(read(doc, question.field) or "")
    return None if len(text.split()) >= (check.value or 1) else {"count": len(text.split())}


def min_items(doc: StrategyDocument, question: Question, check: Check, vocabulary: Vocabulary) -> Result:
    items = read(doc, question.field) or []
    return None if len(items) >= (check.value or 1) else {"count": len(items)}


def names_whom(doc: StrategyDocument, question: Question, check: Check, vocabulary: Vocabulary) -> Result:
    """A purpose serves someone: it mentions people, or a `for`/`per` of purpose."""
    said = set(words(str(read(doc, question.field) or "")))
    return None if said & {fold(w) for w in vocabulary.audience_markers} else {}


def climbs_ladder(doc: StrategyDocument, question: Question, check: Check, vocabulary: Vocabulary) -> Result:
    levels = [t.engagement_level for t in doc.touchpoints if t.engagement_level is not None]
    only_promotion = levels and all(level == EngagementLevel.PROMOTIONAL_COMMUNICATION for level in levels)
    return {} if only_promotion else None


def has_dialogue(doc: StrategyDocument, question: Question, check: Check, vocabulary: Vocabulary) -> Result:
    modes = [t.interaction_mode for t in doc.touchpoints if t.interaction_mode is not None]
    only_broadcast = modes and all(mode == InteractionMode.BROADCAST for mode in modes)
    return {} if only_broadcast and not doc.digital.listening else None


def kpi_balance(doc: StrategyDocument, question: Question, check: Check, vocabulary: Vocabulary) -> Result:
    kinds = {k.kind for k in doc.kpis if k.kind is not None}
    if len(kinds) != 1:
        return None
    (kind,) = kinds
    return {"kind": kind.value, "missing": (set(KpiKind) - {kind}).pop().value}


CHECKS: dict[str, Callable[[StrategyDocument, Question, Check, Vocabulary], Result]] = {
    "min_words": min_words,
    "min_items": min_items,
    "names_whom": names_whom,
    "climbs_ladder": climbs_ladder,
    "has_dialogue": has_dialogue,
    "kpi_balance": kpi_balance,
}


def first_failure(
    doc: StrategyDocument, question: Question, vocabulary: Vocabulary, *, skip: set[str]
) -> tuple[Check, dict[str, Any]] | None:
    """The first check of the question that fails and was not coached yet."""
    for check in question.checks:
        if f"{question.id}:{check.check}" in skip:
            continue
        result = CHECKS[check.check](doc, question, check, vocabulary)
        if result is not None:
            return check, result
    return None
