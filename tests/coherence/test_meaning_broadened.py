"""The generalised checks on meaning: each fires on new phrasings and stays quiet on near misses, in both languages.

Fires/quiet pairs for the rules broadened after the second development set (evals/review/plans2/).
"""

from typing import Any

import pytest

from assistant import coherence
from assistant.document import StrategyDocument
from tests.coherence.edited import fields_of, plans

PLANS = plans()


def fields_in(rule: str, plan: str, **edits: Any) -> list[str]:
    return fields_of(rule, PLANS[plan], **edits)


L1 = "digital__listening[1]"
PURPOSE = "purpose__statement"
OBJ0 = "digital__digital_objectives[0]__text"
SETTERS = "digital__readiness__objective_setters"

# rule, plan, edits, field: fires
FIRES = [
    ("listening-nothing-done", "gym-en", {L1: "no budget for it this year"}, "digital.listening[1]"),
    ("listening-nothing-done", "bici-it", {L1: "lo faremo prima o poi"}, "digital.listening[1]"),
    ("listening-vague", "gym-en", {L1: "Facebook messages"}, "digital.listening[1]"),
    ("listening-vague", "gym-en", {L1: "we check the reviews from time to time"}, "digital.listening[1]"),
    ("listening-vague", "bici-it", {L1: "qualcuno guarda i messaggi di tanto in tanto"}, "digital.listening[1]"),
    ("listening-vanity", "gym-en", {L1: "we check Instagram insights"}, "digital.listening[1]"),
    ("listening-vanity", "bici-it", {L1: "guardiamo le statistiche della pagina"}, "digital.listening[1]"),
    (
        "purpose-product-only",
        "gym-en",
        {PURPOSE: "Spin, yoga and boxing classes near Leeds station."},
        "purpose.statement",
    ),
    (
        "purpose-product-only",
        "bici-it",
        {PURPOSE: "Officina e noleggio bici in centro a Bologna."},
        "purpose.statement",
    ),
    ("purpose-generic", "gym-en", {PURPOSE: "Passion, expertise and care, with love, every day."}, "purpose.statement"),
    (
        "tool-first-objective",
        "gym-en",
        {OBJ0: "Start posting Reels twice a week"},
        "digital.digital_objectives[0].text",
    ),
    (
        "tool-first-objective",
        "bici-it",
        {OBJ0: "Aprire TikTok come gli altri negozi"},
        "digital.digital_objectives[0].text",
    ),
    (
        "objectives-set-outside",
        "gym-en",
        {SETTERS: ["our accountant sets them"]},
        "digital.readiness.objective_setters",
    ),
    (
        "objectives-set-outside",
        "bici-it",
        {SETTERS: ["li manda la sede del franchising"]},
        "digital.readiness.objective_setters",
    ),
    (
        "objectives-only-commercial",
        "gym-en",
        {
            "digital__brand_objectives[0]__text": "More personal-training orders",
            "digital__brand_objectives[1]__text": "£40k in takings",
        },
        "digital.brand_objectives",
    ),
    (
        "objectives-only-commercial",
        "bici-it",
        {"digital__brand_objectives[0]__text": "Più incassi nel weekend"},
        "digital.brand_objectives",
    ),
    (
        "relational-objective-vanity-kpis",
        "bici-it",
        {"kpis[0]__name": "Persone raggiunte dai post", "kpis[1]__name": "Visite al profilo"},
        "digital.brand_objectives[0].text",
    ),
]

# rule, plan, edits: quiet (near misses)
QUIET = [
    ("listening-nothing-done", "gym-en", {L1: "nobody waits more than a day: Priya answers every message"}),
    ("listening-nothing-done", "bici-it", {L1: "nessuna recensione resta senza risposta: Sami risponde entro sera"}),
    ("listening-vague", "gym-en", {L1: "Instagram comments, answered by Dan every evening"}),
    ("listening-vague", "gym-en", {L1: "the front desk reads the suggestion box"}),
    ("listening-vague", "bici-it", {L1: "i commenti su Facebook, letti ogni lunedì"}),
    ("listening-vague", "bici-it", {L1: "Marta legge la mail dell'officina"}),
    ("listening-vanity", "gym-en", {L1: "Dan reads the Instagram insights and answers every comment"}),
    ("listening-vanity", "bici-it", {L1: "guardiamo le statistiche e rispondiamo a ogni commento"}),
    (
        "purpose-product-only",
        "gym-en",
        {PURPOSE: "Spin and yoga classes near Leeds station, so that people who sit all day can move."},
    ),
    ("purpose-product-only", "bici-it", {PURPOSE: "Ripariamo biciclette perché chi va in bici non resti mai a piedi."}),
    ("tool-first-objective", "gym-en", {OBJ0: "Post on Instagram twice a week so beginners see real members training"}),
    ("tool-first-objective", "bici-it", {OBJ0: "Pubblicare su Instagram le guide di riparazione per i pendolari"}),
    ("objectives-set-outside", "gym-en", {SETTERS: ["Sofia (owner) with our accountant"]}),
    ("objectives-set-outside", "bici-it", {SETTERS: ["Lorenzo (titolare) insieme al consulente"]}),
    (
        "objectives-only-commercial",
        "gym-en",
        {"digital__brand_objectives[1]__text": "Grow revenue from members who stay"},
    ),
    (
        "objectives-only-commercial",
        "bici-it",
        {"digital__brand_objectives[1]__text": "Aumentare il fatturato con i clienti abituali"},
    ),
    ("relational-objective-vanity-kpis", "bici-it", {"kpis[1]__name": "Visite al profilo"}),
]


@pytest.mark.parametrize(("rule", "plan", "edits", "field"), FIRES)
def test_fires(rule: str, plan: str, edits: dict[str, Any], field: str) -> None:
    assert field in fields_in(rule, plan, **edits)


@pytest.mark.parametrize(("rule", "plan", "edits"), QUIET)
def test_stays_quiet_on_a_near_miss(rule: str, plan: str, edits: dict[str, Any]) -> None:
    assert fields_in(rule, plan, **edits) == []


def test_sound_wording_from_the_scripted_b2b_plan_stays_quiet() -> None:
    """A figure to reach is an outcome, and people who answer are someone: neither is hollow."""

    document = StrategyDocument.model_validate(
        {
            "digital": {
                "brand_objectives": [{"id": "bo-1", "text": "Win 40 new plant customers in 2027"}],
                "digital_objectives": [
                    {"id": "do-1", "text": "Book 60 demos a month from the website", "brand_objective_id": "bo-1"}
                ],
                "listening": ["support tickets answered by humans"],
            }
        }
    )
    rules = {finding.rule for finding in coherence.check(document)}
    assert not rules & {"tool-first-objective", "listening-vague"}


def test_a_qualitative_kpi_read_in_its_measurement_plan_is_defined() -> None:

    kpi = {"id": "kpi-1", "name": "What regulars tell us", "kind": "qualitative"}
    bare = StrategyDocument.model_validate({"kpis": [kpi]})
    planned = StrategyDocument.model_validate(
        {"kpis": [kpi | {"method": "Elena writes down what they say and we sort it into love, miss and ideas"}]}
    )
    assert "qualitative-kpi-undefined" in {f.rule for f in coherence.check(bare)}
    assert "qualitative-kpi-undefined" not in {f.rule for f in coherence.check(planned)}
