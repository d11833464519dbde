"""The coherence checker: each rule fires on a document that breaks it and stays quiet on a near miss."""

import json
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant import coherence
from assistant.document import (
    BrandObjective,
    Channel,
    DigitalObjective,
    EngagementLevel,
    Initiative,
    InteractionMode,
    JourneyStage,
    Kpi,
    KpiKind,
    Language,
    StrategyDocument,
    Touchpoint,
)
from assistant.document.paths import parse
from tests.factories import winery_document

STAYING = (JourneyStage.RETENTION, JourneyStage.ADVOCACY)

CARDS = Path(__file__).resolve().parent.parent / "knowledge" / "cards" / "en"
STAGES = ("purpose", "digital-alignment", "touchpoints", "kpis", "review")


def complete_document() -> StrategyDocument:
    """The sample winery, finished: every stage filled and nothing for the linter to say."""
    doc = winery_document()
    doc.purpose.personality = ["warm", "down to earth"]
    doc.purpose.proof_points = ["Every label names the family who picked the grapes"]
    doc.digital.readiness.owners = ["Marco"]
    doc.touchpoints[1].journey_stage = JourneyStage.ADVOCACY
    doc.touchpoints[1].interaction_mode = InteractionMode.ENABLING
    doc.touchpoints = [
        *doc.touchpoints,
        Touchpoint(
            id="tp-3",
            name="Wine guide listing",
            journey_stage=JourneyStage.AWARENESS,
            engagement_level=EngagementLevel.PROMOTIONAL_COMMUNICATION,
            interaction_mode=InteractionMode.BROADCAST,
        ),
        Touchpoint(
            id="tp-4",
            name="Cellar shop",
            journey_stage=JourneyStage.PURCHASE,
            engagement_level=EngagementLevel.RELATIONSHIP,
            interaction_mode=InteractionMode.DIALOGUE,
        ),
        Touchpoint(
            id="tp-5",
            name="Wine club",
            journey_stage=JourneyStage.RETENTION,
            engagement_level=EngagementLevel.COMMUNITY,
            interaction_mode=InteractionMode.ENABLING,
        ),
    ]
    doc.kpis = [
        *doc.kpis,
        Kpi(
            id="kpi-2",
            name="Wine club members",
            kind=KpiKind.QUANTITATIVE,
            objective_id="do-1",
            touchpoint_id="tp-5",
            target="120",
            time_frame="by December",
            owner="Giulia",
            data_source="Club register",
        ),
    ]
    doc.kpis[0].definition = "We read every reply to the newsletter and tag what it says about the visit."
    doc.kpis[0].target = "most replies mention the family table"
    doc.kpis[0].baseline = "a few replies a month, never read"
    doc.kpis[1].baseline = "0"
    doc.kpis[0].decision_rule = "if no reply mentions the table in a month, Marco rewrites the newsletter's question"
    doc.kpis[1].decision_rule = "if we are under 60 members by June, we add a second club tier"
    doc.review.decisions = ["Open the wine club in spring"]
    doc.review.initiatives = [Initiative(name="Wine club launch", owner="Marco", due="March", budget="3,000 euro")]
    relationship = doc.digital.relationship
    relationship.reverse_marketing = ["visitors asked for half bottles: the reserve now comes in 375 ml"]
    relationship.loss_of_control = "Marco answers in public within two hours and moves the details to a call."
    relationship.value_before = "a free tasting and the story of each plot"
    relationship.value_after = "pairing notes and an invitation to the harvest day"
    relationship.without_paid_push = ["the harvest diary members forward to friends"]
    return doc


def valid(doc: StrategyDocument) -> StrategyDocument:
    """Nested edits skip the document's reference checks, so run them again."""
    return StrategyDocument.model_validate(doc.model_dump())


def rule_ids(doc: StrategyDocument) -> list[str]:
    return [finding.rule for finding in coherence.check(doc)]


