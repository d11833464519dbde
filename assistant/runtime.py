"""Builds the engine and its parts from the settings: the one place where the adapters meet the core."""

from assistant.config import Settings
from assistant.engine import Engine
from assistant.engine.replies import ReplyBook
from assistant.llm.factory import build_model
from assistant.llm.port import LanguageModel
from assistant.llm.prompts import PromptBook
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.stages import StageBook
from assistant.store.repository import Store


def build_engine(
    settings: Settings,
    store: Store,
    *,
    knowledge: KnowledgeBase | None = None,
    model: LanguageModel | None = None,
) -> Engine:
    """The engine for these settings; `model` overrides the configured one (tests pass fakes here)."""
    return Engine(
        store=store,
        knowledge=knowledge or KnowledgeBase(settings, store),
        stages=StageBook(settings.stages_dir),
        replies=ReplyBook(settings.prompts_dir / "replies.yaml"),
        prompts=PromptBook(settings.prompts_dir / "llm"),
        model=model if model is not None else build_model(settings),
    )
