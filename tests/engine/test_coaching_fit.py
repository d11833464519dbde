"""A coaching text fires only when its check's condition holds for this answer, and cites the card of that
check with a passage that fits: a card's own coaching names one weakness, and is quoted only by the check
that finds that weakness."""

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.document import EngagementLevel, Initiative, InteractionMode, Kpi, KpiKind, StrategyDocument
from assistant.engine import Engine
from assistant.engine.checks import CHECKS
from assistant.engine.fields import read
from assistant.engine.replies import sentences
from assistant.stages import Check, Question, StageBook
from tests.engine.conftest import Env
from tests.factories import winery_document

STAGES = StageBook(Path(__file__).parents[2] / "knowledge" / "stages")


def good_document() -> StrategyDocument:
    """The winery as a team would leave it, with every list a check counts filled."""
    doc = winery_document()
    doc.purpose.proof_points = ["every bottle names the plot it comes from"]
    doc.digital.readiness.objective_setters = ["Giulia (owner)", "Marco (marketing)"]
    doc.digital.readiness.owners = ["Marco: newsletter"]
    doc.kpis.append(Kpi(id="kpi-2", name="Bottles sold directly", kind=KpiKind.QUANTITATIVE, objective_id="bo-1"))
    doc.review.initiatives = [Initiative(name="Wine club launch", owner="Marco", due="March 2027")]
    relationship = doc.digital.relationship
    relationship.reverse_marketing = ["visitors asked for half bottles: the reserve now comes in 375 ml"]
    relationship.loss_of_control = "Marco answers in public within two hours and moves the details to a call."
    relationship.without_paid_push = ["the harvest diary members forward to friends"]
    relationship.value_before = "a free tasting and the story of each plot"
    relationship.value_during = "the family helps choose the wine for the meal"
    relationship.value_after = "pairing notes and an invitation to the harvest day"
    return doc


def _set(doc: StrategyDocument, field: str, value: object) -> None:
    *path, name = field.split(".")
    target: object = doc
    for part in path:
        target = getattr(target, part)
    object.__setattr__(target, name, value)  # unvalidated: a KPI may still point at a removed touchpoint


def weaken(doc: StrategyDocument, question: Question, check: Check) -> None:
    """Make the document's answer to the question weak in exactly the way the check looks for."""
    if check.check == "min_words":
        _set(doc, question.field, "Great wine.")
    elif check.check == "min_items":
        _set(doc, question.field, list(read(doc, question.field))[: (check.value or 1) - 1])
    elif check.check == "names_whom":
        _set(doc, question.field, "We make honest wines from our hills with patience, every single year.")
    elif check.check == "climbs_ladder":
        for touchpoint in doc.touchpoints:
            touchpoint.engagement_level = EngagementLevel.PROMOTIONAL_COMMUNICATION
    elif check.check == "has_dialogue":
        doc.digital.listening = []
        for touchpoint in doc.touchpoints:
            touchpoint.interaction_mode = InteractionMode.BROADCAST
    elif check.check == "kpi_balance":
        doc.kpis = [k for k in doc.kpis if k.kind == KpiKind.QUALITATIVE]
    else:
        raise AssertionError(f"no weak answer known for check {check.check!r}: add one here")


FOLLOW_UPS = [
    pytest.param(question, check, id=f"{stage.id}:{question.id}:{check.check}")
    for stage in STAGES.stages
    for question in stage.questions
    for check in question.checks
]


@pytest.mark.parametrize(("question", "check"), FOLLOW_UPS)
def test_every_follow_up_has_a_check_false_on_a_good_answer_and_true_on_a_weak_one(
    question: Question, check: Check
) -> None:
    assert check.check in CHECKS, f"{question.id}: unknown check {check.check!r}"
    run: Callable[..., object] = CHECKS[check.check]
    good = good_document()
    assert run(good, question, check, STAGES.vocabulary) is None, "the follow-up fires on a good answer"
    weaken(good, question, check)
    assert run(good, question, check, STAGES.vocabulary) is not None, "the follow-up misses a weak answer"


@pytest.mark.parametrize(("question", "check"), FOLLOW_UPS)
def test_every_follow_up_cites_a_card_that_has_its_passage(env: Env, question: Question, check: Check) -> None:
    for language in ("en", "it"):
        card = env.knowledge.card(check.card, language)  # type: ignore[arg-type]
        assert card is not None, f"{question.id}: no card {check.card!r} in {language}"
        if check.about is not None:
            assert check.about.render(language).lower() in card.intro.lower() + card.coach.lower()


def _diagnosis(env: Env, card_id: str, language: str) -> str:
    """The first sentence of a card's coaching: the weakness it names."""
    card = env.knowledge.card(card_id, language)  # type: ignore[arg-type]
    assert card is not None
    return sentences(card.coach, 1)


@pytest.mark.parametrize("language", ["en", "it"])
def test_a_digital_objective_without_its_number_is_not_told_it_is_a_list_of_channels(
    env: Env, engine: Engine, language: str
) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    engine.open_question(session.id, "digital-alignment", "brand_objectives")
    engine.handle(session.id, "Grow direct relationships with visitors\nSell 30% of bottles directly by 2027")
    reply = engine.handle(session.id, "Turn cellar visitors into newsletter readers")
    assert reply.question_id == "digital_objectives"
    assert "Turn cellar visitors into newsletter readers" in reply.message  # its follow-up
    assert _diagnosis(env, "digital-strategy-child-of-brand", language) not in reply.message
    assert "list of channels" not in reply.message
    assert reply.citations[0].card_id == "digital-strategy-child-of-brand"


@pytest.mark.parametrize(("language", "values"), [("en", "values"), ("it", "valori")])
def test_one_value_is_coached_on_values_not_on_a_slogan(env: Env, engine: Engine, language: str, values: str) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    engine.open_question(session.id, "purpose", "values")
    reply = engine.handle(session.id, "craft")
    assert reply.kind == "coaching" and reply.question_id == "values"
    assert _diagnosis(env, "purpose-statement", language) not in reply.message
    assert "slogan" not in reply.message.lower()
    quoted = reply.message.split(">", 1)[1]
    assert values in quoted.lower(), "the card is quoted where it speaks of values"
    assert reply.citations[0].card_id == "purpose-statement"


@pytest.mark.parametrize("language", ["en", "it"])
def test_one_channel_is_not_told_it_posts_the_same_content_everywhere(env: Env, engine: Engine, language: str) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    engine.open_question(session.id, "digital-alignment", "channels")
    engine.handle(session.id, "Newsletter")  # read as a proposal
    reply = engine.handle(session.id, "yes" if language == "en" else "sì")
    assert reply.question_id == "channels" and "**Newsletter**" in reply.message
    assert _diagnosis(env, "channel-value-proposition", language) not in reply.message
    assert "same content" not in reply.message
    assert reply.citations[0].card_id == "channel-value-proposition"


@pytest.mark.parametrize("language", ["en", "it"])
def test_a_short_purpose_is_still_coached_as_a_slogan(env: Env, engine: Engine, language: str) -> None:
    """The one check whose weakness is the card's own coaching quotes that coaching."""
    session = env.session(language=language)
    engine.start(session.id)
    reply = engine.handle(session.id, "Great wine.")
    assert reply.kind == "coaching"
    assert _diagnosis(env, "purpose-statement", language) in reply.message
