"""Documents to export: two persona sessions played through the real engine (one English, one Italian), an empty
session, and a hostile document; plus readers that open each format with its own library."""

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import jsonschema
import pytest
from defusedxml import ElementTree
from langchain_core.embeddings import DeterministicFakeEmbedding
from lxml import html as lxml_html
from pptx import Presentation
from pypdf import PdfReader

from assistant.config import Settings
from assistant.document.schema import SCHEMA_FILE
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.runtime import build_engine
from assistant.store import SqlStore, open_store
from evals.sessions import load_personas, run_persona

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Personas:
    store: SqlStore
    knowledge: KnowledgeBase
    sessions: dict[str, str]  # persona id -> session id


@pytest.fixture(scope="session")
def personas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Personas]:
    """The English B2B persona and the Italian non-profit persona, each run from an empty document to a full one."""
    folder: Path = tmp_path_factory.mktemp("exports-data")
    settings = Settings(data_dir=folder, llm="")
    store = open_store(settings)
    # hashed stand-in vectors: the personas need search to run, not the real model's ranking (saves its load time)
    knowledge = KnowledgeBase(settings, store, embeddings=DeterministicFakeEmbedding(size=384))
    engine = build_engine(settings, store, knowledge=knowledge)
    workspace = store.create_workspace(name="Personas", slug="personas")
    chosen = {p.id: p for p in load_personas() if p.id in ("b2b-software", "nonprofit-it")}
    sessions = {pid: run_persona(engine, store, p, workspace.id).session_id for pid, p in chosen.items()}
    yield Personas(store, knowledge, sessions)
    store.close()


@pytest.fixture(scope="session")
def schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def squash(text: str) -> str:
    return " ".join(text.split())


def read_pdf(data: bytes) -> str:
    return squash("\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def read_docx(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return squash("\n".join(parts))


def read_pptx(data: bytes) -> str:
    deck = Presentation(io.BytesIO(data))
    parts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    return squash("\n".join(parts))


def read_svg(data: bytes) -> str:
    root = ElementTree.fromstring(data)
    assert root.tag == f"{SVG}svg"
    return squash("\n".join("".join(node.itertext()) for node in root.iter(f"{SVG}text")))


def read_html(data: bytes) -> str:
    tree = lxml_html.document_fromstring(data.decode("utf-8"))
    assert tree.xpath("//script") == [], "no script element may come out of the document's text"
    return squash(tree.text_content())


def read(format_name: str, data: bytes, schema: dict[str, object]) -> str:
    """The text of an export, read back with the format's own library (JSON also checked against the schema)."""
    if format_name == "json":
        value = json.loads(data)
        jsonschema.Draft202012Validator(schema).validate(value)
        return squash(json.dumps(value, ensure_ascii=False))
    if format_name == "md":
        return squash(data.decode("utf-8"))
    if format_name == "html":
        return read_html(data)
    if format_name in ("pdf", "canvas-pdf"):
        return read_pdf(data)
    if format_name == "docx":
        return read_docx(data)
    if format_name == "pptx":
        return read_pptx(data)
    if format_name == "canvas-svg":
        return read_svg(data)
    if format_name == "kit":
        return squash("\n".join(_read_kit_file(name, content, schema) for name, content in unzip(data).items()))
    raise AssertionError(format_name)


def _read_kit_file(name: str, data: bytes, schema: dict[str, object]) -> str:
    kinds = {".md": "md", ".html": "html", ".json": "json", ".svg": "canvas-svg", ".pdf": "pdf"}
    return read(kinds[Path(name).suffix], data, schema)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
