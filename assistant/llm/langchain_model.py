"""The LangChain adapter of the model port: any provider `init_chat_model` knows, from one setting.

Every call is bounded: a timeout, a few retries with backoff, an optional request rate; any failure
becomes ModelFault so the engine can fall back to its deterministic path.
"""

import concurrent.futures
from collections.abc import Callable
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import PydanticOutputParser
from langchain_core.rate_limiters import InMemoryRateLimiter
from pydantic import BaseModel

from assistant.config import Settings
from assistant.llm.bounded import bounded

T = TypeVar("T", bound=BaseModel)


class ChatModel:
    """Implements `assistant.llm.port.LanguageModel` over a LangChain chat model."""

    writes = True

    def __init__(self, chat: BaseChatModel, *, timeout: float = 30.0, retries: int = 2):
        self.chat = chat
        self.timeout = timeout
        self.retries = retries
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")

    def _bounded(self, call: Callable[[], Any]) -> Any:
        return bounded(self._pool, lambda _attempt, _cancel: call(), timeout=self.timeout, retries=self.retries)

    def extract(self, prompt: str, schema: type[T]) -> T:
        def call() -> T:
            try:
                structured = self.chat.with_structured_output(schema)
            except NotImplementedError:  # models without tool calling: ask for JSON and parse it
                parser: PydanticOutputParser[T] = PydanticOutputParser(pydantic_object=schema)
                message = self.chat.invoke(f"{prompt}\n\n{parser.get_format_instructions()}")
                parsed: T = parser.parse(str(message.content))
                return parsed
            result = structured.invoke(prompt)
            return result if isinstance(result, schema) else schema.model_validate(result)

        result: T = self._bounded(call)
        return result

    def write(self, prompt: str, on_token: Callable[[str], None] | None = None) -> str:
        def call() -> str:
            if on_token is None:
                return str(self.chat.invoke(prompt).content)
            parts = []
            for chunk in self.chat.stream(prompt):
                token = str(chunk.content)
                parts.append(token)
                on_token(token)
            return "".join(parts)

        text: str = self._bounded(call)
        return text


def build_chat_model(settings: Settings) -> ChatModel:
    """The configured hosted or served model (`provider:model`, e.g. `openai:gpt-4o-mini`)."""
    from langchain.chat_models import init_chat_model

    limiter = (
        InMemoryRateLimiter(requests_per_second=settings.llm_requests_per_second)
        if settings.llm_requests_per_second
        else None
    )
    chat = init_chat_model(settings.llm, timeout=settings.llm_timeout, rate_limiter=limiter)
    return ChatModel(chat, timeout=settings.llm_timeout, retries=settings.llm_retries)
