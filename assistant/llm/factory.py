"""Picks the adapter of the model port that `BRANDPLAN_LLM` names, so callers never see a vendor."""

from assistant.config import Settings
from assistant.llm.port import LanguageModel

LOCAL_PROVIDER = "llamacpp"


class ModelSetupError(RuntimeError):
    """The configured model cannot be built (unknown provider, missing package or file); said in one line."""


def build_model(settings: Settings) -> LanguageModel | None:
    """The configured model, or None for the offline, deterministic default.

    `llamacpp:NAME` runs a GGUF model in this process (the optional `local` extra); anything else goes to
    LangChain's `init_chat_model`. Failing here, at start, beats a fallback notice on every turn.
    """
    if not settings.llm:
        return None
    provider, _, name = settings.llm.partition(":")
    try:
        if provider == LOCAL_PROVIDER:
            from assistant.llm.llamacpp_model import load_local

            return load_local(
                name, threads=settings.llm_threads, timeout=settings.llm_timeout, retries=settings.llm_retries
            )
        from assistant.llm.langchain_model import build_chat_model

        return build_chat_model(settings)
    except (ImportError, ValueError, FileNotFoundError) as error:
        raise ModelSetupError(f"BRANDPLAN_LLM={settings.llm!r}: {error}") from error
