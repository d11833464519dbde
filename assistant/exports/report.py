"""The strategy report as a list of sections and plain blocks, assembled once and rendered by each format.

Blocks hold the team's text as plain strings; every renderer treats them as data (escaped, never parsed as markup).
"""

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.document import (
    Finding,
    Initiative,
    Kpi,
    Level,
    Part,
    Segment,
    StrategyDocument,
    Touchpoint,
    catalogue,
)
from assistant.exports.context import Citation, ExportContext, Labels
from assistant.stages import STAGE_ORDER
from assistant.tensions import tensions


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
    """`framework card [2]: engagement level, Cellar tour`-style lines, grouped by origin.

    The working edition names every origin and each item by its code (T3, K2); the client edition leaves out
    what the team itself said (the whole document is theirs) and names items by name."""
    labels = context.labels
    groups: dict[str, list[str]] = {}
    for where, part in parts:
        for name, source in part.provenance.items():
            if not context.working and source.kind == "user":
                continue
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
            field_name = str(labels.data.get(name, name.replace("_", " "))).lower()
            # the working edition names an item once (T3, K2); the client's, by name, with the field ("Cellar tour
            # (engagement level)"); a section's fields are named one by one
            item = where if context.working or not where else f"{where} ({field_name})"
            groups.setdefault(key, []).append(item or field_name)
    if not groups:
        return None
    return Provenance([f"{origin}: {', '.join(dict.fromkeys(fields))}" for origin, fields in groups.items()])


def _add(blocks: list[Block], block: Block | None) -> None:
    if block is not None:
        blocks.append(block)


def _named(context: ExportContext, code: str, name: str) -> str:
    """An item as a reader meets it: its code in the working edition (T3), its name in the client edition."""
    return code if context.working else name


