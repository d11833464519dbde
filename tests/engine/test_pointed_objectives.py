"""Digital objectives written as prose keep the brand objective the team says each one serves."""

from assistant.engine import Engine
from tests.engine.conftest import Env


def test_prose_objectives_point_to_their_brand_objective(env: Env, engine: Engine) -> None:
    session = env.session(brand="Palestra Viva")
    engine.start(session.id)
    engine.open_question(session.id, "digital-alignment", "brand_objectives")
    engine.handle(session.id, "Keep members longer\nFill the morning classes")
    engine.open_question(session.id, "digital-alignment", "digital_objectives")
    engine.handle(
        session.id,
        "Hmm, members book their classes in the app, that's for objective 2 I think, "
        "and for the first one a monthly check-in message from each coach.",
    )
    engine.handle(session.id, "yes")
    digital = env.store.load_document(session.id)[1].digital
    served = {o.text: o.brand_objective_id for o in digital.digital_objectives}
    ids = {o.text: o.id for o in digital.brand_objectives}
    assert served == {
        "members book their classes in the app": ids["Fill the morning classes"],
        "a monthly check-in message from each coach": ids["Keep members longer"],
    }
