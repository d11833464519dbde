"""Search speed at 1k, 10k and 100k passages of a workspace, side by side in one run.

    python -m evals.bench_search [--sizes 1000,10000,100000] [--questions 40] [--real 400]

Passages are made from the cards' sentences, recombined by a seeded random generator into documents of 100
passages (English and Italian as the cards are). `--real` of them are embedded with the configured model;
the others reuse those vectors, slightly perturbed, because embedding 100k passages would take hours here.
For each size it prints hybrid search p50/p95 without the question's embedding (the model's answer for each
question is kept from a first pass), with it, the documents' full-text search alone (both languages, as hybrid
search calls it), and a plain LangChain Chroma similarity search of the same passages; then the first search of
each workspace after the store and the knowledge base are opened again. Nothing is kept between runs.
"""

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.config import Settings, get_settings
from assistant.document import Language
from assistant.retrieval.embeddings import Remembered
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.search import LANGUAGES, POOL
from assistant.retrieval.vectors import workspace_collection
from assistant.store import Chunk, DocumentInfo, open_store
from assistant.store.repository import utcnow
from evals.load.run import ms, quantile
from evals.retrieval.run import SETS, load_cases

PASSAGES_PER_DOCUMENT = 100
SENTENCES = (3, 7)  # sentences per passage, about 400 to 900 characters
NOISE = 0.02  # how far a reused vector is moved
CHROMA_BATCH = 5000


class KeptEmbeddings(Embeddings):
    """The model, with each question's vector kept after its first use: search timed without embedding."""

    def __init__(self, model: Embeddings):
        self.model = model
        self.kept: dict[str, list[float]] = {}

    def embed_query(self, text: str) -> list[float]:
        if text not in self.kept:
            self.kept[text] = self.model.embed_query(text)
        return self.kept[text]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.embed_documents(texts)


def sentences(kb: KnowledgeBase) -> dict[Language, list[str]]:
    found: dict[Language, list[str]] = {"en": [], "it": []}
    for card in kb.cards:
        for part in (card.intro, card.coach, card.ask, card.example):
            found[card.language] += [s for s in re.split(r"(?<=[.!?])\s+", part) if len(s) > 30]
    return found


def make_passages(kb: KnowledgeBase, size: int, rng: random.Random) -> list[tuple[Language, str]]:
    pools = sentences(kb)
    made: list[tuple[Language, str]] = []
    while len(made) < size:
        language: Language = "it" if rng.random() < 0.3 else "en"  # a document is in one language
        for _ in range(min(PASSAGES_PER_DOCUMENT, size - len(made))):
            made.append((language, " ".join(rng.choices(pools[language], k=rng.randint(*SENTENCES)))))
    return made


def fill(
    kb: KnowledgeBase, workspace_id: str, passages: list[tuple[Language, str]], vectors: list[list[float]]
) -> None:
    """Store the passages as documents of 100 and add their vectors to the workspace's collection."""
    rng = random.Random(len(passages))
    ids: list[str] = []
    for begin in range(0, len(passages), PASSAGES_PER_DOCUMENT):
        batch = passages[begin : begin + PASSAGES_PER_DOCUMENT]
        document_id = str(uuid.uuid4())
        language = batch[0][0]
        chunks = [
            Chunk(f"{document_id}-{n}", document_id, workspace_id, n, text, language, 0, len(text))
            for n, (_, text) in enumerate(batch)
        ]
        name = f"doc-{begin // PASSAGES_PER_DOCUMENT:04d}.txt"
        info = DocumentInfo(document_id, workspace_id, name, document_id, 1, "text/plain", language, utcnow())
        kb.store.put_document(info, chunks)
        ids += [c.id for c in chunks]
    collection = kb.index.client.get_or_create_collection(
        workspace_collection(workspace_id),
        metadata={"model": kb.index.model},
        configuration={"hnsw": {"space": "cosine"}},
    )
    for begin in range(0, len(ids), CHROMA_BATCH):
        end = min(begin + CHROMA_BATCH, len(ids))
        embeddings = [
            perturb(vectors[n % len(vectors)], rng) if n >= len(vectors) else vectors[n] for n in range(begin, end)
        ]
        languages = [passages[n][0] for n in range(begin, end)]
        collection.add(
            ids=ids[begin:end],
            embeddings=embeddings,
            metadatas=[
                {"document_id": key.rsplit("-", 1)[0], "language": lang}
                for key, lang in zip(ids[begin:end], languages, strict=True)
            ],
        )


def perturb(vector: list[float], rng: random.Random) -> list[float]:
    moved = [x + rng.gauss(0.0, NOISE) for x in vector]
    norm = sum(x * x for x in moved) ** 0.5
    return [x / norm for x in moved]


