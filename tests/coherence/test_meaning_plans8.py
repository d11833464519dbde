"""The review as made safer on the eighth development set (evals/review/plans8/, once the held-out set): a finding
only the embedding model's likeness found is a warning, never an error, for an error needs words that say it; and
words that refuse the sale keep the model from reading the refused selling as a price deal. English and Italian.

The wordings here are new, neither the planted flaws of plans8/ nor the examples of knowledge/language/.
"""

import pytest

from assistant import coherence
from assistant.coherence.lexicon import lexicon
from assistant.document import Language
from tests.coherence.edited import edited, plans

PLANS = plans("plans8")
PROMOTION, NOTHING_DONE = "promotion-above-first-rung", "listening-nothing-done"
VET, COWORK, TRATTORIA, PHYSIO = "vet-en", "coworking-en", "trattoria-it", "fisioterapia-it"
SAID, HEARD = "touchpoints[1]__purpose_expression", "digital__listening[0]"


def severities(rule: str, plan: str, **edits: str) -> list[str]:
    document = edited(PLANS[plan], **edits)
    return [f.severity for f in coherence.check(document, language=document.brand.language) if f.rule == rule]


# rule, plan, edits, severity: a price deal or nothing done, said in words (error) or only like one (warning)
SEVERITIES = [
    (PROMOTION, VET, {SAID: "Vaccinations at a lower rate for anyone who books this month"}, "warning"),
    (PROMOTION, TRATTORIA, {SAID: "Pranzo a prezzo ridotto per chi prenota entro giovedì"}, "warning"),
    (PROMOTION, VET, {SAID: "20% off vaccinations for anyone who books this month"}, "error"),
    (PROMOTION, TRATTORIA, {SAID: "Pranzo con lo sconto del 10% per chi prenota entro giovedì"}, "error"),
    (NOTHING_DONE, VET, {HEARD: "something for next year, when things calm down"}, "warning"),
    (NOTHING_DONE, TRATTORIA, {HEARD: "se ne riparla dopo l'estate, adesso c'è troppo lavoro"}, "warning"),
    (NOTHING_DONE, VET, {HEARD: "nothing yet: there is no time for it this season"}, "error"),
    (NOTHING_DONE, TRATTORIA, {HEARD: "per ora niente, non abbiamo tempo in stagione"}, "error"),
]


@pytest.mark.parametrize(("rule", "plan", "edits", "severity"), SEVERITIES)
def test_an_error_needs_words_that_say_it(rule: str, plan: str, edits: dict[str, str], severity: str) -> None:
    assert severities(rule, plan, **edits) == [severity]


def test_a_sound_call_that_refuses_to_sell_packages_is_no_promotion() -> None:
    """The sound plan's "senza vendergli pacchetti": the model alone read it as a price deal."""
    assert severities(PROMOTION, PHYSIO) == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the host shows newcomers round and introduces them, never pitching them an annual plan"),
        ("en", "a nurse asks how the pet is healing, without upselling any treatment"),
        ("it", "chi telefona viene ascoltato e consigliato, senza proporgli pacchetti di sedute"),
        ("it", "a fine pasto Marco chiede com'è andata, non per vendere altro"),
    ],
)
def test_refusing_the_sale_is_said_in_words(language: Language, text: str) -> None:
    assert lexicon().find("refused_sale", text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "we sell gift cards at the desk"), ("it", "vendiamo buoni regalo alla cassa")],
)
def test_selling_is_no_refusal(language: Language, text: str) -> None:
    assert not lexicon().find("refused_sale", text, language)
