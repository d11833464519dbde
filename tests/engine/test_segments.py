"""The audience is read into segments as before, then the chat asks each segment's profile, in both languages
(in columns or in prose); a touchpoint and a KPI name the segment they serve by its name, words or number,
asked only when there are two segments or more."""

import pytest

from assistant.document import Kpi, KpiKind, Segment
from assistant.engine import Engine
from tests.engine.conftest import Env
from tests.factories import winery_document

PURPOSE = "We make honest wines from our hills so that families can share the table with the people they love."
CASES = {
    "en": (
        "families who cook at home; wine tourists from Germany",
        "wine tourists | a day among the vines they can tell friends about | book a trip months ahead | "
        "travel blogs and the cellar tour | why they do not come back a second year",
    ),
    "it": (
        "famiglie che cucinano a casa; turisti del vino dalla Germania",
        "turisti del vino | una giornata tra le vigne da raccontare agli amici | prenotano il viaggio mesi prima | "
        "i blog di viaggio e la visita in cantina | perché non tornano il secondo anno",
    ),
}


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_audience_becomes_segments_whose_profiles_are_asked_next(env: Env, engine: Engine, language: str) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    engine.handle(session.id, PURPOSE)
    audience, profile = CASES[language]
    asked = engine.handle(session.id, audience)
    assert asked.question_id == "segment_profiles"
    assert asked.question and "1." in asked.question and "2." in asked.question  # the segments, numbered
    after = engine.handle(session.id, profile)
    assert after.question_id == "values"
    families, tourists = env.store.load_document(session.id)[1].purpose.audience
    assert families.needs == "" and families.name == audience.split(";")[0]
    assert tourists.needs.startswith(("a day among the vines", "una giornata tra le vigne"))
    assert tourists.habits and tourists.meeting_points and tourists.unknowns.startswith(("why", "perché"))


def test_a_touchpoint_names_the_segment_it_serves(env: Env, engine: Engine) -> None:
    session = env.session()
    _, document = env.store.load_document(session.id)
    sample = winery_document()
    document.purpose, document.digital, document.touchpoints = sample.purpose, sample.digital, sample.touchpoints
    env.store.save_document(session.id, document, note="imported")
    engine.start(session.id)
    engine.handle(session.id, "go to touchpoints")
    engine.handle(session.id, "skip")  # the touchpoints are there
    engine.handle(session.id, "skip")  # how they express the purpose
    asked = engine.handle(session.id, "skip")  # their channels
    assert asked.question_id == "touchpoint_segments"
    engine.handle(session.id, "Cellar tour | the wine tourists\nHarvest day | 1")
    saved = env.store.load_document(session.id)[1]
    families, tourists = saved.purpose.audience
    assert [t.segment_id for t in saved.touchpoints] == [tourists.id, families.id]


def _at_the_kpis(env: Env, engine: Engine, language: str, segments: int) -> str:
    """A session on the sample winery with `segments` audience segments, at the KPIs' last question before the
    segment one (what they measure, their plan and baselines passed over)."""
    session = env.session(language=language)
    _, document = env.store.load_document(session.id)
    sample = winery_document()
    document.purpose, document.digital, document.touchpoints = sample.purpose, sample.digital, sample.touchpoints
    document.kpis = [*sample.kpis, Kpi(name="Club members", kind=KpiKind.QUANTITATIVE, touchpoint_id="tp-2")]
    if language == "it":
        document.kpis[0].name = "Risposte alla newsletter"
        document.purpose.audience = [
            Segment(id="sg-1", name="famiglie che cucinano a casa"),
            Segment(id="sg-2", name="turisti del vino"),
        ]
    document.purpose.audience = document.purpose.audience[:segments]
    env.store.save_document(session.id, document, note="imported")
    engine.start(session.id)
    engine.handle(session.id, "go to kpis" if language == "en" else "vai ai KPI")
    skip = "skip" if language == "en" else "salta"
    engine.handle(session.id, skip)  # the KPIs are there
    engine.handle(session.id, skip)  # their measurement plan
    return session.id


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_segment_of_each_kpi_is_asked_when_the_audience_has_two(env: Env, engine: Engine, language: str) -> None:
    session_id = _at_the_kpis(env, engine, language, segments=2)
    asked = engine.handle(session_id, "skip" if language == "en" else "salta")  # the baselines
    assert asked.question_id == "kpi_segments"
    listed = asked.question or ""
    assert "1. Club members" not in listed and "2. Club members" in listed  # the KPIs, by number
    assert "2. wine tourists" in listed or "2. turisti del vino" in listed  # and the segments, by number


