"""One real knowledge base and store for the engine tests (building the card index once saves time);
each test works in a workspace and session of its own."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import Engine
from assistant.llm.port import LanguageModel
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.runtime import build_engine
from assistant.store import PlanningSession, SqlStore, open_store


@dataclass
class Env:
    settings: Settings
    store: SqlStore
    knowledge: KnowledgeBase

    def engine(self, model: LanguageModel | None = None) -> Engine:
        return build_engine(self.settings, self.store, knowledge=self.knowledge, model=model)

    def session(
        self, *, language: str = "en", brand: str = "Cantina Aurora", industry: str | None = "Wine"
    ) -> PlanningSession:
        """A new session; with an industry, the brand's profile is already in the document, so the chat
        begins at the purpose statement (`industry=None` for a session that starts by asking who it is)."""
        slug = f"ws-{len(self.store.list_workspaces())}"
        workspace = self.store.create_workspace(name=slug, slug=slug)
        session = self.store.create_session(
            workspace_id=workspace.id,
            brand_name=brand,
            language=language,  # type: ignore[arg-type]
            stage="purpose",
        )
        if industry is not None:
            _, document = self.store.load_document(session.id)
            document.brand.industry = industry
            document.brand.market = "Italy and Germany"
            document.brand.participants = ["Giulia (owner)", "Marco (marketing)"]
            document.brand.category = "Langhe red wines"
            document.brand.competitors = ["the larger wineries of the Langhe"]
            document.brand.differences = ["the family pours every tasting"]
            self.store.save_document(session.id, document, note="imported")  # there before the chat: never undone
        return session


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    folder: Path = tmp_path_factory.mktemp("engine-data")
    settings = Settings(data_dir=folder, llm="")  # the offline engine, whatever the environment says
    store = open_store(settings)
    yield Env(settings, store, KnowledgeBase(settings, store))
    store.close()


@pytest.fixture
def engine(env: Env) -> Engine:
    return env.engine()
