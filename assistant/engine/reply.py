"""What the engine returns for a turn."""

from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.document import Finding


@dataclass(frozen=True)
class Source:
    """A citation as the reader sees it: numbered in the message, expandable to the passage."""

    number: int
    label: str
    kind: str  # card or document
    passage: str
    card_id: str | None = None
    title: str | None = None
    file: str | None = None
    page: int | None = None
    heading: str | None = None


@dataclass
class Reply:
    message: str  # Markdown
    kind: str  # question, coaching, answer, summary, status, help, review, complete, navigation, proposal, correction
    stage: str
    question_id: str | None
    question: str | None  # the pending question, as asked
    citations: list[Source] = field(default_factory=list)
    patch: list[dict[str, Any]] = field(default_factory=list)  # JSON Patch from the previous version
    version: int | None = None
    findings_added: list[Finding] = field(default_factory=list)
    findings_resolved: list[Finding] = field(default_factory=list)
    notice: str | None = None  # e.g. the language model fell back to the deterministic path

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["findings_added"] = [f.model_dump() for f in self.findings_added]
        data["findings_resolved"] = [f.model_dump() for f in self.findings_resolved]
        return data
