"""Checks on meaning in Italian: each fires on a flawed copy of a sound Italian plan and stays quiet on a near miss.

The English side of every rule is in tests/test_coherence.py (FIRES and QUIET); the review eval plants the same
kinds of flaw in six whole plans (evals/review/).
"""

from typing import Any

import pytest

from assistant import coherence
from assistant.coherence.lexicon import lexicon
from assistant.document import StrategyDocument
from assistant.document.edits import Edit, apply_edit
from evals.review import load_plans

CANTINA = next(plan.document for plan in load_plans() if plan.id == "cantina-it")
LABEL_RULES = {  # the rules that judge labels and completeness, before the checks on meaning
    "purpose-missing",
    "purpose-names-audience",
    "purpose-says-why",
    "digital-without-purpose",
    "brand-objectives-present",
    "digital-objective-traced",
    "channel-has-role",
    "ladder-climbs",
    "listening-present",
    "dialogue-without-listening",
    "journey-covered",
    "touchpoint-complete",
    "kpi-measures-something",
    "kpi-complete",
    "kpi-balance",
    "kpi-kind-missing",
    "objective-measured",
    "kpi-no-decision-rule",
    "initiative-owner-date",
    # what the relationship beyond the message still lacks (schema 3): notes on presence, not on meaning
    "reverse-marketing-missing",
    "loss-of-control-unplanned",
    "value-only-at-sale",
    "relationship-needs-paid-push",
    # schema 3's measurement plan, context, profiles and resources (tests/coherence/test_meaning_plans5.py)
    "kpi-measurement-plan",
    "purpose-without-context",
    "segment-profile-missing",
    "initiatives-unbudgeted",
}
MEANING = [rule for rule in coherence.CHECKS if rule not in LABEL_RULES]


def edited(**edits: Any) -> StrategyDocument:
    document = CANTINA
    for path, value in edits.items():
        document = apply_edit(document, Edit(op="set", path=path.replace("__", "."), value=value))
    return document


def fields_of(rule: str, document: StrategyDocument) -> list[list[str]]:
    return [f.fields for f in coherence.check(document, language="it") if f.rule == rule]


