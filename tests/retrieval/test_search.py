import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.retrieval.cards import cards_hash
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.vectors import VectorIndex, make_client
from assistant.store import SqlStore, Workspace


def test_framework_question_finds_its_card_with_a_citation(kb: KnowledgeBase) -> None:
    hits = kb.search("What is co-creation with customers?", language="en")
    top = hits[0]
    assert top.citation.kind == "card" and top.citation.card_id == "engagement-co-creation"
    assert top.citation.title.startswith("Co-creation")
    assert "D'Appollonio" in (top.citation.attribution or "")
    assert top.score > 0 and top.text


@pytest.mark.parametrize(
    ("language", "query", "card_id"),
    [
        (  # its question: "How do we make it easier for a happy customer to recommend us to a friend?"
            "en",
            "Half our regulars bring their friends along. How do we make passing us on to a friend effortless?",
            "activations-express-relationship",
        ),
        (  # its question: "Online prendono in giro la nostra campagna. Come reagiamo?"
            "it",
            "Sui social la gente sfotte la nostra ultima pubblicità. Come rispondiamo?",
            "loss-of-control",
        ),
        (  # its question: "A customer reports a problem to one of us, and whoever they speak to next knows nothing..."
            "en",
            "Each time a customer calls, they explain the problem from scratch to whoever picks up."
            " What should change?",
            "engagement-relationship",
        ),
        (  # its question: "Molte richieste di preventivo non diventano ordini. Cosa possiamo dare a chi non conclude?"
            "it",
            "Molti ci chiedono un preventivo e poi spariscono. Possiamo offrire qualcosa anche a loro?",
            "value-across-transaction",
        ),
        (  # its question: "Our customers set up their own chat group to help each other. Should someone..."
            "en",
            "Our fans started a Telegram group on their own. Should we be in it?",
            "engagement-community",
        ),
        (  # its question: "We bought the software first and the plan came later. Is that the wrong way round?", which
            # the glossary ("ordine sbagliato": wrong order) carries to an Italian question
            "it",
            "Abbiamo comprato un CRM prima di sapere a cosa ci serviva. Abbiamo sbagliato ordine?",
            "tools-last-mile",
        ),
    ],
)
def test_a_card_comes_first_for_one_of_its_everyday_questions_in_other_words(
    kb: KnowledgeBase, language: str, query: str, card_id: str
) -> None:
    hits = kb.search(query, language=language)  # type: ignore[arg-type]
    assert hits[0].citation.card_id == card_id
    card = kb.card(card_id, language)  # type: ignore[arg-type]
    assert card is not None and hits[0].text == card.intro  # the hit shows the card, not the questions


@pytest.mark.parametrize(
    ("asked_in", "searched", "query", "card_id"),
    [
        ("it", "en", "Le promesse del brand si giocano nella singola risposta su Instagram?", "tools-last-mile"),
        (
            "en",
            "it",
            "We need a way for customers to send us feedback and get a quick answer. Where do we start?",
            "engagement-relationship",
        ),
    ],
)
def test_a_question_finds_the_card_that_answers_it_first_among_the_other_languages_cards(
    kb: KnowledgeBase, asked_in: str, searched: str, query: str, card_id: str
) -> None:
    assert kb.analyzer.detect(query) == asked_in
    hits = kb.search(query, language=searched)  # type: ignore[arg-type]
    assert hits[0].citation.card_id == card_id
    assert hits[0].language == searched  # the card in the language searched, ranked by its twin in `asked_in` too


def test_an_italian_question_in_everyday_words_finds_the_english_card_among_the_first_five(kb: KnowledgeBase) -> None:
    """The glossary carries "cavalcare" (jump on) and "notizie" (news) to the English card."""
    hits = kb.search("Conviene cavalcare le notizie del giorno per farsi notare?", language="en")
    assert "real-time-marketing-pitfalls" in [h.citation.card_id for h in hits]


def test_filters_by_stage_and_language(kb: KnowledgeBase) -> None:
    italian = kb.search("perché i KPI qualitativi vengono prima?", language="it", top=8)
    assert italian and all(h.language == "it" for h in italian)
    assert italian[0].citation.card_id == "qualitative-first-kpis"
    kpis = kb.search("how do we measure success", stage="kpis", top=10)
    stages = {c.stage for c in kb.cards if c.id in {h.citation.card_id for h in kpis}}
    assert kpis and stages == {"kpis"}


def test_a_card_appears_once_when_both_languages_are_searched(kb: KnowledgeBase) -> None:
    hits = kb.search("community engagement level", top=10)
    card_ids = [h.citation.card_id for h in hits]
    assert len(card_ids) == len(set(card_ids))


def test_documents_are_searched_with_cards_and_labelled(kb: KnowledgeBase, workspace: Workspace, files: Path) -> None:
    kb.ingest_paths(workspace.id, [files / "research.pdf", files / "brandbook.md"])
    hits = kb.search("how do German visitors discover the winery", workspace_id=workspace.id, top=5)
    assert hits[0].citation.kind == "document"
    assert hits[0].citation.label == "research.pdf, p. 2"
    assert hits[0].as_json()["page"] == 2
    mixed = kb.search("guests co-create the new blend at harvest", workspace_id=workspace.id, top=5)
    kinds = {h.citation.kind for h in mixed}
    assert kinds == {"card", "document"}
    doc = next(h for h in mixed if h.citation.kind == "document")
    assert doc.citation.label == "brandbook.md, Brand book > Harvest"


