"""The retrieval eval runs end to end and the hybrid search keeps its targets on the gold questions."""

import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.retrieval.cards import load_cards
from evals.retrieval import SETS, load_cases


def test_gold_set_is_balanced_and_points_at_real_cards() -> None:
    cases = load_cases()
    card_ids = {c.id for c in load_cards(Settings().knowledge_dir)}
    groups = Counter(c.group for c in cases)
    assert groups["en"] >= 30 and groups["it"] >= 30
    assert groups["en->it"] >= 10 and groups["it->en"] >= 10
    assert len({c.id for c in cases}) == len(cases)
    assert all(set(c.expected) <= card_ids for c in cases)


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_the_everyday_sets_are_new_balanced_and_point_at_real_cards(name: str) -> None:
    cases = load_cases(SETS[name])
    others = [c for other in SETS if other != name for c in load_cases(SETS[other])]
    card_ids = {c.id for c in load_cards(Settings().knowledge_dir)}
    groups = Counter(c.group for c in cases)
    assert groups["en"] >= 20 and groups["it"] >= 20 and groups["en->it"] >= 8 and groups["it->en"] >= 8
    assert all(set(c.expected) <= card_ids for c in cases)
    assert not {c.id for c in cases} & {c.id for c in others}
    assert not {c.question.casefold() for c in cases} & {c.question.casefold() for c in others}
    assert len({card for c in cases for card in c.expected}) == len(card_ids), "every card is asked about"


def test_hybrid_keeps_its_level_on_the_dev_questions() -> None:
    """The set the search is improved on: a regression guard (figures are reported on the held-out set)."""
    result = CliRunner().invoke(app, ["eval", "retrieval", "--questions", "dev", "--json"])
    assert result.exit_code == 0, result.output
    rows = {(r["mode"], r["group"]): r for r in json.loads(result.output[result.output.index("{") :])["rows"]}
    assert rows[("hybrid", "all")]["recall@5"] >= 0.8
    assert rows[("hybrid", "it->en")]["recall@5"] >= 0.75, "Italian questions on English cards lean on BM25"
    for other in ("bm25", "dense"):
        assert rows[("hybrid", "all")]["mrr"] > rows[(other, "all")]["mrr"]


def test_hybrid_meets_its_targets_and_beats_each_method_alone() -> None:
    result = CliRunner().invoke(app, ["eval", "retrieval", "--json"])
    assert result.exit_code == 0, result.output
    rows = {(r["mode"], r["group"]): r for r in json.loads(result.output[result.output.index("{") :])["rows"]}
    for group in ("en", "it", "en->it", "it->en"):
        assert rows[("hybrid", group)]["recall@5"] >= 0.9, group
    for metric in ("recall@1", "mrr"):
        assert rows[("hybrid", "all")][metric] > rows[("bm25", "all")][metric]
        assert rows[("hybrid", "all")][metric] > rows[("dense", "all")][metric]
    assert rows[("hybrid", "all")]["recall@5"] >= rows[("bm25", "all")]["recall@5"]
