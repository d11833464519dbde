"""Ingestion speed against the raw encoding speed of the same model, on the same passages, in one process.

    python -m evals.bench_ingest [--files 80] [--rounds 2]    (also run at the end of `python -m evals.bench_search`)

Files are written from the framework cards (English and Italian, real prose, a few passages each, as a team's
notes are), so most of the time goes to embedding. Each round times, in turn, `brandplan ingest` of its own files
into a fresh workspace and the bare model encoding the passages that ingestion produced, in the index's batches.
Each round's files differ, so the model's memory of recent vectors serves neither pass. The rounds alternate so
that a shared CPU slows both alike; the ratio is what counts.

Files are read by a reader process that, when it starts, imports this process's main module, as multiprocessing
does: this module imports the project lazily so that its readers cost what `brandplan ingest`'s do.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.config import Settings


def write_files(knowledge_dir: Path, folder: Path, count: int, round_: int = 0) -> list[Path]:
    cards = sorted((knowledge_dir / "cards").glob("*/*.md"))
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number in range(count):
        card = cards[number % len(cards)]
        path = folder / f"{number:04d}-{card.parent.name}-{card.name}"
        # the round and file number in each file keep every file's bytes, and so its passages, distinct: the
        # model's memory of recent vectors (`Remembered`) must not serve a later round
        path.write_text(f"# Notes {round_}.{number}\n\n{card.read_text(encoding='utf-8')}", encoding="utf-8")
        files.append(path)
    return files


def measure(settings: "Settings", rounds: list[list[Path]]) -> dict[str, float]:
    from assistant.retrieval.embeddings import Remembered
    from assistant.retrieval.knowledge import KnowledgeBase
    from assistant.retrieval.vectors import BATCH
    from assistant.store import open_store

    store = open_store(settings)
    kb = KnowledgeBase(settings, store)
    try:
        kb.embeddings.embed_documents(["warm up"])
        kb.search("warm up", top=1)  # the cards are indexed before anything is timed
        model = kb.embeddings.model if isinstance(kb.embeddings, Remembered) else kb.embeddings
        raw, ingest, passages = [], [], 0
        for number, files in enumerate(rounds):
            space = store.create_workspace(name=f"bench {number}", slug=f"bench-{number}")
            started = time.perf_counter()
            outcomes = kb.ingest_paths(space.id, files)
            ingest.append(time.perf_counter() - started)
            texts = [chunk.indexed_text for chunk in store.list_chunks(space.id)]
            passages = sum(o.passages for o in outcomes)
            started = time.perf_counter()
            for begin in range(0, len(texts), BATCH):
                model.embed_documents(texts[begin : begin + BATCH])
            raw.append(time.perf_counter() - started)
        return {
            "files": len(rounds[0]),
            "passages": passages,
            "raw_per_s": passages / statistics.median(raw),
            "ingest_per_s": passages / statistics.median(ingest),
        }
    finally:
        store.close()


def table(files: int, rounds: int) -> str:
    """Ingestion against raw encoding, measured in a scratch data directory, as a two-line table."""
    from assistant.config import get_settings

    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="brandplan-bench-") as scratch:
        written = [write_files(settings.knowledge_dir, Path(scratch) / f"files-{n}", files, n) for n in range(rounds)]
        data = Path(scratch) / "data"
        result = measure(settings.model_copy(update={"data_dir": data, "database_url": None}), written)
    ratio = result["ingest_per_s"] / result["raw_per_s"]
    return (
        f"{'files':>6} {'passages':>9} {'raw enc/s':>10} {'ingest/s':>9} {'ratio':>6}\n"
        f"{result['files']:>6} {result['passages']:>9} {result['raw_per_s']:>10.1f}"
        f" {result['ingest_per_s']:>9.1f} {ratio:>6.0%}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    print(table(args.files, args.rounds))


if __name__ == "__main__":
    main()
