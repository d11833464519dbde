"""Which messages are questions about the frameworks and which are answers, as people write them."""

import pytest

from assistant.config import Settings
from assistant.engine.intents import classify
from assistant.stages import StageBook

VOCABULARY = StageBook(Settings().stages_dir).vocabulary


@pytest.mark.parametrize(
    "text",
    [
        "What is co-creation?",
        "why does the ladder matter",
        "Ok but how do we pick KPIs? Any tips?",
        "Cos'è la co-creazione?",
    ],
)
def test_questions_are_questions(text: str) -> None:
    assert classify(text, VOCABULARY).kind == "question"


@pytest.mark.parametrize(
    "text",
    [
        "Why do we exist? Everyone deserves to see clearly, so we look after the eyes of our town.",
        "Perché esistiamo? Per dare ai ragazzi del quartiere un posto dove leggere e incontrarsi.",
        "honesty, craft and patience",
    ],
)
def test_a_question_the_team_answers_itself_is_an_answer(text: str) -> None:
    assert classify(text, VOCABULARY).kind == "answer"
