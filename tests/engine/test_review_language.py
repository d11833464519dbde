"""The review's scorecard and findings speak the team's language: rungs, KPI kinds and severities by their names,
never by the ids the document stores, and each finding cites the card behind it."""

import re

import pytest

from assistant.document import EngagementLevel, Kpi, KpiKind, Touchpoint
from assistant.engine import Engine
from tests.engine.conftest import Env

SAID = {
    "en": ["promotional communication 1", "not set 1", "qualitative 1", "**warning**"],
    "it": ["comunicazione promozionale 1", "non indicato 1", "qualitativo 1", "**avviso**"],
}
IDS = ["promotional-communication", "unset", "qualitative 1", "**warning**", "**error**", "**info**"]


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_review_names_rungs_kinds_and_severities_in_the_teams_language_and_cites_each_card(
    env: Env, engine: Engine, language: str
) -> None:
    session = env.session(language=language)
    _, strategy = env.store.load_document(session.id)
    strategy.touchpoints = [
        Touchpoint(id="tp-1", name="Flyer", engagement_level=EngagementLevel.PROMOTIONAL_COMMUNICATION),
        Touchpoint(id="tp-2", name="Tasting"),
    ]
    strategy.kpis = [Kpi(id="kpi-1", name="Replies", kind=KpiKind.QUALITATIVE)]
    env.store.save_document(session.id, strategy, note="imported")
    engine.start(session.id)
    reply = engine.handle(session.id, "go to review" if language == "en" else "vai a revisione")
    assert reply.stage == "review"
    assert all(said in reply.message for said in SAID[language]), reply.message
    if language == "it":
        assert not any(english in reply.message for english in IDS), reply.message
    findings = [line for line in reply.message.splitlines() if line.startswith("- **")]
    assert findings and all(re.search(r"\[\d+\]$", line) for line in findings), findings
