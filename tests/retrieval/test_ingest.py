import os
import time
from pathlib import Path

from langchain_core.embeddings import Embeddings
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.sandbox import READERS
from assistant.store import SqlStore, Workspace
from tests.hostile_files import pdf_huge_page_tree, zip_bomb_docx
from tests.retrieval.conftest import blank_pdf, encrypted_pdf


def test_every_supported_type_is_ingested_with_provenance(kb: KnowledgeBase, workspace: Workspace, files: Path) -> None:
    outcomes = kb.ingest_paths(workspace.id, sorted(files.iterdir()))
    assert [(o.filename, o.status) for o in outcomes] == [
        ("brandbook.md", "added"),
        ("brief.docx", "added"),
        ("notes.txt", "added"),
        ("research.pdf", "added"),
        ("site.html", "added"),
    ]
    places = [(c.filename, c.page or c.heading) for c in kb.store.list_chunks(workspace.id)]
    assert ("research.pdf", 1) in places and ("research.pdf", 2) in places
    assert ("brief.docx", "Campaign brief > Audience") in places
    assert ("site.html", "Our story") in places and ("site.html", "Our story > Sustainability") in places
    harvest = next(c for c in kb.store.list_chunks(workspace.id) if "grapes" in c.text)
    assert harvest.heading == "Brand book > Harvest"
    source = (files / "brandbook.md").read_text(encoding="utf-8")
    assert source[harvest.start : harvest.end] == harvest.text


def test_reingesting_is_idempotent_and_a_changed_file_replaces_its_passages(
    kb: KnowledgeBase, workspace: Workspace, files: Path
) -> None:
    notes = files / "notes.txt"
    assert kb.ingest_paths(workspace.id, [notes])[0].status == "added"
    assert kb.ingest_paths(workspace.id, [notes])[0].status == "unchanged"
    assert len(kb.store.list_chunks(workspace.id)) == 1

    notes.write_text("Visitors now ask for an online masterclass on pairing.", encoding="utf-8")
    assert kb.ingest_paths(workspace.id, [notes])[0].status == "replaced"
    (chunk,) = kb.store.list_chunks(workspace.id)
    assert "masterclass" in chunk.text
    hits = kb.search("tasting boxes wine club", workspace_id=workspace.id, top=20)
    assert not any("tasting boxes" in h.text for h in hits), "old passages must leave the index"
    assert any("masterclass" in h.text for h in kb.search("online masterclass", workspace_id=workspace.id))


def test_bad_files_get_one_line_each_and_the_rest_still_go_in(
    kb: KnowledgeBase, workspace: Workspace, files: Path, tmp_path: Path
) -> None:
    (tmp_path / "scan.pdf").write_bytes(blank_pdf())
    (tmp_path / "locked.pdf").write_bytes(encrypted_pdf("secret"))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 nope")
    (tmp_path / "budget.xlsx").write_bytes(b"numbers")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    paths = [tmp_path / n for n in ("scan.pdf", "locked.pdf", "broken.docx", "budget.xlsx", "empty.md", "blank.txt")]
    outcomes = kb.ingest_paths(workspace.id, [*paths, files / "notes.txt", tmp_path / "missing.md"])
    lines = [o.line for o in outcomes]
    assert lines[:6] == [
        "scan.pdf: failed: is a PDF with no extractable text (a scan? run OCR on it first)",
        "locked.pdf: failed: is a password-protected PDF: remove the password and try again",
        "broken.docx: failed: is not a readable DOCX file (BadZipFile)",
        "budget.xlsx: failed: has an unsupported type '.xlsx'; supported: .docx, .htm, .html, .markdown, .md, "
        ".pdf, .text, .txt",
        "empty.md: failed: is empty",
        "blank.txt: failed: contains no text",
    ]
    assert lines[6] == "notes.txt: added, 1 passages"
    assert lines[7] == "missing.md: failed: is not a file"
    assert [d.filename for d in kb.documents(workspace.id)] == ["notes.txt"]


def test_files_over_the_size_limit_are_refused_before_reading(
    store: SqlStore, workspace: Workspace, data_dir: Path, tmp_path: Path
) -> None:
    kb = KnowledgeBase(Settings(data_dir=data_dir, max_upload_mb=0.001), store)
    big = tmp_path / "big.txt"
    big.write_text("wine " * 400, encoding="utf-8")
    (outcome,) = kb.ingest_paths(workspace.id, [big])
    assert outcome.line == "big.txt: failed: is 2.0 KB, over the 0.001 MB limit"
    assert kb.documents(workspace.id) == []


def test_removing_a_document_takes_its_passages_out_of_search(
    kb: KnowledgeBase, workspace: Workspace, files: Path
) -> None:
    kb.ingest_paths(workspace.id, [files / "site.html"])
    assert any(h.citation.file == "site.html" for h in kb.search("solar panels bottling", workspace_id=workspace.id))
    kb.remove(workspace.id, "site.html")
    assert kb.documents(workspace.id) == []
    assert not any(h.citation.kind == "document" for h in kb.search("solar panels", workspace_id=workspace.id))


def test_uploaded_names_lose_their_path(kb: KnowledgeBase, workspace: Workspace) -> None:
    outcome = kb.ingest_bytes(workspace.id, "../../etc/\x00evil name.txt", b"A short note about wine.")
    assert outcome.filename == "evil name.txt" and outcome.status == "added"
    assert kb.ingest_bytes(workspace.id, "C:\\Users\\me\\brief.txt", b"Brief.").filename == "brief.txt"


