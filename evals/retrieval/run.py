"""Runs the gold questions through each search mode and summarises hits and latency per language pair."""

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.search import Mode

GOLD = Path(__file__).with_name("gold.yaml")  # the questions the fusion weights were tuned on
HELD_OUT = Path(__file__).with_name("heldout.yaml")  # written after the weights were fixed; never tuned on
DEV = Path(__file__).with_name("dev.yaml")  # for finding and fixing misses; figures are reported on heldout
DEV2 = Path(__file__).with_name("dev2.yaml")  # questions on the other language's cards, one per card; tuned on
DEV3 = Path(__file__).with_name("dev3.yaml")  # the first held-out set, open for tuning since 2026-11-30
DEV4 = Path(__file__).with_name("dev4.yaml")  # the second held-out set, open for tuning since 2026-12-01
DEV5 = Path(__file__).with_name("dev5.yaml")  # the third held-out set, measured twice, open for tuning since then
SETS = {"gold": GOLD, "dev": DEV, "dev2": DEV2, "dev3": DEV3, "dev4": DEV4, "dev5": DEV5, "heldout": HELD_OUT}
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")
DEPTH = 10


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    lang: Literal["en", "it"]
    search_lang: Literal["en", "it"]
    question: str
    expected: list[str]

    @property
    def group(self) -> str:
        return self.lang if self.lang == self.search_lang else f"{self.lang}->{self.search_lang}"


class CasesError(ValueError):
    """A question file that cannot be read: its path, and what is wrong, in one line."""


def question_set(name: str) -> Path:
    """A shipped set by name (gold, dev, heldout), or any file of questions in their shape."""
    if name in SETS:
        return SETS[name]
    path = Path(name)
    if not path.is_file():
        raise CasesError(f"{name}: neither {', '.join(SETS)} nor a file")
    return path


def load_cases(path: Path = GOLD) -> list[Case]:
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(items, list) or not items:
            raise CasesError(f"{path}: expected a list of questions")
        return [Case.model_validate(item) for item in items]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError) as error:
        raise CasesError(f"{path}: {' '.join(str(error).split())[:300]}") from None


@dataclass
class Row:
    mode: str
    group: str
    ranks: list[int | None] = field(default_factory=list)  # 1-based rank of the first expected card
    seconds: list[float] = field(default_factory=list)

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r is not None) / len(self.ranks)

    def latency_ms(self, quantile: float) -> float:
        ordered = sorted(self.seconds)
        return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]

    def as_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "group": self.group,
            "questions": len(self.ranks),
            "recall@1": round(self.recall(1), 3),
            "recall@5": round(self.recall(5), 3),
            "mrr": round(self.mrr, 3),
            "p50_ms": round(self.latency_ms(0.5), 1),
            "p95_ms": round(self.latency_ms(0.95), 1),
        }


@dataclass
class Report:
    rows: list[Row]
    misses: list[str]

    def row(self, mode: str, group: str) -> Row:
        return next(r for r in self.rows if r.mode == mode and r.group == group)

    def as_json(self) -> dict[str, Any]:
        return {"rows": [r.as_json() for r in self.rows], "hybrid_misses_at_5": self.misses}

    def table(self) -> str:
        header = f"{'mode':<7} {'group':<7} {'n':>3} {'R@1':>6} {'R@5':>6} {'MRR':>6} {'p50 ms':>8} {'p95 ms':>8}"
        lines = [header, "-" * len(header)]
        for r in self.rows:
            j = r.as_json()
            lines.append(
                f"{r.mode:<7} {r.group:<7} {j['questions']:>3} {j['recall@1']:>6.3f} {j['recall@5']:>6.3f}"
                f" {j['mrr']:>6.3f} {j['p50_ms']:>8.1f} {j['p95_ms']:>8.1f}"
            )
        if self.misses:
            lines += ["", "hybrid misses at 5:", *(f"  {m}" for m in self.misses)]
        return "\n".join(lines)


def run(kb: KnowledgeBase, cases: list[Case] | None = None, *, workspace_id: str | None = None) -> Report:
    """Each case searched in each mode; a hit is a card or, with a workspace, a document file that `expected`
    names (by id, or by file name)."""
    cases = cases or load_cases()
    kb.search("warm-up", top=1, workspace_id=workspace_id)  # loads the model and the index before timing
    groups = ["all", *sorted({c.group for c in cases}, key=lambda g: (len(g), g))]
    rows = {(mode, group): Row(mode, group) for mode in MODES for group in groups}
    misses: list[str] = []
    for mode in MODES:
        for case in cases:
            started = time.perf_counter()
            hits = kb.search(case.question, language=case.search_lang, top=DEPTH, mode=mode, workspace_id=workspace_id)
            elapsed = time.perf_counter() - started
            found = [h.citation.card_id or h.citation.file for h in hits]
            rank = next((i for i, card in enumerate(found, 1) if card in case.expected), None)
            for group in ("all", case.group):
                rows[(mode, group)].ranks.append(rank)
                rows[(mode, group)].seconds.append(elapsed)
            if mode == "hybrid" and (rank is None or rank > 5):
                misses.append(f"{case.id} [{case.group}] {case.question!r}: expected {case.expected}, got {found[:5]}")
    return Report(list(rows.values()), misses)
