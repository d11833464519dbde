"""The cut between the engine and any language model: two calls, one failure type."""

from collections.abc import Callable
from typing import Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


class ModelFault(RuntimeError):
    """The model timed out, failed, was rate limited or answered unusably; the engine falls back."""


class LanguageModel(Protocol):
    writes: bool
    """False for a model whose free text is not worth showing (a tiny local one): it only extracts, and the
    engine composes coaching and framework answers itself."""

    def extract(self, prompt: str, schema: type[T]) -> T:
        """Structured output validated against `schema`, or ModelFault."""
        ...

    def write(self, prompt: str, on_token: Callable[[str], None] | None = None) -> str:
        """Free text, streamed token by token to `on_token` when given, or ModelFault."""
        ...
