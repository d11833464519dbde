"""The strategy report as a list of sections and plain blocks, assembled once and rendered by each format.

Blocks hold the team's text as plain strings; every renderer treats them as data (escaped, never parsed as markup).
"""

from dataclasses import dataclass, field
from typing import Literal

from assistant.document import Kpi, Part, StrategyDocument, Touchpoint
from assistant.exports.context import ExportContext, Labels
from assistant.stages import STAGE_ORDER


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 3
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Text:
    text: str
    style: Literal["lead", "normal", "muted", "empty"] = "normal"
    kind: Literal["text"] = "text"


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    ordered: bool = False
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Facts:
    rows: list[tuple[str, str]]
    kind: Literal["facts"] = "facts"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    compact: bool = False  # a small figures table, not as wide as the page
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class FindingItem:
    severity: str  # error | warning | info
    label: str  # severity in the document's language
    rule: str
    message: str
    fields: str
    card: str  # "[n] title" or ""


@dataclass(frozen=True)
class Findings:
    items: list[FindingItem]
    kind: Literal["findings"] = "findings"


@dataclass(frozen=True)
class Provenance:
    lines: list[str]
    kind: Literal["provenance"] = "provenance"


Block = Heading | Text | Bullets | Facts | Table | Findings | Provenance


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    title: str
    brand: str
    meta: list[tuple[str, str]]
    sections: list[Section]
    language: str


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


def _list_or_empty(items: list[str], labels: Labels, *, ordered: bool = False) -> Block:
    return Bullets(items, ordered=ordered) if items else Text(labels["none_yet"], "empty")


def _provenance(context: ExportContext, parts: list[tuple[str, Part]]) -> Provenance | None:
    """`framework card [2]: engagement level (Cellar tour)`-style lines, grouped by origin."""
    labels = context.labels
    groups: dict[str, list[str]] = {}
    for where, part in parts:
        for name, source in part.provenance.items():
            origin = labels.enum("provenance_kinds", source.kind)
            refs = []
            if source.source:
                citation = context.citation("document", source.source)
                refs.append(f"“{source.source}”" + (f" [{citation.number}]" if citation else ""))
            if source.card_id:
                citation = context.citation("card", source.card_id)
                refs.append(f"[{citation.number}]" if citation else source.card_id)
            if source.note:
                refs.append(f"({source.note})")
            key = " ".join([origin, *refs])
            # an item is named once (T3, K2); a section's fields are named one by one
            groups.setdefault(key, []).append(where or str(labels.data.get(name, name.replace("_", " "))))
    if not groups:
        return None
    return Provenance([f"{origin}: {', '.join(dict.fromkeys(fields))}" for origin, fields in groups.items()])


def _add(blocks: list[Block], block: Block | None) -> None:
    if block is not None:
        blocks.append(block)


def _objective_names(document: StrategyDocument) -> dict[str, str]:
    names = {o.id: f"B{i}" for i, o in enumerate(document.digital.brand_objectives, start=1)}
    names |= {o.id: f"D{i}" for i, o in enumerate(document.digital.digital_objectives, start=1)}
    return names


def _touchpoint_row(index: int, touchpoint: Touchpoint, labels: Labels) -> list[str]:
    return [
        f"T{index}",
        touchpoint.name,
        touchpoint.channel,
        labels.enum("journey_stages", touchpoint.journey_stage),
        labels.enum("engagement_levels", touchpoint.engagement_level),
        labels.enum("interaction_modes", touchpoint.interaction_mode),
        touchpoint.owner,
    ]


def _kpi_measures(kpi: Kpi, names: dict[str, str], touchpoints: dict[str, str]) -> str:
    refs = [names.get(kpi.objective_id or ""), touchpoints.get(kpi.touchpoint_id or "")]
    return ", ".join(ref for ref in refs if ref)


