"""The two editions of every export: the client's reads in plain words (no item codes, internal ids, rule names,
field paths or provenance codes); the team's working edition keeps them. Each output is opened with its own
library."""

import re
from pathlib import Path

import pytest

from assistant import coherence
from assistant.config import Settings
from assistant.document import catalogue
from assistant.exports import EXPORTERS, build_context, context_from_document
from assistant.exports.context import ExportContext
from assistant.exports.registry import Edition, context_filename
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.store import SqlStore
from tests.exports.conftest import Personas, read, unzip
from tests.factories import winery_document

REPORTS = ("md", "html", "pdf", "docx")
ALL = (*REPORTS, "pptx", "canvas-svg", "canvas-pdf", "kit")
# the ids the document keeps for its items (`tp-1`, `kpi-1a2b`), whatever the list
INTERNAL_ID = re.compile(r"\b(?:" + "|".join(spec.prefix for spec in catalogue.lists().values()) + r")-[0-9a-z]+\b")
FIELD_PATH = re.compile(r"\b[a-z_]+\[\d+\]|(?<![\w/-])(?:brand|purpose|digital|review)\.[a-z_]+\b")
RULE = re.compile(r"\b(?:" + "|".join(re.escape(rule.id) for rule in coherence.rules()) + r")\b")
# the codes the working edition numbers items by: B1, D2, K3, T4. The canvas (on its own, in the deck and in the
# kit) labels objectives and touchpoints B1, D1, T1 in both editions: a KPI there names what it measures by them,
# each shown beside its item on the same page.
CODE = re.compile(r"\b[BDKT]\d+\b")
KPI_CODE = re.compile(r"\bK\d+\b")


def _winery(store: SqlStore, edition: Edition) -> ExportContext:
    """A strategy with findings to report (a warning about an incomplete touchpoint, a qualitative KPI counted
    like a number...) and framework cards behind its values."""
    workspace = store.create_workspace(name="Editions", slug=f"editions-{edition}")
    session = store.create_session(workspace_id=workspace.id, brand_name="x", language="en", stage="purpose")
    store.save_document(session.id, winery_document())
    context = build_context(store, session.id, None, KnowledgeBase(Settings(), store), edition=edition)
    assert context.findings, "the winery document should have findings"
    return context


def _client_text(format_name: str, data: bytes, schema: dict[str, object]) -> str:
    """What a client reads in an export; the kit's `strategy.json` is the document itself, ids and all, kept to be
    imported back, so it is left out."""
    if format_name == "kit":
        files = {name: content for name, content in unzip(data).items() if not name.endswith(".json")}
        kinds = {".md": "md", ".html": "html", ".svg": "canvas-svg", ".pdf": "pdf"}
        return " ".join(read(kinds[Path(name).suffix], content, schema) for name, content in files.items())
    return read(format_name, data, schema)


def _leaks(format_name: str, text: str) -> list[str]:
    found = INTERNAL_ID.findall(text) + FIELD_PATH.findall(text) + RULE.findall(text)
    return found + (CODE if format_name in REPORTS else KPI_CODE).findall(text)


@pytest.mark.parametrize("format_name", ALL)
def test_the_client_edition_names_things_in_plain_words(
    store: SqlStore, schema: dict[str, object], format_name: str
) -> None:
    client = _winery(store, "client")
    text = _client_text(format_name, EXPORTERS[format_name].render(client), schema)
    assert _leaks(format_name, text) == []
    assert client.findings[0].message.split(".")[0] in text or format_name.startswith("canvas")


@pytest.mark.parametrize("format_name", ALL)
def test_the_working_edition_keeps_codes_rules_and_paths(
    store: SqlStore, schema: dict[str, object], format_name: str
) -> None:
    working = _winery(store, "working")
    text = read(format_name, EXPORTERS[format_name].render(working), schema)
    assert CODE.search(text), "K1 or B1"
    if format_name in (*REPORTS, "pptx", "kit"):  # the canvas has no room for the findings
        assert RULE.search(text), "a rule's name"
    if format_name in REPORTS:
        assert FIELD_PATH.search(text), "a field path"


@pytest.mark.parametrize("persona_id", ["b2b-software", "nonprofit-it"])
@pytest.mark.parametrize("format_name", ALL)
def test_a_full_persona_strategy_reads_plainly_for_the_client(
    personas: Personas, schema: dict[str, object], persona_id: str, format_name: str
) -> None:
    context = build_context(personas.store, personas.sessions[persona_id], None, personas.knowledge)
    assert context.edition == "client"  # the default
    text = _client_text(format_name, EXPORTERS[format_name].render(context), schema)
    assert _leaks(format_name, text) == []


def test_the_working_edition_is_named_as_such_in_the_session_language() -> None:
    english = context_from_document(winery_document(), version=3, language="en", edition="working")
    italian = context_from_document(winery_document(), version=3, language="it", edition="working")
    client = context_from_document(winery_document(), version=3, language="it")
    assert context_filename(english, "pdf") == "cantina-aurora-v3-working.pdf"
    assert context_filename(italian, "pdf") == "cantina-aurora-v3-lavoro.pdf"
    assert context_filename(client, "pdf") == "cantina-aurora-v3.pdf"
    unnamed = winery_document()
    unnamed.brand.name = "日本語"  # no Latin letter to name the file after
    italian = context_from_document(unnamed, version=3, language="it")
    assert context_filename(italian, "kit.zip") == "strategia-v3.kit.zip"
