"""Chooses an embedding model's card sectioning, glossary use and fusion weights on the dev questions only.

    python -m evals.retrieval.tune --model e5-small [--questions dev,dev2] [--sections off] [--glossary on]
        [--dense-en 1] [--dense-it 0.25] [--question-weights 0,0.5,1] [--twin-weights 0,1]
        [--translated-weights 0.5,1] [--rrf-k 15,60]

The weights include how far the cards' everyday questions (`## Questions`) count, how far a card's twin in
the question's language counts when only the other language is searched, and how far the everyday questions
of the other language count, read through the glossary, and the constant of the rank fusion. Several sets
are pooled into one score.

Prints MRR, recall@1 and recall@5 of hybrid search for every combination, best first; the chosen values
are written into `assistant/retrieval/embeddings.py` by hand, with the measurement beside them. The
held-out set is refused: it is measured once per final candidate, never tuned on.
"""

import argparse
import itertools
import tempfile
from pathlib import Path

from assistant.config import get_settings
from assistant.retrieval.cards import cards_hash
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.store import open_store
from evals.retrieval.compare import rank_of
from evals.retrieval.run import DEPTH, SETS, Row, load_cases

DENSE_EN = "0.5,0.75,1,1.25,1.5"
DENSE_IT = "0.25,0.5,0.75,1,1.25"
QUESTION_WEIGHTS = "0,0.5,1,1.5,2"
CHOICES = {"off": (False,), "on": (True,), "both": (False, True)}
TUNABLE = [name for name in SETS if name != "heldout"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="e5-small")
    parser.add_argument("--questions", default="dev", help="comma-separated: " + ", ".join(TUNABLE))
    parser.add_argument("--sections", default="both", choices=CHOICES, help="cards embedded by section")
    parser.add_argument("--glossary", default="both", choices=CHOICES, help="glossary terms in the dense query")
    parser.add_argument("--dense-en", default=DENSE_EN, help="comma-separated")
    parser.add_argument("--dense-it", default=DENSE_IT, help="comma-separated")
    parser.add_argument("--question-weights", default=QUESTION_WEIGHTS, help="comma-separated")
    parser.add_argument("--twin-weights", default="0", help="comma-separated")
    parser.add_argument("--translated-weights", default="1", help="comma-separated")
    parser.add_argument("--rrf-k", default="60", help="comma-separated")
    args = parser.parse_args(argv)
    names = args.questions.split(",")
    if not set(names) <= set(TUNABLE):
        parser.error(f"--questions: choose among {', '.join(TUNABLE)} (the held-out set is never tuned on)")
    dense_en, dense_it, asked, twins, translated, fusion = (
        [float(weight) for weight in values.split(",")]
        for values in (
            args.dense_en,
            args.dense_it,
            args.question_weights,
            args.twin_weights,
            args.translated_weights,
            args.rrf_k,
        )
    )
    cases = [case for name in names for case in load_cases(SETS[name])]
    embeddings = load_embeddings(args.model)  # its query vectors are remembered: each question embeds once
    results = []
    with tempfile.TemporaryDirectory(prefix="brandplan-tune-") as scratch:
        settings = get_settings().model_copy(
            update={"data_dir": Path(scratch), "database_url": None, "embedding_model": args.model}
        )
        store = open_store(settings)
        kb = KnowledgeBase(settings, store, embeddings)
        for sections in CHOICES[args.sections]:
            kb.index.sync_cards(kb.cards, cards_hash(settings.knowledge_dir), sections=sections)
            grid = itertools.product(CHOICES[args.glossary], dense_en, dense_it, asked, twins, translated, fusion)
            for glossary, en, it, question, twin, across, k in grid:
                kb.retriever.dense_weights = {"en": en, "it": it}
                kb.retriever.glossary_in_query = glossary
                kb.retriever.question_weight = question
                kb.retriever.twin_weight = twin
                kb.retriever.translated_weight = across
                kb.retriever.rrf_k = k
                row = Row("hybrid", "all")
                groups: dict[str, Row] = {}
                for case in cases:
                    hits = kb.search(case.question, language=case.search_lang, top=DEPTH)
                    rank = rank_of([h.citation.card_id for h in hits], case.expected)
                    row.ranks.append(rank)
                    groups.setdefault(case.group, Row("hybrid", case.group)).ranks.append(rank)
                worst = min(g.recall(5) for g in groups.values())
                weights = (sections, glossary, en, it, question, twin, across, k)
                results.append((row.mrr, row.recall(1), row.recall(5), worst, *weights))
        store.close()
    print(
        f"{'MRR':>6} {'R@1':>6} {'R@5':>6} {'minR@5':>6}  sections glossary dense_en dense_it questions twins"
        " translated rrf_k"
    )
    for mrr, r1, r5, worst, sections, glossary, en, it, question, twin, across, k in sorted(results, reverse=True)[:25]:
        print(
            f"{mrr:6.3f} {r1:6.3f} {r5:6.3f} {worst:6.3f}  {sections!s:<8} {glossary!s:<8} {en:<8} {it:<8}"
            f" {question:<9} {twin:<5} {across:<10} {k}"
        )


if __name__ == "__main__":
    main()
