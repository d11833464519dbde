"""Whatever the pending question, an answer that is a list of items is read as one: nothing is lost."""

from assistant.engine import Engine
from tests.engine.conftest import Env

PASTED = (
    "Instagram | daily stories from the bakery | a look behind the oven\n"
    "Newsletter | weekly bake list | first pick of the seasonal loaf\n"
    "WhatsApp | orders and questions | an answer within the hour\n"
    "Google reviews | what people say | honest feedback we reply to"
)


def test_pasted_channels_during_an_item_follow_up_are_all_saved(env: Env, engine: Engine) -> None:
    session = env.session(brand="Crumb & Co")
    engine.start(session.id)
    engine.open_question(session.id, "digital-alignment", "channels")
    engine.handle(session.id, "Mostly Instagram")
    first = engine.handle(session.id, "yes")
    assert "still needs" in first.message, "a bare channel is followed up for its role"
    engine.handle(session.id, PASTED)
    channels = env.store.load_document(session.id)[1].digital.channels
    by_name = {c.name: c for c in channels}
    assert {"Instagram", "Newsletter", "WhatsApp", "Google reviews"} <= set(by_name), [c.name for c in channels]
    assert by_name["Newsletter"].role == "weekly bake list"
    assert by_name["Instagram"].role == "daily stories from the bakery"


def test_italian_pasted_channels_during_a_follow_up_are_all_saved_and_named(env: Env, engine: Engine) -> None:
    session = env.session(language="it", brand="Forno Bianchi")
    engine.start(session.id)
    engine.open_question(session.id, "digital-alignment", "channels")
    engine.handle(session.id, "Soprattutto Instagram")
    assert "manca" in engine.handle(session.id, "sì").message.lower()
    saved = engine.handle(
        session.id,
        "Instagram | storie dal forno | uno sguardo dietro le quinte\n"
        "Volantini | farci conoscere in quartiere | lo sconto di benvenuto",
    )
    names = [c.name for c in env.store.load_document(session.id)[1].digital.channels]
    assert names == ["Instagram", "Volantini"]
    assert "Volantini" in saved.message, "the reply says what was saved"
