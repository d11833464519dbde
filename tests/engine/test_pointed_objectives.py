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


def test_prose_kpis_measure_the_objective_or_touchpoint_they_name_by_its_words(env: Env, engine: Engine) -> None:
    """Not by number and not by repeating it: "the trust one", "per la tessera"."""
    said = {
        "en": (
            ["Win 200 boiler service contracts", "Become the most trusted plumber in town"],
            "follow-up text after the job",
            "For the trust one, the Google rating, 4.6 now, 4.8 by December. "
            "For the follow-up texts, what people say in their replies.",
        ),
        "it": (
            ["Far tornare i clienti per il tagliando", "Farci conoscere dai nuovi residenti"],
            "tessera fedeltà con i punti",
            "Per la tessera contiamo quanti la usano ogni mese, oggi circa 300. "
            "Poi per i nuovi residenti, le visite alla scheda Google, vorremmo 500 al mese.",
        ),
    }
    for language, (objectives, touchpoint, answer) in said.items():
        session = env.session(language=language)
        engine.start(session.id)
        for stage, question, text in [
            ("digital-alignment", "brand_objectives", "\n".join(objectives)),
            ("touchpoints", "touchpoints", touchpoint),
            ("kpis", "kpis", answer),
        ]:
            engine.open_question(session.id, stage, question)
            if engine.handle(session.id, text).kind == "proposal":
                engine.handle(session.id, "yes" if language == "en" else "sì")
        document = env.store.load_document(session.id)[1]
        names = {o.id: o.text for o in document.digital.brand_objectives}
        names |= {t.id: t.name for t in document.touchpoints}
        measured = [names.get(k.objective_id or k.touchpoint_id or "") for k in document.kpis]
        assert measured == ([objectives[1], touchpoint] if language == "en" else [touchpoint, objectives[1]])


def test_a_prose_line_among_numbered_columns_keeps_the_objective_it_names(env: Env, engine: Engine) -> None:
    """`text | 2` lines, then one said in passing: "and ..., that's for number 1 too" is linked like the others."""
    said = {
        "en": "Online class booking | 2\nA welcome call from the coach | 1\n"
        "and a birthday message, that's for number 1 too",
        "it": "Prenotazione dei corsi online | 2\nUna chiamata di benvenuto | 1\npoi un messaggio per il compleanno, "
        "sempre per il primo anche",
    }
    for language, answer in said.items():
        session = env.session(language=language, brand="Palestra Viva")
        engine.start(session.id)
        engine.open_question(session.id, "digital-alignment", "brand_objectives")
        engine.handle(session.id, "Keep members longer\nFill the morning classes")
        engine.open_question(session.id, "digital-alignment", "digital_objectives")
        engine.handle(session.id, answer)
        digital = env.store.load_document(session.id)[1].digital
        served = {o.text: o.brand_objective_id for o in digital.digital_objectives}
        birthday = next(text for text in served if "birthday" in text or "compleanno" in text)
        assert birthday.startswith(("a birthday", "un messaggio")), served
        assert served[birthday] == digital.brand_objectives[0].id, served