@pytest.mark.parametrize("language", ["en", "it"])
def test_with_one_segment_every_kpi_serves_it_unasked(env: Env, engine: Engine, language: str) -> None:
    """(With none, nothing is asked: tests/engine/test_opening.py, at the touchpoints.)"""
    session_id = _at_the_kpis(env, engine, language, segments=1)
    reply = engine.handle(session_id, "skip" if language == "en" else "salta")  # the baselines
    assert reply.stage == "review"
    document = env.store.load_document(session_id)[1]
    assert [kpi.segment_id for kpi in document.kpis] == ["sg-1", "sg-1"]
    assert document.kpis[0].provenance["segment_id"].kind == "assumption"


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "Newsletter replies | the wine tourists\n2 | 1"),
        ("it", "Risposte alla newsletter | i turisti\n2 | 1"),
        ("en", "1 | tourists\nClub members | families"),
        ("it", "1 | 2\nClub members | le famiglie"),
    ],
)
def test_each_kpi_names_its_segment_by_number_or_words(env: Env, engine: Engine, language: str, answer: str) -> None:
    session_id = _at_the_kpis(env, engine, language, segments=2)
    engine.handle(session_id, "skip" if language == "en" else "salta")
    reply = engine.handle(session_id, answer)
    assert reply.stage == "review"
    document = env.store.load_document(session_id)[1]
    assert [kpi.segment_id for kpi in document.kpis] == ["sg-2", "sg-1"]
    assert document.kpis[0].provenance["segment_id"].kind == "user"


@pytest.mark.parametrize(
    ("language", "answer", "says"),
    [("en", "1 | both", "One segment per KPI"), ("it", "1 | tutti", "Un segmento per KPI")],
)
def test_a_kpi_names_one_segment_and_the_reply_says_so(
    env: Env, engine: Engine, language: str, answer: str, says: str
) -> None:
    session_id = _at_the_kpis(env, engine, language, segments=2)
    engine.handle(session_id, "skip" if language == "en" else "salta")
    reply = engine.handle(session_id, answer)
    assert reply.question_id == "kpi_segments" and says in reply.message
    assert [kpi.segment_id for kpi in env.store.load_document(session_id)[1].kpis] == [None, None]


PROSE = {
    "en": (
        "young families; office workers",
        "Young families: they want bread before school, they come every day, they spend little but often and stay "
        "for years. Office workers: they need a quick lunch, they find us on Instagram, we don't know if they come "
        "back at weekends.",
    ),
    "it": (
        "giovani famiglie; impiegati",
        "Giovani famiglie: vogliono il pane prima di scuola, vengono ogni giorno, spendono poco ma spesso e restano "
        "per anni. Impiegati: hanno bisogno di un pranzo veloce, ci trovano su Instagram, non sappiamo se tornano "
        "nel fine settimana.",
    ),
}


def _profiled(env: Env, engine: Engine, language: str, profiles: str) -> list[Segment]:
    """The two segments of a bakery session once `profiles` answers the profile question."""
    session = env.session(language=language, brand="Forno Rossi", industry="Bakery")
    engine.start(session.id)
    engine.handle(session.id, PURPOSE)
    engine.handle(session.id, PROSE[language][0])
    engine.handle(session.id, profiles)
    return list(env.store.load_document(session.id)[1].purpose.audience)


@pytest.mark.parametrize("language", ["en", "it"])
def test_a_profile_in_prose_fills_each_part_its_words_say(env: Env, engine: Engine, language: str) -> None:
    session = env.session(language=language, brand="Forno Rossi", industry="Bakery")
    engine.start(session.id)
    engine.handle(session.id, PURPOSE)
    audience, profiles = PROSE[language]
    engine.handle(session.id, audience)
    assert engine.handle(session.id, profiles).question_id == "values"
    families, workers = env.store.load_document(session.id)[1].purpose.audience
    assert families.needs.startswith(("they want bread", "vogliono il pane"))
    assert families.habits.startswith(("they come every day", "vengono ogni giorno"))
    assert families.habits.endswith(("stay for years", "restano per anni"))
    assert workers.needs.endswith(("a quick lunch", "un pranzo veloce"))
    assert workers.meeting_points.endswith(("on Instagram", "su Instagram"))
    assert workers.unknowns.startswith(("we don't know", "non sappiamo"))
    assert families.meeting_points == families.unknowns == workers.habits == ""


@pytest.mark.parametrize(
    ("language", "profiles"),
    [
        (
            "en",
            "Young families want bread before school, office workers need a quick lunch, they come with young families",
        ),
        (
            "it",
            "Le giovani famiglie vogliono il pane prima di scuola, gli impiegati cercano un pranzo veloce, "
            "vengono con le giovani famiglie dei colleghi",
        ),
    ],
)
def test_a_sentence_turns_to_the_segment_a_piece_opens_with(
    env: Env, engine: Engine, language: str, profiles: str
) -> None:
    families, workers = _profiled(env, engine, language, profiles)
    assert families.needs.endswith(("bread before school", "il pane prima di scuola")) and not families.habits
    assert workers.needs.endswith(("a quick lunch", "un pranzo veloce"))
    assert workers.habits.startswith(("they come with", "vengono con"))  # the families in passing: still workers


@pytest.mark.parametrize(
    ("language", "profiles"),
    [
        ("en", "1 - they want a loaf that lasts the week. 2 - they need a quick lunch, they come at noon"),
        ("it", "1: vogliono un pane che duri la settimana. 2 - cercano un pranzo veloce, vengono a mezzogiorno"),
    ],
)
def test_profiles_numbered_on_one_line_go_to_the_segments_of_those_numbers(
    env: Env, engine: Engine, language: str, profiles: str
) -> None:
    families, workers = _profiled(env, engine, language, profiles)
    assert families.needs.endswith(("lasts the week", "duri la settimana"))
    assert workers.needs.endswith(("a quick lunch", "un pranzo veloce"))
    assert workers.habits.endswith(("at noon", "a mezzogiorno"))
