"""When the review runs, tensions between the people of the plan are listed as questions for the room, in the
team's language."""

import pytest

from assistant.document import Initiative
from assistant.engine import Engine
from tests.engine.conftest import Env

EXPECTED = {
    "en": ("Questions for the room: who does what", "Paolo leads “Wine club launch” but is not among the people"),
    "it": ("Domande per la sala: chi fa che cosa", "Paolo guida «Wine club launch» ma non è tra le persone"),
}


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_review_asks_the_room_about_an_initiative_led_by_someone_absent(
    env: Env, engine: Engine, language: str
) -> None:
    session = env.session(language=language)
    _, strategy = env.store.load_document(session.id)
    strategy.review.initiatives = [Initiative(name="Wine club launch", owner="Paolo", due="March 2027")]
    env.store.save_document(session.id, strategy, note="imported")
    engine.start(session.id)
    reply = engine.handle(session.id, "go to review" if language == "en" else "vai a revisione")
    heading, question = EXPECTED[language]
    assert reply.stage == "review" and heading in reply.message and question in reply.message


def test_a_plan_without_tensions_gets_no_questions_for_the_room(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    reply = engine.handle(session.id, "go to review")
    assert reply.stage == "review" and "Questions for the room" not in reply.message
