"""The coherence checker: a strategy linter that reads the whole document and names what does not hold together.

A rule is data plus one small function. `knowledge/rules.yaml` holds each rule's severity, the knowledge card
behind it and its wording in English and Italian; the function registered here under the same id finds the
offending items and returns, for each, the field paths involved and the team's own words to quote.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from assistant.coherence import meaning as _meaning  # noqa: F401  registers the checks on meaning
from assistant.coherence import relationship as _relationship  # noqa: F401  the relationship's notes
from assistant.coherence.lexicon import lexicon
from assistant.coherence.meaning import PURPOSE_MIN_WORDS
from assistant.coherence.registry import BY_LIKENESS, CHECKS, Hit, Terms, names_of, quote, rule
from assistant.config import get_settings
from assistant.document import (
    Channel,
    CoherenceReport,
    EngagementLevel,
    Finding,
    InteractionMode,
    JourneyStage,
    Kpi,
    KpiKind,
    KpiTiming,
    Language,
    StrategyDocument,
    Touchpoint,
    catalogue,
)

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
# The parts that count for completeness, as the models mark them (`counts`), in the order a finding names them.
KPI_PARTS = catalogue.lists()["kpis"].counted
PURPOSE_PARTS = catalogue.section("purpose").counted
TOUCHPOINT_PARTS = catalogue.lists()["touchpoints"].counted
TWO_WAY = {InteractionMode.DIALOGUE, InteractionMode.ENABLING}  # touchpoints where people talk back or act
BRAND_OBJECTIVE, DIGITAL_OBJECTIVE = Terms(("brand_objective",)), Terms(("digital_objective",))


@dataclass(frozen=True)
class RuleInfo:
    """A rule's metadata from `knowledge/rules.yaml`; title, message and fix map a language to its text."""

    id: str
    severity: Severity
    card: str
    title: dict[str, str]
    message: dict[str, str]
    fix: dict[str, str]

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: unknown severity {self.severity!r}")
        for name in ("title", "message", "fix"):
            missing = set(get_args(Language)) - set(getattr(self, name))
            if missing:
                raise ValueError(f"rule {self.id}: {name} lacks {', '.join(sorted(missing))}")


def _catalogue() -> tuple[tuple[RuleInfo, ...], dict[str, dict[str, str]]]:
    """The rules and their words from the file the settings name (`rules_file`)."""
    return _read_catalogue(get_settings().rules_file)