def test_cli_ingest_list_and_remove(files: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "--workspace", "Cantina Aurora", str(files / "notes.txt"), "nope.pdf"])
    assert result.exit_code == 1
    assert "notes.txt: added, 1 passages" in result.output
    assert "nope.pdf: failed: is not a file" in result.output
    listing = runner.invoke(app, ["docs", "list", "--workspace", "Cantina Aurora"])
    assert listing.exit_code == 0 and "notes.txt\ttext/plain\ten" in listing.output
    removed = runner.invoke(app, ["docs", "remove", "--workspace", "Cantina Aurora", "notes.txt"])
    assert removed.exit_code == 0 and "removed notes.txt" in removed.output
    assert runner.invoke(app, ["docs", "list", "--workspace", "cantina aurora"]).output.strip() == "no documents"
    unknown = runner.invoke(app, ["docs", "list", "--workspace", "Nobody"])
    assert unknown.exit_code == 2 and "no workspace named 'Nobody'" in unknown.output


def test_cli_ingest_reads_in_the_child_with_a_progress_bar(files: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(zip_bomb_docx())
    result = CliRunner().invoke(
        app,
        ["ingest", "--workspace", "Cantina Aurora", str(bomb), str(files / "brandbook.md")],
        env={"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "COLUMNS": "100"},
    )
    assert result.exit_code == 1
    assert "bomb.docx: failed: would unpack to 4,001 MB, over the 200 MB limit" in result.output
    assert "brandbook.md: added, 3 passages" in result.output
    assert "2/2" in result.output and "3/3" in result.output, "the bar counts files and passages"


def test_cli_ingest_takes_a_folder(files: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "--workspace", "Cantina Aurora", str(files)])
    assert result.exit_code == 0, result.output
    for path in files.iterdir():
        assert f"{path.name}: added" in result.output


class CountingEmbeddings(Embeddings):
    """The real model, counting how often ingestion calls it."""

    def __init__(self, model: Embeddings) -> None:
        self.model = model
        self.calls = 0
        self.lengths: list[int] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.lengths += [len(text) for text in texts]
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


def test_many_short_files_are_embedded_in_batches_across_files(
    settings: Settings, store: SqlStore, workspace: Workspace, tmp_path: Path
) -> None:
    counting = CountingEmbeddings(load_embeddings(settings.embedding_model))
    kb = KnowledgeBase(settings, store, embeddings=counting)
    kb.search("warm up", top=1)  # the cards are indexed first
    counting.calls = 0
    notes = []
    for number in range(12):
        note = tmp_path / f"note-{number}.md"
        note.write_text(f"Call {number}: the customer asked for a gluten-free loaf on Fridays.", encoding="utf-8")
        notes.append(note)
    seen: list[tuple[int, int]] = []
    finished: list[str] = []
    outcomes = kb.ingest_paths(
        workspace.id,
        notes,
        progress=lambda done, total: seen.append((done, total)),
        on_file=lambda outcome: finished.append(outcome.filename),
    )
    assert [o.status for o in outcomes] == ["added"] * 12
    assert counting.calls == 1, "twelve one-passage files, one call to the model"
    assert seen[-1] == (12, 12) and sorted(finished) == sorted(n.name for n in notes)
    hits = kb.search("gluten-free loaf", workspace_id=workspace.id, top=3)
    assert hits and hits[0].citation.file.startswith("note-")


def test_passages_go_to_the_model_shortest_first_across_files(
    settings: Settings, store: SqlStore, workspace: Workspace, tmp_path: Path
) -> None:
    counting = CountingEmbeddings(load_embeddings(settings.embedding_model))
    kb = KnowledgeBase(settings, store, embeddings=counting)
    kb.search("warm up", top=1)
    counting.calls, counting.lengths = 0, []
    notes = []
    for number in range(40):
        note = tmp_path / f"note-{number}.md"
        note.write_text(f"Call {number}: " + "they asked for a loaf. " * (1 + number * 7 % 11), encoding="utf-8")
        notes.append(note)
    assert [o.status for o in kb.ingest_paths(workspace.id, notes)] == ["added"] * 40
    assert len(counting.lengths) == 40 and counting.calls == 2
    assert counting.lengths == sorted(counting.lengths), "a batch padded to its longest passage wastes the rest"


def test_a_file_that_times_out_does_not_block_the_ones_after_it(
    store: SqlStore, workspace: Workspace, data_dir: Path, tmp_path: Path
) -> None:
    kb = KnowledgeBase(Settings(data_dir=data_dir, parse_seconds=1), store)
    assert kb.ingest_bytes(workspace.id, "first.txt", b"The first note.").status == "added"
    (reader,) = READERS.idle_pids()
    slow = tmp_path / "pages.pdf"
    slow.write_bytes(pdf_huge_page_tree())
    notes = [tmp_path / f"note-{n}.txt" for n in range(5)]
    for number, note in enumerate(notes):
        note.write_text(f"Note {number} on the harvest.", encoding="utf-8")
    started = time.monotonic()
    outcomes = kb.ingest_paths(workspace.id, [slow, *notes])
    assert time.monotonic() - started < 10
    assert outcomes[0].error is not None and "1 s" in outcomes[0].error
    assert [o.status for o in outcomes[1:]] == ["added"] * 5
    (replacement,) = READERS.idle_pids()
    assert replacement != reader, "the reader that ran out of time was stopped; one new reader read the rest"
    try:
        os.kill(reader, 0)
    except ProcessLookupError:
        pass
    else:
        raise AssertionError("the reader stopped for taking too long is still running")
