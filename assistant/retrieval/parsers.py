"""Text out of the files teams bring: Markdown, plain text, PDF, HTML and DOCX.

Each parser returns sections: a run of text with where it came from (a PDF page, or the heading path
above it). A file that cannot give text raises `UnreadableFile` with a one-line reason.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
from bs4 import BeautifulSoup
from charset_normalizer import from_bytes
from docx.table import Table
from markdown_it import MarkdownIt
from pypdf import PdfReader
from pypdf.errors import PdfReadError


class UnreadableFile(ValueError):
    """The file's content cannot be turned into text; the message says why in one line."""


@dataclass(frozen=True)
class Section:
    text: str
    page: int | None = None
    heading: str | None = None
    start: int | None = None  # where the text starts in the file, when the file is itself text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise UnreadableFile("is not text in a known encoding") from None
        return str(best)


class _Headings:
    """The heading path above the current position: `Brand book > Values > Craft`."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    def enter(self, level: int, title: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, " ".join(title.split())))

    @property
    def path(self) -> str | None:
        return " > ".join(title for _, title in self.stack) or None


def parse_text(data: bytes) -> list[Section]:
    return [Section(_decode(data), start=0)]


def parse_markdown(data: bytes) -> list[Section]:
    """Sections between headings; markdown-it finds real headings (not `#` lines inside code)."""
    source = _decode(data)
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    tokens = MarkdownIt("commonmark").parse(source)
    headings = _Headings()
    sections: list[Section] = []
    start = 0
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        begin, end = line_starts[start], line_starts[token.map[0]]
        sections.append(Section(source[begin:end], heading=headings.path, start=begin))
        headings.enter(int(token.tag[1]), tokens[index + 1].content)
        start = token.map[1]
    sections.append(Section(source[line_starts[start] :], heading=headings.path, start=line_starts[start]))
    return sections


BLOCKS = {"p", "li", "td", "th", "blockquote", "pre", "dd", "dt", "figcaption", "caption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def parse_html(data: bytes) -> list[Section]:
    """Block text grouped under its heading path; scripts, styles and navigation left out."""
    soup = BeautifulSoup(data, "lxml")
    for tag in soup(["script", "style", "noscript", "template", "nav", "svg", "head"]):
        tag.decompose()
    headings = _Headings()
    sections: list[Section] = []
    current: list[str] = []
    for tag in soup.find_all(list(BLOCKS | HEADINGS)):
        if tag.name in HEADINGS:
            sections.append(Section("\n".join(current), heading=headings.path))
            current = []
            headings.enter(int(tag.name[1]), tag.get_text(" ", strip=True))
        elif not tag.find_parent(list(BLOCKS)):
            current.append(tag.get_text(" ", strip=True))
    sections.append(Section("\n".join(current), heading=headings.path))
    if not any(s.text.strip() for s in sections) and soup.get_text(strip=True):
        sections = [Section(soup.get_text("\n", strip=True))]  # markup without block elements
    return sections


def parse_docx(data: bytes) -> list[Section]:
    """Paragraphs and tables in document order, grouped under `Heading N` styles."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile(f"is not a readable DOCX file ({type(error).__name__})") from None
    headings = _Headings()
    sections: list[Section] = []
    current: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            current.extend(" | ".join(cell.text.strip() for cell in row.cells) for row in block.rows)
            continue
        style = block.style.name if block.style is not None and block.style.name else ""
        level = 1 if style == "Title" else int(style[8:]) if style.startswith("Heading ") and style[8:].isdigit() else 0
        if level and block.text.strip():
            sections.append(Section("\n".join(current), heading=headings.path))
            current = []
            headings.enter(level, block.text)
        else:
            current.append(block.text)
    sections.append(Section("\n".join(current), heading=headings.path))
    return sections


def parse_pdf(data: bytes) -> list[Section]:
    """One section per page, numbered from 1 as a reader would cite it."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("is a password-protected PDF: remove the password and try again")
        sections = [Section(page.extract_text() or "", page=number) for number, page in enumerate(reader.pages, 1)]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise UnreadableFile(f"is not a readable PDF ({error})") from None
    except NotImplementedError as error:  # e.g. an encryption algorithm pypdf cannot open
        raise UnreadableFile(f"is an encrypted PDF that cannot be opened ({error})") from None
    if not any(s.text.strip() for s in sections):
        raise UnreadableFile("is a PDF with no extractable text (a scan? run OCR on it first)")
    return sections


Parser = Callable[[bytes], list[Section]]

PARSERS: dict[str, tuple[str, Parser]] = {
    ".md": ("text/markdown", parse_markdown),
    ".markdown": ("text/markdown", parse_markdown),
    ".txt": ("text/plain", parse_text),
    ".text": ("text/plain", parse_text),
    ".html": ("text/html", parse_html),
    ".htm": ("text/html", parse_html),
    ".pdf": ("application/pdf", parse_pdf),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", parse_docx),
}


def parser_for(filename: str) -> tuple[str, Parser]:
    """The media type and parser for a file name, or `UnreadableFile` for an unsupported type."""
    suffix = Path(filename).suffix.lower()
    if suffix not in PARSERS:
        supported = ", ".join(sorted(PARSERS))
        raise UnreadableFile(f"has an unsupported type {suffix or '(none)'!r}; supported: {supported}")
    return PARSERS[suffix]
