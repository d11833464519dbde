"""The reading eval: its scorer on hand-made documents, its development set, and its command end to end."""

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.document import BrandObjective, DigitalObjective, StrategyDocument, Touchpoint
from assistant.retrieval.text import load_stopwords
from assistant.stages import StageBook
from evals.reading import Case, load_cases
from evals.reading.fields import targets
from evals.reading.run import Scorer, check_cases
from evals.reading.score import Lemmas, pair

SETTINGS = Settings()
LEMMAS = Lemmas(load_stopwords(SETTINGS.knowledge_dir / "language" / "stopwords.yaml"))
SCORER = Scorer(targets(StageBook(SETTINGS.stages_dir)), LEMMAS)


def words(text: str, language: str = "en") -> frozenset[str]:
    return LEMMAS.content(text, language)  # type: ignore[arg-type]


def case(field: str, answer: str, expect: object, lang: str = "en") -> Case:
    return Case.model_validate({"id": "t", "lang": lang, "field": field, "answer": answer, "expect": expect})


def test_lemmas_meet_across_inflections_in_both_languages_and_keep_figures() -> None:
    assert words("young families from the neighbourhood") == words("a young family in neighbourhoods")
    assert words("office workers grabbing lunch") == {"office", "worker", "grab", "lunch"}
    assert words("le famiglie con i bambini", "it") == words("famiglia con bambino", "it") == {"famiglia", "bambino"}
    assert words("recensioni su Google della città", "it") == {"recensione", "google", "citta"}
    assert words("dal 35% al 50% entro fine 2027", "it") == {"35", "50", "entro", "fine", "2027"}
    assert words("Instagram reviews", "it") == {"instagram", "review"}, "English words in Italian answers too"


def test_an_item_matches_when_sixty_percent_of_its_content_words_are_in_one_extracted_item() -> None:
    expected = [words("organic bread daily sourdough rye")]  # five content words
    assert pair(expected, [words("rye and sourdough bread")]) == {0: 0}  # three of five: 60%
    assert pair(expected, [words("sourdough bread")]) == {}  # two of five
    assert pair([words("organic bread daily sourdough")], [words("organic bread")]) == {}  # half is not enough
    assert pair(expected, [words("organic bread"), words("daily sourdough rye")]) == {0: 1}, "one item, not a union"


def test_no_extracted_item_matches_two_and_the_best_overlap_wins() -> None:
    expected = [words("young families"), words("office workers")]
    lumped = [words("young families and office workers who grab lunch")]
    assert len(pair(expected, lumped)) == 1
    assert pair(expected, [words("office workers"), words("young families"), words("families")]) == {0: 1, 1: 0}
    assert pair(
        [words("office workers who grab lunch")], [words("office workers grab"), words("grab lunch, office workers")]
    ) == {0: 1}
    # equal coverage: the extracted item with fewer words of its own goes first, so both expected items are found
    both = [words("office workers"), words("office workers who grab lunch")]
    assert pair(both, [words("office workers grabbing lunch"), words("office workers")]) == {0: 1, 1: 0}


def test_a_text_field_scores_one_item_and_a_lost_answer_is_counted() -> None:
    before = StrategyDocument()
    after = before.model_copy(deep=True)
    after.purpose.statement = "We bake bread every night for the neighbourhood."
    said = case("purpose.statement", "Hi! We bake bread every night for the neighbourhood.", "we bake bread at night")
    result = SCORER.score(said, before, after)
    assert (result.expected, result.found, result.tight, result.extra, result.lost) == (1, 1, 1, 0, False)
    nothing = SCORER.score(said, before, before)
    assert (nothing.found, nothing.lost) == (0, True)
    elsewhere = before.model_copy(deep=True)
    elsewhere.purpose.values = ["kindness"]  # a change, but none of the answer's words
    assert SCORER.score(said, before, elsewhere).lost


def test_list_items_count_found_missed_and_extra() -> None:
    before = StrategyDocument()
    before.purpose.audience = ["tourists"]  # already there: not read from this answer
    after = before.model_copy(deep=True)
    after.purpose.audience = [*before.purpose.audience, "Young families from the area, plus office workers", "Hi!"]
    said = case("purpose.audience", "...", ["young families", "office workers", "tourists"])
    result = SCORER.score(said, before, after)
    assert (result.expected, result.found, result.extra, result.tight) == (3, 1, 1, 0), "found inside a lump"
    assert result.missed == ["office workers", "tourists"] and result.unmatched == ["Hi!"]


def test_enum_accuracy_counts_attributes_of_matched_items_and_all_of_missed_ones() -> None:
    before = StrategyDocument()
    after = before.model_copy(deep=True)
    after.touchpoints = [Touchpoint(name="Instagram", journey_stage="awareness", engagement_level="relationship")]
    said = case(
        "touchpoints",
        "...",
        [
            {"name": "Instagram", "journey_stage": "awareness", "engagement_level": "community"},
            {"name": "Shop counter", "interaction_mode": "dialogue"},
        ],
    )
    result = SCORER.score(said, before, after)
    assert result.checks == [("enum", True), ("enum", False), ("enum", False)]


