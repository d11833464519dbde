"""The dense index: Chroma, embedded under the data directory or a server at `BRANDPLAN_CHROMA_URL`.

Cards live in one collection; each workspace's documents in a collection of their own, so one
client's passages cannot come back for another. The database keeps every chunk's text, so this
index can always be rebuilt from it.
"""

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.retrieval.cards import Card
from assistant.retrieval.embeddings import model_id
from assistant.store.repository import Chunk

CARDS = "brandplan-cards"
# What a card entry holds: the card's text (whole or one section), or one of the everyday questions it answers.
CARD, QUESTION = "card", "question"
BATCH = 256
LAYOUT = "2"  # what the card entries carry; a collection stamped with another layout is rebuilt
QUESTION_KEY = re.compile(r"#q[0-9]+$")


def workspace_collection(workspace_id: str) -> str:
    """Collection names need 3 to 512 characters; workspace ids are 36."""
    return f"brandplan-ws-{workspace_id}"


def make_client(settings: Settings) -> Any:
    """An HTTP client for a configured server, else an embedded persistent one; telemetry off."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlsplit(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _where(filters: dict[str, str]) -> dict[str, Any] | None:
    clauses = [{key: value} for key, value in filters.items()]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class VectorIndex:
    def __init__(self, client: Any, embeddings: Embeddings):
        self.client = client
        self.embeddings = embeddings
        # collections by name, as searched: looking one up costs a round trip to Chroma at every search
        self._collections: dict[str, Any] = {}
        self._cards: CardVectors | None = None  # the card collection's vectors, read once after a (re)build
        self._cards_lock = threading.Lock()

    def _store(self, name: str, metadata: dict[str, str] | None = None) -> Chroma:
        return Chroma(
            client=self.client,
            collection_name=name,
            embedding_function=self.embeddings,
            collection_metadata=metadata,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )

    def _metadata(self, name: str) -> dict[str, Any] | None:
        try:
            return dict(self.client.get_collection(name).metadata or {})
        except Exception:  # chromadb raises NotFoundError or ValueError depending on client
            return None

    @property
    def model(self) -> str:
        return model_id(self.embeddings)

    def built_by(self) -> str | None:
        """The model that built the card collection (written last by a rebuild); None if there is none yet."""
        current = self._metadata(CARDS)
        return None if current is None else str(current.get("model", ""))

    def workspace_built_by(self, workspace_id: str) -> str | None:
        current = self._metadata(workspace_collection(workspace_id))
        return None if current is None else str(current.get("model", ""))

    def sync_cards(self, cards: list[Card], digest: str, *, sections: bool = False, force: bool = False) -> bool:
        """Rebuild the card collection when the cards, the model, the sectioning or the layout changed; True if
        rebuilt. Each card's questions go in as entries of their own, marked `part: question`."""
        stamp = {"content_hash": digest, "model": self.model, "sections": str(sections), "layout": LAYOUT}
        current = self._metadata(CARDS)
        if not force and current is not None and all(current.get(k) == v for k, v in stamp.items()):
            return False
        self._cards = None
        if current is not None:
            self._collections.pop(CARDS, None)
            self.client.delete_collection(CARDS)
        store = self._store(CARDS, stamp)
        entries = [
            (f"{card_key(c)}#{name}" if sections else card_key(c), text, c, CARD)
            for c in cards
            for name, text in (c.sections.items() if sections else [("", c.text)])
        ] + [(question_key(c, n), question, c, QUESTION) for c in cards for n, question in enumerate(c.questions)]
        for begin in range(0, len(entries), BATCH):
            batch = entries[begin : begin + BATCH]
            store.add_texts(
                texts=[text for _, text, _, _ in batch],
                metadatas=[
                    {"card_id": c.id, "language": c.language, "stage": c.stage, "part": part} for _, _, c, part in batch
                ],
                ids=[key for key, _, _, _ in batch],
            )
        return True

    def add_chunks(self, workspace_id: str, chunks: list[Chunk]) -> None:
        store = self._store(workspace_collection(workspace_id), {"model": self.model})
        for begin in range(0, len(chunks), BATCH):
            batch = chunks[begin : begin + BATCH]
            store.add_texts(
                texts=[c.indexed_text for c in batch],
                metadatas=[{"document_id": c.document_id, "language": c.language} for c in batch],
                ids=[c.id for c in batch],
            )

    def delete_chunks(self, workspace_id: str, ids: list[str]) -> None:
        if ids and self._metadata(workspace_collection(workspace_id)) is not None:
            self._store(workspace_collection(workspace_id)).delete(ids=ids)

    def drop_workspace(self, workspace_id: str) -> None:
        if self._metadata(workspace_collection(workspace_id)) is not None:
            self._collections.pop(workspace_collection(workspace_id), None)
            self.client.delete_collection(workspace_collection(workspace_id))

    def search(
        self, collection: str, vector: list[float], *, k: int, filters: dict[str, str]
    ) -> list[tuple[str, float, str]]:
        """Ids, cosine similarities and languages of the `k` nearest passages in one collection, nearest first."""
        query = {
            "query_embeddings": [vector],
            "n_results": k,
            "where": _where(filters),
            "include": ["distances", "metadatas"],
        }
        cached = collection in self._collections
        try:
            target = self._collection(collection)
        except Exception:  # no such collection yet: nothing indexed
            return []
        try:
            found = target.query(**query)
        except Exception:
            self._collections.pop(collection, None)
            if not cached:
                raise
            # dropped and made again since it was looked up (a rebuild, perhaps by another worker): look again
            return self.search(collection, vector, k=k, filters=filters)
        ids, distances, metadatas = found["ids"][0], (found["distances"] or [[]])[0], (found["metadatas"] or [[]])[0]
        return [
            (key, 1.0 - float(distance), str((metadata or {}).get("language", "")))
            for key, distance, metadata in zip(ids, distances, metadatas, strict=True)
        ]

    def search_cards(self, vector: list[float]) -> list[tuple[str, float]]:
        """Every entry of the card collection with its cosine similarity to `vector`, nearest first. The entries
        (a few thousand at most, fixed until the cards change) are read from Chroma once and compared here, exactly:
        a Chroma query returning all of them cost several milliseconds, and its graph search is approximate."""
        cards = self._card_vectors()
        if not cards.keys:
            return []
        query = np.asarray(vector, dtype=np.float32)
        similarities = cards.unit @ (query / (np.linalg.norm(query) or 1.0))
        order = np.argsort(-similarities, kind="stable")
        return [(cards.keys[n], float(similarities[n])) for n in order]

    def _card_vectors(self) -> "CardVectors":
        with self._cards_lock:
            if self._cards is None:
                try:
                    stored = self._collection(CARDS).get(include=["embeddings"])
                except Exception:  # no card collection yet: nothing indexed
                    return CardVectors([], np.zeros((0, 0), dtype=np.float32))
                matrix = np.asarray(stored["embeddings"], dtype=np.float32).reshape(len(stored["ids"]), -1)
                norms = np.linalg.norm(matrix, axis=1, keepdims=True)
                self._cards = CardVectors(list(stored["ids"]), matrix / np.where(norms == 0, 1.0, norms))
            return self._cards

    def _collection(self, name: str) -> Any:
        if name not in self._collections:
            self._collections[name] = self.client.get_collection(name)
        return self._collections[name]


def card_key(card: Card) -> str:
    return f"{card.language}:{card.id}"


def question_key(card: Card, number: int) -> str:
    return f"{card_key(card)}#q{number}"


@dataclass(frozen=True)
class CardVectors:
    """The card collection's entries: their keys and their vectors scaled to unit length, row by row."""

    keys: list[str]
    unit: np.ndarray


@dataclass(frozen=True)
class Entry:
    """What a card entry's key tells: its card, the card's language, and whether it is one of its questions."""

    card: str
    language: str
    question: bool


@lru_cache(maxsize=8192)
def entry_of(key: str) -> Entry:
    """The entry behind a key of the card collection, read from the key alone: reading the entries' metadata
    back from Chroma costs several times the query itself."""
    return Entry(card_of(key), key.split(":", 1)[0], QUESTION_KEY.search(key) is not None)


def card_of(key: str) -> str:
    """The card key of a card-section key (`en:smart-objectives#coach`); other keys unchanged."""
    return key.split("#", 1)[0]
