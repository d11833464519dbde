"""What every rule shares: the hit a check returns, the registry of checks, and how the team's words are quoted."""

from collections.abc import Callable
from dataclasses import dataclass

from assistant.document import StrategyDocument

QUOTE_CHARS = 80


@dataclass(frozen=True)
class Terms:
    """Framework words (journey stages, field names) to write out in the finding's language."""

    keys: tuple[str, ...]


Hit = tuple[list[str], dict[str, str | Terms]]
# A hit's value key that says only the embedding model's likeness found it: no word of the data lists says it.
BY_LIKENESS = "by_likeness"
RuleCheck = Callable[[StrategyDocument], list[Hit]]
CHECKS: dict[str, RuleCheck] = {}


def rule(rule_id: str) -> Callable[[RuleCheck], RuleCheck]:
    def register(function: RuleCheck) -> RuleCheck:
        CHECKS[rule_id] = function
        return function

    return register


def by_likeness(hit: Hit) -> Hit:
    """A hit the model's likeness alone found: a warning at most, whatever its rule's severity, for an error needs
    words that say it (the model reads a denial, "without selling packages", as the selling)."""
    fields, values = hit
    return fields, {**values, BY_LIKENESS: ""}


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The team's words on one line, shortened so a finding stays readable."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def names_of(names: list[str]) -> str:
    return quote(", ".join(names), 2 * QUOTE_CHARS)
