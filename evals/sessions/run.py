"""Plays each persona's scripted turns through the engine and scores the result.

The engine is built from the settings, so it uses the model `BRANDPLAN_LLM` names, or none (the default).
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from assistant import coherence
from assistant.config import Settings
from assistant.engine import Engine, Reply
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.runtime import build_engine
from assistant.store.repository import Store

PERSONAS = Path(__file__).with_name("personas")
ADVICE = {"coaching", "answer", "review"}  # replies that give advice, and so must cite


class Persona(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    brand: str
    language: Literal["en", "it"]
    turns: list[str]


def load_personas(folder: Path = PERSONAS) -> list[Persona]:
    return [
        Persona.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.yaml"))
    ]


@dataclass
class PersonaResult:
    persona: str
    session_id: str
    turns: int
    complete: bool
    completeness: float
    errors: int
    warnings: int
    coaching: int
    uncited_advice: int
    raised: dict[str, int] = field(default_factory=dict)  # per rule: findings raised during the session
    open: dict[str, int] = field(default_factory=dict)  # per rule: findings still open at its end
    replies: list[Reply] = field(default_factory=list, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "persona": self.persona,
            "session": self.session_id,
            "turns": self.turns,
            "complete": self.complete,
            "completeness": round(self.completeness, 3),
            "errors": self.errors,
            "warnings": self.warnings,
            "coaching_turns": self.coaching,
            "uncited_advice": self.uncited_advice,
            "findings_raised_by_rule": self.raised,
            "findings_open_by_rule": self.open,
        }


@dataclass
class Report:
    results: list[PersonaResult]

    def as_json(self) -> dict[str, Any]:
        return {"personas": [r.as_json() for r in self.results]}

    def table(self) -> str:
        header = (
            f"{'persona':<12} {'turns':>5} {'complete':>8} {'filled':>7} {'errors':>6} {'warnings':>8}"
            f" {'coached':>7} {'uncited':>7}"
        )
        lines = [header, "-" * len(header)]
        for r in self.results:
            lines.append(
                f"{r.persona:<12} {r.turns:>5} {('yes' if r.complete else 'no'):>8} {r.completeness:>7.0%}"
                f" {r.errors:>6} {r.warnings:>8} {r.coaching:>7} {r.uncited_advice:>7}"
            )
        return "\n".join([*lines, "", *self.rules_table()])

    def rules_table(self) -> list[str]:
        """Per rule and persona: findings raised during the session / still open at its end."""
        rules = sorted({rule for r in self.results for rule in (*r.raised, *r.open)})
        width = max((len(rule) for rule in rules), default=4)
        header = f"{'rule':<{width}} " + " ".join(f"{r.persona:>13}" for r in self.results)
        lines = [header, "-" * len(header)]
        for rule in rules:
            cells = " ".join(f"{f'{r.raised.get(rule, 0)} / {r.open.get(rule, 0)}':>13}" for r in self.results)
            lines.append(f"{rule:<{width}} {cells}")
        return lines


def run_persona(engine: Engine, store: Store, persona: Persona, workspace_id: str) -> PersonaResult:
    session = store.create_session(
        workspace_id=workspace_id, brand_name=persona.brand, language=persona.language, stage="purpose"
    )
    replies = [engine.start(session.id)]
    replies += [engine.handle(session.id, text) for text in persona.turns]
    _, document = store.load_document(session.id)
    findings = coherence.check(document, language=persona.language)
    score = coherence.scorecard(document)
    return PersonaResult(
        persona=persona.id,
        session_id=session.id,
        turns=len(persona.turns),
        complete=store.get_session(session.id).status == "complete",
        completeness=score.completeness["overall"],
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        coaching=sum(r.kind == "coaching" for r in replies),
        uncited_advice=sum(r.kind in ADVICE and not r.citations for r in replies),
        raised=dict(Counter(f.rule for reply in replies for f in reply.findings_added)),
        open=dict(Counter(f.rule for f in findings)),
        replies=replies,
    )


def run_all(settings: Settings, store: Store, knowledge: KnowledgeBase) -> Report:
    engine = build_engine(settings, store, knowledge=knowledge)
    workspace = next((w for w in store.list_workspaces() if w.slug == "personas"), None)
    workspace = workspace or store.create_workspace(name="Personas", slug="personas")
    return Report([run_persona(engine, store, persona, workspace.id) for persona in load_personas()])