def test_references_are_compared_by_the_referenced_items_text() -> None:
    before = StrategyDocument()
    before.digital.brand_objectives = [
        BrandObjective(id="bo-1", text="Sell more bottles directly"),
        BrandObjective(id="bo-2", text="Grow the wine club"),
    ]
    after = before.model_copy(deep=True)
    after.digital.digital_objectives = [
        DigitalObjective(text="Online shop orders", brand_objective_id="bo-1"),
        DigitalObjective(text="Newsletter subscribers", brand_objective_id="bo-1"),
    ]
    said = case(
        "digital.digital_objectives",
        "...",
        [
            {"text": "online shop orders", "brand_objective": "selling bottles directly"},
            {"text": "newsletter subscribers", "brand_objective": "grow the wine club"},
        ],
    )
    assert SCORER.score(said, before, after).checks == [("reference", True), ("reference", False)]


def test_a_turn_that_raised_counts_as_lost_with_every_item_missed_and_its_error_named() -> None:
    said = case("touchpoints", "...", [{"name": "Instagram", "journey_stage": "awareness"}, "Shop counter"])
    result = SCORER.crashed(said, ValueError("1 validation error for Touchpoint\nname too long"))
    assert (result.lost, result.found, result.missed) == (True, 0, ["Instagram", "Shop counter"])
    assert result.checks == [("enum", False)] and result.error == "ValueError: 1 validation error for Touchpoint"


def test_the_development_set_covers_every_field_of_the_stages_in_both_languages() -> None:
    book = StageBook(SETTINGS.stages_dir)
    asked = {
        q.field if q.attribute is None else f"{q.field}.{q.attribute}" for stage in book.stages for q in stage.questions
    }
    cases = load_cases()
    check_cases(cases, targets(book))  # every field, key and enum value is one the eval knows
    assert len(cases) >= 90 and len({c.id for c in cases}) == len(cases)
    languages = Counter(c.lang for c in cases)
    assert abs(languages["en"] - languages["it"]) <= len(cases) // 10
    covered = {(c.field, c.lang) for c in cases}
    assert not {(f, lang) for f in asked for lang in ("en", "it")} - covered, "every field needs cases in en and it"
    assert {c.field for c in cases} <= asked
    formatted = [c for c in cases if "|" in c.answer]
    assert len(formatted) >= 8, "the documented format is guarded too"


def test_the_command_prints_the_documented_json(tmp_path: Path) -> None:
    cases = tmp_path / "three.yaml"
    cases.write_text(
        """
- id: t-1
  lang: en
  field: touchpoints
  answer: "Newsletter | retention | relationship | dialogue | Sam"
  expect: [{name: Newsletter, journey_stage: retention, engagement_level: relationship, owner: Sam}]
- id: t-2
  lang: it
  field: purpose.audience
  answer: "famiglie del quartiere\\nstudenti\\nturisti in bici"
  expect: ["famiglie del quartiere", "studenti", "ciclisti"]
- id: t-3
  lang: en
  field: touchpoints.purpose_expression
  given: {touchpoints: [{id: tp-1, name: Shop counter}]}
  answer: "What is co-creation?"
  expect: [{purpose_expression: "we know everyone's name", name: Shop counter}]
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["eval", "reading", "--cases", str(cases), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") :])
    assert report["cases"] == 3 and report["lost"] == 1 and report["lost_cases"] == ["t-3"]
    # cases read as written (lines, columns) and a framework question that saves nothing, so the figures
    # follow from the scoring rules alone: 3 of 5 expected items found, 1 extra ("turisti in bici")
    assert report["items"] == {
        "expected": 5,
        "found": 3,
        "extra": 1,
        "precision": 0.75,
        "recall": 0.6,
        "f1": 0.667,
        "f1_both_ways": 0.667,
    }
    assert report["fields"]["accuracy"] == 0.75 and report["fields"]["checked"] == 4
    assert set(report["by_field"]) == {"touchpoints", "purpose.audience", "touchpoints.purpose_expression"}
    assert report["by_field"]["touchpoints"]["items"]["f1"] == 1.0
    assert report["by_language"]["it"]["items"]["recall"] == 0.667


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ("field: purpose.nope\n  expect: x", "unknown field 'purpose.nope'"),
        ("field: touchpoints\n  expect: [{name: X, stage: awareness}]", "touchpoints items have no stage"),
        ("field: touchpoints\n  expect: [{name: X, journey_stage: soon}]", "'soon' is not a journey_stage"),
    ],
)
def test_mistakes_in_a_case_file_are_named(tmp_path: Path, entry: str, said: str) -> None:
    cases = tmp_path / "bad.yaml"
    cases.write_text(f"- id: b-1\n  lang: en\n  answer: hello\n  {entry}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "reading", "--cases", str(cases)])
    assert result.exit_code == 2 and said in result.output
