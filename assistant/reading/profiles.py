"""A segment's profile from the way a team describes it: "young families: they want bread before school, they
come every day, they find us on Instagram, we don't know if they come at weekends" fills what they need, their
habits, where they meet the brand and what is not known yet, each from the words that say it.

The cues are data (knowledge/language/profiles.yaml); each piece of a remark goes to the part whose cue comes
first in it, and a piece without a cue goes on with the part before it.
"""

import re
from functools import cache
from pathlib import Path

import yaml

from assistant.config import KNOWLEDGE_DIR
from assistant.retrieval.text import fold

PIECES = re.compile(r"\s*[,;]\s*")


@cache
def cues(path: Path = KNOWLEDGE_DIR / "language" / "profiles.yaml") -> dict[str, re.Pattern[str]]:
    """Each profile part's cues in both languages, as one whole-word pattern (longest phrase first)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    patterns = {}
    for part, said in data.items():
        phrases = sorted({fold(p) for lang in ("en", "it") for p in said[lang]}, key=len, reverse=True)
        patterns[part] = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")
    return patterns


def part_of(piece: str, parts: tuple[str, ...]) -> str | None:
    """The part whose cue comes first in the piece, or None when no cue of these parts is there."""
    folded = fold(piece)
    found = [(match.start(), part) for part in parts if (match := cues()[part].search(folded)) is not None]
    return min(found)[1] if found else None


def pieces(remark: str) -> list[str]:
    """The remark's comma-separated pieces, each one thing said about the segment."""
    return [piece.strip(" .") for piece in PIECES.split(remark) if piece.strip(" .")]


def profile(remarks: list[str], parts: tuple[str, ...]) -> dict[str, str]:
    """The profile's parts the remarks fill, each the team's own words joined in the order said; the first
    part takes what comes before any cue."""
    said: dict[str, list[str]] = {}
    current = parts[0]
    for remark in remarks:
        for piece in pieces(remark):
            current = part_of(piece, parts) or current
            said.setdefault(current, []).append(piece)
    return {part: ", ".join(pieces) for part, pieces in said.items()}
