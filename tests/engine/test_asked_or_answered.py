"""A message that opens by asking something else than the pending question, then goes on with its context, is
answered as a question; the team can still save it as the answer with a yes, so nothing it wrote is lost."""

import pytest

from assistant.engine import Engine
from tests.engine.conftest import Env

ASKED = {
    "en": "hi both! any idea if it'll rain on Saturday? we wanted to hold the tasting outside",
    "it": "secondo te piove sabato? volevamo fare la degustazione all'aperto",
}
HELD = {"en": "Or was that your answer to this question?", "it": "Oppure era la vostra risposta a questa domanda?"}
YES = {"en": "yes", "it": "sì"}


def _statement(env: Env, session_id: str) -> str:
    return env.store.load_document(session_id)[1].purpose.statement


@pytest.mark.parametrize("language", ["en", "it"])
def test_a_question_with_its_context_is_answered_then_saved_on_a_yes(env: Env, engine: Engine, language: str) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    reply = engine.handle(session.id, ASKED[language])
    assert reply.kind == "proposal" and HELD[language] in reply.message
    assert _statement(env, session.id) == "", "nothing is saved as the purpose before the team says so"
    engine.handle(session.id, YES[language])
    assert _statement(env, session.id) == ASKED[language]


def test_an_answer_written_next_replaces_the_held_message(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, ASKED["en"])
    purpose = "We make honest wines from our hills so that families can share the table with the people they love."
    engine.handle(session.id, purpose)
    assert _statement(env, session.id) == purpose


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Why do we exist? So that families can share a good table with the people they love."),
        ("it", "Perché esistiamo? Perché le famiglie possano condividere la tavola con chi amano."),
    ],
)
def test_the_pending_question_asked_back_and_answered_is_saved_at_once(
    env: Env, engine: Engine, language: str, text: str
) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    reply = engine.handle(session.id, text)
    assert reply.kind != "proposal"
    assert _statement(env, session.id) == text
