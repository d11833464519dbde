"""Plays the personas and the free-text probes with a model and with none, and compares what each reads.

With no model the scripted persona answers are read exactly as meant (the scripts follow the documented
formats), so that session is the reference. Three measures:
- replay: before each scripted turn, the model answers the same turn in a copy of the reference session;
  the fields that turn sets are compared (fields extracted correctly, answer by answer);
- sessions: the whole persona played with the model; turns needed, the turn where the conversation first
  differs, and the final document against the reference;
- probes: answers written as people talk (probes.yaml), read with no model and with the model.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.config import Settings
from assistant.engine import Engine, Reply
from assistant.engine.fields import read
from assistant.llm.port import LanguageModel, ModelFault
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.runtime import build_engine
from assistant.store.repository import Store
from evals.models.compare import SKIP, Comparison, changes, compare, compare_leaves
from evals.sessions import Persona, run_persona

T = TypeVar("T", bound=BaseModel)
PROBES = Path(__file__).with_name("probes.yaml")


class Metered:
    """Wraps a model to count its calls, its faults and the seconds spent in it."""

    def __init__(self, model: LanguageModel):
        self.model = model
        self.writes = model.writes
        self.calls = 0
        self.faults = 0
        self.seconds = 0.0

    def _timed(self, call: Callable[[], Any]) -> Any:
        self.calls += 1
        started = time.perf_counter()
        try:
            return call()
        except ModelFault:
            self.faults += 1
            raise
        finally:
            self.seconds += time.perf_counter() - started

    def extract(self, prompt: str, schema: type[T]) -> T:
        result: T = self._timed(lambda: self.model.extract(prompt, schema))
        return result

    def write(self, prompt: str, on_token: Callable[[str], None] | None = None) -> str:
        text: str = self._timed(lambda: self.model.write(prompt, on_token))
        return text

    def reset(self) -> None:
        self.calls, self.faults, self.seconds = 0, 0, 0.0


@dataclass
class SessionRun:
    turns: int
    completed_at: int | None  # the scripted turn after which the session was complete
    diverged_at: int | None  # first turn whose reply differs in kind or question from the reference
    notices: int  # fallbacks the user was told about
    calls: int
    seconds_per_turn: float
    comparison: Comparison  # final document against the reference's


@dataclass
class Replay:
    answers: int = 0  # turns that set fields in the reference session
    to_model: int = 0  # of those, answers the model was asked to read (free text, not the documented format)
    kept: int = 0  # of those, answers whose model reading was kept (no fallback)
    notices: int = 0
    seconds_per_turn: float = 0.0
    comparison: Comparison = field(default_factory=Comparison)  # every answer
    kept_comparison: Comparison = field(default_factory=Comparison)  # the kept model readings only


@dataclass
class PersonaRow:
    persona: str
    reference: SessionRun
    replay: Replay
    session: SessionRun | None


class Probe(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    field: str
    setup: list[str]
    answer: str
    brand: str = "Cantina Aurora"


@dataclass
class ProbeRow:
    label: str
    answer: str
    readings: dict[str, dict[str, Any]]  # path ("none", "model") -> what it filled, reply kind, notice, seconds


@dataclass
class Report:
    model: str
    load_seconds: float
    personas: list[PersonaRow]
    probes: list[ProbeRow]

    def as_json(self) -> dict[str, Any]:
        def run(r: SessionRun | None) -> dict[str, Any] | None:
            if r is None:
                return None
            return {**{k: v for k, v in vars(r).items() if k != "comparison"}, "comparison": r.comparison.as_json()}

        return {
            "model": self.model,
            "load_seconds": round(self.load_seconds, 2),
            "personas": [
                {
                    "persona": row.persona,
                    "reference": run(row.reference),
                    "session": run(row.session),
                    "replay": {
                        **{k: v for k, v in vars(row.replay).items() if "comparison" not in k},
                        "comparison": row.replay.comparison.as_json(),
                        "kept_comparison": row.replay.kept_comparison.as_json(),
                    },
                }
                for row in self.personas
            ],
            "probes": [vars(p) for p in self.probes],
        }

    def table(self) -> str:
        return "\n\n".join(filter(None, [self._replay_table(), self._session_table(), self._probe_text()]))

    def _replay_table(self) -> str:
        head = f"{'persona':<12} {'answers':>7} {'to model':>8} {'kept':>4} {_HEAD} {'notices':>7} {'s/turn':>6}"
        lines = [
            "Each scripted answer read by the model from the reference state (fields it should set):",
            head,
            "-" * len(head),
        ]
        total = Comparison()
        for row in self.personas:
            r = row.replay
            total.add(r.comparison)
            lines.append(
                f"{row.persona:<12} {r.answers:>7} {r.to_model:>8} {r.kept:>4} {_fields(r.comparison)}"
                f" {r.notices:>7} {r.seconds_per_turn:>6.2f}"
            )
        kept = Comparison()
        for row in self.personas:
            kept.add(row.replay.kept_comparison)
        answers = sum(r.replay.answers for r in self.personas)
        to_model = sum(r.replay.to_model for r in self.personas)
        n_kept = sum(r.replay.kept for r in self.personas)
        lines.append(f"{'total':<12} {answers:>7} {to_model:>8} {n_kept:>4} {_fields(total)}")
        lines.append(f"{'kept only':<12} {'':>7} {'':>8} {n_kept:>4} {_fields(kept)}")
        return "\n".join(lines)

    def _session_table(self) -> str:
        rows = [row for row in self.personas if row.session is not None]
        if not rows:
            return ""
        head = (
            f"{'persona':<12} {'path':<5} {_HEAD} {'turns':>5} {'complete':>8} {'differs':>7} {'notices':>7}"
            f" {'calls':>5} {'s/turn':>6}"
        )
        lines = ["Whole sessions played with the model, final documents against the reference:", head, "-" * len(head)]
        for row in rows:
            for path, run in (("none", row.reference), ("model", row.session)):
                assert run is not None
                complete = f"at {run.completed_at}" if run.completed_at else "no"
                lines.append(
                    f"{row.persona:<12} {path:<5} {_fields(run.comparison)} {run.turns:>5} {complete:>8}"
                    f" {run.diverged_at or '-':>7} {run.notices:>7} {run.calls:>5} {run.seconds_per_turn:>6.2f}"
                )
        return "\n".join(lines)

    def _probe_text(self) -> str:
        lines = ["Answers written as people talk:"]
        for probe in self.probes:
            lines.append(f"{probe.label}: {probe.answer!r}")
            for path, got in probe.readings.items():
                notice = " [fallback]" if got["notice"] else ""
                filled = got["filled"] if got["filled"] is not None else "(nothing)"
                lines.append(f"  {path:<5} {got['seconds']:>6.2f}s {got['reply']:<9}{notice} {filled}")
        return "\n".join(lines)


_HEAD = f"{'fields':>6} {'exact':>6} {'close':>6} {'wrong':>6} {'missing':>7} {'extra':>5}"


def _fields(c: Comparison) -> str:
    return f"{c.fields:>6} {c.exact:>6} {c.close:>6} {c.wrong:>6} {c.missing:>7} {c.extra:>5}"


def load_probes(path: Path = PROBES) -> list[Probe]:
    return [Probe.model_validate(item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def _session(
    engine: Engine, store: Store, persona: Persona, workspace_id: str, model: Metered | None
) -> tuple[SessionRun, list[Reply], str]:
    if model is not None:
        model.reset()
    started = time.perf_counter()
    result = run_persona(engine, store, persona, workspace_id)
    replies = result.replies[1:]  # one per scripted turn
    run = SessionRun(
        turns=result.turns,
        completed_at=next((i for i, r in enumerate(replies, 1) if r.kind == "complete"), None),
        diverged_at=None,
        notices=sum(r.notice is not None for r in replies),
        calls=model.calls if model else 0,
        seconds_per_turn=(time.perf_counter() - started) / max(1, result.turns),
        comparison=Comparison(),
    )
    return run, result.replies, result.session_id


def _fork(store: Store, session_id: str) -> str:
    """A new session with the same document and engine state, to answer one turn on the side."""
    session = store.get_session(session_id)
    fork = store.create_session(
        workspace_id=session.workspace_id, brand_name=session.brand_name, language=session.language, stage="purpose"
    )
    _, document = store.load_document(session_id)
    store.record(
        fork.id, document=document, stage=session.stage, status=session.status, state=dict(session.state), note="fork"
    )
    return fork.id


def replay(plain: Engine, engine: Engine, store: Store, persona: Persona, workspace_id: str, model: Metered) -> Replay:
    """Play the persona with no model; before each turn, let the model answer the same turn in a fork."""
    session = store.create_session(
        workspace_id=workspace_id, brand_name=persona.brand, language=persona.language, stage="purpose"
    )
    plain.start(session.id)
    result = Replay()
    seconds = 0.0
    for text in persona.turns:
        fork = _fork(store, session.id)
        _, before = store.load_document(session.id)
        calls = model.calls
        started = time.perf_counter()
        reply = engine.handle(fork, text)
        seconds += time.perf_counter() - started
        plain.handle(session.id, text)
        expected = changes(before, store.load_document(session.id)[1])
        comparison = compare_leaves(expected, changes(before, store.load_document(fork)[1]))
        result.notices += reply.notice is not None
        result.comparison.add(comparison)
        if expected:
            result.answers += 1
            if model.calls > calls:
                result.to_model += 1
                if reply.notice is None:
                    result.kept += 1
                    result.kept_comparison.add(comparison)
    result.seconds_per_turn = seconds / max(1, len(persona.turns))
    return result


def _confirmed(engine: Engine, session_id: str, text: str) -> Reply:
    """Send an answer and, when the offline reader shows what it read from prose first, say yes to it."""
    reply = engine.handle(session_id, text)
    return engine.handle(session_id, "yes") if reply.kind == "proposal" else reply


def run_probes(plain: Engine, engine: Engine, store: Store, probes: list[Probe]) -> list[ProbeRow]:
    workspace = store.create_workspace(name="eval probes", slug="eval-probes")
    rows = []
    for probe in probes:
        readings: dict[str, dict[str, Any]] = {}
        for path, reader in (("none", plain), ("model", engine)):
            session = store.create_session(
                workspace_id=workspace.id, brand_name=probe.brand, language="en", stage="purpose"
            )
            plain.start(session.id)
            for text in probe.setup:
                _confirmed(plain, session.id, text)
            _, before = store.load_document(session.id)
            started = time.perf_counter()
            reply = _confirmed(reader, session.id, probe.answer)
            elapsed = time.perf_counter() - started
            after = read(store.load_document(session.id)[1], probe.field)
            readings[path] = {
                "filled": _plain(after) if after != read(before, probe.field) else None,
                "reply": reply.kind,
                "notice": reply.notice is not None,
                "seconds": round(elapsed, 2),
            }
        rows.append(ProbeRow(probe.label, probe.answer, readings))
    return rows


def _plain(value: Any) -> Any:
    """A filled field as plain JSON, without ids and provenance."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in SKIP and v not in ("", [], {}, None)}
    return value


