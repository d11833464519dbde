"""The retrieval eval runs end to end and the hybrid search keeps its targets on the gold questions."""

import json
from collections import Counter

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


def test_the_held_out_set_is_new_balanced_and_points_at_real_cards() -> None:
    gold, held_out = load_cases(SETS["gold"]), load_cases(SETS["heldout"])
    card_ids = {c.id for c in load_cards(Settings().knowledge_dir)}
    groups = Counter(c.group for c in held_out)
    assert groups["en"] >= 20 and groups["it"] >= 20 and groups["en->it"] >= 8 and groups["it->en"] >= 8
    assert all(set(c.expected) <= card_ids for c in held_out)
    assert not {c.id for c in held_out} & {c.id for c in gold}
    assert not {c.question.casefold() for c in held_out} & {c.question.casefold() for c in gold}
    assert len({card for c in held_out for card in c.expected}) >= 25, "it spreads over the cards"


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
