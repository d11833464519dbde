"""Does a file's content match its name? Checked when it arrives, before any parser sees it.

A PDF named `.md` or random bytes named `.html` would otherwise be "read" into garbage passages
that the assistant then quotes back as the team's own material.
"""

import re

import filetype
from charset_normalizer import from_bytes

from assistant.retrieval.parsers import UnreadableFile

SIGNATURES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}
NAMES = {".pdf": "PDF", ".docx": "DOCX (zip)"}
PDF_HEADER_WINDOW = 1024  # readers accept a PDF header anywhere in the first kilobyte
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAMPLE = 1 << 20  # text checks look at the first megabyte
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
MAX_NOT_TEXT = 0.01
MAX_CHAOS = 0.2  # charset_normalizer's mess ratio: legacy-encoded prose stays well under it


def _looks_like(data: bytes) -> str:
    """What the content seems to be, for the reason shown to the user."""
    if data[: len(SIGNATURES[".docx"])] == SIGNATURES[".docx"]:
        return f"a {NAMES['.docx']} file"
    if SIGNATURES[".pdf"] in data[:PDF_HEADER_WINDOW]:
        return f"a {NAMES['.pdf']} file"
    kind = filetype.guess(data[:8192])
    return f"{kind.mime} content" if kind else "other content"


def check_content(suffix: str, data: bytes) -> None:
    """Refuse content that is not what its extension says, naming what it looks like."""
    if suffix in SIGNATURES:
        window = data[:PDF_HEADER_WINDOW] if suffix == ".pdf" else data[: len(SIGNATURES[suffix])]
        if SIGNATURES[suffix] not in window:
            raise UnreadableFile(f"is named {suffix} but holds {_looks_like(data)}, not a {NAMES[suffix]} file")
        return
    sample = data[:SAMPLE]
    if sample.lstrip().startswith(tuple(SIGNATURES.values())):
        raise UnreadableFile(f"is named {suffix} but holds {_looks_like(sample)}: give it its real extension")
    if sample.startswith(UTF16_BOMS):
        return  # UTF-16 text has NUL bytes by design; its BOM says so
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 3:  # the sample cut a character in two
            text = sample[: error.start].decode("utf-8")
        else:
            best = from_bytes(sample).best()
            if best is None or best.chaos > MAX_CHAOS or b"\x00" in sample:
                raise UnreadableFile(f"is named {suffix} but holds {_looks_like(sample)}, not text") from None
            text = str(best)
    if len(NOT_TEXT.findall(text)) > MAX_NOT_TEXT * max(len(text), 1):
        raise UnreadableFile(f"is named {suffix} but holds {_looks_like(sample)}, not text")
