"""The packaged embedding models side by side: quality per question set and language group, speed.

    python -m evals.retrieval.compare [--models minilm,e5-small] [--sets gold,dev,heldout] [--documents DIR]

Each model gets a scratch data directory with its cards indexed as it would index them (its own
sectioning and fusion weights). Questions are asked of every model in turn, one question at a time, so
latency on a shared machine is measured under the same load for each. With `--documents`, the files in
that folder are ingested into a workspace (timed) and each question whose expected cards cite a source
article is asked again: a hit is a passage of that article among the document hits (e.g. the seed
articles, `../shared/seeds`, whose names start with the article number).
"""

import argparse
import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import Settings, get_settings
from assistant.retrieval.cards import cards_hash
from assistant.retrieval.embeddings import MODELS
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.search import Mode
from assistant.store import open_store
from evals.retrieval.run import DEPTH, SETS, Case, Row, load_cases

MODES: tuple[Mode, ...] = ("dense", "hybrid")
TIMING_PASSAGE = 800  # characters in the passages that time raw embedding speed


@dataclass
class Setup:
    name: str
    kb: KnowledgeBase
    card_seconds: float
    card_passages: int
    workspace_id: str | None = None
    doc_seconds: float = 0.0
    doc_passages: int = 0
    embed_per_second: float = 0.0


@contextmanager
def setup(name: str, documents: Path | None) -> Iterator[Setup]:
    with tempfile.TemporaryDirectory(prefix=f"brandplan-compare-{name}-") as scratch:
        settings: Settings = get_settings().model_copy(
            update={"data_dir": Path(scratch), "database_url": None, "embedding_model": name}
        )
        store = open_store(settings)
        try:
            kb = KnowledgeBase(settings, store)
            kb.embeddings.embed_query("warm-up")  # loading the model is not indexing
            started = time.perf_counter()
            kb.index  # noqa: B018 - builds the card collection
            card_seconds = time.perf_counter() - started
            sections = kb.model.card_sections
            passages = len(kb.cards) * (3 if sections else 1)
            result = Setup(name, kb, card_seconds, passages)
            sample = [(card.intro + " " + card.coach)[:TIMING_PASSAGE] for card in kb.cards[:24]]
            started = time.perf_counter()
            kb.embeddings.embed_documents(sample)
            result.embed_per_second = len(sample) / (time.perf_counter() - started)
            if documents is not None:
                workspace = store.create_workspace(name="Compare", slug="compare")
                files = sorted(p for p in documents.iterdir() if p.suffix in {".txt", ".md"} and p.name[:3].isdigit())
                started = time.perf_counter()
                kb.ingest_paths(workspace.id, files)
                result.doc_seconds = time.perf_counter() - started
                result.doc_passages = len(store.list_chunks(workspace.id))
                result.workspace_id = workspace.id
            kb.search("warm-up", top=1)
            yield result
        finally:
            store.close()


def card_articles(kb: KnowledgeBase) -> dict[str, set[str]]:
    """The source articles (000-004) each card cites."""
    articles: dict[str, set[str]] = {}
    for card in kb.cards:
        articles.setdefault(card.id, set()).update(s.article for s in card.sources if s.article.isdigit())
    return articles


def rank_of(found: list[str | None], expected: set[str] | list[str]) -> int | None:
    return next((i for i, key in enumerate(found, 1) if key in expected), None)


def measure(setups: list[Setup], set_names: list[str]) -> dict[tuple[str, str, str, str], Row]:
    """Rows keyed by (model, set, mode, group); set "docs:NAME" holds the document questions of set NAME."""
    rows: dict[tuple[str, str, str, str], Row] = {}

    def record(key: tuple[str, str, str], group: str, rank: int | None, seconds: float) -> None:
        for g in ("all", group):
            row = rows.setdefault((*key, g), Row(key[2], g))
            row.ranks.append(rank)
            row.seconds.append(seconds)

    articles = card_articles(setups[0].kb)
    for set_name in set_names:
        cases: list[Case] = load_cases(SETS[set_name])
        for case in cases:
            for mode in MODES:
                for s in setups:  # interleaved: every model answers the same question under the same load
                    started = time.perf_counter()
                    hits = s.kb.search(case.question, language=case.search_lang, top=DEPTH, mode=mode)
                    elapsed = time.perf_counter() - started
                    rank = rank_of([h.citation.card_id for h in hits], case.expected)
                    record((s.name, set_name, mode), case.group, rank, elapsed)
            wanted = set().union(*(articles[card] for card in case.expected))
            if not wanted or setups[0].workspace_id is None:
                continue
            for mode in MODES:
                for s in setups:
                    started = time.perf_counter()
                    hits = s.kb.search(case.question, workspace_id=s.workspace_id, top=60, mode=mode)
                    elapsed = time.perf_counter() - started
                    docs = [(h.citation.file or "")[:3] for h in hits if h.citation.kind == "document"]
                    record((s.name, f"docs:{set_name}", mode), case.lang, rank_of(list(docs), wanted), elapsed)
    return rows


def speed(s: Setup) -> dict[str, float]:
    return {
        "embed_passages_per_s": round(s.embed_per_second, 2),
        "card_index_passages_per_s": round(s.card_passages / s.card_seconds, 2),
        "card_index_s": round(s.card_seconds, 1),
        "doc_ingest_passages_per_s": round(s.doc_passages / s.doc_seconds, 2) if s.doc_seconds else 0.0,
        "doc_passages": s.doc_passages,
    }


def report(setups: list[Setup], rows: dict[tuple[str, str, str, str], Row]) -> dict[str, Any]:
    return {
        "speed": {s.name: speed(s) for s in setups},
        "rows": [{"model": m, "set": qs, **row.as_json()} for (m, qs, _, _), row in rows.items()],
    }


def table(result: dict[str, Any]) -> str:
    header = (
        f"{'set':<12} {'group':<7} {'mode':<7} {'model':<9} {'n':>3} {'R@1':>6} {'R@5':>6} {'MRR':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7}"
    )
    lines = [header, "-" * len(header)]
    ordered = sorted(result["rows"], key=lambda r: (r["set"], len(r["group"]), r["group"], r["mode"], r["model"]))
    for r in ordered:
        lines.append(
            f"{r['set']:<12} {r['group']:<7} {r['mode']:<7} {r['model']:<9} {r['questions']:>3} {r['recall@1']:>6.3f}"
            f" {r['recall@5']:>6.3f} {r['mrr']:>6.3f} {r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f}"
        )
    lines.append("")
    for name, figures in result["speed"].items():
        lines.append(f"{name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--sets", default="gold,dev", help="heldout only to measure a final candidate")
    parser.add_argument("--documents", type=Path, default=None, help="folder of source articles to ingest")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        setups = [stack.enter_context(setup(name, args.documents)) for name in args.models.split(",")]
        result = report(setups, measure(setups, args.sets.split(",")))
        result["cards_hash"] = cards_hash(setups[0].kb.settings.knowledge_dir)[:12]
    print(json.dumps(result, indent=2) if args.json else table(result))


if __name__ == "__main__":
    main()
