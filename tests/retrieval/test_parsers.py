import pytest

from assistant.retrieval.parsers import (
    Caps,
    UnreadableFile,
    parse_docx,
    parse_html,
    parse_markdown,
    parse_pdf,
    parse_text,
    parser_for,
)
from tests.retrieval.conftest import blank_pdf, encrypted_pdf, make_docx, make_pdf

CAPS = Caps(pages=50, paragraphs=1000, unpacked_bytes=10 * 1048576)


def texts_by_place(sections: list) -> dict:
    return {(s.page or s.heading): " ".join(s.text.split()) for s in sections if s.text.strip()}


def test_markdown_sections_carry_their_heading_path() -> None:
    source = b"# Brand\n\nIntro.\n\n## Values\n\n```\n# a comment, not a heading\n```\n\n### Craft\n\nHands.\n"
    found = texts_by_place(parse_markdown(source, CAPS))
    assert found["Brand"] == "Intro."
    assert found["Brand > Values"] == "``` # a comment, not a heading ```"
    assert found["Brand > Values > Craft"] == "Hands."


def test_html_text_without_scripts_or_navigation() -> None:
    page = (
        b"<script>steal()</script><nav>Menu</nav><h1>Story</h1><p>Since <b>1962</b>.</p>"
        b"<h2>Team</h2><ul><li>Lucia</li></ul>"
    )
    found = texts_by_place(parse_html(page, CAPS))
    assert found == {"Story": "Since 1962 .", "Story > Team": "Lucia"}


def test_docx_headings_paragraphs_and_tables() -> None:
    data = make_docx([("h1", "Brief"), ("p", "Context."), ("h2", "Audience"), ("p", "Couples.")])
    found = texts_by_place(parse_docx(data, CAPS))
    assert found == {"Brief": "Context.", "Brief > Audience": "Couples."}


def test_pdf_pages_are_numbered_from_one() -> None:
    found = texts_by_place(parse_pdf(make_pdf(["First page.", "Second page."]), CAPS))
    assert found == {1: "First page.", 2: "Second page."}


def test_text_in_other_encodings_is_decoded() -> None:
    assert parse_text("Perché la qualità".encode("cp1252"), CAPS)[0].text.startswith("Perch")
    assert parse_text("\ufeffPerché".encode(), CAPS)[0].text == "Perché"


@pytest.mark.parametrize(
    ("parse", "data", "reason"),
    [
        (parse_pdf, blank_pdf(), "no extractable text"),
        (parse_pdf, encrypted_pdf("secret plans"), "password-protected"),
        (parse_pdf, b"%PDF-1.4 garbage", "not a readable PDF"),
        (parse_docx, b"PK\x03\x04 not really a zip", "not a readable DOCX"),
    ],
)
def test_unreadable_files_say_why(parse, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        parse(data, CAPS)


def test_unsupported_types_are_named() -> None:
    with pytest.raises(UnreadableFile, match=r"unsupported type '\.xlsx'"):
        parser_for("budget.xlsx")
    assert parser_for("Brand.PDF")[0] == "application/pdf"
