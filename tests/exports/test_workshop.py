"""The workshop material a consultant takes into the room: the deck (real bullets, each stage's own questions,
speaker notes), the kit's fill-in worksheets, the canvas's numbered touchpoints; and Italian all the way through
an Italian session's exports."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fpdf import FPDF
from lxml import html as lxml_html
from pptx import Presentation
from pptx.util import Emu

from assistant.engine.fields import answered
from assistant.exports import EXPORTERS, Labels, build_context, context_from_document
from assistant.exports.context import ExportContext
from tests.exports.conftest import Personas, read, read_svg, squash, unzip
from tests.factories import winery_document

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
BULLET = "{http://schemas.openxmlformats.org/drawingml/2006/main}buChar"


def _context(personas: Personas, persona_id: str) -> ExportContext:
    return build_context(personas.store, personas.sessions[persona_id], None, personas.knowledge)


def _deck(context: ExportContext) -> Presentation:
    return Presentation(io.BytesIO(EXPORTERS["pptx"].render(context)))


def _slide_text(slide: object) -> str:
    return squash(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))  # type: ignore[attr-defined]


def _stage_slides(deck: Presentation) -> list[int]:
    """The first slide of each stage (a long stage goes on over more slides), by its kicker: `1 / 5`, `2 / 5`..."""
    kickers = [_slide_text(slide).split(" ", 3)[:3] for slide in deck.slides]
    return [next(i for i, k in enumerate(kickers) if k == [str(n), "/", "5"]) for n in range(1, 6)]


@pytest.mark.parametrize("persona_id", ["b2b-software", "nonprofit-it"])
def test_every_slide_has_speaker_notes_with_the_cards_behind_its_stage(personas: Personas, persona_id: str) -> None:
    context = _context(personas, persona_id)
    deck = _deck(context)
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    assert all(text.strip() for text in notes), "a slide without speaker notes"
    for number, stage in zip(_stage_slides(deck), context.stage_book.stages, strict=True):
        card = personas.knowledge.card(stage.why_card, context.language)
        assert card is not None
        assert card.title in notes[number] and card.ask.splitlines()[0] in notes[number]


@pytest.mark.parametrize("persona_id", ["b2b-software", "nonprofit-it"])
def test_lists_on_slides_are_bulleted_paragraphs_one_per_item(personas: Personas, persona_id: str) -> None:
    context = _context(personas, persona_id)
    purpose = _deck(context).slides[1]
    paragraphs = [p for shape in purpose.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs]
    bulleted = {p.text for p in paragraphs if p._p.find(f".//{BULLET}") is not None}
    values = context.display.purpose.values
    assert len(values) > 1 and set(values) <= bulleted
    assert "; ".join(values[:2]) not in _slide_text(purpose)


@pytest.mark.parametrize("persona_id", ["b2b-software", "nonprofit-it"])
def test_each_stage_slide_asks_its_own_questions(personas: Personas, persona_id: str) -> None:
    """The panel beside each stage: that stage's findings and unanswered questions, else a question of its own;
    never the same words on every slide."""
    context = _context(personas, persona_id)
    deck = _deck(context)
    panels = []
    for number, stage in zip(_stage_slides(deck), context.stage_book.stages, strict=True):
        text = _slide_text(deck.slides[number])
        heading = context.labels["deck_discuss"].upper()
        panels.append(text[text.index(heading) :])
        unanswered = [q for q in stage.questions if not answered(context.display, q)]
        if unanswered:
            assert squash(context.say(unanswered[0].ask)) in panels[-1]
    assert len(set(panels)) == len(panels)
    assert context.labels["discuss_prompt"] not in " ".join(panels)


def test_the_deck_stays_on_its_slides(personas: Personas) -> None:
    """Every shape of every slide inside the slide; drawn as outlines to `test-output/` for a person to check."""
    deck = _deck(_context(personas, "b2b-software"))
    width, height, slack = deck.slide_width, deck.slide_height, Emu(36000)  # 1 mm
    drawing = FPDF(unit="mm", format=(Emu(width).mm, Emu(height).mm))
    for slide in deck.slides:
        drawing.add_page()
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= width + slack, shape.name
            assert shape.top >= 0 and shape.top + shape.height <= height + slack, shape.name
            x, y = Emu(shape.left).mm, Emu(shape.top).mm
            drawing.rect(x, y, Emu(shape.width).mm, Emu(shape.height).mm)
            if shape.has_text_frame and shape.text_frame.text:  # the start of its text, to tell the boxes apart
                drawing.set_font("helvetica", size=6)
                start = shape.text_frame.text.splitlines()[0][:60].encode("latin-1", "replace").decode("latin-1")
                drawing.text(x + 0.5, y + 2.5, start)
    if shutil.which("pdftoppm"):
        OUTPUT.mkdir(exist_ok=True)
        pdf = OUTPUT / "deck-geometry.pdf"
        pdf.write_bytes(bytes(drawing.output()))
        subprocess.run(["pdftoppm", "-png", "-r", "40", pdf, OUTPUT / "deck-geometry"], check=True)
        assert list(OUTPUT.glob("deck-geometry-*.png"))


def test_the_kit_worksheets_are_tables_to_fill_in_with_the_brands_own_examples(personas: Personas) -> None:
    context = _context(personas, "b2b-software")
    files = unzip(EXPORTERS["kit"].render(context))
    sheets = {name: data for name, data in files.items() if name.startswith("worksheets/") and name.endswith(".html")}
    text = " ".join(squash(lxml_html.document_fromstring(data.decode()).text_content()) for data in sheets.values())
    assert "|" not in text  # no `a | b | c` answer formats
    assert not re.search(r"\b(?:wine|winery|cellar|vineyard|tasting)\b", text, re.IGNORECASE)
    touchpoints = lxml_html.document_fromstring(sheets["worksheets/3-touchpoints.html"].decode())
    headers = [squash(th.text_content()) for th in touchpoints.xpath("//table[@class='fill'][1]//th")]
    labels = context.labels
    assert headers[:4] == [
        labels["touchpoint"],
        labels["journey_stage"],
        labels["engagement_level"],
        labels["interaction_mode"],
    ]
    first = context.display.touchpoints[0]
    row = [squash(td.text_content()) for td in touchpoints.xpath("//table[@class='fill'][1]//tbody/tr[1]/td")]
    assert row[:3] == [
        first.name,
        labels.enum("journey_stages", first.journey_stage),
        labels.enum("engagement_levels", first.engagement_level),
    ]


@pytest.mark.parametrize("persona_id", ["b2b-software", "nonprofit-it"])
def test_the_canvas_numbers_touchpoints_and_says_what_each_kpi_measures(personas: Personas, persona_id: str) -> None:
    context = _context(personas, persona_id)
    text = read_svg(EXPORTERS["canvas-svg"].render(context))
    doc = context.display
    for number, touchpoint in enumerate(doc.touchpoints, start=1):
        assert f"T{number} {squash(touchpoint.name)}" in text
    measured = next(k for k in doc.kpis if k.touchpoint_id)
    number = next(i for i, t in enumerate(doc.touchpoints, start=1) if t.id == measured.touchpoint_id)
    assert f"{context.labels['measures_what']}: T{number}" in text


def _english_only_words() -> list[str]:
    """The English words of the exports' labels that an Italian export must not show: the choice values and the
    headings whose Italian differs."""
    english, italian = Labels("en"), Labels("it")
    words = []  # "Note" is left out: Italian has the word too
    for group in ("severities", "kpi_kinds", "engagement_levels", "journey_stages", "interaction_modes", "levels"):
        words += [v for k, v in english.group(group).items() if italian.group(group).get(k) != v and v != "Note"]
    for key in ("summary", "summary_priorities", "summary_measurement", "measures_what", "deck_open", "deck_discuss"):
        words.append(english[key])
    return [*words, "error", "errors", "warning", "warnings"]


def _visible(format_name: str, data: bytes, schema: dict[str, object]) -> str:
    """The text a reader sees: an HTML page without its stylesheet, a kit without its strategy.json (the document
    itself, whose choice values are the schema's English keys)."""
    if format_name == "html":
        tree = lxml_html.document_fromstring(data.decode())
        for style in tree.xpath("//style"):
            style.drop_tree()
        return squash(tree.text_content())
    if format_name == "kit":
        kinds = {".md": "md", ".html": "html", ".svg": "canvas-svg", ".pdf": "pdf"}
        files = unzip(data).items()
        return " ".join(_visible(kinds[Path(n).suffix], d, schema) for n, d in files if not n.endswith(".json"))
    return read(format_name, data, schema)


@pytest.mark.parametrize("strategy", ["nonprofit-it", "winery-with-findings"])
@pytest.mark.parametrize("format_name", ["md", "html", "pdf", "docx", "pptx", "canvas-svg", "canvas-pdf", "kit"])
def test_an_italian_session_exports_in_italian(
    personas: Personas, schema: dict[str, object], format_name: str, strategy: str
) -> None:
    """The Italian persona's strategy, and one with findings to report (whose rule names are English)."""
    if strategy == "nonprofit-it":
        context = _context(personas, strategy)
    else:
        context = context_from_document(winery_document(), version=1, language="it", cards=personas.knowledge)
        assert context.findings
    text = _visible(format_name, EXPORTERS[format_name].render(context), schema)
    found = [w for w in _english_only_words() if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]
    assert found == []
    assert Labels("it")["summary"] in text or format_name in ("pptx", "canvas-svg", "canvas-pdf", "kit")