def timed(call: Callable[[str], Any], questions: list[str]) -> tuple[float, float]:
    seconds = []
    for question in questions:
        started = time.perf_counter()
        call(question)
        seconds.append(time.perf_counter() - started)
    return ms(quantile(seconds, 0.5)), ms(quantile(seconds, 0.95))


def full_text(kb: KnowledgeBase, workspace_id: str, question: str) -> None:
    """The documents' BM25 of one question, in both languages: the part of hybrid search the database does."""
    for language in LANGUAGES:
        terms = kb.analyzer.terms(question, language)
        kb.store.search_passages(workspace_id, terms=terms, language=language, limit=POOL)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--questions", type=int, default=40, help="questions of the dev set asked at each size")
    parser.add_argument("--real", type=int, default=400, help="passages embedded with the model")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--ingest-files", type=int, default=60, help="files for the ingestion row (0: none)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    questions = [case.question for case in load_cases(SETS["dev"])][: args.questions]
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="brandplan-bench-") as scratch:
        settings: Settings = get_settings().model_copy(update={"data_dir": Path(scratch), "database_url": None})
        store = open_store(settings)
        kb = KnowledgeBase(settings, store)
        started = time.perf_counter()
        real = make_passages(kb, args.real, rng)
        vectors = kb.embeddings.embed_documents([text for _, text in real])
        print(f"embedded {len(real)} passages in {time.perf_counter() - started:.0f} s")
        workspaces: dict[int, str] = {}
        for size in sizes:
            started = time.perf_counter()
            workspace = store.create_workspace(name=f"Bench {size}", slug=f"bench-{size}")
            fill(
                kb,
                workspace.id,
                real + make_passages(kb, size - len(real), rng) if size > len(real) else real[:size],
                vectors,
            )
            workspaces[size] = workspace.id
            print(f"stored and indexed {size} passages in {time.perf_counter() - started:.0f} s")

        # the model without its memory of recent vectors (`Remembered`), which would serve every question
        # after its first asking: "with it" pays for each question's embedding, as a new question does
        bare = kb.embeddings.model if isinstance(kb.embeddings, Remembered) else kb.embeddings
        kept = kb.retriever_with(KeptEmbeddings(bare))
        fresh_questions = kb.retriever_with(bare)
        rows = []
        for size, workspace_id in workspaces.items():
            plain = Chroma(
                client=kb.index.client,
                collection_name=workspace_collection(workspace_id),
                embedding_function=bare,
            )
            for question in questions:  # the first pass keeps each question's vector
                kept.search(question, workspace_id=workspace_id)
            rows.append(
                (
                    size,
                    timed(partial(kept.search, workspace_id=workspace_id), questions),
                    timed(partial(fresh_questions.search, workspace_id=workspace_id), questions),
                    timed(partial(full_text, kb, workspace_id), questions),
                    timed(partial(plain.similarity_search, k=5), questions),
                )
            )
        store.close()

        reopened = open_store(settings)
        fresh = KnowledgeBase(settings, reopened)
        fresh.embeddings.embed_query("warm-up")  # loading the model is not the search's wait
        fresh.index  # noqa: B018 - the card collection, checked at start
        firsts = {}
        for size, workspace_id in workspaces.items():
            started = time.perf_counter()
            fresh.search(questions[0], workspace_id=workspace_id)
            firsts[size] = ms(time.perf_counter() - started)
        reopened.close()

    print(table(rows, firsts))
    if args.ingest_files:
        print("\ningestion against the raw encoding speed of the same model, on the same passages")
        # in a process of its own, whose main module (light) is what each file's reader child imports again
        command = [sys.executable, "-m", "evals.bench_ingest", "--files", str(args.ingest_files), "--rounds", "1"]
        subprocess.run(command, check=True)


Timing = tuple[float, float]


def table(rows: list[tuple[int, Timing, Timing, Timing, Timing]], firsts: dict[int, float]) -> str:
    columns = (
        "hybrid, no embedding",
        "hybrid, with it",
        "documents' BM25",
        "LangChain Chroma",
        "first search after restart",
    )
    header = (
        f"{'passages':>9} | {columns[0]:>20} | {columns[1]:>16} | {columns[2]:>16} | {columns[3]:>16} | "
        f"{columns[4]:>26}"
    )
    lines = [header, "-" * len(header)]
    for size, without, with_, bm25, plain in rows:
        lines.append(
            f"{size:>9} | {without[0]:>9.1f} / {without[1]:<8.1f} | {with_[0]:>7.1f} / {with_[1]:<6.1f} | "
            f"{bm25[0]:>7.1f} / {bm25[1]:<6.1f} | {plain[0]:>7.1f} / {plain[1]:<6.1f} | {firsts[size]:>23.1f} ms"
        )
    lines.append("p50 / p95 in ms")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