def run(
    settings: Settings,
    store: Store,
    knowledge: KnowledgeBase,
    model: LanguageModel,
    personas: list[Persona],
    *,
    name: str,
    load_seconds: float = 0.0,
    sessions: bool = True,
) -> Report:
    metered = Metered(model)
    plain = build_engine(settings.model_copy(update={"llm": ""}), store, knowledge=knowledge)
    engine = build_engine(settings, store, knowledge=knowledge, model=metered)
    rows = []
    for persona in personas:
        workspace = store.create_workspace(name=f"eval {persona.id}", slug=f"eval-{persona.id}")
        reference, reference_replies, reference_id = _session(plain, store, persona, workspace.id, None)
        _, reference_document = store.load_document(reference_id)
        reference.comparison = compare(reference_document, reference_document)
        metered.reset()
        row = PersonaRow(persona.id, reference, replay(plain, engine, store, persona, workspace.id, metered), None)
        if sessions:
            session, replies, session_id = _session(engine, store, persona, workspace.id, metered)
            session.diverged_at = next(
                (
                    turn
                    for turn, (a, b) in enumerate(zip(reference_replies[1:], replies[1:], strict=True), 1)
                    if (a.kind, a.question_id) != (b.kind, b.question_id)
                ),
                None,
            )
            session.comparison = compare(reference_document, store.load_document(session_id)[1])
            row.session = session
        rows.append(row)
    return Report(name, load_seconds, rows, run_probes(plain, engine, store, load_probes()))
