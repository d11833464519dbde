"""Real files of every supported type, made here, and a knowledge base over a real Chroma store."""

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfWriter

from assistant.config import Settings
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.store import SqlStore, Workspace, open_store


def make_pdf(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def make_docx(blocks: list[tuple[str, str]]) -> bytes:
    """`(style, text)` pairs: style `h1`, `h2` or `p`."""
    document = docx.Document()
    for style, text in blocks:
        if style.startswith("h"):
            document.add_heading(text, level=int(style[1]))
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf(text: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([text])))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def store(settings: Settings) -> Iterator[SqlStore]:
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture
def kb(settings: Settings, store: SqlStore) -> KnowledgeBase:
    return KnowledgeBase(settings, store)


@pytest.fixture
def workspace(store: SqlStore) -> Workspace:
    return store.create_workspace(name="Cantina Aurora", slug="cantina-aurora")


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with one file of each supported type, each about a different topic."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "brandbook.md").write_text(
        "# Brand book\n\nCantina Aurora makes wine in the hills.\n\n"
        "## Values\n\nWe value patience in the cellar and hospitality at the table.\n\n"
        "## Harvest\n\nEvery September guests pick grapes with us and name the new blend together.\n",
        encoding="utf-8",
    )
    (folder / "notes.txt").write_text("Visitors asked for a wine club with monthly tasting boxes.", encoding="utf-8")
    (folder / "research.pdf").write_bytes(
        make_pdf(["Survey method and sample.", "Most German visitors discover the winery through travel blogs."])
    )
    (folder / "site.html").write_text(
        "<html><head><script>alert('x')</script></head><body><nav>Home | Shop</nav>"
        "<h1>Our story</h1><p>Founded in 1962 by Nonna Lucia.</p>"
        "<h2>Sustainability</h2><p>Solar panels power the bottling line.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "brief.docx").write_bytes(
        make_docx([("h1", "Campaign brief"), ("h2", "Audience"), ("p", "Young couples planning a wedding dinner.")])
    )
    return folder
