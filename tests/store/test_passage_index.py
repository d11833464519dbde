"""The stored full-text index of the documents' passages: up to date as soon as a document is added, replaced
or removed, one workspace's passages only, and there as it was after the database is reopened."""

import uuid
from collections import Counter

import pytest
from sqlalchemy import event, text

from assistant.document import Language
from assistant.store import Chunk, DocumentInfo, SqlStore
from assistant.store.migrate import upgrade
from assistant.store.query_terms import POSTINGS, query_terms
from assistant.store.repository import utcnow
from assistant.store.sql import create_db_engine, scope


def document(workspace_id: str, filename: str, passages: list[str], language: Language = "en") -> DocumentInfo:
    return DocumentInfo(
        id=str(uuid.uuid4()),
        workspace_id=workspace_id,
        filename=filename,
        sha256=uuid.uuid4().hex,
        size=1,
        media_type="text/plain",
        language=language,
        created_at=utcnow(),
        chunk_count=len(passages),
    )


def put(store: SqlStore, workspace_id: str, filename: str, passages: list[str], language: Language = "en") -> None:
    info = document(workspace_id, filename, passages, language)
    chunks = [
        Chunk(
            id=f"{info.id}-{n}",
            document_id=info.id,
            workspace_id=workspace_id,
            ordinal=n,
            text=passage,
            language=language,
            start=0,
            end=len(passage),
            filename=filename,
        )
        for n, passage in enumerate(passages)
    ]
    store.put_document(info, chunks)


def found(store: SqlStore, workspace_id: str, question: str, language: Language = "en") -> list[str]:
    """The texts of the passages the index finds for a question, best first."""
    terms = store.analyzer.terms(question, language)
    ids = [key for key, _ in store.search_passages(workspace_id, terms=terms, language=language, limit=10)]
    texts = {c.id: c.text for c in store.get_chunks(workspace_id, ids)}
    return [texts[key] for key in ids]


