"""Light notes on the relationship beyond the message (schema 3): where the plan's own touchpoints and listening
make a strategist expect an answer (a request that changed the offer, a plan for a conversation out of control,
value around the sale, what keeps people close without paid push) and the plan gives none."""

from assistant.coherence.lexicon import lexicon
from assistant.coherence.likeness import means
from assistant.coherence.registry import Hit, names_of, rule
from assistant.document import EngagementLevel, InteractionMode, JourneyStage, StrategyDocument

RELATIONSHIP = "digital.relationship"
# touchpoints where people talk back: dialogue, or a rung where they gather or create with the brand
TALKING_LEVELS = {EngagementLevel.COMMUNITY, EngagementLevel.CO_CREATION}
# the journey stages a relationship lives on after the sale
STAYING = {JourneyStage.RETENTION, JourneyStage.ADVOCACY}


@rule("reverse-marketing-missing")
def _reverse_marketing_missing(document: StrategyDocument) -> list[Hit]:
    digital = document.digital
    if not digital.listening or digital.relationship.reverse_marketing:
        return []
    return [([f"{RELATIONSHIP}.reverse_marketing", "digital.listening"], {"listening": names_of(digital.listening)})]


@rule("loss-of-control-unplanned")
def _loss_of_control_unplanned(document: StrategyDocument) -> list[Hit]:
    talking = [
        t.name
        for t in document.touchpoints
        if t.interaction_mode == InteractionMode.DIALOGUE or t.engagement_level in TALKING_LEVELS
    ]
    if not talking or _planned(document, document.digital.relationship.loss_of_control):
        return []
    return [([f"{RELATIONSHIP}.loss_of_control"], {"touchpoints": names_of(talking)})]


def _planned(document: StrategyDocument, answer: str) -> bool:
    """An answer that is a plan: not a hope ("speriamo che non succeda") nor, by its meaning, nothing done ("we'll
    think about it when it comes"). The listening words for nothing done are not used: "we never delete a
    comment" is a plan."""
    words, language = lexicon(), document.brand.language
    if not answer.strip():
        return False
    if words.find("no_plan", answer, language) and not words.find("acting", answer, language):
        return False  # a hope with nobody doing anything; "we hope not, but Anna answers within an hour" is a plan
    return not means("nothing_done", answer)


@rule("value-only-at-sale")
def _value_only_at_sale(document: StrategyDocument) -> list[Hit]:
    """Value before or after the sale that is another offer ("10% off your next course") is the sale again: it
    counts as none, and is named where it stands."""
    relationship, language = document.digital.relationship, document.brand.language
    if not document.touchpoints:
        return []
    given = {part: getattr(relationship, part) for part in ("value_before", "value_after")}
    offers = [part for part, value in given.items() if value and lexicon().find("promotion", value, language)]
    missing = [part for part, value in given.items() if not value]
    if not offers and missing != list(given):
        return []
    fields = [f"{RELATIONSHIP}.{part}" for part in (offers or missing)]
    return [(fields, {"touchpoints": names_of([t.name for t in document.touchpoints])})]


@rule("relationship-needs-paid-push")
def _relationship_needs_paid_push(document: StrategyDocument) -> list[Hit]:
    staying = [t.name for t in document.touchpoints if t.journey_stage in STAYING]
    language, kept = document.brand.language, document.digital.relationship.without_paid_push
    paid = [entry for entry in kept if any(lexicon().find(c, entry, language) for c in ("paid_reach", "push"))]
    if not staying or (kept and len(paid) < len(kept)):  # something unpaid keeps them close
        return []
    return [([f"{RELATIONSHIP}.without_paid_push"], {"touchpoints": names_of(staying)})]
