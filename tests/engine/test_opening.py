"""What the chat asks beyond the strategy itself: who the brand is, first, and each touchpoint's channel."""

import pytest

from assistant.engine import Engine
from tests.engine.conftest import Env


@pytest.mark.parametrize(
    ("language", "channels", "skip"),
    [("en", "Cellar tour | the cellar", "skip"), ("it", "Cellar tour | in cantina", "salta")],
)
def test_the_touchpoints_stage_asks_each_touchpoints_channel(
    env: Env, engine: Engine, language: str, channels: str, skip: str
) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    engine.handle(session.id, "go to touchpoints")
    engine.handle(session.id, "Cellar tour | consideration | relationship | dialogue | Giulia")
    asked = engine.handle(session.id, skip)  # how it expresses the purpose: later
    assert asked.question_id == "channel"
    reply = engine.handle(session.id, channels)
    assert reply.stage == "kpis"
    touchpoint = env.store.load_document(session.id)[1].touchpoints[0]
    assert touchpoint.channel == channels.split(" | ")[1]
    assert touchpoint.owner == "Giulia"


def test_the_documented_pipe_format_still_reads_a_channel_column(env: Env, engine: Engine) -> None:
    """The channel is the touchpoint's last free column: owner | purpose expression | channel."""
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, "go to touchpoints")
    engine.handle(
        session.id,
        "Cellar tour | consideration | relationship | dialogue | Giulia | guests eat with the family | on site",
    )
    touchpoint = env.store.load_document(session.id)[1].touchpoints[0]
    assert (touchpoint.owner, touchpoint.purpose_expression, touchpoint.channel) == (
        "Giulia",
        "guests eat with the family",
        "on site",
    )


@pytest.mark.parametrize(
    ("language", "answers", "example"),
    [
        ("en", ("Bakery", "our town, families and offices", "Paolo (baker); Elena (shop)"), "bake bread"),
        ("it", ("Panificio", "il quartiere, famiglie e uffici", "Paolo (fornaio); Elena (negozio)"), "il pane"),
    ],
)
def test_the_chat_asks_who_the_brand_is_before_its_purpose(
    env: Env, engine: Engine, language: str, answers: tuple[str, str, str], example: str
) -> None:
    session = env.session(language=language, brand="Aurora", industry=None)
    asked = [engine.start(session.id).question_id]
    for text in answers:
        reply = engine.handle(session.id, text)
        asked.append(reply.question_id)
    assert asked == ["industry", "market", "participants", "statement"]
    assert example in reply.message, "the industry just given picks the purpose question's example"
    brand = env.store.load_document(session.id)[1].brand
    assert (brand.industry, brand.market) == answers[:2]
    assert brand.participants == [p.strip() for p in answers[2].split(";")]


def test_who_the_brand_is_is_not_asked_again_when_the_document_says_it(env: Env, engine: Engine) -> None:
    session = env.session()  # industry, market and participants already in the document
    assert engine.start(session.id).question_id == "statement"
    session = env.session(industry=None)
    engine.start(session.id)
    engine.handle(session.id, "Wine")
    reply = engine.handle(session.id, "go to purpose")
    assert reply.question_id == "market", "the industry is known now; the market is still asked"