@cache
def _read_catalogue(path: Path) -> tuple[tuple[RuleInfo, ...], dict[str, dict[str, str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(RuleInfo(**rule) for rule in data["rules"]), data["words"]


def rules() -> list[RuleInfo]:
    """Every rule's metadata, in the order of `knowledge/rules.yaml`."""
    return list(_catalogue()[0])


def _words(terms: Terms, language: Language) -> str:
    """`a, b and c` in the finding's language."""
    vocabulary = _catalogue()[1]
    words = [vocabulary[key][language] for key in terms.keys]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {vocabulary['and'][language]} {words[-1]}"


def _finding(info: RuleInfo, hit: Hit, language: Language) -> Finding:
    fields, values = hit
    filled = {name: _words(value, language) if isinstance(value, Terms) else value for name, value in values.items()}
    message = info.message[language].format(**filled) + " " + info.fix[language]
    return Finding(rule=info.id, severity=_severity(info, hit), message=message, fields=fields, card_id=info.card)


def _severity(info: RuleInfo, hit: Hit) -> Severity:
    """The rule's severity, but never an error on the model's likeness alone."""
    return "warning" if info.severity == "error" and BY_LIKENESS in hit[1] else info.severity


def check(document: StrategyDocument, *, language: Language = "en") -> list[Finding]:
    """All findings, sorted by severity (error, warning, info) then rule order."""
    findings = [_finding(info, hit, language) for info, hit in _hits(document)]
    return sorted(findings, key=lambda finding: SEVERITIES.index(finding.severity))


CHECKED_KEPT = 256  # documents whose rule hits are kept: the latest versions of the sessions being worked on
_checked: OrderedDict[bytes, tuple[tuple[RuleInfo, Hit], ...]] = OrderedDict()
_checked_lock = threading.Lock()


def _hits(document: StrategyDocument) -> tuple[tuple[RuleInfo, Hit], ...]:
    """Every rule's hits, in rule order, worked out once per document content, whoever asks next (the turn's
    findings, the canvas, the findings route, the scorecard). Keyed by rules file, knowledge folder and content, an
    entry is never stale; another process just works it out again. The saved report is left out: no rule reads it."""
    content = document.model_dump_json(exclude={"review": {"coherence"}})
    settings = get_settings()  # the rules file and the knowledge folder (its meaning lexicon) shape the hits
    source = f"{settings.rules_file}\n{settings.knowledge_dir}\n{content}"
    key = hashlib.blake2b(source.encode(), digest_size=16).digest()
    with _checked_lock:
        if (hits := _checked.get(key)) is not None:
            _checked.move_to_end(key)
            return hits
    hits = tuple((info, hit) for info in rules() for hit in CHECKS[info.id](document))
    with _checked_lock:
        _checked[key] = hits
        if len(_checked) > CHECKED_KEPT:
            _checked.popitem(last=False)
    return hits


def report(document: StrategyDocument, *, language: Language = "en", checked_at: str) -> CoherenceReport:
    return CoherenceReport(checked_at=checked_at, findings=check(document, language=language))


# --- Shared measures (rules and scorecard) -------------------------------------------------------------------


def _missing_kpi_parts(kpi: Kpi) -> list[str]:
    return [part for part in KPI_PARTS if not getattr(kpi, part)]


def _missing_touchpoint_parts(touchpoint: Touchpoint) -> list[str]:
    return [part for part in TOUCHPOINT_PARTS if getattr(touchpoint, part) is None]


def _uncovered_stages(document: StrategyDocument) -> list[str]:
    covered = {touchpoint.journey_stage for touchpoint in document.touchpoints}
    return [stage.value for stage in JourneyStage if stage not in covered]


def _missing_kinds(document: StrategyDocument) -> list[str]:
    present = {kpi.kind for kpi in document.kpis}
    return [kind.value for kind in KpiKind if kind not in present]


# --- Purpose -------------------------------------------------------------------------------------------------


@rule("purpose-missing")
def _purpose_missing(document: StrategyDocument) -> list[Hit]:
    """Every other choice in the strategy has to point back to why the brand exists."""
    return [] if document.purpose.statement else [(["purpose.statement"], {})]


@rule("purpose-names-audience")
def _purpose_names_audience(document: StrategyDocument) -> list[Hit]:
    """A purpose says for whom; without an audience, nobody can tell whether a touchpoint serves it."""
    purpose = document.purpose
    if not purpose.statement or purpose.audience:
        return []
    return [(["purpose.audience"], {"statement": quote(purpose.statement)})]


@rule("purpose-says-why")
def _purpose_says_why(document: StrategyDocument) -> list[Hit]:
    """A one-line slogan names no reason to exist, so it cannot guide decisions."""
    statement = document.purpose.statement
    if not statement or len(statement.split()) >= PURPOSE_MIN_WORDS:
        return []
    return [(["purpose.statement"], {"statement": quote(statement)})]


@rule("purpose-without-context")
def _purpose_without_context(document: StrategyDocument) -> list[Hit]:
    """A purpose is told apart only against the others a customer could choose: competitors named with no point of
    difference, or differences with nobody to differ from, leave it judged in a vacuum. Silent until the plan
    names one or the other. "None, we are the only ones" names no competitor: customers can always choose someone
    else, or do without."""
    brand, words = document.brand, lexicon()
    if not document.purpose.statement or not (brand.competitors or brand.differences):
        return []
    named = {
        "competitors": any(not words.find("no_competitor", entry, brand.language) for entry in brand.competitors),
        "differences": bool(brand.differences),
    }
    return [([f"brand.{part}"], {}) for part, there in named.items() if not there]


PROFILE_PARTS = ("needs", "habits", "meeting_points", "unknowns")


@rule("segment-profile-missing")
def _segment_profile_missing(document: StrategyDocument) -> list[Hit]:
    """A segment that is only a name cannot guide a touchpoint or a KPI. Silent until one segment has a profile."""
    audience = document.purpose.audience
    profiled = [any(getattr(segment, part) for part in PROFILE_PARTS) for segment in audience]
    if not any(profiled):
        return []
    return [
        ([f"purpose.audience[{index}].{part}" for part in PROFILE_PARTS], {"segment": quote(segment.name)})
        for index, segment in enumerate(audience)
        if not profiled[index]
    ]


# --- Digital alignment ---------------------------------------------------------------------------------------


@rule("digital-without-purpose")
def _digital_without_purpose(document: StrategyDocument) -> list[Hit]:
    """The digital strategy is the child of the brand strategy: it cannot come before the purpose."""
    objectives = document.digital.digital_objectives
    if document.purpose.statement or not objectives:
        return []
    return [(["purpose.statement", "digital.digital_objectives"], {"objective": quote(objectives[0].text)})]


@rule("brand-objectives-present")
def _brand_objectives_present(document: StrategyDocument) -> list[Hit]:
    """Digital objectives serve brand objectives; with none, they serve only themselves."""
    digital = document.digital
    if digital.brand_objectives or not digital.digital_objectives:
        return []
    return [(["digital.brand_objectives"], {"objective": quote(digital.digital_objectives[0].text)})]


@rule("digital-objective-traced")
def _digital_objective_traced(document: StrategyDocument) -> list[Hit]:
    """Each digital objective must trace to a brand objective.

    Silent while there is no brand objective at all: `brand-objectives-present` already says so once.
    """
    if not document.digital.brand_objectives:
        return []
    return [
        ([f"digital.digital_objectives[{index}].brand_objective_id"], {"objective": quote(objective.text)})
        for index, objective in enumerate(document.digital.digital_objectives)
        if objective.brand_objective_id is None
    ]


@rule("channel-has-role")
def _channel_has_role(document: StrategyDocument) -> list[Hit]:
    """A channel earns its place by the role and value it offers its audience, not by being available, nor by
    everyone else being there ("all the other schools are on it") when nobody it serves is named."""
    words, language = lexicon(), document.brand.language

    def crowd_only(channel: Channel) -> bool:
        said = f"{channel.role} {channel.value_proposition}"
        return bool(words.find("bandwagon", channel.role, language)) and not words.find("people", said, language)

    return [
        ([f"digital.channels[{index}].role"], {"channel": quote(channel.name)})
        for index, channel in enumerate(document.digital.channels)
        if not channel.role or crowd_only(channel)
    ]


# --- Touchpoints (only once there are some) ------------------------------------------------------------------


@rule("ladder-climbs")
def _ladder_climbs(document: StrategyDocument) -> list[Hit]:
    """Promotion is only the first rung; a relationship strategy needs touchpoints that climb higher."""
    touchpoints = document.touchpoints
    if not touchpoints or any(t.engagement_level and t.engagement_level.rank > 1 for t in touchpoints):
        return []
    return [(["touchpoints"], {"touchpoints": names_of([t.name for t in touchpoints])})]


@rule("listening-present")
def _listening_present(document: StrategyDocument) -> list[Hit]:
    """Conversation replaces broadcast: somebody has to hear and answer the customers."""
    touchpoints = document.touchpoints
    if not touchpoints or document.digital.listening or any(t.interaction_mode in TWO_WAY for t in touchpoints):
        return []
    return [(["touchpoints", "digital.listening"], {"touchpoints": names_of([t.name for t in touchpoints])})]


@rule("dialogue-without-listening")
def _dialogue_without_listening(document: StrategyDocument) -> list[Hit]:
    """A touchpoint marked dialogue or enabling is a label until someone is written down as hearing what people
    say there: with no listening at all, either this rule or listening-present speaks."""
    talking = [t.name for t in document.touchpoints if t.interaction_mode in TWO_WAY]
    if not talking or document.digital.listening:
        return []
    return [(["digital.listening"], {"touchpoints": names_of(talking)})]


@rule("journey-covered")
def _journey_covered(document: StrategyDocument) -> list[Hit]:
    """A stage with no touchpoint is a gap where the relationship stalls (often retention and advocacy)."""
    missing = _uncovered_stages(document)
    if not document.touchpoints or not missing:
        return []
    return [(["touchpoints"], {"stages": Terms(tuple(missing))})]


@rule("touchpoint-complete")
def _touchpoint_complete(document: StrategyDocument) -> list[Hit]:
    """Without stage, level and mode, a touchpoint cannot be checked for coverage, ladder or listening; once the
    plan says whom its touchpoints serve, one that names no segment serves nobody in particular."""
    segmented = any(touchpoint.segment_id for touchpoint in document.touchpoints)
    hits: list[Hit] = []
    for index, touchpoint in enumerate(document.touchpoints):
        missing = _missing_touchpoint_parts(touchpoint)
        if segmented and not touchpoint.segment_id:
            missing.append("segment_id")
        if missing:
            fields = [f"touchpoints[{index}].{part}" for part in missing]
            hits.append((fields, {"touchpoint": quote(touchpoint.name), "missing": Terms(tuple(missing))}))
    return hits


# --- KPIs (only once there are some) -------------------------------------------------------------------------


@rule("kpi-measures-something")
def _kpi_measures_something(document: StrategyDocument) -> list[Hit]:
    """A KPI is evidence for an objective or a touchpoint; one that measures neither is a vanity number."""
    return [
        ([f"kpis[{index}].objective_id", f"kpis[{index}].touchpoint_id"], {"kpi": quote(kpi.name)})
        for index, kpi in enumerate(document.kpis)
        if kpi.objective_id is None and kpi.touchpoint_id is None
    ]


@rule("kpi-complete")
def _kpi_complete(document: StrategyDocument) -> list[Hit]:
    """Without target, time frame, owner and data source, nobody can tell whether the KPI was met."""
    hits: list[Hit] = []
    for index, kpi in enumerate(document.kpis):
        missing = _missing_kpi_parts(kpi)
        if missing:
            fields = [f"kpis[{index}].{part}" for part in missing]
            hits.append((fields, {"kpi": quote(kpi.name), "missing": Terms(tuple(missing))}))
    return hits


@rule("kpi-balance")
def _kpi_balance(document: StrategyDocument) -> list[Hit]:
    """Relationships show in what customers say as much as in counts: both kinds must stand side by side.

    Judged on the KPIs whose kind is marked: an unmarked KPI is `kpi-kind-missing`'s to name, and counting it
    as neither kind would have this rule say both "none is qualitative" and "none is quantitative" of it. Results
    that only lag come too late to act on: once KPIs are timed, one at least should lead.
    """
    marked = [kpi for kpi in document.kpis if kpi.kind is not None]
    present = {kpi.kind for kpi in marked}
    names = names_of([kpi.name for kpi in marked])
    hits: list[Hit] = [
        (["kpis"], {"kpis": names, "kind": Terms((kind.value,))}) for kind in KpiKind if kind not in present and marked
    ]
    timed = [(index, kpi) for index, kpi in enumerate(document.kpis) if kpi.timing is not None]
    if timed and all(kpi.timing == KpiTiming.LAGGING for _, kpi in timed):
        fields = [f"kpis[{index}].timing" for index, _ in timed]
        hits.append((fields, {"kpis": names_of([kpi.name for _, kpi in timed]), "kind": Terms(("leading",))}))
    return hits


@rule("kpi-kind-missing")
def _kpi_kind_missing(document: StrategyDocument) -> list[Hit]:
    """An unmarked KPI counts as neither kind, so the balance cannot be judged."""
    return [
        ([f"kpis[{index}].kind"], {"kpi": quote(kpi.name)})
        for index, kpi in enumerate(document.kpis)
        if kpi.kind is None
    ]


@rule("objective-measured")
def _objective_measured(document: StrategyDocument) -> list[Hit]:
    """An objective nobody measures cannot be reviewed. Silent until the team has written KPIs.

    A brand objective is measured by its own KPIs or through the digital objectives that serve it; one that no KPI
    and no digital objective reaches is named too (a digital objective left unmeasured is named itself)."""
    if not document.kpis:
        return []
    digital = document.digital
    measured = {kpi.objective_id for kpi in document.kpis}
    served = {objective.brand_objective_id for objective in digital.digital_objectives}
    hits: list[Hit] = [
        ([f"digital.brand_objectives[{index}].text"], {"objective": quote(objective.text), "kind": BRAND_OBJECTIVE})
        for index, objective in enumerate(digital.brand_objectives)
        if objective.id not in measured | served
    ]
    return hits + [
        ([f"digital.digital_objectives[{index}]"], {"objective": quote(objective.text), "kind": DIGITAL_OBJECTIVE})
        for index, objective in enumerate(digital.digital_objectives)
        if objective.id not in measured
    ]


@rule("kpi-no-decision-rule")
def _kpi_no_decision_rule(document: StrategyDocument) -> list[Hit]:
    """A target nobody acts on is a number to look at: the plan says what the team does when it is missed. A talk
    put off until the figures arrive ("we'll discuss it then", "ne parliamo a fine stagione") decides nothing."""
    words, language = lexicon(), document.brand.language
    return [
        ([f"kpis[{index}].decision_rule"], {"kpi": quote(kpi.name)})
        for index, kpi in enumerate(document.kpis)
        if kpi.target and (not kpi.decision_rule or words.find("no_decision", kpi.decision_rule, language))
    ]


MEASUREMENT_PARTS = ("method", "cadence")


@rule("kpi-measurement-plan")
def _kpi_measurement_plan(document: StrategyDocument) -> list[Hit]:
    """Once the plan says how and how often its KPIs are read, one without a method or a cadence is read by
    nobody knows whom, when. Silent on plans that have not started a measurement plan; a qualitative KPI's
    reading is qualitative-kpi-undefined's to name."""
    kpis = document.kpis
    if not any(getattr(kpi, part) for kpi in kpis for part in MEASUREMENT_PARTS):
        return []
    hits: list[Hit] = []
    for index, kpi in enumerate(kpis):
        parts = ("cadence",) if kpi.kind == KpiKind.QUALITATIVE else MEASUREMENT_PARTS
        missing = [part for part in parts if not getattr(kpi, part)]
        if missing:
            fields = [f"kpis[{index}].{part}" for part in missing]
            hits.append((fields, {"kpi": quote(kpi.name), "missing": Terms(tuple(missing))}))
    return hits


@rule("initiative-owner-date")
def _initiative_owner_date(document: StrategyDocument) -> list[Hit]:
    """Work that belongs to nobody, or to no date, does not start; "when we can" or "appena possibile" is no date."""
    words, language = lexicon(), document.brand.language

    def dated(due: str) -> bool:
        named = any(ch.isdigit() for ch in due) or words.find("calendar", due, language)
        return bool(due) and bool(named or not words.find("vague_date", due, language))

    hits: list[Hit] = []
    for index, initiative in enumerate(document.review.initiatives):
        given = {"owner": bool(initiative.owner), "due": dated(initiative.due)}
        missing = [name for name, there in given.items() if not there]
        if missing:
            fields = [f"review.initiatives[{index}].{name}" for name in missing]
            hits.append((fields, {"initiative": quote(initiative.name), "missing": Terms(tuple(missing))}))
    return hits


@rule("initiatives-unbudgeted")
def _initiatives_unbudgeted(document: StrategyDocument) -> list[Hit]:
    """One initiative may cost nothing; when none has a budget (money or time), the plan has not weighed what it
    asks of the team."""
    initiatives = document.review.initiatives
    if not initiatives or any(initiative.budget for initiative in initiatives):
        return []
    fields = [f"review.initiatives[{index}].budget" for index in range(len(initiatives))]
    return [(fields, {"initiatives": names_of([initiative.name for initiative in initiatives])})]


# --- Scorecard -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    """How far the strategy has come: completeness per stage (0-1, plus `overall`), the ladder, the KPI mix."""

    completeness: dict[str, float]
    ladder: dict[str, int]
    kpi_balance: dict[str, int]
    errors: int
    warnings: int

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _share(*parts: object) -> float:
    """The share of `parts` that are filled (truthy)."""
    return sum(map(bool, parts)) / len(parts)


def _completeness(document: StrategyDocument) -> dict[str, float]:
    """Per stage, the share of its expected parts that are filled."""
    purpose, digital, touchpoints, kpis = document.purpose, document.digital, document.touchpoints, document.kpis
    readiness = digital.readiness
    shares = {
        "purpose": _share(*(getattr(purpose, part) for part in PURPOSE_PARTS)),
        "digital-alignment": _share(
            digital.brand_objectives,
            digital.digital_objectives,
            digital.channels,
            digital.listening,
            readiness.owners or readiness.objective_setters,
        ),
        "touchpoints": _share(
            touchpoints,
            touchpoints and not any(map(_missing_touchpoint_parts, touchpoints)),
            not _uncovered_stages(document),
        ),
        "kpis": _share(kpis, kpis and not any(map(_missing_kpi_parts, kpis)), not _missing_kinds(document)),
        "review": _share(document.review.decisions, document.review.next_steps),
    }
    return shares | {"overall": sum(shares.values()) / len(shares)}


def scorecard(document: StrategyDocument) -> Scorecard:
    ladder = {level.value: 0 for level in EngagementLevel} | {"unset": 0}
    for touchpoint in document.touchpoints:
        ladder[touchpoint.engagement_level.value if touchpoint.engagement_level else "unset"] += 1
    balance = {kind.value: 0 for kind in KpiKind} | {"unset": 0}
    for kpi in document.kpis:
        balance[kpi.kind.value if kpi.kind else "unset"] += 1
    severities = [_severity(info, hit) for info, hit in _hits(document)]
    return Scorecard(
        completeness=_completeness(document),
        ladder=ladder,
        kpi_balance=balance,
        errors=severities.count("error"),
        warnings=severities.count("warning"),
    )
