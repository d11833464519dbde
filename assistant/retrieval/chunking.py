"""Split parsed sections into passages of a few paragraphs, keeping where each one sits."""

from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.retrieval.parsers import Section

SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Passage:
    text: str
    # Character offsets into the file itself for Markdown and text; for PDF, HTML and DOCX into their
    # extracted text, sections joined by blank lines.
    start: int
    end: int
    page: int | None
    heading: str | None


def passages(sections: list[Section], *, size: int) -> list[Passage]:
    """Passages of at most about `size` characters, split at paragraph, line, then sentence breaks."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=size // 8,
        separators=["\n\n", "\n", ". ", " ", ""],
        add_start_index=True,
        strip_whitespace=True,
    )
    result: list[Passage] = []
    offset = 0
    for section in sections:
        base = offset if section.start is None else section.start
        for piece in splitter.create_documents([section.text]):
            start = base + piece.metadata["start_index"]
            text = piece.page_content
            if text.strip():
                result.append(Passage(text, start, start + len(text), section.page, section.heading))
        offset += len(section.text) + len(SEPARATOR)
    return result