def numbered(context: ExportContext, headers: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """A table's `#` column (T1, K2, B1) kept in the working edition and dropped from the client edition."""
    if context.working:
        return headers, rows
    return headers[1:], [row[1:] for row in rows]


def objective_refs(document: StrategyDocument) -> dict[str, str]:
    """Each objective's short name by id: B1, B2, ... for brand objectives, D1, D2, ... for digital ones."""
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


def _lists(labels: Labels, part: Part, names: tuple[str, ...]) -> list[Block]:
    """A heading and a bullet list (or "none yet") for each list field of `part` named."""
    blocks: list[Block] = []
    for name in names:
        blocks += [Heading(labels[name]), _list_or_empty(getattr(part, name), labels)]
    return blocks


def _table_or_empty(headers: list[str], rows: list[list[str]], empty: str) -> Block:
    """A table (each format sizes its columns by their content), or `empty` when there are no rows."""
    return Table(headers, rows) if rows else Text(empty, "empty")


def _details(title: str, items: list[tuple[str, list[tuple[str, str]]]]) -> list[Block]:
    """Under `title`, each item's facts that have a value; items with none are left out."""
    shown = [(heading, [(k, v) for k, v in facts if v]) for heading, facts in items]
    blocks: list[Block] = []
    for heading, facts in shown:
        if facts:
            blocks += [Heading(heading, 4), Facts(facts)]
    return [Heading(title), *blocks] if blocks else []


def _listed(
    context: ExportContext, key: str, parts: list[tuple[str, Part]], table: Table, details: list[Block]
) -> Section:
    """The touchpoints or the KPIs: a table, the details, where each value came from; or the question if none."""
    labels = context.labels
    if not parts:
        return Section(key, labels[key], [Text(labels.group("prompts")[key], "empty")])
    blocks: list[Block] = [table, *details]
    _add(blocks, _provenance(context, parts))
    return Section(key, labels[key], blocks)


def _meta(context: ExportContext) -> list[tuple[str, str]]:
    labels, brand = context.labels, context.display.brand
    meta = [
        (labels["industry"], brand.industry),
        (labels["market"], brand.market),
        (labels["participants"], ", ".join(brand.participants)),
        (labels["language"], labels[f"language_{context.language}"]),
        (labels["version"], str(context.version)),
        (labels["edition"], labels[f"edition_{context.edition}"]),
        (labels["generated"], context.date),
    ]
    return [(k, v) for k, v in meta if v]


def tally(labels: Labels, errors: int, warnings: int) -> str:
    """ "0 errors, 1 warning" (and "0 errori, 1 avviso"): each count with the word that agrees with it."""
    return f"{labels.count('errors', errors)}, {labels.count('warnings', warnings)}"


def _counts(labels: Labels, group: str, counts: dict[str, int]) -> list[list[str]]:
    return [[labels.enum(group, key) if key != "unset" else labels["unset"], str(n)] for key, n in counts.items()]


def _scorecard(context: ExportContext) -> Section:
    labels, score = context.labels, context.scorecard
    stages = labels.group("stages")
    completeness = [[stages.get(stage, stage), _percent(score.completeness.get(stage, 0.0))] for stage in STAGE_ORDER]
    completeness.append([labels["overall"], _percent(score.completeness.get("overall", 0.0))])
    figures = [
        ("completeness", ("stage", "completeness"), completeness),
        ("ladder", ("engagement_level", "count"), _counts(labels, "engagement_levels", score.ladder)),
        ("kpi_balance", ("kind", "count"), _counts(labels, "kpi_kinds", score.kpi_balance)),
    ]
    blocks: list[Block] = [Text(tally(labels, score.errors, score.warnings), "lead")]
    for title, headers, rows in figures:
        blocks += [Heading(labels[title]), Table([labels[h] for h in headers], rows, compact=True)]
    return Section("scorecard", labels["scorecard"], blocks)


def _context(context: ExportContext) -> Section:
    """Where the brand competes: its category, its competitors and its points of difference."""
    labels, brand = context.labels, context.display.brand
    category = Text(brand.category) if brand.category else Text(labels["none_yet"], "empty")
    blocks: list[Block] = [Heading(labels["category"]), category]
    blocks += _lists(labels, brand, ("competitors", "differences"))
    return Section("context", labels["context"], blocks)


def _purpose(context: ExportContext) -> Section:
    labels, purpose = context.labels, context.display.purpose
    if purpose.statement:
        statement = Text(purpose.statement, "lead")
    else:
        statement = Text(labels.group("prompts")["purpose"], "empty")
    blocks: list[Block] = [Heading(labels["statement"]), statement]
    blocks += _lists(labels, purpose, ("values",))
    blocks += _audience(context)
    blocks += _lists(labels, purpose, ("personality", "proof_points"))
    parts: list[tuple[str, Part]] = [("", purpose)]
    parts += [(_named(context, f"S{i}", s.name), s) for i, s in segments(context)]
    _add(blocks, _provenance(context, parts))
    return Section("purpose", labels["purpose"], blocks)


def segments(context: ExportContext) -> list[tuple[int, Segment]]:
    """The audience segments, numbered S1, S2, ... as touchpoints and KPIs name them."""
    return list(enumerate(context.display.purpose.audience, start=1))


def segment_names(context: ExportContext) -> dict[str, str]:
    """How a touchpoint or KPI names the segment it serves: S2 in the working edition, its name in the client's."""
    return {s.id: _named(context, f"S{i}", s.name) for i, s in segments(context)}


def _audience(context: ExportContext) -> list[Block]:
    """The audience as segment profiles: each segment's needs, habits, where it meets the brand, what is unknown."""
    labels = context.labels
    rows = [[f"S{i}", s.name] for i, s in segments(context)]
    headers, rows = numbered(context, ["#", labels["audience"]], rows)
    table = _table_or_empty(headers, rows, labels["none_yet"])
    details = [
        (_named(context, f"S{i} {s.name}", s.name), [(labels[name], getattr(s, name)) for name in PROFILE])
        for i, s in segments(context)
    ]
    return [Heading(labels["audience"]), table, *_details(labels["segment_profiles"], details)]


PROFILE = catalogue.lists()["audience"].free_columns  # a segment's profile, in the order it is asked
RELATIONSHIP = tuple(f.name for f in catalogue.fields() if f.owner == "digital.relationship")
RELATIONSHIP_TEXTS = tuple(f.name for f in catalogue.fields() if f.owner == "digital.relationship" and f.kind == "long")


def relationship_blocks(context: ExportContext) -> list[Block]:
    """Reverse marketing, the plan for a conversation out of control, the value around the sale, and what keeps the
    relationship alive without paid push."""
    labels, relationship = context.labels, context.display.digital.relationship
    facts = [(labels[name], getattr(relationship, name)) for name in RELATIONSHIP_TEXTS if getattr(relationship, name)]
    blocks: list[Block] = [Heading(labels["relationship"])]
    blocks += _lists(labels, relationship, ("reverse_marketing",))
    blocks += [Heading(labels["value_around_sale"]), Facts(facts) if facts else Text(labels["none_yet"], "empty")]
    blocks += _lists(labels, relationship, ("without_paid_push",))
    return blocks


def _digital(context: ExportContext) -> Section:
    labels, prompts, digital = context.labels, context.labels.group("prompts"), context.display.digital
    names = objective_refs(context.display)
    serves, _ = measured(context)  # B1, or the objective's own words
    brand_rows = [[names[o.id], o.text] for o in digital.brand_objectives]
    digital_rows = [
        [names[o.id], o.text, serves.get(o.brand_objective_id or "", labels["not_set"])]
        for o in digital.digital_objectives
    ]
    channel_rows = [[c.name, c.role, c.value_proposition] for c in digital.channels]
    readiness = digital.readiness
    facts = [
        (labels[name], "; ".join(getattr(readiness, name)))
        for name in ("skills", "owners", "training", "objective_setters")
        if getattr(readiness, name)
    ]
    blocks: list[Block] = [
        Heading(labels["brand_objectives"]),
        _table_or_empty(*numbered(context, ["#", labels["brand_objectives"]], brand_rows), prompts["brand_objectives"]),
        Heading(labels["digital_objectives"]),
        _table_or_empty(
            *numbered(context, ["#", labels["digital_objectives"], labels["serves"]], digital_rows),
            prompts["digital_objectives"],
        ),
        Heading(labels["channels"]),
        _table_or_empty(
            [labels["channel"], labels["role"], labels["value_proposition"]],
            channel_rows,
            labels["none_yet"],
        ),
        *_lists(labels, digital, ("listening",)),
        Heading(labels["readiness"]),
        Facts(facts) if facts else Text(labels["none_yet"], "empty"),
        *relationship_blocks(context),
    ]
    parts: list[tuple[str, Part]] = [("", digital), (labels["readiness"], readiness)]
    parts.append((labels["relationship"], digital.relationship))
    parts += [(_named(context, names[o.id], o.text), o) for o in digital.brand_objectives]
    parts += [(_named(context, names[o.id], o.text), o) for o in digital.digital_objectives]
    parts += [(c.name, c) for c in digital.channels]
    _add(blocks, _provenance(context, parts))
    return Section("digital", labels["digital"], blocks)


def _touchpoints(context: ExportContext) -> Section:
    labels, touchpoints = context.labels, context.display.touchpoints
    serves = segment_names(context)
    columns = ("touchpoint", "channel", "journey_stage", "engagement_level", "mode", "owner")
    rows = [_touchpoint_row(i, t, labels) for i, t in enumerate(touchpoints, start=1)]
    headers, rows = numbered(context, ["#", *(labels[c] for c in columns)], rows)
    table = Table(headers, rows)
    details = [
        (
            _named(context, f"T{i} {t.name}", t.name),
            [
                (labels["segment_id"], serves.get(t.segment_id or "", "")),
                (labels["purpose_expression"], t.purpose_expression),
                (labels["data_yielded"], t.data_yielded),
            ],
        )
        for i, t in enumerate(touchpoints, start=1)
    ]
    parts: list[tuple[str, Part]] = [(_named(context, f"T{i}", t.name), t) for i, t in enumerate(touchpoints, start=1)]
    return _listed(context, "touchpoints", parts, table, _details(labels["touchpoint_details"], details))


def _kpi_row(index: int, kpi: Kpi, labels: Labels, names: dict[str, str], touchpoints: dict[str, str]) -> list[str]:
    measures = _kpi_measures(kpi, names, touchpoints)
    kind = labels.enum("kpi_kinds", kpi.kind)
    return [f"K{index}", kpi.name, kind, measures, kpi.target, kpi.time_frame, kpi.owner, kpi.data_source]


def measured(context: ExportContext) -> tuple[dict[str, str], dict[str, str]]:
    """How a KPI names the objective and the touchpoint it measures: by code in the working edition (B1, T3), by
    their text and name in the client edition."""
    doc = context.display
    if context.working:
        return objective_refs(doc), {t.id: f"T{i}" for i, t in enumerate(doc.touchpoints, start=1)}
    objectives = {o.id: o.text for o in doc.digital.brand_objectives}
    objectives |= {o.id: o.text for o in doc.digital.digital_objectives}
    return objectives, {t.id: t.name for t in doc.touchpoints}


def _kpis(context: ExportContext) -> Section:
    labels, doc = context.labels, context.display
    names, touchpoint_names = measured(context)
    serves = segment_names(context)
    columns = ("kpi", "kind", "measures", "target", "time_frame", "owner", "data_source")
    rows = [_kpi_row(i, k, labels, names, touchpoint_names) for i, k in enumerate(doc.kpis, start=1)]
    headers, rows = numbered(context, ["#", *(labels[c] for c in columns)], rows)
    table = Table(headers, rows)
    details = [
        (
            _named(context, f"K{i} {k.name}", k.name),
            [
                (labels["definition"], k.definition),
                (labels["segment_id"], serves.get(k.segment_id or "", "")),
                (labels["baseline"], k.baseline),
                (
                    labels["engagement_level"],
                    labels.enum("engagement_levels", k.engagement_level) if k.engagement_level else "",
                ),
                # the measurement plan
                (labels["method"], k.method),
                (labels["timing"], labels.enum("kpi_timings", k.timing) if k.timing else ""),
                (labels["cadence"], k.cadence),
                (labels["decision_rule"], k.decision_rule),
            ],
        )
        for i, k in enumerate(doc.kpis, start=1)
    ]
    parts: list[tuple[str, Part]] = [(_named(context, f"K{i}", k.name), k) for i, k in enumerate(doc.kpis, start=1)]
    return _listed(context, "kpis", parts, table, _details(labels["kpi_details"], details))


def ranked(initiatives: list[Initiative]) -> list[Initiative]:
    """Highest impact first; of equal impact, least effort first; an unrated one after the rated ones."""
    return sorted(
        initiatives,
        key=lambda i: (-(i.impact.rank if i.impact else 0), i.effort.rank if i.effort else Level.HIGH.rank + 1),
    )


def _initiatives(context: ExportContext) -> list[Block]:
    labels = context.labels
    rows = [
        [
            str(number),
            i.name,
            i.owner,
            i.due,
            i.budget,
            labels.enum("levels", i.effort) if i.effort else "",
            labels.enum("levels", i.impact) if i.impact else "",
        ]
        for number, i in enumerate(ranked(context.display.review.initiatives), start=1)
    ]
    headers = ["#", *(labels[c] for c in ("initiatives", "owner", "due", "budget", "effort", "impact"))]
    return [
        Heading(labels["initiatives"]),
        _table_or_empty(headers, rows, labels["none_yet"]),
    ]


def _review(context: ExportContext) -> Section:
    labels, review = context.labels, context.display.review
    blocks = _lists(labels, review, ("decisions", "open_questions"))
    questions = [t.question for t in tensions(context.display, language=context.language)]
    if questions:  # tensions between the people of the plan, for the room to talk through
        blocks += [Heading(labels["tensions"]), Bullets(questions)]
    blocks += _lists(labels, review, ("next_steps",))
    blocks += [*_initiatives(context), *_lists(labels, review, ("stop_doing",))]
    parts: list[tuple[str, Part]] = [("", review), *((i.name, i) for i in review.initiatives)]
    _add(blocks, _provenance(context, parts))
    return Section("review", labels["review"], blocks)


def _finding_item(context: ExportContext, finding: Finding) -> FindingItem:
    """A finding as printed: the rule's name and the field paths only in the working edition."""
    card_id = finding.card_id or ""
    citation = context.citation("card", card_id) or context.citation("finding-card", card_id)
    card = f"[{citation.number}] {citation.title}" if citation else (card_id if context.working else "")
    severity = context.labels.enum("severities", finding.severity)
    if not context.working:
        return FindingItem(finding.severity, severity, "", finding.message, "", card)
    return FindingItem(finding.severity, severity, finding.rule, finding.message, ", ".join(finding.fields), card)


def _findings(context: ExportContext) -> Section:
    labels = context.labels
    items = [_finding_item(context, finding) for finding in context.findings]
    blocks: list[Block] = [Findings(items)] if items else [Text(labels["findings_none"], "muted")]
    return Section("findings", labels["findings"], blocks)


def _cited_for(context: ExportContext, citation: Citation) -> list[str]:
    """What a source was cited for: field paths and rule names in the working edition; in the client edition the
    sections (Purpose, Touchpoints), "the coherence findings", or "quoted in the conversation"."""
    labels = context.labels
    if context.working:
        return [*citation.cited_for] or [labels["cited_in_chat"]]
    if citation.kind == "finding-card":
        return [labels["finding_cited"]]
    sections = [re.split(r"[.\[]", path, maxsplit=1)[0] for path in citation.cited_for]
    return [str(labels.data.get(name, name)) for name in dict.fromkeys(sections)] or [labels["cited_in_chat"]]


def _source_line(context: ExportContext, citation: Citation) -> str:
    labels = context.labels
    text = f"[{citation.number}] {citation.title}"
    if context.working and citation.kind != "document" and citation.title != citation.key:
        text += f" ({citation.key})"
    if citation.attribution:
        text += f". {citation.attribution}"
    if citation.where:
        text += f", {', '.join(citation.where)}"
    return text + f". {labels['cited_by']}: {', '.join(_cited_for(context, citation))}"


def _sources(context: ExportContext) -> Section:
    labels = context.labels
    blocks: list[Block] = []
    for kind, title in (("card", "cards_cited"), ("document", "documents_cited"), ("finding-card", "finding_cards")):
        chosen = [c for c in context.citations if c.kind == kind]
        if chosen:
            blocks += [Heading(labels[title]), Bullets([_source_line(context, c) for c in chosen])]
    return Section("sources", labels["sources"], blocks or [Text(labels["sources_none"], "muted")])


PRIORITIES = 3


def _summary(context: ExportContext) -> Section:
    """The one-page executive summary: purpose, three priorities, engagement profile, measurement plan, next steps.

    The priorities are the first three brand objectives, in the order the team gave them: every other part of
    the strategy (digital objectives, channels, touchpoints, KPIs) is there to serve them, and they are the
    client's own words, so a client reads its own priorities back. The findings to fix are the team's work and
    stay in the findings section; the initiatives, ranked by impact, are the next steps at the end of the page.
    """
    labels, doc, prompts = context.labels, context.display, context.labels.group("prompts")
    statement = Text(doc.purpose.statement, "lead") if doc.purpose.statement else Text(prompts["purpose"], "empty")
    objectives = [o.text for o in doc.digital.brand_objectives[:PRIORITIES]]
    priorities: list[Block] = (
        [Bullets(objectives, ordered=True), Text(labels["summary_priorities_note"], "muted")]
        if objectives
        else [Text(prompts["brand_objectives"], "empty")]
    )
    ladder = [f"{level} {n}" for level, n in _counts(labels, "engagement_levels", context.scorecard.ladder) if n != "0"]
    profile = ": ".join(
        [labels.count("touchpoints_count", len(doc.touchpoints)), " · ".join(ladder)][: 1 + bool(ladder)]
    )
    kpi_rows = [[k.name, labels.enum("kpi_kinds", k.kind) if k.kind else "", k.target, k.owner] for k in doc.kpis]
    kpi_headers = [labels[c] for c in ("kpi", "kind", "target", "owner")]
    steps = [[i.name, i.owner, i.due] for i in ranked(doc.review.initiatives)]
    next_steps: list[Block] = []
    if steps:
        next_steps.append(Table([labels[c] for c in ("initiatives", "owner", "due")], steps))
    if doc.review.next_steps:
        next_steps.append(Bullets(list(doc.review.next_steps)))
    blocks: list[Block] = [
        Heading(labels["summary_purpose"]),
        statement,
        Heading(labels["summary_priorities"]),
        *priorities,
        Heading(labels["summary_ladder"]),
        Text(profile),
        Heading(labels["summary_measurement"]),
        _table_or_empty(kpi_headers, kpi_rows, prompts["kpis"]),
        Heading(labels["summary_next"]),
        *(next_steps or [Text(prompts["next_steps"], "empty")]),
    ]
    return Section("summary", labels["summary"], blocks)


# in the report's order; the summary fills the first page, the rest starts on the next
SECTIONS = (_summary, _context, _purpose, _digital, _touchpoints, _kpis, _review, _scorecard, _findings, _sources)


def build_report(context: ExportContext) -> Report:
    return Report(
        title=context.labels["report_title"],
        brand=context.brand,
        meta=_meta(context),
        sections=[section(context) for section in SECTIONS],
        language=context.language,
    )
