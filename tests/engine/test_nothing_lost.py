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


def test_prose_that_fills_nothing_in_a_follow_up_is_read_as_an_answer_to_the_list(env: Env, engine: Engine) -> None:
    """Asked which brand objective one entry serves, the team writes three more objectives: they are read
    (and shown to confirm), not dropped with a "Noted."."""
    session = env.session(brand="Forno Rossi")
    engine.start(session.id)
    engine.open_question(session.id, "digital-alignment", "brand_objectives")
    engine.handle(session.id, "Be the neighbourhood's bakery; sell 20% more online")
    followed = engine.handle(session.id, "Loaf Club app")
    assert "still needs" in followed.message
    reply = engine.handle(session.id, "more Loaf Club members, grow repeat visits and open a second shop")
    assert reply.kind == "proposal" and "grow repeat visits" in reply.message
    engine.handle(session.id, "yes")
    objectives = [o.text for o in env.store.load_document(session.id)[1].digital.digital_objectives]
    assert objectives == ["Loaf Club app", "more Loaf Club members", "grow repeat visits", "open a second shop"]


def test_a_yes_with_nothing_to_confirm_is_not_saved_as_an_answer(env: Env, engine: Engine) -> None:
    session = env.session(language="it", brand="Forno Rossi")
    engine.start(session.id)
    engine.open_question(session.id, "purpose", "values")
    reply = engine.handle(session.id, "va bene")
    assert "niente da confermare" in reply.message and reply.question_id == "values"
    assert env.store.load_document(session.id)[1].purpose.values == []
