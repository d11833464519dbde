"""One turn's working state, and the engine's parts that every step of a turn reads but never changes."""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from assistant.document import Language, StrategyDocument
from assistant.engine.replies import Composer, ReplyBook
from assistant.engine.state import EngineState
from assistant.llm.port import LanguageModel
from assistant.llm.prompts import PromptBook
from assistant.parsing import Reader
from assistant.retrieval.cards import Card
from assistant.retrieval.hits import Hit
from assistant.retrieval.matching import Matcher
from assistant.retrieval.search import Mode
from assistant.stages import Question, Stage, StageBook
from assistant.store.repository import PlanningSession, Snapshot, VersionInfo


class Knowledge(Protocol):
    """What the engine needs from the knowledge base."""

    def search(
        self,
        query: str,
        *,
        workspace_id: str | None = None,
        language: Language | None = None,
        top: int = 5,
        mode: Mode = "hybrid",
        cards: bool = True,
    ) -> list[Hit]: ...

    def card(self, card_id: str, language: Language) -> Card | None: ...

    def cards_tagged(self, tags: list[str], language: Language) -> list[Card]: ...

    @property
    def matcher(self) -> Matcher: ...

    def content(self, text: str, language: Language) -> frozenset[str]: ...


class History(Protocol):
    """A session's earlier document versions, which undo and "those" read (the store is one)."""

    def list_versions(self, session_id: str) -> list[VersionInfo]: ...

    def load_document(self, session_id: str, version: int | None = None) -> tuple[int, StrategyDocument]: ...


@dataclass(frozen=True)
class Parts:
    """The stages, the wording, the knowledge and the optional model: the same for every turn."""

    knowledge: Knowledge
    stages: StageBook
    replies: ReplyBook
    prompts: PromptBook
    model: LanguageModel | None
    reader: Reader


@dataclass
class Turn:
    """Everything one turn works on; saved together at its end, if nobody saved the session meanwhile."""

    parts: Parts
    snapshot: Snapshot
    state: EngineState
    document: StrategyDocument
    compose: Composer
    kind: str = "question"
    notice: str | None = None
    on_token: Callable[[str], None] | None = None
    history: History | None = None
    note: str = ""  # the saved version's note, when the turn's kind does not say enough (an undo)
    author: str = ""  # who wrote the message or made the edit

    @classmethod
    def of(
        cls,
        parts: Parts,
        snapshot: Snapshot,
        on_token: Callable[[str], None] | None = None,
        history: History | None = None,
    ) -> "Turn":
        """A turn on a snapshot: its document, and the engine state saved with its session (new if none)."""
        session = snapshot.session
        # a copy: the turn changes its state in place, and the snapshot must keep what was saved
        state = EngineState.model_validate(copy.deepcopy(session.state)) if session.state else EngineState()
        composer = Composer(parts.replies, session.language)
        return cls(parts, snapshot, state, snapshot.document, composer, on_token=on_token, history=history)

    @property
    def session(self) -> PlanningSession:
        return self.snapshot.session

    @property
    def language(self) -> Language:
        return self.session.language

    @property
    def brand(self) -> str:
        return self.document.brand.name or self.session.brand_name

    @property
    def stage(self) -> Stage:
        """The stage the session is at (`state.stage` is its id)."""
        return self.parts.stages.stage(self.state.stage)

    @property
    def question(self) -> Question | None:
        """The pending question; None once the session is complete."""
        if self.state.question is None:
            return None
        return self.stage.question(self.state.question)
