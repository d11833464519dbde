"""Documents for the export tests: a hostile one (long values, 40 touchpoints, markup, scripts, non-Latin text)."""

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
    StrategyDocument,
    Touchpoint,
)

SCRIPT = "<script>alert('x')</script>"
MARKUP = "**bold** _it_ [link](javascript:alert(1)) <b>html</b> # heading | pipe"
UNICODE = "Café Ünïcödé 日本語 Ελληνικά Кириллица"
LONG_WORD = "Supercalifragilistic" * 12  # 240 characters without a space


def hostile_document() -> StrategyDocument:
    doc = StrategyDocument()
    doc.brand.name = f"{UNICODE} {SCRIPT} & Co."
    doc.brand.industry = MARKUP
    doc.brand.market = "Europe\x07 & Asia"  # a control character, which XML cannot carry
    doc.brand.participants = [f"Person {i} {SCRIPT}" for i in range(12)]
    doc.purpose.statement = (
        f"{SCRIPT} {MARKUP} {UNICODE} " + "We exist so that everyone can share the table. " * 75 + LONG_WORD
    )[:4000]
    doc.purpose.values = [f"value {i} {MARKUP}" for i in range(30)]
    doc.purpose.audience = [f"segment {i} {UNICODE}" for i in range(25)]
    doc.purpose.personality = ["warm", SCRIPT]
    doc.purpose.proof_points = ["x" * 4000, MARKUP]
    doc.purpose.provenance = {
        "statement": Provenance(kind="document", source=f"brandbook.pdf p. 4 {SCRIPT}"),
        "values": Provenance(kind="framework", card_id="purpose-statement"),
    }
    doc.digital.brand_objectives = [
        BrandObjective(id=f"bo-{i}", text=f"Objective {i} {MARKUP} " * 8) for i in range(20)
    ]
    doc.digital.digital_objectives = [
        DigitalObjective(id=f"do-{i}", text=f"Digital {i} {UNICODE} " * 6, brand_objective_id=f"bo-{i % 20}")
        for i in range(20)
    ]
    doc.digital.channels = [Channel(id=f"ch-{i}", name=f"Channel {i} {SCRIPT}", role=MARKUP) for i in range(10)]
    doc.digital.listening = [SCRIPT, "y" * 4000]
    doc.digital.readiness.owners = [UNICODE]
    stages, levels, modes = list(JourneyStage), list(EngagementLevel), list(InteractionMode)
    touchpoints = []
    for i in range(40):
        touchpoints.append(
            Touchpoint(
                id=f"tp-{i}",
                name=f"TP{i:02d} {UNICODE if i % 3 else SCRIPT} " + ("long name " * 30 if i % 7 == 0 else ""),
                channel=MARKUP,
                # crowd one cell, leave some unplaced
                journey_stage=None if i % 13 == 5 else (stages[0] if i < 16 else stages[i % 5]),
                engagement_level=None if i % 11 == 4 else (levels[0] if i < 16 else levels[i % 5]),
                interaction_mode=modes[i % 3],
                purpose_expression=f"{MARKUP} " * 20,
                owner=SCRIPT,
                provenance={"engagement_level": Provenance(kind="framework", card_id="engagement-ladder")},
            )
        )
    doc.touchpoints = touchpoints
    doc.kpis = [
        Kpi(
            id=f"kpi-{i}",
            name=f"KPI {i} {SCRIPT} {UNICODE}",
            kind=KpiKind.QUALITATIVE if i % 2 else KpiKind.QUANTITATIVE,
            definition="z" * 4000,
            objective_id=f"do-{i % 20}",
            touchpoint_id=f"tp-{i}",
            target="q" * 400,
            time_frame=MARKUP,
            owner=UNICODE,
            data_source=SCRIPT,
        )
        for i in range(40)
    ]
    doc.review.next_steps = [f"Step {i}: {MARKUP} {SCRIPT}" for i in range(30)]
    doc.review.decisions = [UNICODE]
    doc.review.open_questions = ["w" * 4000]
    return doc
