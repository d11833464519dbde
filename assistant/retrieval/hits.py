"""What a search returns: passages with a score and a citation a reader can follow."""

from dataclasses import asdict, dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Citation:
    kind: Literal["card", "document"]
    title: str  # card title, or the file name
    card_id: str | None = None
    attribution: str | None = None  # the sources a card draws on
    file: str | None = None
    page: int | None = None
    heading: str | None = None

    @property
    def label(self) -> str:
        """How the citation reads in a reply: `Co-creation [engagement-co-creation]` or `brandbook.pdf, p. 4`."""
        if self.kind == "card":
            return f"{self.title} [{self.card_id}]"
        where = f"p. {self.page}" if self.page is not None else self.heading
        return f"{self.file}, {where}" if where else str(self.file)


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    text: str
    language: str
    citation: Citation

    @property
    def source(self) -> str:
        return str(self.citation.card_id if self.citation.kind == "card" else self.citation.file)

    def as_json(self) -> dict[str, Any]:
        """The shape `brandplan search --json` prints."""
        data: dict[str, Any] = {
            "text": self.text,
            "score": round(self.score, 6),
            "source": self.source,
            "kind": self.citation.kind,
            "language": self.language,
            "citation": self.citation.label,
        }
        if self.citation.kind == "card":
            data["title"] = self.citation.title
            data["attribution"] = self.citation.attribution
        else:
            data["file"] = self.citation.file
            data["page" if self.citation.page is not None else "heading"] = (
                self.citation.page if self.citation.page is not None else self.citation.heading
            )
        return data

    def replace_score(self, score: float) -> "Hit":
        return Hit(**{**asdict(self), "citation": self.citation, "score": score})