def with_statement(statement: str) -> StrategyDocument:
    doc = StrategyDocument()
    doc.purpose.statement = statement
    doc.purpose.audience = ["families"]
    return doc


# --- Breakers: each turns the complete document into one that breaks the rule -----------------------------------


def no_statement(doc: StrategyDocument) -> None:
    doc.purpose.statement = ""


def no_audience(doc: StrategyDocument) -> None:
    doc.purpose.audience = []


def statement_for_nobody(doc: StrategyDocument) -> None:
    doc.purpose.statement = "We make wine to bring calm and honesty back to the table, because a meal deserves time."


def slogan(doc: StrategyDocument) -> None:
    doc.purpose.statement = "Honest wine for families"


def no_brand_objectives(doc: StrategyDocument) -> None:
    doc.digital.digital_objectives[0].brand_objective_id = None
    doc.digital.brand_objectives = []


def untraced(doc: StrategyDocument) -> None:
    doc.digital.digital_objectives[0].brand_objective_id = None


def channel_without_role(doc: StrategyDocument) -> None:
    doc.digital.channels = [*doc.digital.channels, Channel(id="ch-2", name="Instagram")]


def all_promotional(doc: StrategyDocument) -> None:
    for touchpoint in doc.touchpoints:
        touchpoint.engagement_level = EngagementLevel.PROMOTIONAL_COMMUNICATION


def nobody_listens(doc: StrategyDocument) -> None:
    doc.digital.listening = []
    for touchpoint in doc.touchpoints:
        touchpoint.interaction_mode = InteractionMode.BROADCAST


def dialogue_nobody_hears(doc: StrategyDocument) -> None:
    doc.digital.listening = []


def no_awareness(doc: StrategyDocument) -> None:
    doc.touchpoints = [t for t in doc.touchpoints if t.id != "tp-3"]


def touchpoint_without_mode(doc: StrategyDocument) -> None:
    doc.touchpoints[2].interaction_mode = None


def kpi_measuring_nothing(doc: StrategyDocument) -> None:
    doc.kpis[0].objective_id = None
    doc.kpis[0].touchpoint_id = None


def kpi_without_owner_and_source(doc: StrategyDocument) -> None:
    doc.kpis[1].owner = ""
    doc.kpis[1].data_source = ""


def only_qualitative(doc: StrategyDocument) -> None:
    doc.kpis[1].kind = KpiKind.QUALITATIVE


def kpi_without_kind(doc: StrategyDocument) -> None:
    doc.kpis[1].kind = None


def unmeasured_objective(doc: StrategyDocument) -> None:
    extra = DigitalObjective(id="do-2", text="Answer every review within a day", brand_objective_id="bo-1")
    doc.digital.digital_objectives = [*doc.digital.digital_objectives, extra]


def promo_as_community(doc: StrategyDocument) -> None:
    doc.touchpoints[4].name = "Monthly promo email with 20% off"


def community_broadcasting(doc: StrategyDocument) -> None:
    doc.touchpoints[4].interaction_mode = InteractionMode.BROADCAST


def relationship_broadcasting(doc: StrategyDocument) -> None:
    doc.touchpoints[3].interaction_mode = InteractionMode.BROADCAST


def likes_as_qualitative(doc: StrategyDocument) -> None:
    doc.kpis[1].name = "Instagram likes"
    doc.kpis[1].kind = KpiKind.QUALITATIVE
    doc.kpis[0].kind = KpiKind.QUANTITATIVE


def count_target(doc: StrategyDocument) -> None:
    doc.kpis[0].target = "10 a month"


def undefined_reading(doc: StrategyDocument) -> None:
    doc.kpis[0].definition = ""


def all_vanity(doc: StrategyDocument) -> None:
    doc.kpis[0].name = "Instagram likes"
    doc.kpis[1].name = "Followers"


