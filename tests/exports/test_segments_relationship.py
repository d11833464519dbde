"""Every export shows the audience as segment profiles and the relationship beyond the message (reverse marketing,
the plan for a conversation out of control, the value around the sale, what keeps it alive without paid push),
in the document's language."""

import pytest

from assistant.exports import EXPORTERS, context_from_document
from tests.exports.conftest import read
from tests.factories import winery_document

WORDS = {
    "en": {
        "needs": "a Sunday wine",
        "unknowns": "why they stop",
        "reverse_marketing": "half bottles now",
        "loss_of_control": "Marco answers first",
        "value_after": "pairing notes",
        "without_paid_push": "the harvest diary",
        "heading": "Where they meet the brand",
    },
    "it": {
        "needs": "un vino della domenica",
        "unknowns": "perché smettono",
        "reverse_marketing": "mezze bottiglie ora",
        "loss_of_control": "Marco risponde per primo",
        "value_after": "consigli di abbinamento",
        "without_paid_push": "il diario della vendemmia",
        "heading": "Dove incontrano il brand",
    },
}
# the canvas and the deck have room for the heart of each part: what a segment needs, what keeps people close
SHORT = {"canvas-svg", "canvas-pdf", "pptx"}


def _document(language: str):  # type: ignore[no-untyped-def]
    said = WORDS[language]
    doc = winery_document()
    doc.brand.language = language  # type: ignore[assignment]
    families = doc.purpose.audience[0]
    families.needs, families.meeting_points, families.unknowns = said["needs"], "the cellar shop", said["unknowns"]
    relationship = doc.digital.relationship
    relationship.reverse_marketing = [said["reverse_marketing"]]
    relationship.loss_of_control = said["loss_of_control"]
    relationship.value_after = said["value_after"]
    relationship.without_paid_push = [said["without_paid_push"]]
    doc.touchpoints[0].segment_id = families.id
    return doc


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("format_name", ["md", "html", "docx", "pdf", "pptx", "canvas-svg", "canvas-pdf", "kit"])
def test_segment_profiles_and_the_relationship_are_in_every_export(
    format_name: str, language: str, schema: dict[str, object]
) -> None:
    said = WORDS[language]
    context = context_from_document(_document(language), version=3, language=language, edition="working")  # type: ignore[arg-type]
    text = read(format_name, EXPORTERS[format_name].render(context), schema)
    assert said["needs"] in text and said["without_paid_push"] in text
    if format_name not in SHORT:
        for key in ("unknowns", "reverse_marketing", "loss_of_control", "value_after"):
            assert said[key] in text, key
    if format_name in ("md", "html", "docx", "pdf"):
        assert said["heading"] in text
        assert "S1" in text  # the touchpoint names the segment it serves as the report numbers it
