"""The Review stage asks the initiatives that carry the strategy and what the team stops doing, in both languages."""

import pytest

from assistant.document import Level
from assistant.engine import Engine
from tests.engine.conftest import Env


@pytest.mark.parametrize(
    ("language", "answers", "follow_up", "stop"),
    [
        (
            "en",
            ("go to review", "launch the wine club in March", "Marco drafts the club offer by 15 January"),
            (
                "Wine club launch | Marco | March 2027 | 3,000 euro | medium | high\nHarvest day | low | high",
                "Giulia | September",
            ),
            "the paid display campaign; the yearly catalogue",
        ),
        (
            "it",
            ("vai alla revisione", "lanciare il club a marzo", "Marco prepara l'offerta entro il 15 gennaio"),
            (
                "Lancio del club | Marco | marzo 2027 | 3.000 euro | medio | alto\nVendemmia | basso | alto",
                "Giulia | settembre",
            ),
            "la campagna display; il catalogo annuale",
        ),
    ],
)
def test_initiatives_are_asked_followed_up_and_kept_with_what_to_stop(
    env: Env, engine: Engine, language: str, answers: tuple[str, ...], follow_up: tuple[str, str], stop: str
) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    for text in answers:
        reply = engine.handle(session.id, text)
    assert reply.question_id == "initiatives"
    reply = engine.handle(session.id, follow_up[0])
    assert reply.question_id == "initiatives" and "| " in reply.message  # the harvest still needs who and when
    reply = engine.handle(session.id, follow_up[1])
    assert reply.question_id == "stop_doing", reply.message
    reply = engine.handle(session.id, stop)
    assert reply.question_id == "open_questions"
    review = env.store.load_document(session.id)[1].review
    club, harvest = review.initiatives
    assert (club.owner, club.budget, club.effort, club.impact) == ("Marco", club.budget, Level.MEDIUM, Level.HIGH)
    assert club.budget.startswith("3")
    assert (harvest.owner, harvest.effort, harvest.impact) == ("Giulia", Level.LOW, Level.HIGH)
    assert harvest.due.lower() in ("september", "settembre")
    assert len(review.stop_doing) == 2