def relational_vanity(doc: StrategyDocument) -> None:
    doc.kpis[1].name = "Followers"
    doc.kpis[1].objective_id = "bo-1"
    doc.kpis[0].objective_id = "do-1"
    doc.digital.digital_objectives[0].text = "Turn cellar visitors into newsletter readers who come back"
    doc.kpis[0].objective_id = None


def buzzwords(doc: StrategyDocument) -> None:
    doc.purpose.statement = "Excellence, quality and passion in every bottle, with innovation and tradition since 1950."


def product_only(doc: StrategyDocument) -> None:
    doc.purpose.statement = "We sell premium wines from the Langhe in bottles and magnums."


def nothing_done(doc: StrategyDocument) -> None:
    doc.digital.listening = [*doc.digital.listening, "we don't really do much"]


def vague_listening(doc: StrategyDocument) -> None:
    doc.digital.listening = [*doc.digital.listening, "customer feedback"]


def vanity_listening(doc: StrategyDocument) -> None:
    doc.digital.listening = [*doc.digital.listening, "we monitor likes"]


def pushing_channel(doc: StrategyDocument) -> None:
    doc.purpose.values = ["honesty", "never push"]
    doc.digital.channels[0].role = "daily offers and discount codes"


def tool_first(doc: StrategyDocument) -> None:
    doc.digital.digital_objectives[0].text = "Be on TikTok because everyone is there"


def set_by_agency(doc: StrategyDocument) -> None:
    doc.digital.readiness.objective_setters = ["the agency runs everything"]


def only_commercial(doc: StrategyDocument) -> None:
    doc.digital.brand_objectives[0].text = "Increase sales by 20% and raise the margin"


def no_baseline(doc: StrategyDocument) -> None:
    doc.kpis[1].baseline = ""


def no_decision_rule(doc: StrategyDocument) -> None:
    doc.kpis[1].decision_rule = ""


def initiative_without_owner(doc: StrategyDocument) -> None:
    doc.review.initiatives[0].owner = ""


def _set(path: str, value: object) -> Callable[[StrategyDocument], None]:
    """A change that sets the field at a document path (`kpis[0].name`) on the document it is given."""

    def change(doc: StrategyDocument) -> None:
        *parents, last = parse(path)
        target: Any = doc
        for step in parents:
            target = getattr(target, step.name)
            target = target if step.key is None else target[step.key]
        setattr(target, last.name, value)

    return change


