"""The embedding model is a setting: each packaged model loads offline, and switching rebuilds the index."""

import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.retrieval.cards import cards_hash
from assistant.retrieval.embeddings import (
    MODELS,
    E5Embeddings,
    Remembered,
    embedding_model,
    load_embeddings,
    model_id,
)
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.vectors import CARDS, workspace_collection
from assistant.store import SqlStore

CARDS_KEPT = ("smart-objectives", "engagement-ladder")


@pytest.fixture
def small_knowledge(tmp_path: Path) -> Path:
    """Two cards per language, so re-embedding them with each model stays cheap."""
    source = Settings().knowledge_dir
    knowledge = tmp_path / "knowledge"
    shutil.copytree(source / "language", knowledge / "language")
    for lang in ("en", "it"):
        (knowledge / "cards" / lang).mkdir(parents=True)
        for card in CARDS_KEPT:
            shutil.copy(source / "cards" / lang / f"{card}.md", knowledge / "cards" / lang)
    return knowledge


def test_the_default_is_the_measured_winner_and_the_other_stays_selectable() -> None:
    assert Settings().embedding_model == "minilm"
    assert embedding_model("").name == "minilm"
    assert Settings(embedding_model="e5-small").embedding_model == "e5-small"
    assert set(MODELS) == {"minilm", "e5-small"}
    with pytest.raises(ValueError, match="e5-small"):
        embedding_model("no-such-model")


def test_e5_reads_italian_and_english_alike_offline() -> None:
    """The packaged 4-bit model loads from the wheel (the conftest refuses any network call)."""
    e5 = load_embeddings("e5-small")
    assert model_id(e5) == E5Embeddings.model_name
    passages = e5.embed_documents(
        ["Obiettivi SMART: specifici, misurabili, raggiungibili, rilevanti e con una scadenza.", "Brand purpose"]
    )
    query = e5.embed_query("how do we make our goals measurable with a deadline?")
    assert len(query) == 384
    scores = [sum(a * b for a, b in zip(query, p, strict=True)) for p in passages]
    assert scores[0] > scores[1]
    assert e5.embed_documents(["Brand purpose"]) == [passages[1]]  # remembered, not embedded again


def test_a_store_built_by_another_model_rebuilds_itself_with_every_document(
    store: SqlStore, data_dir: Path, small_knowledge: Path, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    minilm = Settings(data_dir=data_dir, knowledge_dir=small_knowledge, embedding_model="minilm")
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    first = KnowledgeBase(minilm, store)
    first.ingest_paths(workspace.id, [files / "research.pdf", files / "notes.txt"])
    chunks = store.list_chunks(workspace.id)
    assert first.index.built_by() == model_id(first.embeddings) != E5Embeddings.model_name

    e5 = KnowledgeBase(minilm.model_copy(update={"embedding_model": "e5-small"}), store)
    assert e5.index.built_by() == E5Embeddings.model_name
    assert e5.index.workspace_built_by(workspace.id) == E5Embeddings.model_name
    collection = e5.index.client.get_collection(workspace_collection(workspace.id))
    assert sorted(collection.get()["ids"]) == sorted(c.id for c in chunks)
    passages = [i for i in e5.index.client.get_collection(CARDS).get()["ids"] if "#q" not in i]  # not questions
    assert len(passages) == 2 * len(CARDS_KEPT)
    assert [d.filename for d in e5.documents(workspace.id)] == [d.filename for d in first.documents(workspace.id)]
    hits = e5.search("Quando i visitatori tedeschi scoprono la cantina?", workspace_id=workspace.id, mode="dense")
    assert hits[0].citation.file == "research.pdf"

    # Opened again by the same model: nothing is rebuilt.
    monkeypatch.setattr(KnowledgeBase, "_rebuild", lambda *_: pytest.fail("rebuilt without a change of model"))
    assert KnowledgeBase(e5.settings, store).index.built_by() == E5Embeddings.model_name
    monkeypatch.undo()

    back = KnowledgeBase(minilm, store)
    assert back.index.built_by() == model_id(back.embeddings)
    assert back.search("travel blogs German visitors", workspace_id=workspace.id)[0].citation.file == "research.pdf"


def test_reindex_rebuilds_with_the_configured_model(
    store: SqlStore, data_dir: Path, small_knowledge: Path, files: Path
) -> None:
    settings = Settings(data_dir=data_dir, knowledge_dir=small_knowledge, embedding_model="minilm")
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    kb = KnowledgeBase(settings, store)
    kb.ingest_paths(workspace.id, [files / "notes.txt"])
    assert kb.reindex() == {"cards": 2 * len(CARDS_KEPT), "aurora": 1}
    assert kb.index.workspace_built_by(workspace.id) == model_id(kb.embeddings)


def test_cards_indexed_by_section_come_back_once_each(store: SqlStore, data_dir: Path, small_knowledge: Path) -> None:
    settings = Settings(data_dir=data_dir, knowledge_dir=small_knowledge, embedding_model="minilm")
    kb = KnowledgeBase(settings, store)
    assert kb.index.sync_cards(kb.cards, cards_hash(small_knowledge), sections=True) is True
    ids = [i for i in kb.index.client.get_collection(CARDS).get()["ids"] if "#q" not in i]  # a card's questions apart
    assert len(ids) == 3 * len(kb.cards) and "en:smart-objectives#example" in ids
    hits = kb.search("measurable goals with a deadline", language="en", mode="dense")
    assert [h.citation.card_id for h in hits] == ["smart-objectives", "engagement-ladder"]


class _Counted(Embeddings):
    """The real packaged model, counting the texts it is asked to embed."""

    def __init__(self, model: Embeddings) -> None:
        self.model, self.passages, self.queries = model, 0, 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.passages += len(texts)
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries += 1
        return self.model.embed_query(text)


def test_a_second_index_of_the_same_cards_embeds_nothing_again() -> None:
    counted = _Counted(load_embeddings("minilm").model)
    remembered = Remembered(counted)
    cards = ["Brand purpose: why the brand exists", "The engagement ladder", "Brand purpose: why the brand exists"]
    first = remembered.embed_documents(cards)
    assert counted.passages == 2  # a text repeated in one call is embedded once
    assert remembered.embed_documents(list(reversed(cards))) == list(reversed(first))
    assert counted.passages == 2
    assert remembered.embed_query("what is co-creation?") == remembered.embed_query("what is co-creation?")
    assert counted.queries == 1
    minilm = load_embeddings("minilm")
    assert model_id(minilm) == model_id(minilm.model) != model_id(remembered)  # indexes record the model itself


def test_only_the_most_recent_passages_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(load_embeddings("minilm").model)
    remembered = Remembered(counted)
    monkeypatch.setattr(remembered, "PASSAGES", 2)
    remembered.embed_documents(["one", "two", "three"])
    remembered.embed_documents(["three", "one"])
    assert counted.passages == 4  # "one" had been let go; "three" was still kept
