"""Chooses the weights of the composed answers on the dev questions: every question's sentences are matched once,
then each setting of a grid decides on them. The framework part (no answerable question told that nothing answers
it, then the first sentence and "nothing answers") is chosen first, then the documents line's ratios with it.
Never run it on the held-out set.

    python -m evals.answers.tune [--cases evals/answers/dev.yaml evals/answers/dev2.yaml] [--wide]
"""

import argparse
import itertools
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.engine.composed import WEIGHTS, Composition, Gathered, Weights, decide, gather
from assistant.engine.turn import Turn
from assistant.retrieval.cards import Card
from assistant.retrieval.hits import Hit
from evals.answers.run import HERE, Case, Teams, load_cases

TOP = 5


@dataclass(frozen=True)
class Score:
    opened: float  # share of answerable questions opened by a right card's sentence
    nothing: float  # share of questions where "nothing answers" was said exactly when it should be
    precision: float
    recall: float
    lost: int  # questions a card answers that were told nothing answers them

    @property
    def framework(self) -> float:
        return self.opened + self.nothing

    @property
    def rank(self) -> tuple[bool, float]:
        """No answer lost first, then the framework part."""
        return self.lost == 0, self.framework

    @property
    def documents(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __str__(self) -> str:
        return (
            f"opened {self.opened:.2f}  nothing {self.nothing:.2f}  lost {self.lost}  "
            f"documents precision {self.precision:.2f} recall {self.recall:.2f}"
        )


def evaluate(gathered: list[tuple[Case, Gathered]], weights: Weights) -> Score:
    results = [(case, decide(g, weights)) for case, g in gathered]
    answerable = [(case, c) for case, c in results if case.cards]
    opened = sum(1 for case, c in answerable if c.answer and _first_card(c) in case.cards)
    nothing = sum(1 for case, c in results if (not c.answer) == (not case.cards))
    shown = [(case, _files(c)) for case, c in results if _files(c)]
    right = sum(1 for case, files in shown if files == {case.document})
    expected = sum(1 for case, _ in results if case.document)
    return Score(
        opened=opened / len(answerable) if answerable else 0.0,
        nothing=nothing / len(results),
        precision=right / len(shown) if shown else 0.0,
        recall=right / expected if expected else 0.0,
        lost=sum(1 for _, c in answerable if not c.answer),
    )


def _first_card(composition: Composition) -> str | None:
    source = composition.answer[0].sentence.source
    return source.id if isinstance(source, Card) else None


def _files(composition: Composition) -> set[str]:
    return {str(s.sentence.source.citation.file) for s in composition.documents if isinstance(s.sentence.source, Hit)}


def grid(gathered: list[tuple[Case, Gathered]], *, wide: bool = False) -> list[tuple[Score, Weights]]:
    framework = [
        replace(
            WEIGHTS,
            coverage=c,
            rank={"en": r, "it": ri},
            leaning=lean,
            good={"en": en, "it": it},
            floor=f,
            overlap={"en": 0.0, "it": o},
        )
        # `--wide` searches every weight; by default the English ones stay at their choice (English answers did
        # not change with the Italian rank and word gate) and the Italian ones are searched: 34,560 settings take
        # most of an hour on 2 cores, these 720 a minute
        for c, r, ri, lean, en, it, f, o in itertools.product(
            (0.0, 0.15, 0.3, 0.5) if wide else (WEIGHTS.coverage,),
            (0.0, 0.03, 0.06) if wide else (WEIGHTS.rank["en"],),
            (0.06, 0.1, 0.15, 0.2, 0.3),
            (0.0, 0.1) if wide else (WEIGHTS.leaning,),
            (0.15, 0.2, 0.25, 0.3) if wide else (WEIGHTS.good["en"],),
            (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8),
            (0.0, 0.2, 0.25, 0.3) if wide else (0.0, 0.25),
            (0.0, 0.34, 0.5, 0.67),
        )
    ]
    scores = [(evaluate(gathered, w).rank, w) for w in framework]
    top = max(score for score, _ in scores)
    tied = [w for score, w in scores if score == top]
    print(f"{len(tied)} framework settings tie at {top}; their ranges:")
    for name in ("coverage", "leaning", "floor"):
        print(f"  {name}: {sorted({getattr(w, name) for w in tied})}")
    for lang in ("en", "it"):
        print(f"  rank {lang}: {sorted({w.rank[lang] for w in tied})}")
        print(f"  good {lang}: {sorted({w.good[lang] for w in tied})}")
    print(f"  overlap it: {sorted({w.overlap['it'] for w in tied})}")
    best = tied[len(tied) // 2]
    documents = [
        replace(best, shared=s, team=t, concept=c)
        for s, t, c in itertools.product(
            (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
            (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 9.0),
            (0.0, 0.2, 0.4, 0.6, 0.8, 9.0),
        )
    ]
    scored = [(evaluate(gathered, w), w) for w in documents]
    return sorted(scored, key=lambda pair: (not pair[0].rank[0], -pair[0].framework, -pair[0].documents))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=Path, nargs="+", default=[HERE / "dev.yaml", HERE / "dev2.yaml"])
    parser.add_argument("--wide", action="store_true", help="search the English weights too (most of an hour)")
    args = parser.parse_args()
    cases = [case for path in args.cases for case in load_cases(path)]
    with tempfile.TemporaryDirectory(prefix="answers-tune-") as folder:
        teams = Teams.open(cases, Path(folder))
        gathered = []
        for case in cases:
            turn = Turn.of(teams.engine.parts, teams.store.snapshot(teams.session(case)))
            gathered.append((case, gather(turn, case.question)))
        teams.store.close()
    print(f"current: {evaluate(gathered, WEIGHTS)}  {WEIGHTS}")
    for score, weights in grid(gathered, wide=args.wide)[:TOP]:
        print(f"{score}  {weights}")


if __name__ == "__main__":
    main()