FIRES: dict[str, tuple[Callable[[StrategyDocument], None], list[str]]] = {
    "purpose-missing": (no_statement, ["purpose.statement"]),
    "purpose-names-audience": (no_audience, ["purpose.audience"]),
    "purpose-says-why": (slogan, ["purpose.statement"]),
    "purpose-names-nobody": (statement_for_nobody, ["purpose.statement"]),
    "digital-without-purpose": (no_statement, ["purpose.statement", "digital.digital_objectives"]),
    "brand-objectives-present": (no_brand_objectives, ["digital.brand_objectives"]),
    "digital-objective-traced": (untraced, ["digital.digital_objectives[0].brand_objective_id"]),
    "channel-has-role": (channel_without_role, ["digital.channels[1].role"]),
    "ladder-climbs": (all_promotional, ["touchpoints"]),
    "listening-present": (nobody_listens, ["touchpoints", "digital.listening"]),
    "dialogue-without-listening": (dialogue_nobody_hears, ["digital.listening"]),
    "journey-covered": (no_awareness, ["touchpoints"]),
    "touchpoint-complete": (touchpoint_without_mode, ["touchpoints[2].interaction_mode"]),
    "kpi-measures-something": (kpi_measuring_nothing, ["kpis[0].objective_id", "kpis[0].touchpoint_id"]),
    "kpi-complete": (kpi_without_owner_and_source, ["kpis[1].owner", "kpis[1].data_source"]),
    "kpi-balance": (only_qualitative, ["kpis"]),
    "kpi-kind-missing": (kpi_without_kind, ["kpis[1].kind"]),
    "objective-measured": (unmeasured_objective, ["digital.digital_objectives[1]"]),
    "promotion-above-first-rung": (promo_as_community, ["touchpoints[4].engagement_level", "touchpoints[4].name"]),
    "community-broadcasts": (
        community_broadcasting,
        ["touchpoints[4].interaction_mode", "touchpoints[4].engagement_level"],
    ),
    "relationship-broadcasts": (
        relationship_broadcasting,
        ["touchpoints[3].interaction_mode", "touchpoints[3].engagement_level"],
    ),
    "qualitative-kpi-counts": (likes_as_qualitative, ["kpis[1].kind", "kpis[1].name"]),
    "qualitative-kpi-count-target": (count_target, ["kpis[0].kind", "kpis[0].target"]),
    "qualitative-kpi-undefined": (undefined_reading, ["kpis[0].definition", "kpis[0].method"]),
    "kpis-all-vanity": (all_vanity, ["kpis", "kpis[0].name", "kpis[1].name"]),
    "relational-objective-vanity-kpis": (relational_vanity, ["digital.brand_objectives[0].text", "kpis[1].name"]),
    "purpose-generic": (buzzwords, ["purpose.statement"]),
    "purpose-product-only": (product_only, ["purpose.statement"]),
    "listening-nothing-done": (nothing_done, ["digital.listening[1]"]),
    "listening-vague": (vague_listening, ["digital.listening[1]"]),
    "listening-vanity": (vanity_listening, ["digital.listening[1]"]),
    "channel-contradicts-values": (pushing_channel, ["digital.channels[0].role", "purpose.values[0]"]),
    "tool-first-objective": (tool_first, ["digital.digital_objectives[0].text"]),
    "objectives-set-outside": (set_by_agency, ["digital.readiness.objective_setters"]),
    "objectives-only-commercial": (
        only_commercial,
        ["digital.brand_objectives", "digital.brand_objectives[0].text"],
    ),
    "kpi-target-without-baseline": (no_baseline, ["kpis[1].baseline"]),
    "kpi-no-decision-rule": (no_decision_rule, ["kpis[1].decision_rule"]),
    "initiative-owner-date": (initiative_without_owner, ["review.initiatives[0].owner"]),
    "reverse-marketing-missing": (
        _set("digital.relationship.reverse_marketing", []),
        ["digital.relationship.reverse_marketing", "digital.listening"],
    ),
    # schema 3's measurement plan, context, profiles and resources, once the plan has begun them
    "kpi-measurement-plan": (
        lambda doc: (_set("kpis[0].method", "tag each reply")(doc), _set("kpis[0].cadence", "monthly")(doc)),
        ["kpis[1].method", "kpis[1].cadence"],
    ),
    "purpose-without-context": (_set("brand.competitors", ["the co-op down the valley"]), ["brand.differences"]),
    "segment-profile-missing": (
        _set("purpose.audience[0].needs", "a bottle that suits a weekday dinner"),
        [f"purpose.audience[1].{part}" for part in ("needs", "habits", "meeting_points", "unknowns")],
    ),
    "listening-unanswered": (
        _set("digital.listening", ["Marco reads the reviews every Monday"]),
        ["digital.listening[0]"],
    ),
    "initiatives-unbudgeted": (_set("review.initiatives[0].budget", ""), ["review.initiatives[0].budget"]),
    "loss-of-control-unplanned": (
        _set("digital.relationship.loss_of_control", ""),
        ["digital.relationship.loss_of_control"],
    ),
    "value-only-at-sale": (
        lambda doc: (
            _set("digital.relationship.value_before", "")(doc),
            _set("digital.relationship.value_after", "")(doc),
        ),
        ["digital.relationship.value_before", "digital.relationship.value_after"],
    ),
    "relationship-needs-paid-push": (
        _set("digital.relationship.without_paid_push", []),
        ["digital.relationship.without_paid_push"],
    ),
}


# --- Near misses: documents that come close to a rule without breaking it ---------------------------------------


