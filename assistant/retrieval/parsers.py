"""Text out of the files teams bring: Markdown, plain text, PDF, HTML and DOCX.

Each parser returns sections: a run of text with where it came from (a PDF page, or the heading path
above it). A file that cannot give text raises `UnreadableFile` with a one-line reason. These run on
untrusted bytes inside a child process with resource limits (`sandbox.py`); the caps here turn the
files that would only hit those limits into a clear reason instead.
"""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import lxml.html
from charset_normalizer import from_bytes
from docx.table import Table
from lxml import etree
from markdown_it import MarkdownIt
from pypdf import PdfReader
from pypdf.errors import PyPdfError


class UnreadableFile(ValueError):
    """The file's content cannot be turned into text; the message says why in one line."""


@dataclass(frozen=True)
class Caps:
    """How much one file may hold; beyond this it is refused, not read."""

    pages: int
    paragraphs: int
    unpacked_bytes: int


MAX_RATIO = 100  # Office files compress text about 5-20 to 1; a bomb, thousands to 1
MAX_HTML_DEPTH = 200  # real pages nest a few dozen levels; libxml2 stops at 256 anyway


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


def parse_text(data: bytes, caps: Caps) -> list[Section]:
    return [Section(_decode(data), start=0)]


def parse_markdown(data: bytes, caps: Caps) -> list[Section]:
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


BLOCKS = ("p", "li", "td", "th", "blockquote", "pre", "dd", "dt", "figcaption", "caption")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
DROPPED = ("script", "style", "noscript", "template", "nav", "svg", "head")
# inline styles a reader never sees: text hidden this way is there for machines (or for tricks)
HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|(font-size|opacity)\s*:\s*[0.]+[a-z%]*\s*(;|!|$)",
    re.IGNORECASE,
)


def _hidden(element: lxml.html.HtmlElement) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden", "").strip().lower() == "true"
        or bool(HIDDEN_STYLE.search(element.get("style", "")))
    )


def _depth(root: etree._Element) -> int:
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _words(element: lxml.html.HtmlElement) -> str:
    return " ".join(" ".join(element.itertext()).split())


def parse_html(data: bytes, caps: Caps) -> list[Section]:
    """Block text grouped under its heading path; scripts, styles, navigation and hidden elements left out."""
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as error:
        raise UnreadableFile(f"is not readable HTML ({error})") from None
    if _depth(root) > MAX_HTML_DEPTH:
        raise UnreadableFile(f"nests its elements more than {MAX_HTML_DEPTH} levels deep")
    for element in [e for e in root.iter(etree.Element) if e.tag in DROPPED or _hidden(e)]:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail text, which belongs to the parent
    headings = _Headings()
    sections: list[Section] = []
    current: list[str] = []
    for element in root.iter(*BLOCKS, *HEADINGS):
        if element.tag in HEADINGS:
            sections.append(Section("\n".join(current), heading=headings.path))
            current = []
            headings.enter(int(element.tag[1]), _words(element))
        elif next(element.iterancestors(*BLOCKS), None) is None:
            current.append(_words(element))
    sections.append(Section("\n".join(current), heading=headings.path))
    if not any(s.text.strip() for s in sections) and root.text_content().strip():
        lines = (line.strip() for line in root.itertext())
        sections = [Section("\n".join(line for line in lines if line))]  # markup without block elements
    return sections


def check_archive(data: bytes, caps: Caps) -> None:
    """Refuse a zip whose parts would unpack past the cap or at a bomb's ratio, before anything opens it.

    The sizes are the ones the zip declares; Python's zipfile never inflates a member past its
    declared size, so a lying header only makes the file unreadable, not bigger.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableFile(f"is not a readable DOCX file ({type(error).__name__})") from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > caps.unpacked_bytes:
        raise UnreadableFile(
            f"would unpack to {unpacked / 1048576:,.0f} MB, over the {caps.unpacked_bytes // 1048576} MB limit"
        )
    if unpacked > MAX_RATIO * max(len(data), 1024):
        raise UnreadableFile(f"unpacks {unpacked // max(len(data), 1):,} times its size: a zip bomb, not a document")


def _style_names(document: docx.document.Document) -> dict[str, str]:
    """Style id to name, built once: python-docx's `Paragraph.style` searches all styles per paragraph."""
    return {style.style_id: style.name or "" for style in document.styles}


def parse_docx(data: bytes, caps: Caps) -> list[Section]:
    """Paragraphs and tables in document order, grouped under `Heading N` styles."""
    check_archive(data, caps)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile(f"is not a readable DOCX file ({type(error).__name__})") from None
    except etree.XMLSyntaxError as error:  # includes entity expansion stopped by libxml2
        raise UnreadableFile(f"is not a readable DOCX file (its XML is malformed: {error})") from None
    if len(document.element.body) > caps.paragraphs:  # top-level blocks alone: refused before any is read
        raise UnreadableFile(f"has more than {caps.paragraphs:,} paragraphs and table rows")
    names = _style_names(document)
    headings = _Headings()
    sections: list[Section] = []
    current: list[str] = []
    count = 0
    for block in document.iter_inner_content():
        count += len(block.rows) if isinstance(block, Table) else 1
        if count > caps.paragraphs:
            raise UnreadableFile(f"has more than {caps.paragraphs:,} paragraphs and table rows")
        if isinstance(block, Table):
            current.extend(" | ".join(cell.text.strip() for cell in row.cells) for row in block.rows)
            continue
        style = names.get(block._p.style or "", "")
        level = 1 if style == "Title" else int(style[8:]) if style.startswith("Heading ") and style[8:].isdigit() else 0
        if level and block.text.strip():
            sections.append(Section("\n".join(current), heading=headings.path))
            current = []
            headings.enter(level, block.text)
        else:
            current.append(block.text)
    sections.append(Section("\n".join(current), heading=headings.path))
    return sections


def parse_pdf(data: bytes, caps: Caps) -> list[Section]:
    """One section per page, numbered from 1 as a reader would cite it."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("is a password-protected PDF: remove the password and try again")
        if len(reader.pages) > caps.pages:
            raise UnreadableFile(f"has {len(reader.pages):,} pages, over the {caps.pages:,} page limit")
        sections = [Section(page.extract_text() or "", page=number) for number, page in enumerate(reader.pages, 1)]
    except UnreadableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:  # incl. pypdf's own limits
        raise UnreadableFile(f"is not a readable PDF ({error})") from None
    except NotImplementedError as error:  # e.g. an encryption algorithm pypdf cannot open
        raise UnreadableFile(f"is an encrypted PDF that cannot be opened ({error})") from None
    if not any(s.text.strip() for s in sections):
        raise UnreadableFile("is a PDF with no extractable text (a scan? run OCR on it first)")
    return sections


Parser = Callable[[bytes, Caps], list[Section]]

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


def supported_files(paths: list[Path]) -> list[Path]:
    """The paths given, a folder standing for the files under it of a supported type (sorted); a file named
    directly is kept whatever its type, so that ingesting it reports why it cannot be read."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PARSERS)
        else:
            found.append(path)
    return found
