"""The retrieval eval runs end to end and the hybrid search keeps its targets on the gold questions."""

import json
from collections import Counter
from pathlib import Path

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


def test_any_question_file_and_a_folder_of_documents_in_one_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "loaf-club.md").write_text(
        "# Loaf Club\n\nMembers vote every month on the seasonal loaf; the winner is baked for a week.",
        encoding="utf-8",
    )
    (docs / "consegne.txt").write_text("I furgoni partono alle sei e arrivano ai caffè che riforniamo alle sette.")
    questions = tmp_path / "mine.yaml"
    questions.write_text(
        "- {id: q1, lang: en, search_lang: en, question: 'How do members choose the seasonal loaf?', "
        "expected: [loaf-club.md]}\n"
        "- {id: q2, lang: it, search_lang: it, question: 'A che ora partono i furgoni per i caffè?', "
        "expected: [consegne.txt]}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["eval", "retrieval", "--questions", str(questions), "--documents", str(docs), "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = {(r["mode"], r["group"]): r for r in json.loads(result.output[result.output.index("{") :])["rows"]}
    assert rows[("hybrid", "all")]["questions"] == 2
    assert rows[("hybrid", "all")]["recall@5"] == 1.0


def test_a_question_file_that_cannot_be_read_is_refused_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {id: q1, question: no language}\n", encoding="utf-8")
    for value in (str(bad), "nowhere"):
        result = CliRunner().invoke(app, ["eval", "retrieval", "--questions", value])
        assert result.exit_code == 2
        assert "Traceback" not in result.output and value in result.output
