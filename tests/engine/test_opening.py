"""What the chat asks beyond the strategy itself: each touchpoint's channel."""

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
