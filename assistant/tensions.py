"""Tensions between the people of a plan, as open questions for the room when the review runs.

Each pattern reads who sets the objectives, who owns the channels, touchpoints, KPIs and initiatives, and who is
taking part; `knowledge/tensions.yaml` holds the words the patterns need and the question each asks, in English and
Italian. They are not findings: the plan may be right, but the room should say so aloud.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from assistant.config import KNOWLEDGE_DIR
from assistant.document import Language, StrategyDocument
from assistant.retrieval.text import words

TENSIONS_FILE = KNOWLEDGE_DIR / "tensions.yaml"
# where a name ends and what it does begins: "Marco (marketing)", "Anna: website and shop", "Luca - sales"
NAME_END = re.compile(r"\s*(?:[:(,;]|\s[-\u2013\u2014]\s)")

Pattern = Callable[[StrategyDocument, dict[str, Any]], Iterator[dict[str, Any]]]
PATTERNS: dict[str, Pattern] = {}


@dataclass(frozen=True)
class Tension:
    id: str
    question: str


def _pattern(tension_id: str) -> Callable[[Pattern], Pattern]:
    def register(function: Pattern) -> Pattern:
        PATTERNS[tension_id] = function
        return function

    return register


@cache
def _data(path: Path = TENSIONS_FILE) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = {t["id"] for t in data["tensions"]} ^ set(PATTERNS)
    if unknown:
        raise ValueError(f"{path}: tensions without a pattern, or patterns without a question: {sorted(unknown)}")
    return data


def tensions(document: StrategyDocument, *, language: Language) -> list[Tension]:
    """Every tension the document shows, as a question in `language`, in the order of the tensions file."""
    data = _data()
    found = []
    for tension in data["tensions"]:
        for values in PATTERNS[tension["id"]](document, data):
            filled = {k: _join(v, data["and"][language]) if isinstance(v, list) else str(v) for k, v in values.items()}
            question = tension["question"][language].format(**filled)
            found.append(Tension(tension["id"], question[:1].upper() + question[1:]))
    return found


def person(text: str) -> str:
    """The name a line starts with: "Marco (marketing)" -> "Marco"."""
    return NAME_END.split(text.strip(), maxsplit=1)[0].strip()


def same(a: str, b: str) -> bool:
    """One person named twice: the words of one name are all in the other ("Marco", "Marco Rossi")."""
    wa, wb = set(words(person(a))), set(words(person(b)))
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _distinct(names: list[str]) -> list[str]:
    kept: list[str] = []
    for name in (person(n) for n in names if n.strip()):
        if not any(same(name, k) for k in kept):
            kept.append(name)
    return kept


def _says(text: str, phrases: list[str]) -> bool:
    padded = f" {' '.join(words(text))} "
    return any(f" {' '.join(words(phrase))} " in padded for phrase in phrases)


def _join(names: list[str], conjunction: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _owned(document: StrategyDocument) -> list[str]:
    """The owner of every touchpoint, KPI and initiative that has one."""
    owners = [t.owner for t in document.touchpoints] + [k.owner for k in document.kpis]
    owners += [i.owner for i in document.review.initiatives]
    return [owner for owner in owners if owner.strip()]


@_pattern("setters-not-deliverers")
def _setters_not_deliverers(document: StrategyDocument, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Some set the objectives and deliver nothing, while others deliver what they did not set."""
    setters = _distinct(document.digital.readiness.objective_setters)
    deliverers = _distinct([*document.digital.readiness.owners, *_owned(document)])
    only_set = [s for s in setters if not any(same(s, d) for d in deliverers)]
    only_deliver = [d for d in deliverers if not any(same(d, s) for s in setters)]
    if only_set and only_deliver:
        yield {"setters": only_set, "deliverers": only_deliver}


@_pattern("one-owner-carries-most")
def _one_owner_carries_most(document: StrategyDocument, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    owned = _owned(document)
    for name in _distinct(owned):
        count = sum(same(name, owner) for owner in owned)
        if count >= data["most_at_least"] and count > data["most_share"] * len(owned):
            yield {"person": name, "count": count, "total": len(owned)}


@_pattern("initiative-owner-absent")
def _initiative_owner_absent(document: StrategyDocument, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    participants = document.brand.participants
    if not participants:
        return
    for initiative in document.review.initiatives:
        owner = person(initiative.owner)
        if owner and not any(same(owner, p) for p in participants):
            yield {"owner": owner, "initiative": initiative.name}


@_pattern("agency-runs-listening")
def _agency_runs_listening(document: StrategyDocument, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """An outside firm runs a channel whose role is to listen: what customers say stays outside the brand."""
    runs = [(person(line), line[len(person(line)) :]) for line in document.digital.readiness.owners]
    runs += [(t.owner, t.channel or t.name) for t in document.touchpoints if t.owner]
    for channel in document.digital.channels:
        if not _says(f"{channel.role} {channel.value_proposition}", data["listening"]):
            continue
        runners = [name for name, what in runs if _says(name, data["agency"]) and _says(what, [channel.name])]
        for runner in _distinct(runners):
            yield {"owner": runner, "channel": channel.name}


@_pattern("budget-without-owner")
def _budget_without_owner(document: StrategyDocument, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for initiative in document.review.initiatives:
        if initiative.budget.strip() and not initiative.owner.strip():
            yield {"initiative": initiative.name, "budget": initiative.budget}
