"""The knowledge base: cards and workspace documents, ingestion and search, built lazily once per process."""

from functools import cached_property
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.document import Language
from assistant.retrieval.cards import Card, cards_hash, load_cards
from assistant.retrieval.embeddings import EmbeddingModel, embedding_model, load_embeddings
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.hits import Hit
from assistant.retrieval.ingest import Ingestor, IngestOutcome, Progress
from assistant.retrieval.matching import Matcher
from assistant.retrieval.search import Retriever
from assistant.retrieval.text import Analyzer, analyzer_for
from assistant.retrieval.vectors import VectorIndex, make_client
from assistant.store.repository import DocumentInfo, Store


class KnowledgeBase:
    def __init__(self, settings: Settings, store: Store, embeddings: Embeddings | None = None):
        self.settings = settings
        self.store = store
        self._embeddings = embeddings

    @cached_property
    def cards(self) -> list[Card]:
        return load_cards(self.settings.knowledge_dir)

    @cached_property
    def analyzer(self) -> Analyzer:
        return analyzer_for(self.settings.knowledge_dir)

    @cached_property
    def glossary(self) -> Glossary:
        return Glossary.load(self.settings.knowledge_dir / "language" / "glossary.yaml", self.analyzer)

    @cached_property
    def model(self) -> EmbeddingModel:
        """The configured embedding model: which one, its fusion weights, whether cards go in by section."""
        return embedding_model(self.settings.embedding_model)

    @cached_property
    def embeddings(self) -> Embeddings:
        return self._embeddings or load_embeddings(self.settings.embedding_model)

    @cached_property
    def index(self) -> VectorIndex:
        """The vector index, with the cards brought up to date; rebuilt whole if another model built it."""
        index = VectorIndex(make_client(self.settings), self.embeddings)
        built_by = index.built_by()
        if built_by is not None and built_by != index.model:
            self._rebuild(index)
        else:
            index.sync_cards(self.cards, cards_hash(self.settings.knowledge_dir), sections=self.model.card_sections)
        return index

    @cached_property
    def retriever(self) -> Retriever:
        return self.retriever_with(self.embeddings)

    def retriever_with(self, embeddings: Embeddings) -> Retriever:
        """This search with another embedding function: the benchmark's bare model, or its kept vectors."""
        return Retriever(
            cards=self.cards,
            analyzer=self.analyzer,
            glossary=self.glossary,
            index=self.index,
            embeddings=embeddings,
            store=self.store,
            dense_weight=self.model.dense_weight,
            question_weight=self.model.question_weight,
            glossary_in_query=self.model.glossary_in_query,
            twin_weight=self.model.twin_weight,
            translated_weight=self.model.translated_weight,
            rrf_k=self.model.rrf_k,
        )

    def content(self, text: str, language: Language) -> frozenset[str]:
        """The stems of the text's words, function words aside; no model needed."""
        return frozenset(analyzer_for(self.settings.knowledge_dir, fillers=False).terms(text, language))

    @cached_property
    def matcher(self) -> Matcher:
        """Sentences against a question, for the composed framework answers."""
        return Matcher(
            analyzer=analyzer_for(self.settings.knowledge_dir, fillers=False),
            embeddings=self.embeddings,
            lexicon=self.settings.knowledge_dir / "language" / "answering.yaml",
        )

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(store=self.store, index=self.index, analyzer=self.analyzer, settings=self.settings)

    @property
    def ready(self) -> bool:
        """The embedding model and the vector index are loaded: an upload or a search starts at once."""
        return "embeddings" in self.__dict__ and "index" in self.__dict__

    def card(self, card_id: str, language: Language) -> Card | None:
        return next((c for c in self.cards if c.id == card_id and c.language == language), None)

    def cards_tagged(self, tags: list[str], language: Language) -> list[Card]:
        """Cards sharing the most tags with `tags`, best first (for "related cards")."""
        wanted = set(tags)
        scored = [(len(wanted & set(c.tags)), c) for c in self.cards if c.language == language]
        return [card for score, card in sorted(scored, key=lambda pair: -pair[0]) if score]

    def search(self, query: str, **options: Any) -> list[Hit]:
        """`Retriever.search`, with its options, on the retriever built at first use."""
        return self.retriever.search(query, **options)

    def ingest_paths(self, workspace_id: str, paths: list[Path], **options: Any) -> list[IngestOutcome]:
        """`Ingestor.ingest_paths`: each file all or nothing (one bad file is reported, the others go in), their
        passages embedded in batches across files."""
        return self.ingestor.ingest_paths(workspace_id, paths, **options)

    def ingest_bytes(
        self, workspace_id: str, filename: str, data: bytes, *, progress: Progress | None = None
    ) -> IngestOutcome:
        return self.ingestor.ingest_bytes(workspace_id, filename, data, progress=progress)

    def documents(self, workspace_id: str) -> list[DocumentInfo]:
        return self.store.list_documents(workspace_id)

    def remove(self, workspace_id: str, filename: str) -> DocumentInfo:
        return self.ingestor.remove(workspace_id, filename)

    def reindex(self) -> dict[str, int]:
        """Rebuild every vector collection from the card files and the chunk text kept in the database."""
        return self._rebuild(VectorIndex(make_client(self.settings), self.embeddings))

    def _rebuild(self, index: VectorIndex) -> dict[str, int]:
        """Workspaces first and the cards last: the cards' model stamp says the whole rebuild finished, so
        one cut short is done again at the next start. Passages come from the database, which keeps them all.
        """
        counts: dict[str, int] = {}
        for workspace in self.store.list_workspaces():
            chunks = self.store.list_chunks(workspace.id)
            index.drop_workspace(workspace.id)
            if chunks:
                index.add_chunks(workspace.id, chunks)
            counts[workspace.slug] = len(chunks)
        index.sync_cards(
            self.cards, cards_hash(self.settings.knowledge_dir), sections=self.model.card_sections, force=True
        )
        return {"cards": len(self.cards), **counts}
