"""The strategy is called complete only when no error finding is open."""

from assistant.engine import Engine
from tests.engine.conftest import Env


def finish(engine: Engine, session_id: str) -> str:
    reply = engine.handle(session_id, "go to review")
    for _ in range(10):
        if reply.kind == "complete":
            return reply.message
        reply = engine.handle(session_id, "skip")
    raise AssertionError("the review never ended")


def test_an_unfinished_strategy_with_errors_is_not_called_complete(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    message = finish(engine, session.id)
    assert "That completes" not in message and "1 error is still open" in message
    assert "1 error is still open" in engine.handle(session.id, "one more thing").message


def test_italian_says_so_in_italian(env: Env, engine: Engine) -> None:
    session = env.session(language="it")
    engine.start(session.id)
    message = finish(engine, session.id)
    assert "resta aperto 1 errore" in message and "è completa." not in message
