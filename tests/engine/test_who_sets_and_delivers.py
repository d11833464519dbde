"""The chat asks plainly, in two questions, who sets the objectives and who delivers them, in both languages."""

import pytest

from assistant.engine import Engine
from tests.engine.conftest import Env
from tests.factories import winery_document

ASKED = {
    "en": ("Who sets these objectives? Name the people who decide them.", "And who delivers them"),
    "it": ("Chi definisce questi obiettivi? Indicate le persone che li decidono.", "E chi li realizza"),
}


@pytest.mark.parametrize("language", ["en", "it"])
def test_setters_and_deliverers_are_two_plain_questions(env: Env, engine: Engine, language: str) -> None:
    session = env.session(language=language)
    _, document = env.store.load_document(session.id)
    sample = winery_document()
    document.purpose, document.digital = sample.purpose, sample.digital
    document.digital.relationship.loss_of_control = "Marco answers in public within two hours."
    document.digital.relationship.reverse_marketing = ["half bottles"]
    document.digital.relationship.without_paid_push = ["the harvest diary"]
    env.store.save_document(session.id, document, note="imported")
    engine.start(session.id)
    engine.handle(session.id, "go to digital alignment" if language == "en" else "vai ad allineamento digitale")
    setters_text, owners_text = ASKED[language]
    reply = None
    for _ in range(30):  # past the questions before them, to the setters
        reply = engine.handle(session.id, "skip" if language == "en" else "salta")
        if reply.question_id == "objective_setters":
            break
    assert reply is not None and reply.question_id == "objective_setters" and setters_text in (reply.question or "")
    owners = engine.handle(session.id, "Giulia (owner); the agency")
    assert owners.question_id == "owners" and owners_text in (owners.question or "")
    engine.handle(session.id, "Marco: newsletter; Anna: shop")
    readiness = env.store.load_document(session.id)[1].digital.readiness
    assert readiness.objective_setters == ["Giulia (owner)", "the agency"]
    assert readiness.owners == ["Marco: newsletter", "Anna: shop"]
