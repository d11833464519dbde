"""The audience is read into segments as before, then the chat asks each segment's profile, in both languages;
a touchpoint names the segment it serves by the segment's name."""

import pytest

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
