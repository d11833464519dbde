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
    assert reply.question_id == "value_before"  # no audience segment yet: which one each serves is not asked
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
        (
            "en",
            (
                "Bakery",
                "our town, families and offices",
                "Paolo (baker); Elena (shop)",
                "everyday bread",
                "the supermarket counter; the chain bakery",
                "bread baked twice a day; we know customers by name",
            ),
            "bake bread",
        ),
        (
            "it",
            (
                "Panificio",
                "il quartiere, famiglie e uffici",
                "Paolo (fornaio); Elena (negozio)",
                "pane di tutti i giorni",
                "il banco del supermercato; il forno di catena",
                "pane sfornato due volte al giorno; conosciamo i clienti per nome",
            ),
            "il pane",
        ),
    ],
)
def test_the_chat_asks_who_the_brand_is_before_its_purpose(
    env: Env, engine: Engine, language: str, answers: tuple[str, ...], example: str
) -> None:
    session = env.session(language=language, brand="Aurora", industry=None)
    asked = [engine.start(session.id).question_id]
    for text in answers:
        reply = engine.handle(session.id, text)
        asked.append(reply.question_id)
    assert asked == ["industry", "market", "participants", "category", "competitors", "differences", "statement"]
    assert example in reply.message, "the industry just given picks the purpose question's example"
    brand = env.store.load_document(session.id)[1].brand
    assert (brand.industry, brand.market, brand.category) == (answers[0], answers[1], answers[3])
    assert brand.participants == [p.strip() for p in answers[2].split(";")]
    assert brand.competitors == [p.strip() for p in answers[4].split(";")]
    assert brand.differences == [p.strip() for p in answers[5].split(";")]


def test_the_context_may_be_skipped_and_is_not_asked_again_once_given(env: Env, engine: Engine) -> None:
    session = env.session(language="it", industry=None)
    engine.start(session.id)
    for text in ("Vino", "Italia", "Giulia (titolare)", "salta", "le grandi cantine"):
        reply = engine.handle(session.id, text)
    assert reply.question_id == "differences"
    reply = engine.handle(session.id, "salta")
    assert reply.question_id == "statement"
    brand = env.store.load_document(session.id)[1].brand
    assert (brand.category, brand.competitors, brand.differences) == ("", ["le grandi cantine"], [])
    reply = engine.handle(session.id, "vai al purpose")
    assert reply.question_id == "category", "what was skipped is asked again on the way; what was given is not"


def test_who_the_brand_is_is_not_asked_again_when_the_document_says_it(env: Env, engine: Engine) -> None:
    session = env.session()  # industry, market and participants already in the document
    assert engine.start(session.id).question_id == "statement"
    session = env.session(industry=None)
    engine.start(session.id)
    engine.handle(session.id, "Wine")
    reply = engine.handle(session.id, "go to purpose")
    assert reply.question_id == "market", "the industry is known now; the market is still asked"


@pytest.mark.parametrize(
    ("language", "industry", "market", "stored"),
    [
        (
            "en",
            "hi! we are a small bakery in Turin",
            "ok so basically Turin and the hills, I guess",
            ("a small bakery in Turin", "Turin and the hills"),
        ),
        (
            "it",
            "Ciao! allora, siamo una piccola ottica",
            "Mah, direi la provincia di Bergamo",
            ("una piccola ottica", "la provincia di Bergamo"),
        ),
    ],
)
def test_the_opening_lines_keep_the_trade_not_the_greeting(
    env: Env, engine: Engine, language: str, industry: str, market: str, stored: tuple[str, str]
) -> None:
    session = env.session(language=language, brand="Sole", industry=None)
    engine.start(session.id)
    saying = engine.handle(session.id, industry)
    engine.handle(session.id, market)
    brand = env.store.load_document(session.id)[1].brand
    assert (brand.industry, brand.market) == stored
    assert stored[0] in saying.message and "hi!" not in saying.message.lower()
