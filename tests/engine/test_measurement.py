"""The KPI stage asks each KPI's measurement plan, and a baseline where a target has none, in both languages."""

import pytest

from assistant.document import KpiTiming
from assistant.engine import Engine
from tests.engine.conftest import Env
from tests.factories import winery_document

KPIS = {
    "en": (
        "Newsletter replies | qualitative | 1 | most replies tell a story | by June 2027 | Marco | mailbox | "
        "2 stories a month\n"
        "Club members | quantitative | 1 | 300 members | by December 2027 | Anna | shop reports"
    ),
    "it": (
        "Risposte alla newsletter | qualitativo | 1 | quasi tutte raccontano una storia | entro giugno 2027 | Marco | "
        "casella di posta | 2 storie al mese\n"
        "Soci del club | quantitativo | 1 | 300 soci | entro dicembre 2027 | Anna | report del negozio"
    ),
}


def _at_the_kpis(env: Env, engine: Engine, language: str) -> str:
    session = env.session(language=language)
    _, document = env.store.load_document(session.id)
    sample = winery_document()
    document.digital, document.touchpoints = sample.digital, sample.touchpoints
    env.store.save_document(session.id, document, note="imported")
    engine.start(session.id)
    assert engine.handle(session.id, "go to kpis" if language == "en" else "vai ai KPI").question_id == "kpis"
    return session.id


@pytest.mark.parametrize(
    ("language", "plan", "baseline"),
    [
        (
            "en",
            "1 | we read every reply and mark those that tell a story | leading | monthly | if fewer than 5 tell one, "
            "we change the opening question\n"
            "Club members | members in the shop register | lagging | every quarter | if under 200 by June, add a tier",
            "2 | 120 members",
        ),
        (
            "it",
            "1 | leggiamo ogni risposta e segniamo quelle che raccontano una storia | anticipatore | ogni mese | "
            "se meno di 5 ne raccontano una, cambiamo la domanda\n"
            "Soci del club | soci nel registro del negozio | risultato | ogni trimestre | "
            "se a giugno sono meno di 200, aggiungiamo un livello",
            "2 | 120 soci",
        ),
    ],
)
def test_the_measurement_plan_is_asked_after_the_kpis_by_name_or_number(
    env: Env, engine: Engine, language: str, plan: str, baseline: str
) -> None:
    session_id = _at_the_kpis(env, engine, language)
    asked = engine.handle(session_id, KPIS[language])
    assert asked.question_id == "measurement", asked.message
    assert "1. " in (asked.question or ""), "the KPIs are listed by number"
    asked = engine.handle(session_id, plan)
    assert asked.question_id == "baseline", "the club has a target and no baseline"
    reply = engine.handle(session_id, baseline)
    assert reply.stage == "review"
    first, second = env.store.load_document(session_id)[1].kpis
    assert first.method.split()[:2] == plan.split(" | ")[1].split()[:2]
    assert (first.timing, second.timing) == (KpiTiming.LEADING, KpiTiming.LAGGING)
    assert first.cadence in ("monthly", "ogni mese") and second.cadence in ("every quarter", "ogni trimestre")
    assert first.decision_rule.startswith(("if fewer", "se meno")) and second.decision_rule
    assert second.baseline == baseline.split(" | ")[1]
    assert first.provenance["decision_rule"].kind == "user"


def test_a_plan_said_in_prose_goes_to_the_kpi_each_remark_follows(env: Env, engine: Engine) -> None:
    session_id = _at_the_kpis(env, engine, "en")
    engine.handle(session_id, KPIS["en"])
    engine.handle(
        session_id,
        "Newsletter replies are an early sign: Marco reads each reply and tags the stories, every month; if fewer "
        "than 5 tell one, we change the opening question. Club members is the result, counted each quarter; if we "
        "are under 200 in June, Anna adds a second tier.",
    )
    first, second = env.store.load_document(session_id)[1].kpis
    assert first.timing == KpiTiming.LEADING and second.timing == KpiTiming.LAGGING
    assert "tags the stories" in first.method and first.cadence == "every month"
    assert first.decision_rule.startswith("if fewer than 5")
    assert second.cadence == "each quarter" and "Anna adds a second tier" in second.decision_rule


def test_the_baseline_is_not_asked_when_every_target_has_one(env: Env, engine: Engine) -> None:
    session_id = _at_the_kpis(env, engine, "en")
    engine.handle(session_id, KPIS["en"].replace("shop reports", "shop reports | 120 members"))
    reply = engine.handle(session_id, "1 | we read the replies | leading | monthly | if none, we ask again")
    assert reply.stage == "review", "the measurement plan was the last question left"


@pytest.mark.parametrize(
    ("language", "plan", "first_said", "second_said"),
    [
        (
            "en",
            "The first one we take from the shop register at closing time. The second: Marco sorts the replies into "
            "'story', 'price' or 'service' and we tally them each month",
            "shop register",
            "sorts the replies",
        ),
        (
            "it",
            "La prima la leggiamo sul gestionale della cassa a fine giornata. Il secondo: Marco divide le risposte "
            "tra 'storia', 'prezzo' e 'servizio' e ogni mese le contiamo",
            "gestionale della cassa",
            "divide le risposte",
        ),
    ],
)
def test_a_plan_that_names_each_kpi_by_its_place_in_the_list_goes_to_that_kpi(
    env: Env, engine: Engine, language: str, plan: str, first_said: str, second_said: str
) -> None:
    session_id = _at_the_kpis(env, engine, language)
    engine.handle(session_id, KPIS[language])
    engine.handle(session_id, plan)
    first, second = env.store.load_document(session_id)[1].kpis
    assert first_said in first.method and not first.method.lower().startswith(("the first", "la prima"))
    assert second_said in second.method and first_said not in second.method
