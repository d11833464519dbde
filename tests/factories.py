"""A complete strategy document, as a team would leave it after a planning session."""

from assistant.document import (
    BrandObjective,
    Channel,
    DigitalObjective,
    EngagementLevel,
    InteractionMode,
    JourneyStage,
    Kpi,
    KpiKind,
    Provenance,
    Segment,
    StrategyDocument,
    Touchpoint,
)


def winery_document() -> StrategyDocument:
    doc = StrategyDocument()
    doc.brand.name = "Cantina Aurora"
    doc.brand.industry = "Wine"
    doc.brand.market = "Italy and Germany"
    doc.brand.participants = ["Giulia (owner)", "Marco (marketing)"]
    doc.purpose.statement = (
        "We make honest wines from our hills so that families can share the table with people they love."
    )
    doc.purpose.values = ["craft", "hospitality", "land care"]
    doc.purpose.audience = [
        Segment(id="sg-1", name="families who cook at home"),
        Segment(id="sg-2", name="wine tourists"),
    ]
    doc.purpose.provenance = {"statement": Provenance(kind="user")}
    doc.digital.brand_objectives = [BrandObjective(id="bo-1", text="Grow direct relationships with visitors")]
    doc.digital.digital_objectives = [
        DigitalObjective(id="do-1", text="Turn cellar visitors into newsletter readers", brand_objective_id="bo-1")
    ]
    doc.digital.channels = [Channel(id="ch-1", name="Newsletter", role="Stay in touch between visits")]
    doc.digital.listening = ["Reply-to on every newsletter goes to Marco"]
    doc.touchpoints = [
        Touchpoint(
            id="tp-1",
            name="Cellar tour",
            channel="On site",
            journey_stage=JourneyStage.CONSIDERATION,
            engagement_level=EngagementLevel.RELATIONSHIP,
            interaction_mode=InteractionMode.DIALOGUE,
            provenance={"engagement_level": Provenance(kind="framework", card_id="engagement-relationship")},
        ),
        Touchpoint(id="tp-2", name="Harvest day", engagement_level=EngagementLevel.CO_CREATION),
    ]
    doc.kpis = [
        Kpi(
            id="kpi-1",
            name="Newsletter replies",
            kind=KpiKind.QUALITATIVE,
            objective_id="do-1",
            touchpoint_id="tp-1",
            target="10 a month",
            time_frame="by June",
            owner="Marco",
            data_source="Mailbox",
        )
    ]
    doc.review.next_steps = ["Book the harvest day"]
    return doc
