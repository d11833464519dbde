"""Plays labelled framework questions through the offline engine, in teams with and without documents, and
scores the composed answers: is the "from your documents" line there when it should be (and citing the right
file), does the answer open with a sentence of a right card, and does it say so when nothing answers.

    python -m evals.answers.run --cases evals/answers/dev.yaml [--verbose]
"""

import argparse
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.config import Settings
from assistant.document import Language
from assistant.document.models import Touchpoint
from assistant.engine import Engine
from assistant.engine.reply import Reply
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.runtime import build_engine
from assistant.store import open_store
from assistant.store.repository import Store

HERE = Path(__file__).parent
CITED = re.compile(r"\[(\d{1,3})\]")


class Team(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Language
    brand: str
    industry: str
    touchpoints: list[str]
    documents: str | None = None  # a folder of docs/


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    workspace: str
    question: str
    cards: list[str]  # a right card for the first sentence; [] when nothing answers
    document: str | None  # the file the documents line should cite; None when there should be no line


@dataclass(frozen=True)
class Outcome:
    case: Case
    reply: Reply
    held: bool = False  # answered as a question, the message kept for a yes to save it as the answer

    @property
    def answered(self) -> bool:
        return self.reply.kind == "answer" or self.held

    @property
    def said_nothing(self) -> bool:
        return self.answered and not self.reply.citations

    @property
    def first_card(self) -> str | None:
        first = CITED.search(self.reply.message)
        return self.reply.citations[int(first.group(1)) - 1].card_id if first else None

    @property
    def document_files(self) -> set[str]:
        return {str(c.file) for c in self.reply.citations if c.kind == "document"}

    @property
    def misses(self) -> list[str]:
        case, found = self.case, []
        if not self.answered:
            found.append(f"routed as {self.reply.kind!r}, not as a question")
        if self.said_nothing != (not case.cards):
            found.append("said nothing was found" if self.said_nothing else "answered a question nothing answers")
        elif case.cards and self.first_card not in case.cards:
            found.append(f"opened with {self.first_card}, expected {case.cards}")
        if self.document_files != ({case.document} if case.document else set()):
            found.append(f"documents line cites {sorted(self.document_files) or 'nothing'}, expected {case.document}")
        return found


def load_cases(path: Path) -> list[Case]:
    return [Case.model_validate(item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def load_teams(path: Path = HERE / "workspaces.yaml") -> dict[str, Team]:
    return {name: Team.model_validate(team) for name, team in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


@dataclass
class Teams:
    """The teams of the cases, each in its workspace with its documents, and the offline engine."""

    store: Store
    engine: Engine
    teams: dict[str, Team]
    workspaces: dict[str, str]

    @classmethod
    def open(cls, cases: list[Case], data_dir: Path) -> "Teams":
        settings = Settings(data_dir=data_dir, llm="")  # the composed answers, whatever the environment says
        store = open_store(settings)
        knowledge = KnowledgeBase(settings, store)
        teams, workspaces = load_teams(), {}
        for name in sorted({case.workspace for case in cases}):
            workspace = store.create_workspace(name=name, slug=name)
            folder = teams[name].documents
            if folder:
                knowledge.ingest_paths(workspace.id, sorted((HERE / "docs" / folder).iterdir()))
            workspaces[name] = workspace.id
        return cls(store, build_engine(settings, store, knowledge=knowledge), teams, workspaces)

    def session(self, case: Case) -> str:
        """A new session of the case's team, started, its brand and touchpoints already in the plan."""
        team = self.teams[case.workspace]
        session = self.store.create_session(
            workspace_id=self.workspaces[case.workspace], brand_name=team.brand, language=team.language, stage="purpose"
        )
        _, document = self.store.load_document(session.id)
        document.brand.industry = team.industry
        document.touchpoints = [Touchpoint(name=name) for name in team.touchpoints]
        self.store.save_document(session.id, document, note="answers eval")
        self.engine.start(session.id)
        return session.id


def run(cases: list[Case], data_dir: Path) -> list[Outcome]:
    teams = Teams.open(cases, data_dir)
    outcomes = []
    for case in cases:
        session_id = teams.session(case)
        reply = teams.engine.handle(session_id, case.question)
        proposal = teams.store.snapshot(session_id).session.state.get("proposal") or {}
        outcomes.append(Outcome(case, reply, held=proposal.get("held") == case.question))
    teams.store.close()
    return outcomes


def report(outcomes: list[Outcome], *, verbose: bool = False) -> str:
    expected = [o for o in outcomes if o.case.document]
    shown = [o for o in outcomes if o.document_files]
    right = [o for o in shown if o.document_files == {o.case.document}]
    answerable = [o for o in outcomes if o.case.cards]
    opened = [o for o in answerable if not o.said_nothing and o.first_card in o.case.cards]
    nothing = [o for o in outcomes if o.said_nothing == (not o.case.cards)]
    lines = [
        f"questions: {len(outcomes)}",
        f"documents line: precision {_share(len(right), len(shown))}, recall {_share(len(right), len(expected))}",
        f"first sentence from an expected card: {_share(len(opened), len(answerable))}",
        f"'no good passage' correct: {_share(len(nothing), len(outcomes))}",
    ]
    for outcome in outcomes:
        if outcome.misses:
            lines.append(f"  {outcome.case.id} {outcome.case.question!r}: {'; '.join(outcome.misses)}")
        if verbose:
            lines += ["", f"--- {outcome.case.id} {outcome.case.question}", outcome.reply.message.split("\n\n")[0]]
            lines += [f"    [{c.number}] {c.label}" for c in outcome.reply.citations]
            documents = [p for p in outcome.reply.message.split("\n\n") if p.startswith("**")][:1]
            lines += documents
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.2f})" if whole else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=Path, default=HERE / "dev.yaml")
    parser.add_argument("--verbose", action="store_true", help="print each answer and its sources")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="answers-eval-") as folder:
        print(report(run(load_cases(args.cases), Path(folder)), verbose=args.verbose))


if __name__ == "__main__":
    main()