def only_brand_objective() -> StrategyDocument:
    doc = with_statement("We make honest wines so that families can share the table together.")
    doc.digital.brand_objectives = [BrandObjective(id="bo-1", text="Grow direct relationships")]
    return doc


def untraced_without_brand_objectives() -> StrategyDocument:
    doc = with_statement("We make honest wines so that families can share the table together.")
    doc.digital.digital_objectives = [DigitalObjective(text="Grow the newsletter")]
    return doc


def promotion_and_one_unset_relationship() -> StrategyDocument:
    doc = complete_document()
    all_promotional(doc)
    doc.touchpoints[0].engagement_level = EngagementLevel.RELATIONSHIP
    return doc


def broadcast_with_listening() -> StrategyDocument:
    doc = complete_document()
    for touchpoint in doc.touchpoints:
        touchpoint.interaction_mode = InteractionMode.BROADCAST
    return doc


def without(section: str) -> Callable[[], StrategyDocument]:
    def build() -> StrategyDocument:
        doc = complete_document()
        if section == "touchpoints":
            for kpi in doc.kpis:
                kpi.touchpoint_id = None
        setattr(doc, section, [])
        return doc

    return build


def kpi_on_touchpoint_only() -> StrategyDocument:
    doc = complete_document()
    doc.kpis[0].objective_id = None
    return doc


def kpi_without_baseline() -> StrategyDocument:
    doc = complete_document()
    doc.kpis[0].baseline = ""
    return doc


def near(change: Callable[[StrategyDocument], None]) -> Callable[[], StrategyDocument]:
    """The complete document with one change that comes close to a rule without breaking it."""

    def build() -> StrategyDocument:
        doc = complete_document()
        change(doc)
        return doc

    return build