def build_report(context: ExportContext) -> Report:
    labels = context.labels
    doc = context.display
    brand, purpose, digital, review = doc.brand, doc.purpose, doc.digital, doc.review
    language_label = labels[f"language_{context.language}"]
    meta = [
        (labels["industry"], brand.industry),
        (labels["market"], brand.market),
        (labels["participants"], ", ".join(brand.participants)),
        (labels["language"], language_label),
        (labels["version"], str(context.version)),
        (labels["generated"], context.date),
    ]
    meta = [(k, v) for k, v in meta if v]
    sections: list[Section] = []

    # Scorecard
    score = context.scorecard
    stages = labels.group("stages")
    completeness = [[stages.get(stage, stage), _percent(score.completeness.get(stage, 0.0))] for stage in STAGE_ORDER]
    completeness.append([labels["overall"], _percent(score.completeness.get("overall", 0.0))])
    ladder = [
        [labels.enum("engagement_levels", level) if level != "unset" else labels["unset"], str(count)]
        for level, count in score.ladder.items()
    ]
    balance = [
        [labels.enum("kpi_kinds", kind) if kind != "unset" else labels["unset"], str(count)]
        for kind, count in score.kpi_balance.items()
    ]
    sections.append(
        Section(
            "scorecard",
            labels["scorecard"],
            [
                Text(f"{score.errors} {labels['errors']}, {score.warnings} {labels['warnings']}", "lead"),
                Heading(labels["completeness"]),
                Table([labels["stage"], labels["completeness"]], completeness, [3, 1], compact=True),
                Heading(labels["ladder"]),
                Table([labels["engagement_level"], labels["count"]], ladder, [3, 1], compact=True),
                Heading(labels["kpi_balance"]),
                Table([labels["kind"], labels["count"]], balance, [3, 1], compact=True),
            ],
        )
    )

    # Purpose
    blocks: list[Block] = [Heading(labels["statement"])]
    blocks.append(
        Text(purpose.statement, "lead") if purpose.statement else Text(labels.group("prompts")["purpose"], "empty")
    )
    for name in ("values", "audience", "personality", "proof_points"):
        blocks += [Heading(labels[name]), _list_or_empty(getattr(purpose, name), labels)]
    _add(blocks, _provenance(context, [("", purpose)]))
    sections.append(Section("purpose", labels["purpose"], blocks))

    # Digital alignment
    names = _objective_names(doc)
    blocks = [Heading(labels["brand_objectives"])]
    if digital.brand_objectives:
        blocks.append(
            Table(
                ["#", labels["brand_objectives"]],
                [[names[o.id], o.text] for o in digital.brand_objectives],
                [1, 9],
            )
        )
    else:
        blocks.append(Text(labels.group("prompts")["brand_objectives"], "empty"))
    blocks.append(Heading(labels["digital_objectives"]))
    if digital.digital_objectives:
        rows = [
            [names[o.id], o.text, names.get(o.brand_objective_id or "", labels["not_set"])]
            for o in digital.digital_objectives
        ]
        blocks.append(Table(["#", labels["digital_objectives"], labels["serves"]], rows, [1, 7, 2]))
    else:
        blocks.append(Text(labels.group("prompts")["digital_objectives"], "empty"))
    blocks.append(Heading(labels["channels"]))
    if digital.channels:
        rows = [[c.name, c.role, c.value_proposition] for c in digital.channels]
        blocks.append(Table([labels["channel"], labels["role"], labels["value_proposition"]], rows, [2, 4, 4]))
    else:
        blocks.append(Text(labels["none_yet"], "empty"))
    blocks += [Heading(labels["listening"]), _list_or_empty(digital.listening, labels)]
    readiness = digital.readiness
    blocks.append(Heading(labels["readiness"]))
    facts = [
        (labels[name], "; ".join(getattr(readiness, name)))
        for name in ("skills", "owners", "training", "objective_setters")
        if getattr(readiness, name)
    ]
    blocks.append(Facts(facts) if facts else Text(labels["none_yet"], "empty"))
    parts: list[tuple[str, Part]] = [("", digital), (labels["readiness"], readiness)]
    parts += [(names[o.id], o) for o in digital.brand_objectives]
    parts += [(names[o.id], o) for o in digital.digital_objectives]
    parts += [(c.name, c) for c in digital.channels]
    _add(blocks, _provenance(context, parts))
    sections.append(Section("digital", labels["digital"], blocks))

    # Touchpoints
    blocks = []
    if doc.touchpoints:
        headers = [
            "#",
            labels["touchpoint"],
            labels["channel"],
            labels["journey_stage"],
            labels["engagement_level"],
            labels["mode"],
            labels["owner"],
        ]
        rows = [_touchpoint_row(i, t, labels) for i, t in enumerate(doc.touchpoints, start=1)]
        blocks.append(Table(headers, rows, [0.7, 2.8, 1.8, 2.2, 2.4, 1.9, 2.3]))
        details = [
            (f"T{i} {t.name}", t)
            for i, t in enumerate(doc.touchpoints, start=1)
            if t.purpose_expression or t.data_yielded
        ]
        if details:
            blocks.append(Heading(labels["touchpoint_details"]))
            for title, touchpoint in details:
                rows_facts = [
                    (labels["purpose_expression"], touchpoint.purpose_expression),
                    (labels["data_yielded"], touchpoint.data_yielded),
                ]
                blocks += [Heading(title, 4), Facts([(k, v) for k, v in rows_facts if v])]
        _add(blocks, _provenance(context, [(f"T{i}", t) for i, t in enumerate(doc.touchpoints, start=1)]))
    else:
        blocks.append(Text(labels.group("prompts")["touchpoints"], "empty"))
    sections.append(Section("touchpoints", labels["touchpoints"], blocks))

    # KPIs
    blocks = []
    if doc.kpis:
        touchpoint_names = {t.id: f"T{i}" for i, t in enumerate(doc.touchpoints, start=1)}
        headers = [
            "#",
            labels["kpi"],
            labels["kind"],
            labels["measures"],
            labels["target"],
            labels["time_frame"],
            labels["owner"],
            labels["data_source"],
        ]
        rows = [
            [
                f"K{i}",
                k.name,
                labels.enum("kpi_kinds", k.kind),
                _kpi_measures(k, names, touchpoint_names),
                k.target,
                k.time_frame,
                k.owner,
                k.data_source,
            ]
            for i, k in enumerate(doc.kpis, start=1)
        ]
        blocks.append(Table(headers, rows, [0.7, 2.8, 2.1, 1.5, 2, 2, 2.3, 2]))
        detailed = [(i, k) for i, k in enumerate(doc.kpis, start=1) if k.definition or k.baseline or k.engagement_level]
        if detailed:
            blocks.append(Heading(labels["kpi_details"]))
            for i, kpi in detailed:
                rows_facts = [
                    (labels["definition"], kpi.definition),
                    (labels["baseline"], kpi.baseline),
                    (
                        labels["engagement_level"],
                        labels.enum("engagement_levels", kpi.engagement_level) if kpi.engagement_level else "",
                    ),
                ]
                blocks += [Heading(f"K{i} {kpi.name}", 4), Facts([(k, v) for k, v in rows_facts if v])]
        _add(blocks, _provenance(context, [(f"K{i}", k) for i, k in enumerate(doc.kpis, start=1)]))
    else:
        blocks.append(Text(labels.group("prompts")["kpis"], "empty"))
    sections.append(Section("kpis", labels["kpis"], blocks))

    # Review
    blocks = []
    for name in ("decisions", "open_questions", "next_steps"):
        blocks += [Heading(labels[name]), _list_or_empty(getattr(review, name), labels)]
    _add(blocks, _provenance(context, [("", review)]))
    sections.append(Section("review", labels["review"], blocks))

    # Findings
    items = []
    for finding in context.findings:
        citation = context.citation("card", finding.card_id or "") or context.citation(
            "finding-card", finding.card_id or ""
        )
        card = f"[{citation.number}] {citation.title}" if citation else (finding.card_id or "")
        items.append(
            FindingItem(
                finding.severity,
                labels.enum("severities", finding.severity),
                finding.rule,
                finding.message,
                ", ".join(finding.fields),
                card,
            )
        )
    sections.append(
        Section(
            "findings",
            labels["findings"],
            [Findings(items)] if items else [Text(labels["findings_none"], "muted")],
        )
    )

    # Sources
    blocks = []
    groups = (("card", "cards_cited"), ("document", "documents_cited"), ("finding-card", "finding_cards"))
    for kind, title in groups:
        chosen = [c for c in context.citations if c.kind == kind]
        if not chosen:
            continue
        blocks.append(Heading(labels[title]))
        lines = []
        for c in chosen:
            text = f"[{c.number}] {c.title}"
            if kind != "document" and c.title != c.key:
                text += f" ({c.key})"
            if c.attribution:
                text += f". {c.attribution}"
            text += f". {labels['cited_by']}: {', '.join(c.cited_for)}"
            lines.append(text)
        blocks.append(Bullets(lines))
    if not blocks:
        blocks.append(Text(labels["sources_none"], "muted"))
    sections.append(Section("sources", labels["sources"], blocks))

    order = ["purpose", "digital", "touchpoints", "kpis", "review", "scorecard", "findings", "sources"]
    sections.sort(key=lambda section: order.index(section.id))
    return Report(
        title=labels["report_title"],
        brand=context.brand,
        meta=meta,
        sections=sections,
        language=context.language,
    )
