"""Italian labels, safe file names, the label file, the workshop kit, and text fitting."""

import json
import re

import jsonschema
import pytest
import yaml

from assistant.config import Settings
from assistant.document import KpiKind, Language, StrategyDocument
from assistant.exports import EXPORTERS, build_context, build_kit, context_from_document, export_filename
from assistant.exports.context import LABELS_FILE
from assistant.exports.registry import DESCRIPTIONS_FILE
from assistant.exports.text import Para, fit, md, wrap
from assistant.stages import StageBook
from assistant.store import SqlStore
from tests.exports.conftest import read, read_svg, unzip
from tests.factories import winery_document

SAFE = re.compile(r"^[a-z0-9-]+-v\d+\.[a-z0-9.]+$")


def _keys(data: dict[str, object], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for key, value in data.items():
        keys |= _keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return keys


def test_labels_exist_in_both_languages() -> None:
    labels = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    assert set(labels) == {"en", "it"}
    assert _keys(labels["en"]) == _keys(labels["it"])


@pytest.mark.parametrize(
    ("brand", "expected"),
    [
        ("Cantina Aurora S.r.l.", "cantina-aurora-s-r-l-v3.pdf"),
        ("../../etc/passwd", "etc-passwd-v3.pdf"),
        ('Evil"; filename="x.exe\r\nX-Header: 1', "evil-filename-x-exe-x-header-1-v3.pdf"),
        ("日本語", "strategy-v3.pdf"),
        ("", "strategy-v3.pdf"),
        ("Ünïcödé Café" * 20, None),
    ],
)
def test_export_file_names_are_safe(brand: str, expected: str | None) -> None:
    name = export_filename(brand, 3, "pdf")
    assert SAFE.match(name), name
    assert "/" not in name and "\\" not in name and ".." not in name
    if expected:
        assert name == expected
    assert len(name) <= 80
    assert export_filename("A", 1, "canvas.svg") == "a-v1.canvas.svg"
    assert export_filename("A", 1, "../x") == "a-v1.x"


def test_every_exporter_has_a_safe_extension_and_media_type() -> None:
    assert set(EXPORTERS) == {"md", "json", "html", "pdf", "docx", "pptx", "canvas-svg", "canvas-pdf", "kit"}
    for name, exporter in EXPORTERS.items():
        assert exporter.name == name
        assert re.fullmatch(r"[a-z.]+", exporter.extension)
        assert "/" in exporter.media_type


def test_every_exporter_is_described_in_both_languages() -> None:
    italian = yaml.safe_load(DESCRIPTIONS_FILE.read_text(encoding="utf-8"))["it"]
    assert set(italian) == set(EXPORTERS)
    for name, exporter in EXPORTERS.items():
        assert exporter.description and exporter.describe("en") == exporter.description
        assert exporter.describe("it") == italian[name]
    assert EXPORTERS["kit"].describe("it") == "Kit per il workshop (ZIP)"


def _session(store: SqlStore, language: Language) -> str:
    workspace = store.create_workspace(name=f"W {language}", slug=f"w-{language}")
    session = store.create_session(
        workspace_id=workspace.id,
        brand_name="Cantina Aurora",
        language=language,
        stage="purpose",
    )
    document = winery_document()
    document.brand.language = language
    store.save_document(session.id, document)
    return session.id


def test_italian_sessions_export_in_italian(store: SqlStore, schema: dict[str, object]) -> None:
    context = build_context(store, _session(store, "it"))
    assert context.language == "it"
    italian = {
        "html": ["Punti di contatto", "Obiettivi di brand", "Prossimi passi", "Considerazione"],
        "md": ["Punti di contatto", "Verifica di coerenza"],
        "pdf": ["Punti di contatto", "Pagina 1 di"],
        "docx": ["Obiettivi digitali", "Fase del percorso"],
        "pptx": ["Punti di contatto", "DOMANDE PER LA SALA"],
        "canvas-svg": ["CANVAS STRATEGICO", "PUBBLICO", "Considerazione", "Co-creazione"],
        "canvas-pdf": ["CANVAS STRATEGICO", "PROSSIMI PASSI"],
    }
    for format_name, words in italian.items():
        text = read(format_name, EXPORTERS[format_name].render(context), schema)
        for word in words:
            assert word in text, (format_name, word)
        assert "Touchpoints" not in text and "Next steps" not in text, format_name
    english = read("html", EXPORTERS["html"].render(build_context(store, _session(store, "en"))), schema)
    assert "Touchpoints" in english and "Punti di contatto" not in english


@pytest.mark.parametrize("language", ["en", "it"])
def test_workshop_kit(store: SqlStore, schema: dict[str, object], settings: Settings, language: Language) -> None:
    context = build_context(store, _session(store, language))
    stages = StageBook(settings.stages_dir)

    files = unzip(build_kit(context, stages))

    expected = {
        "README.md",
        "agenda.html",
        "agenda.md",
        "canvas.svg",
        "canvas.pdf",
        "discussion-points.html",
        "discussion-points.md",
        "strategy.json",
    }
    assert expected <= set(files)
    worksheets = sorted(n for n in files if n.startswith("worksheets/") and n.endswith(".html"))
    assert len(worksheets) == len(stages.stages) == 5
    agenda = files["agenda.md"].decode()
    assert "09:30\u201309:45" in agenda
    for stage in stages.stages:
        assert stage.title.render(language, brand="x").split(" (")[0] in agenda
    purpose_sheet = files[worksheets[0]].decode()
    first_question = stages.stages[0].questions[0]
    assert first_question.ask.render(language, brand="Cantina Aurora").split(",")[0] in purpose_sheet
    assert "We make honest wines" in purpose_sheet  # the current draft, pre-filled
    assert "Cantina Aurora" in read_svg(files["canvas.svg"])
    assert "Newsletter replies" in read("canvas-pdf", files["canvas.pdf"], schema)
    jsonschema.Draft202012Validator(schema).validate(json.loads(files["strategy.json"]))
    points = files["discussion-points.md"].decode()
    if context.findings:
        assert context.findings[0].message.split(".")[0][:40] in points.replace("\\", "")
    assert export_filename(context.brand, context.version, EXPORTERS["kit"].extension).endswith(".kit.zip")


def test_the_registry_renders_the_kit_with_the_contexts_stages(store: SqlStore, settings: Settings) -> None:
    from datetime import UTC, datetime

    session_id, moment = _session(store, "it"), datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    stages = StageBook(settings.stages_dir)
    context = build_context(store, session_id, generated_at=moment, stages=stages)
    assert context.stages is stages
    kit = EXPORTERS["kit"]
    assert kit.media_type == "application/zip"

    def files(data: bytes) -> dict[str, bytes]:  # the same files, the PDF's creation time aside
        return {name: b"" if name == "canvas.pdf" else content for name, content in unzip(data).items()}

    expected = files(build_kit(context, stages))
    assert files(kit.render(context)) == expected
    assert files(kit.render(build_context(store, session_id, generated_at=moment))) == expected


def test_fit_shrinks_then_marks_what_it_hides() -> None:
    entries = [[Para(f"item {i} " + "word " * 12)] for i in range(60)]
    fitted = fit(entries, 60, 40, max_size=10, min_size=6, more=lambda n: f"(+{n} more)", continued="…continued")
    assert fitted.size == 6 and fitted.hidden > 0
    assert fitted.lines[-1].marker and fitted.lines[-1].text == f"(+{fitted.hidden} more)"
    shown = {line.entry for line in fitted.lines if not line.marker}
    assert len(shown) + fitted.hidden == 60
    roomy = fit(entries[:3], 200, 100, max_size=10, min_size=6, more=str, continued="")
    assert roomy.size == 10 and roomy.hidden == 0 and not any(line.marker for line in roomy.lines)


def test_wrap_keeps_every_character() -> None:
    text = "short words then " + "x" * 300 + " and 日本語テキスト" * 20
    lines = wrap(text, 30, 8)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_markdown_escaping_keeps_text_literal() -> None:
    assert md("**a** <b>x</b> # h") == r"\*\*a\*\* \<b\>x\</b\> \# h"
    assert md("- item\n1. two", inline=False) == "\\- item\n1\\. two"


def test_generated_at_is_the_only_difference_between_two_runs() -> None:
    from datetime import UTC, datetime

    moment = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    first = context_from_document(winery_document(), version=1, generated_at=moment)
    second = context_from_document(winery_document(), version=1, generated_at=moment)
    for name in ("md", "html", "canvas-svg"):
        assert EXPORTERS[name].render(first) == EXPORTERS[name].render(second)


def test_the_agenda_gives_each_stage_the_time_its_remaining_work_needs(store: SqlStore, settings: Settings) -> None:
    """KPIs still to write take longer than KPIs to read back; the checker's findings add time to talk them
    through; the consultant's own minutes and start time win."""
    from dataclasses import replace

    from assistant.exports.kit import stage_minutes

    stages = StageBook(settings.stages_dir)
    kpis, review = stages.stage("kpis"), stages.stage("review")

    def minutes(document: StrategyDocument) -> int:
        return stage_minutes(context_from_document(document, version=1, language="en", stages=stages), kpis)

    written = winery_document()
    to_write = winery_document()
    to_write.kpis = []
    flawed = winery_document()
    flawed.kpis[0].name, flawed.kpis[0].kind = "Instagram likes", KpiKind.QUALITATIVE  # counted, called qualitative
    assert minutes(to_write) > minutes(written)
    assert minutes(flawed) > minutes(written)
    done = context_from_document(written, version=1, language="en", stages=stages)
    chosen = replace(done, agenda=(("kpis", 40),), start="14:00")
    assert stage_minutes(chosen, kpis) == 40 and stage_minutes(chosen, review) == stage_minutes(done, review)
    agenda = unzip(build_kit(chosen, stages))["agenda.md"].decode()
    assert "14:00\u201314:15" in agenda and "(40 min)" in agenda
