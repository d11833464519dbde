"""Examples from the session's own trade, and the numbered choices a question refers to listed once."""

import re
from pathlib import Path

import pytest

from assistant.document import StrategyDocument
from assistant.engine import Engine
from assistant.parsing import Reader, split_items
from assistant.stages import StageBook
from tests.engine.conftest import Env

STAGES = StageBook(Path(__file__).parents[2] / "knowledge" / "stages")
QUESTIONS = [q for stage in STAGES.stages for q in stage.questions]


@pytest.mark.parametrize(
    ("language", "industry", "said"),
    [
        ("en", "Bakery", "bake bread"),
        ("it", "Panificio", "Facciamo il pane"),
        ("it", "forno a legna", "Facciamo il pane"),
        ("en", "ristorante e bar", "bake bread"),
    ],
)
def test_a_bakery_is_shown_a_food_example_never_a_winery(
    env: Env, engine: Engine, language: str, industry: str, said: str
) -> None:
    session = env.session(language=language, brand="Aurora", industry=industry)
    reply = engine.start(session.id)
    assert reply.question_id == "statement"
    assert said in reply.message
    assert not re.search(r"\b(wines?|winery|vin[oi]|cantina)\b", reply.message.lower())


@pytest.mark.parametrize(
    ("language", "said"), [("en", "We help the people of our town"), ("it", "Aiutiamo le persone")]
)
def test_an_unknown_industry_is_shown_the_neutral_example(env: Env, engine: Engine, language: str, said: str) -> None:
    session = env.session(language=language, brand="Aurora", industry="Quantum widgets")
    reply = engine.start(session.id)
    assert said in reply.message
    assert "wine" not in reply.message.lower()


def test_without_an_industry_the_brand_name_may_name_the_trade(env: Env, engine: Engine) -> None:
    for brand, said in [("Forno Rossi", "bake bread"), ("Cantina Aurora", "honest wines"), ("Aurora", "We help")]:
        session = env.session(brand=brand, industry=None)
        engine.start(session.id)
        assert said in engine.open_question(session.id, "purpose", "statement").message, brand


def test_industry_words_pick_their_family() -> None:
    examples = STAGES.examples
    doc = StrategyDocument()
    for industry, family in [
        ("panetteria", "food"),
        ("Pasticceria e caffetteria", "food"),
        ("Boutique di moda", "retail"),
        ("B2B SaaS", "software"),
        ("Palestra", "health"),
        ("Associazione di volontariato", "nonprofit"),
        ("Studio legale, consulenza", "services"),
        ("Vitivinicola", "wine"),
    ]:
        doc.brand.industry = industry
        assert examples.family(doc) is examples.families[family], industry


def test_the_neutral_family_has_an_example_for_every_question_and_no_family_names_an_unknown_one() -> None:
    examples = STAGES.examples
    ids = {q.id for q in QUESTIONS}
    assert set(examples.neutral.examples) == ids
    for name, family in examples.families.items():
        assert set(family.examples) <= ids, name
        assert family.stage_examples or family.examples, name


@pytest.mark.parametrize("family", [*STAGES.examples.families, "neutral"])
def test_every_item_example_reads_as_a_complete_item(family: str) -> None:
    """An example in the documented format is one the team can copy: every needed column is read."""
    examples = STAGES.examples
    chosen = examples.neutral if family == "neutral" else examples.families[family]
    reader = Reader(STAGES.vocabulary)
    for question in QUESTIONS:
        if question.kind != "items" or question.id not in chosen.examples or question.item == "brand_objective":
            continue
        assert question.item is not None
        for language in ("en", "it"):
            text = chosen.examples[question.id].render(language)
            (columns,) = split_items(text, question.item)
            draft = reader.item(question.item, columns)
            needed = {"touchpoint": 4, "kpi": 7, "digital_objective": 2, "channel": 2, "initiative": 6}[question.item]
            assert len(columns) >= needed, (family, question.id, language)
            if question.item == "touchpoint":
                assert {"journey_stage", "engagement_level", "interaction_mode"} <= set(draft.fields), text
            if question.item == "kpi":
                assert "kind" in draft.fields, text
            if question.item == "initiative":  # effort then impact, both read from one vocabulary
                assert {"owner", "due", "budget", "effort", "impact"} <= set(draft.fields), text


@pytest.mark.parametrize(("language", "which"), [("en", "which ones?"), ("it", "quali?")])
def test_the_kpi_question_lists_the_measurables_once_and_again_on_request(
    env: Env, engine: Engine, language: str, which: str
) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    engine.open_question(session.id, "digital-alignment", "brand_objectives")
    engine.handle(session.id, "Grow direct relationships with visitors\nSell more bottles directly")
    entered = engine.handle(session.id, "go to KPIs")
    first = "1. Grow direct relationships with visitors"
    assert entered.stage == "kpis" and first in entered.message
    for detour in ("help", "status"):
        again = engine.handle(session.id, detour)
        assert first not in again.message, f"{detour} relists the measurables"
        assert "which ones?" in again.message or "quali?" in again.message
    listed = engine.handle(session.id, which)
    assert listed.question_id == "kpis" and first in listed.message
    assert "2. Sell more bottles directly" in listed.message
    reply = engine.handle(
        session.id, "Visitors' comments | qualitative | 1 | 10 a month | by June | Marco | guest book"
    )
    kpi = env.store.load_document(session.id)[1].kpis[0]
    assert kpi.objective_id is not None, reply.message  # the numbering the KPI refers to still works
    assert first not in reply.message or reply.kind == "coaching"


def test_why_it_matters_comes_once_per_stage(env: Env, engine: Engine) -> None:
    session = env.session()
    opened = engine.start(session.id)
    assert opened.message.count("Why it matters") == 1
    nxt = engine.handle(
        session.id, "We make honest wines from our hills so that families can share the table with people they love."
    )
    assert nxt.question_id == "audience"
    assert "Why it matters" not in nxt.message and "Related cards" not in nxt.message
