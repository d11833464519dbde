"""Whatever the pending question, an answer that is a list of items is read as one: nothing is lost."""

import pytest

from assistant.document import Kpi, Touchpoint
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


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "why us over the others:\nreal desks you can leave your stuff on\nmonth-to-month, no 12-month contract"),
        ("it", "perché noi e non gli altri:\nle misure le prende Teresa\nle riparazioni sono gratis per sempre"),
    ],
)
def test_a_list_under_a_heading_that_opens_like_a_question_is_saved(
    env: Env, engine: Engine, language: str, answer: str
) -> None:
    """ "why us over the others:" heads the list: the lines are the differences, not a question about the frameworks."""
    session = env.session(language=language, industry=None)
    engine.start(session.id)
    engine.open_question(session.id, "purpose", "differences")
    engine.handle(session.id, answer)
    saved = env.store.load_document(session.id)[1].brand.differences
    assert saved == answer.splitlines()[1:]


def _with_kpis(env: Env, language: str, names: list[str]) -> str:
    session = env.session(language=language)
    _, document = env.store.load_document(session.id)
    document.kpis = [Kpi(id=f"kpi-{n}", name=name, kind="quantitative", target="100") for n, name in enumerate(names)]
    env.store.save_document(session.id, document, note="imported")
    return session.id


@pytest.mark.parametrize(
    ("language", "names", "answer", "baselines"),
    [
        (
            "it",
            ["Abiti su misura consegnati", "Prime prove prenotate dal sito", "Follower under 35 su Instagram"],
            "Abiti: quest'anno ne abbiamo fatti 60. Prenotazioni dal sito zero, la funzione non c'è ancora. "
            "I follower sotto i 35... non lo so, Nicola dice 800, anzi no, 950.",
            ["60", "zero", "950"],
        ),
        (
            "en",
            ["occupancy", "open day visitors who sign up within a month", "events revenue share"],
            "occupancy is about 70% right now. open day, we don't really know, maybe 1 in 10? "
            "Events are at 8% of revenue.",
            ["70%", "1 in 10", "8%"],
        ),
    ],
)
def test_baselines_said_in_prose_go_on_the_kpis_they_name_by_a_word(
    env: Env, engine: Engine, language: str, names: list[str], answer: str, baselines: list[str]
) -> None:
    """A KPI is named by a word only it holds ("Abiti", "open day"), not only by most of its name; what follows
    without naming another KPI is about the same one ("non lo so, Nicola dice 800, anzi no, 950")."""
    session_id = _with_kpis(env, language, names)
    engine.start(session_id)
    engine.open_question(session_id, "kpis", "baseline")
    engine.handle(session_id, answer)
    saved = [k.baseline or "" for k in env.store.load_document(session_id)[1].kpis]
    assert all(figure in said for figure, said in zip(baselines, saved, strict=True)), saved
    for said, figure in zip(saved, baselines, strict=True):
        assert not any(other in said for other in baselines if other != figure), saved


def test_channels_in_a_piped_answer_and_in_the_prose_lines_around_it_are_all_saved(env: Env, engine: Engine) -> None:
    session = env.session(language="it")
    _, document = env.store.load_document(session.id)
    names = ["prima visita di valutazione", "promemoria dei controlli", "serata sulla schiena per gli impiegati"]
    document.touchpoints = [Touchpoint(id=f"tp-{n}", name=name) for n, name in enumerate(names)]
    env.store.save_document(session.id, document, note="imported")
    engine.start(session.id)
    engine.open_question(session.id, "touchpoints", "channel")
    engine.handle(
        session.id,
        "prima visita di valutazione | in studio\n"
        "promemoria dei controlli, per email\n"
        "la serata sulla schiena la facciamo nella biblioteca comunale",
    )
    channels = [t.channel or "" for t in env.store.load_document(session.id)[1].touchpoints]
    assert channels[0] == "in studio" and "email" in channels[1] and "biblioteca" in channels[2], channels