QUIET: dict[str, Callable[[], StrategyDocument]] = {
    "purpose-missing": lambda: with_statement("Wine"),
    "purpose-names-audience": StrategyDocument,
    "purpose-says-why": lambda: with_statement("We make honest wines for families who cook."),
    "digital-without-purpose": StrategyDocument,
    "brand-objectives-present": only_brand_objective,
    "digital-objective-traced": untraced_without_brand_objectives,
    "channel-has-role": complete_document,
    "ladder-climbs": promotion_and_one_unset_relationship,
    "listening-present": broadcast_with_listening,
    # nobody can talk back: listening-present says nobody listens, once
    "dialogue-without-listening": near(nobody_listens),
    "journey-covered": without("touchpoints"),
    "touchpoint-complete": complete_document,
    "kpi-measures-something": kpi_on_touchpoint_only,
    "kpi-complete": kpi_without_baseline,
    "kpi-balance": without("kpis"),
    "kpi-kind-missing": complete_document,
    "objective-measured": without("kpis"),
    # members take part in the decision: co-creation about a discount, not a promotion
    "promotion-above-first-rung": near(_set("touchpoints[4].name", "Tasting where members vote on the next discount")),
    "community-broadcasts": near(lambda doc: None),  # every community touchpoint holds a dialogue or enables
    "relationship-broadcasts": near(_set("touchpoints[2].interaction_mode", InteractionMode.BROADCAST)),  # promo rung
    "qualitative-kpi-counts": near(_set("kpis[0].name", "What subscribers say in their replies")),
    "qualitative-kpi-count-target": near(_set("kpis[0].target", "3 themes read and coded each month")),
    "qualitative-kpi-undefined": near(_set("kpis[0].definition", "Marco reads the replies and tags them")),
    "kpis-all-vanity": near(_set("kpis[0].name", "Instagram likes")),  # beside a KPI that is not vanity
    "relational-objective-vanity-kpis": near(_set("kpis[1].name", "Followers")),  # measures a non-relational one
    "purpose-generic": near(
        _set("purpose.statement", "Wines of real quality and passion, so that families can share the table together.")
    ),
    "purpose-product-only": near(_set("purpose.statement", "We make honest wines for families who cook at home.")),
    # the statement names a segment in the plan's own words ("tourists" from "wine tourists")
    "purpose-names-nobody": near(
        _set("purpose.statement", "We make wine to bring calm back to the table, because tourists deserve time.")
    ),
    "listening-nothing-done": near(_set("digital.listening", ["Nobody waits more than a day: Marco answers reviews"])),
    "listening-vague": near(_set("digital.listening", ["a monthly call with club members"])),
    "listening-vanity": near(_set("digital.listening", ["we count likes and answer every comment"])),
    "channel-contradicts-values": near(_set("purpose.values", ["honesty", "no hard sell"])),  # the role does not push
    "tool-first-objective": near(
        _set("digital.digital_objectives[0].text", "Open an Instagram account to show visitors the harvest diary")
    ),
    "objectives-set-outside": near(_set("digital.readiness.objective_setters", ["Giulia (owner) with the agency"])),
    "objectives-only-commercial": near(
        _set("digital.brand_objectives[0].text", "Sell more bottles to returning visitors")
    ),
    "kpi-target-without-baseline": complete_document,
    "kpi-no-decision-rule": near(_set("kpis[1].target", "")),  # no target: nothing to decide on yet
    "initiative-owner-date": near(_set("review.initiatives[0].budget", "")),  # a budget is not required
    # nobody listens: nothing could have changed the offer (listening-present says what is missing)
    "reverse-marketing-missing": near(
        lambda doc: (_set("digital.listening", [])(doc), _set("digital.relationship.reverse_marketing", [])(doc))
    ),
    # nobody talks back: every touchpoint enables or broadcasts, below the community rung
    "loss-of-control-unplanned": near(
        lambda doc: (
            _set("digital.relationship.loss_of_control", "")(doc),
            [
                (
                    setattr(t, "interaction_mode", InteractionMode.ENABLING),
                    setattr(t, "engagement_level", EngagementLevel.COLLABORATION),
                )
                for t in doc.touchpoints
            ],
        )
    ),
    "value-only-at-sale": near(_set("digital.relationship.value_before", "")),  # the value after the sale is named
    # a qualitative KPI's reading is its definition's; only its cadence is asked
    "kpi-measurement-plan": near(
        lambda doc: (
            _set("kpis[0].cadence", "monthly")(doc),
            _set("kpis[1].method", "club register count")(doc),
            _set("kpis[1].cadence", "monthly")(doc),
        )
    ),
    "purpose-without-context": near(
        lambda doc: (_set("brand.competitors", ["the co-op"])(doc), _set("brand.differences", ["family table"])(doc))
    ),
    "segment-profile-missing": near(  # each segment has a profile, however short
        lambda doc: (
            _set("purpose.audience[0].needs", "a bottle that suits a weekday dinner")(doc),
            _set("purpose.audience[1].unknowns", "whether they come back after the tour")(doc),
        )
    ),
    "listening-unanswered": near(
        _set("digital.listening", ["Marco reads the reviews every Monday and answers each one"])
    ),
    "initiatives-unbudgeted": near(  # one initiative with no budget, beside one with a budget
        lambda doc: doc.review.initiatives.append(Initiative(name="Harvest diary", owner="Giulia", due="May"))
    ),
    # nobody is expected to stay or recommend: every touchpoint ends at the purchase
    "relationship-needs-paid-push": near(
        lambda doc: (
            _set("digital.relationship.without_paid_push", [])(doc),
            [setattr(t, "journey_stage", JourneyStage.PURCHASE) for t in doc.touchpoints if t.journey_stage in STAYING],
        )
    ),
}


def test_every_rule_has_a_firing_and_a_quiet_case() -> None:
    assert set(FIRES) == set(QUIET) == set(coherence.CHECKS)