def test_a_passage_whose_document_is_gone_from_the_database_is_passed_over(
    kb: KnowledgeBase, workspace: Workspace, files: Path
) -> None:
    """Between a document's removal from the database and from the vector index (a crash in that window), its
    vectors can still be found: the search reads passages only for the hits it returns and passes over those
    the database no longer has, filling their places with the next ones."""
    kb.ingest_paths(workspace.id, [files / "research.pdf", files / "brandbook.md"])
    kb.store.remove_document(workspace.id, "research.pdf")  # the database only: its vectors stay in Chroma
    question = "how do German visitors discover the winery"
    for mode in ("hybrid", "dense"):
        hits = kb.search(question, workspace_id=workspace.id, top=2, mode=mode, cards=False)
        assert [h.citation.file for h in hits] == ["brandbook.md", "brandbook.md"], mode
        mixed = kb.search(question, workspace_id=workspace.id, top=5, mode=mode)
        assert len(mixed) == 5 and all(h.citation.file != "research.pdf" for h in mixed), mode


def test_one_workspace_never_retrieves_another_workspaces_passages(
    kb: KnowledgeBase, store: SqlStore, workspace: Workspace
) -> None:
    rival = store.create_workspace(name="Rival", slug="rival")
    kb.ingest_bytes(workspace.id, "ours.txt", b"Our secret launch: the Aurora sparkling rose in May.")
    kb.ingest_bytes(rival.id, "theirs.txt", b"Their secret launch: the Borealis sparkling rose in May.")
    for query in ("secret launch sparkling rose", "Borealis", "Aurora"):
        ours = kb.search(query, workspace_id=workspace.id, top=20)
        assert all(h.citation.file != "theirs.txt" for h in ours)
        theirs = kb.search(query, workspace_id=rival.id, top=20)
        assert all(h.citation.file != "ours.txt" for h in theirs)
        assert all(h.citation.kind == "card" for h in kb.search(query, top=20))
    assert any(h.citation.file == "ours.txt" for h in kb.search("Aurora sparkling", workspace_id=workspace.id))


def test_english_questions_find_italian_only_documents_and_the_reverse(kb: KnowledgeBase, workspace: Workspace) -> None:
    kb.ingest_bytes(
        workspace.id,
        "piano.md",
        b"# Piano\n\n## Ascolto\n\nOgni recensione e ogni commento sui social riceve una risposta entro un giorno: "
        b"l'ascolto dei clienti guida le decisioni sul prodotto.\n",
    )
    kb.ingest_bytes(
        workspace.id,
        "plan.md",
        b"# Plan\n\n## Loyalty\n\nMembers of the wine club get early access to new vintages; "
        b"we track how long each customer stays and what they spend over the years.\n",
    )
    english = kb.search("Do we answer every review and social comment within a day?", workspace_id=workspace.id)
    assert english[0].citation.label == "piano.md, Piano > Ascolto"
    italian = kb.search("i soci del club hanno accesso anticipato alle nuove annate?", workspace_id=workspace.id)
    # an Italian question leans on BM25 ("anticipato" also stems like the KPI card's "anticipatori")
    assert "plan.md, Plan > Loyalty" in [h.citation.label for h in italian[:3]]
    english_only = kb.search("Do we answer every review and social comment within a day?", language="en", top=20)
    assert all(h.language == "en" for h in english_only)


def test_card_index_builds_on_first_use_and_rebuilds_when_a_card_changes(
    store: SqlStore, data_dir: Path, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(Settings().knowledge_dir, knowledge)
    settings = Settings(data_dir=data_dir, knowledge_dir=knowledge)
    kb = KnowledgeBase(settings, store)
    index = VectorIndex(make_client(settings), kb.embeddings)
    digest = cards_hash(knowledge)
    assert index.sync_cards(kb.cards, digest) is True
    assert index.sync_cards(kb.cards, digest) is False

    card = knowledge / "cards" / "en" / "smart-objectives.md"
    card.write_text(card.read_text(encoding="utf-8").replace("## Coach", "Zebra quokka.\n\n## Coach"), encoding="utf-8")
    fresh = KnowledgeBase(settings, store)
    assert cards_hash(knowledge) != digest
    hits = fresh.search("zebra quokka", language="en", top=1, mode="dense")
    assert hits[0].citation.card_id == "smart-objectives"


def test_cli_search_prints_ranked_passages_and_json(files: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["ingest", "--workspace", "Aurora", str(files / "research.pdf")])
    plain = runner.invoke(app, ["search", "--lang", "en", "--top", "3", "what is the engagement ladder"])
    assert plain.exit_code == 0, plain.output
    assert plain.output.startswith("1. ") and "[engagement-ladder]" in plain.output
    result = runner.invoke(app, ["search", "--workspace", "Aurora", "--json", "travel blogs German visitors"])
    hits = json.loads(result.output)
    assert len(hits) == 5
    assert {"text", "score", "source"} <= set(hits[0])
    assert hits[0]["file"] == "research.pdf" and hits[0]["page"] == 2
    bad = runner.invoke(app, ["search", "--stage", "nowhere", "x"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("query", ["", "   ", "?!"])
def test_empty_queries_find_nothing(kb: KnowledgeBase, query: str) -> None:
    assert kb.search(query) == []
