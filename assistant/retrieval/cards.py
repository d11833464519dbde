"""Framework cards: Markdown files with YAML front matter, one per idea and language."""

import hashlib
from pathlib import Path
from typing import Any, Literal

import frontmatter
from pydantic import BaseModel, ConfigDict, Field, ValidationError

Stage = Literal["purpose", "digital-alignment", "touchpoints", "kpis", "review", "general"]
SECTIONS = ("Coach", "Ask", "Example")
# Searched, never shown: the everyday questions a card answers, in the card's language, one per `- ` line.
QUESTIONS = "Questions"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    author: str
    title: str
    article: str = Field(description="Seed article number (000-004) or 'external' for a standard framework.")
    year: int | None = None


class Card(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    stage: Stage
    tags: list[str] = Field(min_length=1)
    language: Literal["en", "it"]
    sources: list[Source] = Field(min_length=1)
    related: list[str] = Field(default_factory=list)
    intro: str
    coach: str
    ask: str
    example: str
    questions: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """What retrieval indexes: the title, the explanation and the coaching."""
        return f"{self.title}\n\n{self.intro}\n\n{self.coach}"

    @property
    def sections(self) -> dict[str, str]:
        """What a sectioned index embeds: each part under the title, so a question can match one part well."""
        parts = {"intro": self.intro, "coach": self.coach, "example": self.example}
        return {name: f"{self.title}\n\n{text}" for name, text in parts.items()}

    @property
    def attribution(self) -> str:
        return "; ".join(f"{s.author}, “{s.title}”" for s in self.sources)


class CardError(ValueError):
    """A card file is malformed; the message names the file and the fault."""


def _sections(body: str, path: Path) -> dict[str, Any]:
    """Split a card body into its opening paragraph, its `## Coach|Ask|Example` sections and, if present, the
    `## Questions` it answers (the same header in every language), one per bullet."""
    parts: dict[str, list[str]] = {"intro": []}
    current = "intro"
    for line in body.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            if current not in (*SECTIONS, QUESTIONS):
                raise CardError(f"{path}: unexpected section {current!r} (expected {', '.join(SECTIONS)}, {QUESTIONS})")
            parts[current] = []
        else:
            parts[current].append(line)
    missing = [name for name in SECTIONS if name not in parts]
    if missing:
        raise CardError(f"{path}: missing section(s) {', '.join(missing)}")
    sections: dict[str, Any] = {name.lower(): "\n".join(lines).strip() for name, lines in parts.items()}
    if QUESTIONS in parts:
        sections["questions"] = [line.strip()[2:].strip() for line in parts[QUESTIONS] if line.strip().startswith("- ")]
    return sections


def load_card(path: Path) -> Card:
    try:
        post = frontmatter.load(path)
    except Exception as error:  # the YAML parser raises several unrelated types
        raise CardError(f"{path}: unreadable front matter ({error})") from None
    try:
        card = Card(**post.metadata, **_sections(post.content, path))
    except (ValidationError, TypeError) as error:
        raise CardError(f"{path}: {error}") from None
    if card.id != path.stem:
        raise CardError(f"{path}: id {card.id!r} differs from the file name")
    if card.language != path.parent.name:
        raise CardError(f"{path}: language {card.language!r} but the file is under {path.parent.name}/")
    return card


def load_cards(knowledge_dir: Path) -> list[Card]:
    """Every card under `knowledge_dir/cards/<lang>/`, sorted by language and id."""
    return [load_card(path) for path in sorted((knowledge_dir / "cards").glob("*/*.md"))]


def cards_hash(knowledge_dir: Path) -> str:
    """A digest of every card file, so an index can tell when it is stale."""
    digest = hashlib.sha256()
    for path in sorted((knowledge_dir / "cards").glob("*/*.md")):
        digest.update(path.relative_to(knowledge_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
