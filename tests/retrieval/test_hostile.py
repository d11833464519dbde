"""Hostile files are refused with a reason, quickly, by a child process that cannot take the server down."""

import os
import signal
import time
from collections.abc import Iterator

import pytest

from assistant.config import Settings
from assistant.retrieval.ingest import accept, clean_filename
from assistant.retrieval.parsers import Caps, UnreadableFile, parse_docx
from assistant.retrieval.sandbox import Readers, ReadLimits, read_isolated
from tests import hostile_files as hostile
from tests.retrieval.conftest import make_pdf

LIMITS = ReadLimits.from_settings(Settings(parse_seconds=20, parse_memory_mb=1024))


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("bomb.docx", hostile.zip_bomb_docx, "would unpack to 4,001 MB, over the 200 MB limit"),
        ("tiny-paragraphs.docx", hostile.many_paragraphs_docx, "a zip bomb"),
        ("laughs.docx", hostile.billion_laughs_docx, "XML is malformed: Maximum entity amplification"),
        ("flate.pdf", hostile.pdf_flate_bomb, "no extractable text"),
        ("pages.pdf", lambda: hostile.pdf_huge_page_tree(20_000), "has 20,000 pages, over the 2,000 page limit"),
        ("deep.html", hostile.deep_html, "nests its elements more than 200 levels deep"),
    ],
)
def test_hostile_files_are_refused_with_their_reason_in_seconds(name: str, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    data = make()
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match=reason):
        read_isolated(name, data, LIMITS)
    assert time.monotonic() - started < 15


def test_a_file_past_the_time_limit_stops_its_reader_not_the_caller() -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match=r"(took longer than|took more than) 1 s"):
        read_isolated("pages.pdf", hostile.pdf_huge_page_tree(), ReadLimits(**{**LIMITS.__dict__, "seconds": 1}))
    assert time.monotonic() - started < 4


def test_a_file_past_the_memory_limit_is_refused_not_fatal() -> None:
    # splitting 18 MB of prose takes about 200 MB; with 140 MB allowed the child runs out, the caller does not
    limits = ReadLimits(**{**LIMITS.__dict__, "memory_mb": 140, "passages": 10**6})
    with pytest.raises(UnreadableFile, match="needs more than 140 MB of memory to read"):
        read_isolated("big.txt", hostile.ordinary_text(18 * hostile.MB), limits)
    assert read_isolated("small.txt", b"Still reading files after that.", limits)[0].text.startswith("Still")


@pytest.fixture
def readers() -> Iterator[Readers]:
    readers = Readers()
    yield readers
    readers.close()


def test_one_reader_reads_file_after_file_and_one_killed_while_idle_is_replaced(readers: Readers) -> None:
    readers.read("a.txt", b"First note.", LIMITS)
    readers.read("b.txt", b"Second note.", LIMITS)
    (reader,) = readers.idle_pids()
    assert reader is not None
    os.kill(reader, signal.SIGKILL)
    assert readers.read("c.txt", b"Third note.", LIMITS)[0].text == "Third note."
    (replacement,) = readers.idle_pids()
    assert replacement != reader


def test_a_reader_stopped_mid_file_by_its_deadline_is_replaced_for_the_next_file(readers: Readers) -> None:
    readers.read("a.txt", b"First note.", LIMITS)
    (reader,) = readers.idle_pids()
    one_second = ReadLimits(**{**LIMITS.__dict__, "seconds": 1})
    with pytest.raises(UnreadableFile, match=r"(took longer than|took more than) 1 s"):
        readers.read("pages.pdf", hostile.pdf_huge_page_tree(), one_second)
    assert readers.idle_pids() == [], "a reader that failed a file is not used again"
    assert readers.read("b.txt", b"Second note.", one_second)[0].text == "Second note."
    (replacement,) = readers.idle_pids()
    assert replacement != reader


def test_a_reader_that_used_over_half_its_memory_reads_no_more_files(readers: Readers) -> None:
    # a heap grown by one large file would leave the next, innocent file short of memory
    limits = ReadLimits(**{**LIMITS.__dict__, "memory_mb": 140, "passages": 10**6})
    readers.read("a.txt", b"First note.", limits)
    (reader,) = readers.idle_pids()
    assert len(readers.read("big.txt", hostile.ordinary_text(6 * hostile.MB), limits)) > 100
    assert readers.idle_pids() == [], "the reader that grew past half its memory retired"
    assert readers.read("b.txt", b"Second note.", limits)[0].text == "Second note."
    (replacement,) = readers.idle_pids()
    assert replacement != reader


def test_hidden_html_text_is_not_indexed() -> None:
    (passage,) = read_isolated("offer.html", hostile.hidden_text_html(), LIMITS)
    assert passage.text == "Our tasting room opens at ten.\nBookings by phone."


def test_passages_per_file_are_capped() -> None:
    limits = ReadLimits(**{**LIMITS.__dict__, "passages": 50})
    with pytest.raises(UnreadableFile, match=r"yields \d+ passages, over the 50 limit: split it"):
        read_isolated("long.txt", hostile.ordinary_text(200_000), limits)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.md", make_pdf(["Quarterly plan."]), "is named .md but holds a PDF file: give it its real extension"),
        ("page.html", hostile.random_bytes(), "is named .html but holds .*, not text"),
        ("brief.docx", b"<html>not a docx</html>", "is named .docx but holds other content, not a DOCX"),
        ("report.pdf", b"PK\x03\x04" + bytes(100), "is named .pdf but holds a DOCX \\(zip\\) file"),
    ],
)
def test_content_that_is_not_what_its_name_says_is_refused(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        accept(name, data, Settings())


def test_text_in_legacy_encodings_and_utf16_is_still_accepted() -> None:
    assert accept("note.txt", "Perché la qualità conta.".encode("cp1252"), Settings()) == "note.txt"
    assert accept("note.txt", "Perché la qualità conta.".encode("utf-16"), Settings()) == "note.txt"


def test_bidi_controls_are_stripped_from_file_names() -> None:
    assert clean_filename(hostile.RTL_NAME) == "invoicegpj.md"
    assert clean_filename("a\u2066b\u2069c\u200f.txt") == "abc.txt"


def test_docx_reading_is_linear_in_its_paragraphs() -> None:
    caps = Caps(pages=1, paragraphs=10**6, unpacked_bytes=10**9)
    small, large = (hostile.many_paragraphs_docx(n, varied=True) for n in (5_000, 20_000))

    def seconds(data: bytes) -> float:
        started = time.perf_counter()
        parse_docx(data, caps)
        return time.perf_counter() - started

    ratio = min(seconds(large) for _ in range(2)) / min(seconds(small) for _ in range(2))
    assert ratio < 8, f"4x the paragraphs took {ratio:.1f}x the time (quadratic would be about 16x)"
