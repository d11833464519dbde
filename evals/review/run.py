"""Loads the sound plans and their flaws, plants each flaw, and counts the flaws the review sees (format: the
package docstring)."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant import coherence
from assistant.document import Finding, StrategyDocument
from assistant.document.edits import Edit, EditError, apply_edit
from assistant.document.validation import DocumentInvalid

PLANS = Path(__file__).with_name("plans")
FLAWS_SUFFIX = ".flaws.yaml"


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    value: Any


class Flaw(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    rule: str
    edits: list[Change]
    field: str


class FlawError(ValueError):
    """A flaw that cannot be planted: its path names nothing, or the document refuses its value."""


@dataclass
class Plan:
    id: str
    document: StrategyDocument
    flaws: list[Flaw]

    @property
    def language(self) -> str:
        return self.document.brand.language


def load_plans(folder: Path = PLANS) -> list[Plan]:
    """Every sound plan in the folder with the flaws planted in it."""
    plans = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name.endswith(FLAWS_SUFFIX):
            continue
        name = path.name.removesuffix(".yaml")
        try:
            document = StrategyDocument.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
            flaws_file = path.with_name(name + FLAWS_SUFFIX)
            data = yaml.safe_load(flaws_file.read_text(encoding="utf-8")) if flaws_file.exists() else {}
            flaws = [Flaw.model_validate(flaw) for flaw in (data or {}).get("flaws", [])]
        except ValidationError as error:
            raise FlawError(f"{name}: {error}") from None
        ids = [flaw.id for flaw in flaws]
        if len(ids) != len(set(ids)):
            raise FlawError(f"{name}: flaw ids repeat: {sorted(i for i in ids if ids.count(i) > 1)}")
        plans.append(Plan(name, document, flaws))
    return plans


def apply_flaw(plan: Plan, flaw: Flaw) -> StrategyDocument:
    """A copy of the sound plan with the flaw's edits made; `FlawError` names the plan, flaw and path that fail."""
    document = plan.document
    for change in flaw.edits:
        try:
            document = apply_edit(document, Edit(op="set", path=change.path, value=change.value))
        except EditError as error:
            raise FlawError(f"{plan.id}, flaw {flaw.id}: {error}") from None
        except DocumentInvalid as error:
            raise FlawError(f"{plan.id}, flaw {flaw.id}: {change.path}: {'; '.join(error.problems)}") from None
    return document


def _findings(document: StrategyDocument, language: str) -> list[Finding]:
    return coherence.check(document, language="it" if language == "it" else "en")


@dataclass
class FlawResult:
    plan: str
    flaw: str
    rule: str
    language: str
    seen: bool
    by_its_rule: bool
    seen_by: list[str]


@dataclass
class SoundResult:
    plan: str
    language: str
    errors: list[str]
    warnings: list[str]


@dataclass
class Report:
    flaws: list[FlawResult] = field(default_factory=list)
    sound: list[SoundResult] = field(default_factory=list)

    @property
    def seen_share(self) -> float:
        return sum(f.seen for f in self.flaws) / len(self.flaws) if self.flaws else 0.0

    def _groups(self, key: str) -> dict[str, dict[str, int]]:
        planted, seen, own = Counter[str](), Counter[str](), Counter[str]()
        for result in self.flaws:
            name = getattr(result, key)
            planted[name] += 1
            seen[name] += result.seen
            own[name] += result.by_its_rule
        return {name: {"planted": planted[name], "seen": seen[name], "by_its_rule": own[name]} for name in planted}

    def as_json(self) -> dict[str, Any]:
        return {
            "flaws": {"planted": len(self.flaws), "seen": sum(f.seen for f in self.flaws), "share": self.seen_share},
            "by_rule": self._groups("rule"),
            "by_language": self._groups("language"),
            "missed": [f"{f.plan}/{f.flaw}" for f in self.flaws if not f.seen],
            "sound_plans": {s.plan: {"errors": s.errors, "warnings": s.warnings} for s in self.sound},
        }

    def table(self) -> str:
        lines = [f"{'rule':<36} {'planted':>7} {'seen':>5} {'by rule':>7}", "-" * 58]
        for group in ("rule", "language"):
            for name, row in sorted(self._groups(group).items()):
                lines.append(f"{name:<36} {row['planted']:>7} {row['seen']:>5} {row['by_its_rule']:>7}")
            lines.append("-" * 58)
        seen, own = sum(f.seen for f in self.flaws), sum(f.by_its_rule for f in self.flaws)
        lines.append(f"{'all flaws':<36} {len(self.flaws):>7} {seen:>5} {own:>7}   seen {self.seen_share:.0%}")
        missed = [f"{f.plan}/{f.flaw}" for f in self.flaws if not f.seen]
        if missed:
            lines.append("missed: " + ", ".join(missed))
        lines += ["", f"{'sound plan':<20} {'lang':<5} {'errors':>6} {'warnings':>8}"]
        for s in self.sound:
            rules = ", ".join(s.errors + s.warnings)
            lines.append(f"{s.plan:<20} {s.language:<5} {len(s.errors):>6} {len(s.warnings):>8}   {rules}".rstrip())
        return "\n".join(lines)


def run(plans: list[Plan]) -> Report:
    report = Report()
    for plan in plans:
        sound = _findings(plan.document, plan.language)
        report.sound.append(
            SoundResult(
                plan.id,
                plan.language,
                errors=[f.rule for f in sound if f.severity == "error"],
                warnings=[f.rule for f in sound if f.severity == "warning"],
            )
        )
        already = {(f.rule, path) for f in sound for path in f.fields}
        for flaw in plan.flaws:
            findings = _findings(apply_flaw(plan, flaw), plan.language)
            seen_by = [f.rule for f in findings if flaw.field in f.fields and (f.rule, flaw.field) not in already]
            report.flaws.append(
                FlawResult(plan.id, flaw.id, flaw.rule, plan.language, bool(seen_by), flaw.rule in seen_by, seen_by)
            )
    return report
