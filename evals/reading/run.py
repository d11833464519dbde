"""Plays each reading case through the engine and scores what the answer put in the document.

A case is one answer to one pending question, in a fresh session whose document holds the case's
`given` fragment. The engine is built from the settings, so it reads with the model `BRANDPLAN_LLM`
names, or without one (the default).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.config import Settings
from assistant.document import StrategyDocument, catalogue
from assistant.engine import Engine
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.text import fold, load_stopwords
from assistant.runtime import build_engine
from assistant.stages import StageBook
from assistant.store.repository import Store
from evals.reading.fields import Check, Target, attribute, targets
from evals.reading.report import CaseResult, Report
from evals.reading.score import Lemmas, matches, pair

DEV = Path(__file__).with_name("dev.yaml")
BRAND = "Our brand"
CONFIRM = {"en": "yes", "it": "sì"}  # the answer to a reply that proposes a reading to confirm


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    lang: Literal["en", "it"]
    field: str
    given: dict[str, Any] = Field(default_factory=dict)
    answer: str
    expect: str | list[str | dict[str, str]]

    def items(self, target: Target) -> list[dict[str, str]]:
        """The expectation as items keyed by attribute, the matched text under the target's main key."""
        values = [self.expect] if isinstance(self.expect, str) else self.expect
        return [{target.main: v} if isinstance(v, str) else v for v in values]


def load_cases(path: Path = DEV) -> list[Case]:
    return [Case.model_validate(item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


class CaseError(ValueError):
    """A mistake in a case file: an unknown field or key, or a `given` the document rejects."""


def check_cases(cases: list[Case], fields: dict[str, Target]) -> None:
    """Says every mistake in the cases at once, before any case is played."""
    problems = []
    enums = catalogue.enums()
    for case in cases:
        try:
            StrategyDocument.model_validate(merge(StrategyDocument().model_dump(mode="json"), case.given))
        except ValueError as error:
            problems.append(f"{case.id}: given is not a valid document fragment: {error}")
        target = fields.get(case.field)
        if target is None:
            problems.append(f"{case.id}: unknown field {case.field!r} (known: {', '.join(sorted(fields))})")
            continue
        allowed = {target.main, *target.checks()}
        for item in case.items(target):
            if unknown := set(item) - allowed:
                problems.append(f"{case.id}: {case.field} items have no {', '.join(sorted(unknown))}")
            for key, value in item.items():
                if key in enums and value not in enums[key]:
                    problems.append(f"{case.id}: {value!r} is not a {key} ({', '.join(enums[key])})")
            if target.main not in item:
                problems.append(f"{case.id}: an expected item has no {target.main!r}")
    if problems:
        raise CaseError("\n".join(problems))


def merge(base: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """The fragment laid over the document: mappings merge, anything else replaces."""
    merged = dict(base)
    for key, value in fragment.items():
        old = merged.get(key)
        merged[key] = merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


def strings(value: Any) -> list[str]:
    """Every text of a document dump but ids, provenance and the generated coherence report; a reference to another
    item (`segment_id`) is kept, as the id it holds."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict):
        skip = {"id", "provenance", "coherence"}
        return [s for k, v in value.items() if k not in skip for s in strings(v)]
    return []


@dataclass
class Scorer:
    """Compares what a turn put in the document with what the case expects."""

    fields: dict[str, Target]
    lemmas: Lemmas

    def score(self, case: Case, before: StrategyDocument, after: StrategyDocument) -> CaseResult:
        target = self.fields[case.field]
        expected = case.items(target)
        added = target.added(before, after)
        main = target.main
        want = [self._words(case, e[main]) for e in expected]
        found = [self._words(case, target.text(v)) for v in added]
        pairs = pair(want, found)
        result = CaseResult(
            case.id,
            case.lang,
            case.field,
            expected=len(expected),
            found=len(pairs),
            tight=sum(matches(found[j], want[i]) for i, j in pairs.items()),
            extra=len(added) - len(pairs),
            missed=[e[main] for i, e in enumerate(expected) if i not in pairs],
            unmatched=[target.text(v) for j, v in enumerate(added) if j not in pairs.values()],
            lost=self._lost(case, before, after),
        )
        kinds = target.checks()
        for i, wanted in enumerate(expected):
            item = added[pairs[i]] if i in pairs else None  # an item not read has none of its attributes right
            for key, value in wanted.items():
                if key != main:
                    got = "" if item is None else attribute(after, target, item, key)
                    result.checks.append((kinds[key], self._same(case, kinds[key], value, got)))
        return result

    def crashed(self, case: Case, error: Exception) -> CaseResult:
        """A turn that raised read nothing: every item missed, every attribute wrong, the answer lost."""
        result = self.score(case, StrategyDocument(), StrategyDocument())
        result.error = f"{type(error).__name__}: {(str(error).splitlines() or [''])[0]}"
        return result

    def _words(self, case: Case, text: str) -> frozenset[str]:
        return self.lemmas.content(text, case.lang)

    def _same(self, case: Case, kind: Check, expected: str, got: str) -> bool:
        if kind == "enum":
            return fold(expected) == fold(got)
        return bool(got) and matches(self._words(case, expected), self._words(case, got))

    def _lost(self, case: Case, before: StrategyDocument, after: StrategyDocument) -> bool:
        """No word of the answer is in any text the turn added or changed; a new reference counts by the name of
        the item it names (a touchpoint's segment, read from "Shop counter | young families")."""
        old = set(strings(before.model_dump(mode="json")))
        titles = dict(catalogue.options(after, tuple(catalogue.lists())))
        new = [titles.get(s, s) for s in strings(after.model_dump(mode="json")) if s not in old]
        said = self._words(case, case.answer)
        return not any(said & self._words(case, s) for s in new)


def play(
    engine: Engine, store: Store, workspace_id: str, case: Case, target: Target
) -> tuple[StrategyDocument, StrategyDocument]:
    """The document just before the answer and after it (and after confirming a proposal), in a new session."""
    session = store.create_session(workspace_id=workspace_id, brand_name=BRAND, language=case.lang, stage=target.stage)
    engine.start(session.id)
    if case.given:
        _, document = store.load_document(session.id)
        given = StrategyDocument.model_validate(merge(document.model_dump(mode="json"), case.given))
        store.save_document(session.id, given, note=f"reading eval: given of {case.id}")
    engine.open_question(session.id, target.stage, target.question.id)
    _, before = store.load_document(session.id)
    if engine.handle(session.id, case.answer).kind == "proposal":
        engine.handle(session.id, CONFIRM[case.lang])
    _, after = store.load_document(session.id)
    return before, after


def run(settings: Settings, store: Store, knowledge: KnowledgeBase, cases: list[Case] | None = None) -> Report:
    cases = cases or load_cases()
    fields = targets(StageBook(settings.stages_dir))
    check_cases(cases, fields)
    workspace = next((w for w in store.list_workspaces() if w.slug == "reading-eval"), None)
    workspace = workspace or store.create_workspace(name="Reading eval", slug="reading-eval")
    scorer = Scorer(fields, Lemmas(load_stopwords(settings.knowledge_dir / "language" / "stopwords.yaml")))
    engine = build_engine(settings, store, knowledge=knowledge)
    results = []
    for case in cases:
        try:
            before, after = play(engine, store, workspace.id, case, fields[case.field])
        except Exception as error:  # the reader failing on one answer is a result, not the end of the run
            results.append(scorer.crashed(case, error))
        else:
            results.append(scorer.score(case, before, after))
    return Report(results)
