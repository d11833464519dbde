"""Reading-eval figures: item precision, recall and F1, attribute accuracy and lost answers, by group.

Counts are pooled over a group's cases (micro averages), so a case with five items weighs five times
one with one item. Precision is 0 when nothing was extracted.
"""

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

KINDS = ("enum", "reference", "text")


@dataclass
class CaseResult:
    id: str
    lang: str
    field: str
    expected: int
    found: int  # expected items matched by an extracted one
    tight: int  # of those, pairs that also match the other way: the extracted item is mostly the expected one
    extra: int  # extracted items that match no expected one
    missed: list[str]
    unmatched: list[str]
    lost: bool  # the answer left no trace in the document
    checks: list[tuple[str, bool]] = dataclasses.field(default_factory=list)  # (enum | reference | text, correct)
    error: str | None = None  # the turn raised this: the answer counts as lost


@dataclass
class Tally:
    cases: int = 0
    expected: int = 0
    found: int = 0
    tight: int = 0
    extra: int = 0
    lost: int = 0
    checked: Counter[str] = dataclasses.field(default_factory=Counter)
    correct: Counter[str] = dataclasses.field(default_factory=Counter)

    def add(self, r: CaseResult) -> None:
        self.cases += 1
        self.expected += r.expected
        self.found += r.found
        self.tight += r.tight
        self.extra += r.extra
        self.lost += r.lost
        for kind, ok in r.checks:
            self.checked[kind] += 1
            self.correct[kind] += ok

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.extra) if self.found + self.extra else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def tight_f1(self) -> float:
        """F1 counting only pairs that match both ways: lumping several items into one scores nothing here."""
        extracted = self.found + self.extra
        return 2 * self.tight / (extracted + self.expected) if extracted + self.expected else 0.0

    def accuracy(self, *kinds: str) -> float | None:
        """Share of attribute checks of these kinds (all when none named) that were right; None if none ran."""
        kinds = kinds or KINDS
        checked = sum(self.checked[k] for k in kinds)
        return sum(self.correct[k] for k in kinds) / checked if checked else None

    def as_json(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return {
            "cases": self.cases,
            "items": {
                "expected": self.expected,
                "found": self.found,
                "extra": self.extra,
                "precision": round(self.precision, 3),
                "recall": round(self.recall, 3),
                "f1": round(self.f1, 3),
                "f1_both_ways": round(self.tight_f1, 3),
            },
            "fields": {
                "accuracy": rounded(self.accuracy()),
                "checked": sum(self.checked.values()),
                **{kind: rounded(self.accuracy(kind)) for kind in KINDS},
            },
            "lost": self.lost,
        }


@dataclass
class Report:
    results: list[CaseResult]

    def tally(self, *, lang: str | None = None, field_name: str | None = None) -> Tally:
        tally = Tally()
        for r in self.results:
            if (lang is None or r.lang == lang) and (field_name is None or r.field == field_name):
                tally.add(r)
        return tally

    @property
    def languages(self) -> list[str]:
        return sorted({r.lang for r in self.results})

    @property
    def fields(self) -> list[str]:
        return list(dict.fromkeys(r.field for r in self.results))

    def as_json(self) -> dict[str, Any]:
        return {
            **self.tally().as_json(),
            "lost_cases": [r.id for r in self.results if r.lost],
            "errors": {r.id: r.error for r in self.results if r.error},
            "by_language": {lang: self.tally(lang=lang).as_json() for lang in self.languages},
            "by_field": {name: self.tally(field_name=name).as_json() for name in self.fields},
        }

    def table(self) -> str:
        header = (
            f"{'group':<36} {'cases':>5} {'expect':>6} {'found':>5} {'extra':>5} {'P':>6} {'R':>6} {'F1':>6}"
            f" {'F1bw':>6} {'enum':>5} {'ref':>5} {'text':>5} {'lost':>4}"
        )
        rows = [("all", self.tally()), *((lang, self.tally(lang=lang)) for lang in self.languages)]
        rows += [(name, self.tally(field_name=name)) for name in self.fields]
        lines = [header, "-" * len(header)]
        for index, (name, t) in enumerate(rows):
            if index == 1 + len(self.languages):
                lines.append("")
            accuracy = [t.accuracy(kind) for kind in KINDS]
            shown = " ".join(f"{'-' if a is None else f'{a:.2f}':>5}" for a in accuracy)
            lines.append(
                f"{name:<36} {t.cases:>5} {t.expected:>6} {t.found:>5} {t.extra:>5} {t.precision:>6.3f}"
                f" {t.recall:>6.3f} {t.f1:>6.3f} {t.tight_f1:>6.3f} {shown} {t.lost:>4}"
            )
        misses = [r for r in self.results if r.missed or r.unmatched or r.lost or not all(ok for _, ok in r.checks)]
        if misses:
            lines += ["", "cases not read in full:"]
            for r in misses:
                wrong = sum(not ok for _, ok in r.checks)
                lines.append(
                    f"  {r.id} {r.field}: {f'ERROR {r.error}; ' if r.error else ''}{'LOST; ' if r.lost else ''}"
                    f"missed {_short(r.missed)},"
                    f" extra {_short(r.unmatched)}, {wrong} of {len(r.checks)} attributes wrong"
                )
        return "\n".join(lines)


def _short(texts: list[str], width: int = 60) -> str:
    return "[" + "; ".join(t if len(t) <= width else t[: width - 1] + "…" for t in texts) + "]"