# rule: (edits that break it, the field its finding names, edits that come close without breaking it)
ITALIAN: dict[str, tuple[dict[str, Any], str, dict[str, Any]]] = {
    "promotion-above-first-rung": (
        {"touchpoints[4]__name": "Club con codice sconto del 20%"},
        "touchpoints[4].engagement_level",
        {"touchpoints[4]__name": "Degustazione in cui i soci votano il prossimo sconto"},
    ),
    "community-broadcasts": (
        {"touchpoints[4]__interaction_mode": "broadcast"},
        "touchpoints[4].interaction_mode",
        {"touchpoints[1]__interaction_mode": "broadcast"},  # promotional communication may broadcast
    ),
    "relationship-broadcasts": (
        {"touchpoints[2]__interaction_mode": "broadcast"},
        "touchpoints[2].interaction_mode",
        {"touchpoints[2]__interaction_mode": "enabling"},
    ),
    "qualitative-kpi-counts": (
        {"kpis[0]__name": "Quante risposte alla newsletter"},
        "kpis[0].name",
        {"kpis[0]__name": "Che cosa dicono gli iscritti nelle risposte"},
    ),
    "qualitative-kpi-count-target": (
        {"kpis[0]__target": "10 al mese"},
        "kpis[0].target",
        {"kpis[0]__target": "3 temi letti e classificati ogni mese"},
    ),
    "qualitative-kpi-undefined": (
        {"kpis[0]__definition": "le risposte"},
        "kpis[0].definition",
        {"kpis[0]__definition": "Marco le legge"},
    ),
    "kpis-all-vanity": (
        {f"kpis[{i}]__name": name for i, name in enumerate(["Mi piace", "Follower", "Visualizzazioni", "Copertura"])},
        "kpis",
        {"kpis[0]__name": "Mi piace ai post"},
    ),
    # The objective's own KPI is its evidence: likes there are not made good by replies to a digital objective
    # below it (plans4 and plans5 were planted so, three times, by writers who never saw the rule); the near miss
    # is the reverse, likes on the digital objective and a reading on the brand objective itself.
    "relational-objective-vanity-kpis": (
        {"kpis[3]__name": "Mi piace ai racconti"},
        "digital.brand_objectives[0].text",
        {"kpis[0]__name": "Mi piace alla newsletter"},
    ),
    "purpose-names-nobody": (
        {"purpose__statement": "Facciamo vino per riportare calma e onestà a tavola, perché un pasto merita tempo."},
        "purpose.statement",
        {"purpose__statement": "Facciamo vino per riportare calma a tavola, perché chi cucina merita tempo."},
    ),
    "purpose-generic": (
        {"purpose__statement": "Qualità, passione e innovazione al servizio del cliente dal 1950."},
        "purpose.statement",
        {"purpose__statement": "Vini di qualità e passione, perché le famiglie possano condividere la tavola."},
    ),
    "purpose-product-only": (
        {"purpose__statement": "Vendiamo vini delle Langhe in bottiglie e magnum."},
        "purpose.statement",
        {"purpose__statement": "Vendiamo vini delle Langhe per le famiglie che cucinano a casa."},
    ),
    "listening-nothing-done": (
        {"digital__listening[1]": "non facciamo molto"},
        "digital.listening[1]",
        {"digital__listening[1]": "nessuno aspetta più di un giorno: Marco risponde alle recensioni"},
    ),
    "listening-vague": (
        {"digital__listening[1]": "feedback dei clienti"},
        "digital.listening[1]",
        {"digital__listening[1]": "un incontro trimestrale con i soci"},
    ),
    "listening-unanswered": (
        {"digital__listening[1]": "Marco legge le recensioni ogni lunedì"},
        "digital.listening[1]",
        {"digital__listening[1]": "Marco legge le recensioni ogni lunedì e risponde a ciascuna"},
    ),
    "listening-vanity": (
        {"digital__listening[1]": "monitoriamo i follower"},
        "digital.listening[1]",
        {"digital__listening[1]": "contiamo i like e rispondiamo a ogni commento"},
    ),
    "channel-contradicts-values": (
        {"purpose__values": ["onestà", "mai insistere"], "digital__channels[0]__role": "codici sconto ogni giorno"},
        "digital.channels[0].role",
        {"purpose__values": ["onestà", "mai insistere"], "digital__channels[0]__role": "niente sconti, solo racconti"},
    ),
    "tool-first-objective": (
        {"digital__digital_objectives[0]__text": "Essere su TikTok perché ci sono tutti"},
        "digital.digital_objectives[0].text",
        {"digital__digital_objectives[0]__text": "Aprire un profilo TikTok per mostrare ai giovani la vendemmia"},
    ),
    "objectives-set-outside": (
        {"digital__readiness__objective_setters": ["l'agenzia", "il consulente"]},
        "digital.readiness.objective_setters",
        {"digital__readiness__objective_setters": ["Giulia (titolare) con l'agenzia"]},
    ),
    "objectives-only-commercial": (
        {"digital__brand_objectives[0]__text": "Aumentare il fatturato del 20%"},
        "digital.brand_objectives",
        {"digital__brand_objectives[0]__text": "Aumentare le vendite ai clienti che tornano"},
    ),
    "kpi-target-without-baseline": (
        {"kpis[1]__baseline": ""},
        "kpis[1].baseline",
        {"kpis[1]__baseline": "120", "kpis[1]__target": "300 soci"},
    ),
}


def test_every_check_on_meaning_has_an_italian_case() -> None:
    assert set(ITALIAN) == set(MEANING)


def test_the_sound_italian_plan_has_no_finding_on_meaning() -> None:
    assert [f.rule for f in coherence.check(CANTINA, language="it") if f.rule in MEANING] == []


@pytest.mark.parametrize("rule", sorted(ITALIAN))
def test_fires_in_italian(rule: str) -> None:
    edits, field, _ = ITALIAN[rule]
    found = fields_of(rule, edited(**edits))
    assert any(field in fields for fields in found), found
    finding = next(f for f in coherence.check(edited(**edits), language="it") if f.rule == rule)
    assert "«" in finding.message or rule in ("kpis-all-vanity", "objectives-only-commercial")


@pytest.mark.parametrize("rule", sorted(ITALIAN))
def test_stays_quiet_on_an_italian_near_miss(rule: str) -> None:
    _, _, near = ITALIAN[rule]
    assert fields_of(rule, edited(**near)) == []


def test_words_match_by_lemma_exact_form_and_not_after_a_negation() -> None:
    words = lexicon()
    assert words.find("promotion", "Weekly offers for members", "en") == "offers"
    assert words.find("promotion", "Sales call with the owner", "en") is None  # `=sale`: not "sales"
    assert words.find("vanity", "we'd like to hear more", "en") is None  # `=likes`, not the verb
    assert words.find("promotion", "honest prices, no discounts", "en") is None
    assert words.find("promotion", "senza sconti né offerte", "it") is None
    assert words.find("outside", "l'agenzia decide", "it") == "agenzia"  # an elision is two words
    assert words.find("promotion", "sconti del 20% e saldi", "it") == "sconti"
