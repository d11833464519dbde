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
        "We're a bakery. Any tips?",
        "Noi facciamo pane e dolci da tre generazioni. Cos'è un KPI?",
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
        "why people pick us: 1) we open at six 2) the coffee is roasted next door",
        "perché noi: 1) apriamo alle sei 2) il caffè lo tostiamo qui accanto",
        "We look after the eyes of our town so that nobody has to travel far to see clearly. ok like that?",
        "Curiamo la vista del paese perché nessuno debba andare lontano per vederci bene. troppo lungo?",
    ],
)
def test_a_question_the_team_answers_itself_is_an_answer(text: str) -> None:
    assert classify(text, VOCABULARY).kind == "answer"


@pytest.mark.parametrize(
    "text",
    [
        "why us over the others:\nreal desks, not hot-desking\nno 12-month contract",
        "perché noi e non gli altri:\nle misure le prende Teresa\nriparazioni gratis per sempre",
    ],
)
def test_a_list_under_a_heading_that_asks_is_an_answer(text: str) -> None:
    """A list whose heading opens like a question ("why us...:") is an answer: read as a question, it was lost."""
    assert classify(text, VOCABULARY).kind == "answer"


@pytest.mark.parametrize(
    "text",
    [
        "Hmm, should we measure likes or something else? not sure what a qualitative KPI even is",
        "Is our WhatsApp group a community? I wonder if it counts",
        "Ma i like contano qualcosa? non so se servono davvero",
        "Il gruppo WhatsApp è una community? Mi chiedo se basta.",
    ],
)
def test_a_question_followed_by_wondering_aloud_is_a_question(text: str) -> None:
    """After a question, a sentence that asks without a question mark goes on asking: read as an answer, the
    question was stored as the answer to the pending one."""
    assert classify(text, VOCABULARY).kind == "question"


@pytest.mark.parametrize(
    "text",
    [
        "Not sure what our purpose is, maybe helping families eat better",
        "Non so se va bene: aiutiamo le famiglie a mangiare meglio",
    ],
)
def test_a_hedged_answer_is_still_an_answer(text: str) -> None:
    assert classify(text, VOCABULARY).kind == "answer"


def test_a_question_over_several_lines_is_still_a_question() -> None:
    assert classify("hmm, a question first:\nwhat is co-creation?", VOCABULARY).kind == "question"


def _echoes_why(piece: str) -> bool:
    """The pending question asks why the brand exists."""
    return any(word in piece.lower() for word in ("exist", "esist"))


@pytest.mark.parametrize(
    ("text", "maybe_answer"),
    [
        ("any good warm-up routine before bouldering? a few members keep hurting their fingers", True),
        ("Ci conviene aprire un profilo TikTok? I ragazzi del quartiere stanno tutti lì.", True),
        ("hi both! any idea if we need a TikTok? the kids in town are all there", True),
        ("ciao a tutti! secondo voi conviene aprire TikTok? i ragazzi del paese sono tutti lì", True),
        ("Why do we exist? Everyone deserves to see clearly, so we look after the eyes of our town.", False),
        ("Perché esistiamo? Per dare ai ragazzi del quartiere un posto dove leggere e incontrarsi.", False),
        ("We need video skills. Also ads? No, scratch ads, we're not doing paid. Basic analytics though.", False),
        ("Honestly? We grow grapes on our family's hills because we want families to sit at the table.", False),
    ],
)
def test_a_message_opening_with_another_question_is_a_question_that_may_be_an_answer(
    text: str, maybe_answer: bool
) -> None:
    """Asked while the brand's reason to exist is pending: a question about something else, then its context, is
    answered as a question and kept for a yes; the pending question asked back and answered, or a question in the
    middle of an answer, is an answer."""
    intent = classify(text, VOCABULARY, _echoes_why)
    assert (intent.kind, intent.maybe_answer) == (("question", True) if maybe_answer else ("answer", False))