@pytest.mark.parametrize("rule", list(FIRES))
def test_rule_fires(rule: str) -> None:
    breaker, fields = FIRES[rule]
    doc = complete_document()
    breaker(doc)
    findings = [f for f in coherence.check(valid(doc)) if f.rule == rule]
    info = next(info for info in coherence.rules() if info.id == rule)
    assert [f.fields for f in findings] == [fields]
    assert findings[0].severity == info.severity
    assert findings[0].card_id == info.card
    assert findings[0].message.endswith(" " + info.fix["en"])


@pytest.mark.parametrize("rule", list(QUIET))
def test_rule_stays_quiet(rule: str) -> None:
    assert rule not in rule_ids(valid(QUIET[rule]()))


def test_complete_document_has_no_findings() -> None:
    assert coherence.check(complete_document()) == []


def test_sample_winery_has_warnings_but_no_errors() -> None:
    findings = coherence.check(winery_document())
    warnings = [f.rule for f in findings if f.severity == "warning"]
    # "Newsletter replies | qualitative | 10 a month": the sample counts what it says it reads
    assert warnings == ["journey-covered", "touchpoint-complete", "kpi-balance", "qualitative-kpi-count-target"]
    assert {f.rule for f in findings if f.severity == "info"} == {
        "qualitative-kpi-undefined",
        "kpi-target-without-baseline",
        "kpi-no-decision-rule",  # the sample KPI has a target and no plan for missing it
        # it listens and talks with visitors, but names no request that changed the offer, no plan for a
        # conversation out of control, and no value around the sale
        "reverse-marketing-missing",
        "loss-of-control-unplanned",
        "value-only-at-sale",
    }
    assert not [f for f in findings if f.severity == "error"]


def test_empty_document_yields_only_the_missing_purpose() -> None:
    assert rule_ids(StrategyDocument()) == ["purpose-missing"]


def test_findings_are_sorted_by_severity_then_rule_order() -> None:
    doc = complete_document()
    for breaker in (unmeasured_objective, kpi_without_kind, untraced, channel_without_role, kpi_measuring_nothing):
        breaker(doc)
    findings = coherence.check(valid(doc))
    order = [info.id for info in coherence.rules()]
    keys = [(coherence.SEVERITIES.index(f.severity), order.index(f.rule)) for f in findings]
    assert keys == sorted(keys)
    assert [f.severity for f in findings] == ["error", "error", "warning", "warning", "warning", "info"]


def test_several_offending_items_give_one_finding_each() -> None:
    doc = complete_document()
    for kpi in doc.kpis:
        kpi.target = ""
    found = [f for f in coherence.check(doc) if f.rule == "kpi-complete"]
    assert [f.fields for f in found] == [["kpis[0].target"], ["kpis[1].target"]]


def test_messages_quote_the_teams_words() -> None:
    doc = complete_document()
    kpi_without_owner_and_source(doc)
    no_awareness(doc)
    messages = {f.rule: f.message for f in coherence.check(valid(doc))}
    assert 'The KPI "Wine club members" is incomplete; still to set: owner and data source.' in messages["kpi-complete"]
    assert "stages: awareness." in messages["journey-covered"]


def test_italian_messages_are_italian_and_name_the_teams_words() -> None:
    doc = complete_document()
    kpi_without_owner_and_source(doc)
    doc.kpis[1].touchpoint_id = None
    doc.touchpoints = [t for t in doc.touchpoints if t.id not in ("tp-3", "tp-5")]
    untraced(doc)
    messages = {f.rule: f.message for f in coherence.check(valid(doc), language="it")}
    assert messages["kpi-complete"].startswith(
        "Il KPI «Wine club members» è incompleto; da definire: responsabile e fonte dei dati."
    )
    assert "fasi del percorso cliente: notorietà e fidelizzazione." in messages["journey-covered"]
    assert "«Turn cellar visitors into newsletter readers»" in messages["digital-objective-traced"]
    for message in messages.values():
        assert not re.search(r"\b(the|and|awareness|retention|owner)\b", message)


