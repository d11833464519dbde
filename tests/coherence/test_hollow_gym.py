"""Issue 14's hollow gym, in English and Italian: every label filled, nothing meant. It must not pass the review."""

from typing import Any

import pytest

from assistant import coherence
from assistant.document import StrategyDocument

HOLLOW: dict[str, dict[str, Any]] = {
    "en": {
        "statement": "We are committed to excellence, quality and passion for fitness, with innovative equipment.",
        "values": ["honesty", "never push"],
        "objectives": ["Increase membership sales by 20%", "Raise revenue from personal training"],
        "digital": ["Be on TikTok because everyone is there", "Launch an Instagram page"],
        "role": "daily offers and discount codes",
        "listening": ["we don't really do much", "we monitor likes"],
        "agency": "the agency runs everything",
        "touchpoints": ["Monthly promo email", "Instagram posts"],
        "kpis": ["Instagram likes", "Followers"],
    },
    "it": {
        "statement": "Eccellenza, qualità e passione per il fitness, con attrezzature innovative.",
        "values": ["onestà", "mai insistere"],
        "objectives": [
            "Aumentare le vendite degli abbonamenti del 20%",
            "Aumentare il fatturato del personal training",
        ],
        "digital": ["Essere su TikTok perché ci sono tutti", "Aprire una pagina Instagram"],
        "role": "offerte del giorno e codici sconto",
        "listening": ["non facciamo molto", "monitoriamo i like"],
        "agency": "l'agenzia gestisce tutto",
        "touchpoints": ["Email mensile con le promozioni", "Post su Instagram"],
        "kpis": ["Mi piace su Instagram", "Follower"],
    },
}


def hollow_gym(language: str) -> StrategyDocument:
    said = HOLLOW[language]
    levels = [("retention", "co-creation"), ("awareness", "community")]
    return StrategyDocument.model_validate(
        {
            "brand": {"name": "Gym", "industry": "gym", "language": language},
            "purpose": {"statement": said["statement"], "values": said["values"], "audience": ["everyone"]},
            "digital": {
                "brand_objectives": [{"id": f"bo-{i}", "text": t} for i, t in enumerate(said["objectives"])],
                "digital_objectives": [
                    {"id": f"do-{i}", "text": t, "brand_objective_id": "bo-0"} for i, t in enumerate(said["digital"])
                ],
                "channels": [{"id": "ch-1", "name": "Email", "role": said["role"]}],
                "listening": said["listening"],
                "readiness": {"owners": [said["agency"]], "objective_setters": [said["agency"]]},
            },
            "touchpoints": [
                {
                    "id": f"tp-{i}",
                    "name": name,
                    "journey_stage": stage,
                    "engagement_level": level,
                    "interaction_mode": "broadcast",
                }
                for i, (name, (stage, level)) in enumerate(zip(said["touchpoints"], levels, strict=True))
            ],
            "kpis": [
                {
                    "id": "kpi-1",
                    "name": said["kpis"][0],
                    "kind": "qualitative",
                    "objective_id": "do-1",
                    "target": "1000",
                    "time_frame": "2026",
                    "owner": "agency",
                    "data_source": "Instagram",
                },
                {
                    "id": "kpi-2",
                    "name": said["kpis"][1],
                    "kind": "quantitative",
                    "objective_id": "do-0",
                    "target": "5000",
                    "time_frame": "2026",
                    "owner": "agency",
                    "data_source": "TikTok",
                },
            ],
        }
    )


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_hollow_gym_fails_the_review_on_meaning(language: str) -> None:
    findings = coherence.check(hollow_gym(language), language=language)  # type: ignore[arg-type]
    rules = {f.rule for f in findings}
    assert {
        "promotion-above-first-rung",
        "community-broadcasts",
        "qualitative-kpi-counts",
        "kpis-all-vanity",
        "purpose-generic",
        "listening-nothing-done",
        "listening-vanity",
        "channel-contradicts-values",
        "tool-first-objective",
        "objectives-set-outside",
        "objectives-only-commercial",
    } <= rules
    assert coherence.scorecard(hollow_gym(language)).errors >= 4
    quoted = "«" if language == "it" else '"'
    for finding in findings:
        if finding.rule not in ("journey-covered", "kpis-all-vanity", "objectives-only-commercial"):
            assert quoted in finding.message, finding.message  # the team's own words, quoted