def test_a_document_is_found_as_soon_as_it_is_stored_and_gone_once_removed(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    put(store, workspace.id, "notes.txt", ["Visitors asked for a wine club with monthly tasting boxes."])
    assert found(store, workspace.id, "a club for tasting") == [
        "Visitors asked for a wine club with monthly tasting boxes."
    ], "stemmed: 'tasting' meets 'tasting', 'club' meets 'club'"
    put(store, workspace.id, "notes.txt", ["Visitors now ask for an online masterclass on pairing."])
    assert found(store, workspace.id, "tasting boxes") == [], "the replaced text left the index"
    assert found(store, workspace.id, "masterclasses") == ["Visitors now ask for an online masterclass on pairing."]
    store.remove_document(workspace.id, "notes.txt")
    assert found(store, workspace.id, "masterclass") == []


def test_passages_rank_by_how_well_they_match(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    put(
        store,
        workspace.id,
        "brandbook.md",
        [
            "Solar panels power the bottling line.",
            "Guests pick grapes every September and name the new blend together.",
            "The harvest festival: guests pick grapes, press them and name the blend.",
        ],
    )
    best = found(store, workspace.id, "the harvest festival of our guests")
    assert best[0].startswith("The harvest festival") and len(best) == 2


def test_one_workspace_never_finds_another_workspaces_passages(store: SqlStore) -> None:
    ours = store.create_workspace(name="Aurora", slug="aurora")
    rival = store.create_workspace(name="Borealis", slug="borealis")
    put(store, ours.id, "ours.txt", ["Our secret launch: the Aurora sparkling rose in May."])
    put(store, rival.id, "theirs.txt", ["Their secret launch: the Borealis sparkling rose in May."])
    assert found(store, ours.id, "secret launch sparkling rose") == [
        "Our secret launch: the Aurora sparkling rose in May."
    ]
    assert found(store, ours.id, "Borealis") == []
    assert store.get_chunks(ours.id, [c.id for c in store.list_chunks(rival.id)]) == []
    store.remove_document(rival.id, "theirs.txt")
    assert found(store, ours.id, "secret launch") == ["Our secret launch: the Aurora sparkling rose in May."]


def test_each_language_is_searched_with_its_own_stems(store: SqlStore) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    put(store, workspace.id, "note.txt", ["I clienti chiedono degustazioni guidate in cantina."], language="it")
    assert found(store, workspace.id, "degustazione guidata", language="it") == [
        "I clienti chiedono degustazioni guidate in cantina."
    ]
    assert found(store, workspace.id, "degustazioni guidate", language="en") == []


def test_reopening_the_database_finds_passages_without_reading_them_all(database_url: str) -> None:
    store = SqlStore.open(database_url)
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    put(store, workspace.id, "log.txt", [f"Tasting note {n}: cherries, leather and a long finish." for n in range(200)])
    put(store, workspace.id, "notes.txt", ["Visitors asked for a wine club with monthly tasting boxes."])
    store.close()

    reopened = SqlStore.open(database_url)
    statements: list[str] = []
    event.listen(reopened.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert found(reopened, workspace.id, "wine club") == ["Visitors asked for a wine club with monthly tasting boxes."]
    reads = [s for s in statements if "FROM chunks" in s]
    assert reads and all("WHERE" in s for s in reads), "no statement reads every passage"
    reopened.close()


def test_the_migration_indexes_passages_stored_before_it(database_url: str) -> None:
    """From before 0008 (no index): each passage is stemmed, indexed and counted in its own workspace."""
    engine = create_db_engine(database_url)
    upgrade(engine, "0007_live_sessions")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO workspaces VALUES ('w1', 'aurora', 'Aurora', CURRENT_TIMESTAMP)"))
        connection.execute(
            text(
                "INSERT INTO documents VALUES ('d1', 'w1', 'notes.txt', 'x', 1, 'text/plain', 'en', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                'INSERT INTO chunks (id, document_id, workspace_id, ordinal, text, language, heading, start, "end") '
                "VALUES ('d1-0', 'd1', 'w1', 0, 'Visitors asked for monthly tasting boxes.', 'en', 'Wine club', 0, 1)"
            )
        )
    engine.dispose()
    store = SqlStore.open(database_url)
    assert found(store, "w1", "tasting boxes") == ["Visitors asked for monthly tasting boxes."]
    assert found(store, "w1", "wine club") == ["Visitors asked for monthly tasting boxes."], "its heading too"
    put(store, "w1", "notes.txt", ["Now a masterclass."])
    assert found(store, "w1", "tasting boxes") == [], "a passage indexed by the migration leaves with its document"
    store.close()


def term_counts(store: SqlStore) -> dict[str, int]:
    with store.engine.connect() as connection:
        return dict(connection.execute(text("SELECT term, passages FROM passage_term_counts")).all())


def counted_from_passages(store: SqlStore) -> dict[str, int]:
    """How many passages of each scope hold each term, and each scope's passages, counted from `chunks`."""
    counted: Counter[str] = Counter()
    with store.engine.connect() as connection:
        for workspace_id, language, terms in connection.execute(
            text("SELECT workspace_id, language, terms FROM chunks")
        ):
            key = scope(workspace_id, language)
            counted[key] += 1
            counted.update(f"{key}_{term}" for term in set(terms.split()))
    return dict(counted)


def test_term_counts_follow_every_passage_stored_replaced_or_removed(store: SqlStore) -> None:
    ours = store.create_workspace(name="Aurora", slug="aurora")
    rival = store.create_workspace(name="Borealis", slug="borealis")
    put(store, ours.id, "notes.txt", ["Wine club, wine club and tasting boxes.", "A tasting on Sunday."])
    put(store, ours.id, "appunti.txt", ["Degustazioni la domenica."], language="it")
    put(store, rival.id, "theirs.txt", ["Their wine club."])
    counts = term_counts(store)
    assert counts == counted_from_passages(store)
    assert counts[f"{scope(ours.id, 'en')}_wine"] == 1 and counts[f"{scope(ours.id, 'en')}_tast"] == 2
    assert counts[scope(ours.id, "en")] == 2 and counts[scope(ours.id, "it")] == 1
    put(store, ours.id, "notes.txt", ["Now a masterclass."])
    store.remove_document(rival.id, "theirs.txt")
    counts = term_counts(store)
    assert counts == counted_from_passages(store)
    assert f"{scope(ours.id, 'en')}_wine" not in counts and scope(rival.id, "en") not in counts, "no zero rows left"


def test_a_large_workspace_is_searched_with_its_rarest_terms_and_never_those_in_half_its_passages() -> None:
    passages = 10 * POSTINGS
    held = {"what": passages // 2, "club": POSTINGS // 5, "wine": POSTINGS // 10, "tast": POSTINGS // 2, "absent": 0}
    held["box"] = POSTINGS  # past the postings a search reads, with the rarer three
    assert query_terms(held, passages) == ["wine", "club", "tast"]
    assert query_terms({"what": passages // 2, "people": passages}, passages) == [], "nothing telling"
    assert query_terms({"club": 2 * POSTINGS, "box": 3 * POSTINGS}, passages) == ["club"], "the rarest, always"
    assert query_terms({"what": 6, "club": 2, "absent": 0}, 10) == ["club", "what"], "small: every term, as before"


def test_a_term_in_most_passages_is_left_out_and_the_ranking_is_unchanged(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    passages = [f"Our customers want note {n}: cherries and leather." for n in range(7)]
    passages += [
        "Our customers want a wine club with tasting boxes.",
        "A wine club for customers: tasting boxes every month, our customers want them.",
        "Tasting boxes in the shop.",
        "A club for cyclists.",
    ]
    put(store, workspace.id, "notes.txt", passages)
    question = "do our customers want a wine club"
    every_term = found(store, workspace.id, question)
    searches: list[str] = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda _c, _k, statement, values, *_: (
            searches.append(str(values)) if "passage_term_counts" not in statement else None
        ),
    )
    monkeypatch.setattr("assistant.store.query_terms.POSTINGS", 5)  # as in a large workspace
    pruned = found(store, workspace.id, question)
    assert searches and "custom" not in searches[0] and "want" not in searches[0], "terms in most passages unread"
    assert sorted(pruned) == sorted(p for p in every_term if "wine" in p or "club" in p) and len(pruned) == 3
    if store.engine.dialect.name == "sqlite":  # BM25: the same order, passages with common terms only were last
        assert pruned == every_term[:3]


def test_the_passages_a_search_found_are_read_by_id_not_by_walking_the_workspace(database_url: str) -> None:
    store = SqlStore.open(database_url)
    workspace = store.create_workspace(name="Aurora", slug="aurora")
    put(store, workspace.id, "log.txt", [f"Tasting note {n}: cherries and leather." for n in range(50)])
    wanted = [c.id for c in store.list_chunks(workspace.id)][:3]
    reads: list[tuple[str, object]] = []
    event.listen(
        store.engine, "before_cursor_execute", lambda _c, _k, statement, values, *_: reads.append((statement, values))
    )
    assert [c.id for c in store.get_chunks(workspace.id, wanted)] == wanted
    if store.engine.dialect.name == "sqlite":  # PostgreSQL plans by its statistics
        statement, values = reads[-1]
        with store.engine.connect() as connection:
            plan = " ".join(str(row) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", values))
        assert "SEARCH chunks USING INDEX sqlite_autoindex_chunks_1 (id=?)" in plan, plan
    store.close()