@pytest.mark.parametrize("language", ["en", "it"])
def test_every_rule_renders_in_both_languages(language: Language) -> None:
    for rule, (breaker, _fields) in FIRES.items():
        doc = complete_document()
        breaker(doc)
        finding = next(f for f in coherence.check(valid(doc), language=language) if f.rule == rule)
        assert "{" not in finding.message
        assert finding.message.endswith(next(i for i in coherence.rules() if i.id == rule).fix[language])


def test_long_team_text_is_shortened() -> None:
    doc = complete_document()
    doc.digital.digital_objectives[0].text = "Grow the newsletter " * 150
    untraced(doc)
    (finding,) = [f for f in coherence.check(valid(doc)) if f.rule == "digital-objective-traced"]
    assert len(finding.message) < 300
    assert "…" in finding.message


def test_report_wraps_the_findings() -> None:
    report = coherence.report(StrategyDocument(), language="it", checked_at="2025-01-01T10:00:00+00:00")
    assert report.checked_at == "2025-01-01T10:00:00+00:00"
    assert report.findings == coherence.check(StrategyDocument(), language="it")


def test_scorecard_of_an_empty_document() -> None:
    score = coherence.scorecard(StrategyDocument())
    assert score.completeness == {stage: 0.0 for stage in STAGES} | {"overall": 0.0}
    assert list(score.ladder) == [level.value for level in EngagementLevel] + ["unset"]
    assert set(score.ladder.values()) == {0}
    assert score.kpi_balance == {"qualitative": 0, "quantitative": 0, "unset": 0}
    assert (score.errors, score.warnings) == (1, 0)


def test_scorecard_of_a_complete_document() -> None:
    score = coherence.scorecard(complete_document())
    assert score.completeness == {stage: 1.0 for stage in STAGES} | {"overall": 1.0}
    assert score.ladder == {
        "promotional-communication": 1,
        "relationship": 2,
        "collaboration": 0,
        "community": 1,
        "co-creation": 1,
        "unset": 0,
    }
    assert score.kpi_balance == {"qualitative": 1, "quantitative": 1, "unset": 0}
    assert (score.errors, score.warnings) == (0, 0)
    assert json.loads(json.dumps(score.as_json())) == score.as_json()


def test_scorecard_counts_partial_stages() -> None:
    doc = winery_document()
    doc.touchpoints[0].engagement_level = None
    score = coherence.scorecard(doc)
    assert score.completeness["purpose"] == pytest.approx(3 / 5)
    assert score.completeness["touchpoints"] == pytest.approx(1 / 3)
    assert score.completeness["kpis"] == pytest.approx(2 / 3)
    assert score.completeness["overall"] == pytest.approx((3 / 5 + 4 / 5 + 1 / 3 + 2 / 3 + 1 / 2) / 5)
    assert score.ladder["unset"] == 1
    assert (score.errors, score.warnings) == (0, 5)  # both touchpoints now incomplete; a count as qualitative target


def test_rules_metadata_matches_the_registry() -> None:
    ids = [info.id for info in coherence.rules()]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(coherence.CHECKS)
    for info in coherence.rules():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", info.id)
        assert (CARDS / f"{info.card}.md").is_file(), info.card


def test_both_languages_use_the_same_placeholders() -> None:
    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for info in coherence.rules():
        assert placeholders(info.message["en"]) == placeholders(info.message["it"]), info.id
        assert placeholders(info.fix["en"]) == placeholders(info.fix["it"]) == set(), info.id
        assert info.title["en"] and info.title["it"]


def test_the_rules_file_comes_from_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from assistant.config import get_settings

    data = yaml.safe_load(get_settings().rules_file.read_text(encoding="utf-8"))
    data["rules"][0]["fix"]["en"] = "Fix it the team's own way."
    edited = tmp_path / "rules.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("BRANDPLAN_RULES_FILE", str(edited))
    get_settings.cache_clear()
    assert coherence.rules()[0].fix["en"] == "Fix it the team's own way."
