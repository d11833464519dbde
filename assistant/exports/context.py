"""What every export is rendered from: one saved document version and what goes with it."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from assistant import coherence
from assistant.coherence import Scorecard
from assistant.document import Finding, Language, Part, StrategyDocument, catalogue, labels
from assistant.document.paths import item
from assistant.exports.registry import Edition
from assistant.exports.text import clean
from assistant.stages import Question, StageBook
from assistant.store.repository import Store, Turn

LABELS_FILE = Path(__file__).with_name("labels.yaml")


class CardLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def attribution(self) -> str: ...
    @property
    def intro(self) -> str: ...
    @property
    def coach(self) -> str: ...
    @property
    def ask(self) -> str: ...


class CardLookup(Protocol):
    """What the exports need of the knowledge base: a card by id and language (or None)."""

    def card(self, card_id: str, language: Language, /) -> CardLike | None: ...


@cache
def _all_labels() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    return data


@cache
def _document_labels(language: Language) -> dict[str, Any]:
    """The names of the document's sections and fields as the exports print them, and each choice's values
    under the plural of its enum (`journey_stages`), from the document's own labels."""
    found: dict[str, Any] = {}
    for group in ("sections", "fields"):
        found |= {key: labels.label(group, key, language, surface="export") for key in labels.keys(group)}
    for spec in catalogue.fields():
        if spec.enum is not None:
            found[catalogue.snake_case(spec.enum.__name__) + "s"] = {
                value: labels.label("values", value, language, surface="export") for value in spec.values
            }
    return found


class Labels:
    """The words around the team's text, in one language (from `labels.yaml` and the document's labels)."""

    def __init__(self, language: Language):
        self.language = language
        self.data = _document_labels(language) | _all_labels()[language]

    def __getitem__(self, key: str) -> str:
        return str(self.data[key])

    def __call__(self, key: str, **values: object) -> str:
        return str(self.data[key]).format(**values)

    def count(self, key: str, n: int) -> str:
        """`n` and the word in `key` that goes with it: "1 warning", "0 errors", "2 avvisi"."""
        forms: Mapping[str, str] = self.data[key]
        return forms["one" if n == 1 else "other"].format(n=n)

    def group(self, name: str) -> Mapping[str, str]:
        group: Mapping[str, str] = self.data[name]
        return group

    def enum(self, name: str, value: object) -> str:
        """The label of an enum value (`journey_stages`, `awareness`), or "not set" for None."""
        if value is None:
            return self["not_set"]
        return self.group(name).get(str(getattr(value, "value", value)), str(value))


@dataclass(frozen=True)
class Citation:
    """One entry of the sources appendix: a framework card or a team document, with the fields citing it."""

    number: int
    kind: str  # "card", "document" or "finding-card"
    key: str  # card id or document reference
    title: str
    attribution: str = ""
    cited_for: tuple[str, ...] = ()  # field paths (`touchpoints[2].engagement_level`) or rule names
    where: tuple[str, ...] = ()  # pages and headings of a team document quoted in the conversation


FINDING_STAGES = (
    ("purpose", "purpose"),
    ("brand", "purpose"),  # the brand's context is worked on with the purpose
    ("digital", "digital-alignment"),
    ("touchpoints", "touchpoints"),
    ("kpis", "kpis"),
)


def stage_of(finding: Finding) -> str:
    """The stage whose work a finding is about (by the first field it names); the review for the rest."""
    first = finding.fields[0] if finding.fields else ""
    return next((stage for prefix, stage in FINDING_STAGES if first.startswith(prefix)), "review")


@dataclass(frozen=True)
class ExportContext:
    document: StrategyDocument  # exactly as saved (the JSON export)
    display: StrategyDocument  # the same, with text cleaned for every format (no control characters)
    version: int
    language: Language
    brand: str
    findings: list[Finding]
    scorecard: Scorecard
    generated_at: datetime
    citations: list[Citation]
    session_id: str | None = None
    stages: StageBook | None = None  # the workshop kit's questions; None: the packaged stages
    edition: Edition = "client"  # "client": plain labels only; "working": item codes, rule names, field paths
    cards: CardLookup | None = None  # the deck's speaker notes quote the cards
    agenda: tuple[tuple[str, int], ...] = ()  # the kit's minutes per stage id, as the consultant set them
    start: str = "09:30"  # when the kit's workshop starts (HH:MM)
    labels: Labels = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", Labels(self.language))

    @property
    def glyph_note(self) -> str:
        """The notice a PDF prints when its font lacks some of the document's characters, else ""."""
        from assistant.exports.fonts import all_drawable

        texts = [self.brand, self.display.model_dump_json(), *(f.message for f in self.findings)]
        texts += [c.title + c.attribution for c in self.citations]
        return "" if all_drawable(texts) else self.labels["glyph_notice"]

    @property
    def working(self) -> bool:
        """The team's edition: it shows item codes, rule names, field paths and provenance codes."""
        return self.edition == "working"

    def citation(self, kind: str, key: str) -> Citation | None:
        return next((c for c in self.citations if c.key == key and (c.kind == kind)), None)

    @property
    def date(self) -> str:
        return self.generated_at.strftime("%Y-%m-%d %H:%M UTC")

    @property
    def stage_book(self) -> StageBook:
        """The stages the session ran with, or the packaged ones."""
        return self.stages or _packaged_stages()

    def open_questions(self, stage_id: str) -> list[Question]:
        """The stage's questions the document does not answer yet (the optional ones too: the room can
        answer them)."""
        from assistant.engine.fields import answered  # the engine's own test, so the outputs and the chat agree

        return [q for q in self.stage_book.stage(stage_id).questions if not answered(self.display, q)]

    def stage_findings(self, stage_id: str) -> list[Finding]:
        return [f for f in self.findings if stage_of(f) == stage_id]

    def say(self, text: Any) -> str:
        """A stage text (`stages.Text`) in the export's language, filled with the brand's name."""
        try:
            return str(text.render(self.language, brand=self.brand))
        except Exception:  # a stage text that needs more than the brand's name: show it as written
            return str(getattr(text, self.language))


@cache
def _packaged_stages() -> StageBook:
    """The stages shipped with the app, read once (a StageBook reads its files when first asked)."""
    from assistant.config import STAGES_DIR

    return StageBook(STAGES_DIR)


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_value(v) for k, v in value.items()}
    return value


def cleaned(document: StrategyDocument) -> StrategyDocument:
    """The document with its text made safe for XML, PDF and Office formats (values otherwise unchanged)."""
    return StrategyDocument.model_validate(_clean_value(document.model_dump(mode="json")))


def provenance_parts(document: StrategyDocument) -> list[tuple[str, Part]]:
    """Every section and list item that carries a provenance map, with its field path."""
    parts: list[tuple[str, Part]] = []
    for section in catalogue.sections():
        parts += [(path, catalogue.part_at(document, path)) for path in section.parts]
        for spec in section.lists:
            parts += [(item(spec.path, i), entry) for i, entry in enumerate(catalogue.items_of(document, spec.name))]
    return parts


def _chat_sources(turns: list[Turn], labels: Labels) -> list[tuple[str, str, str]]:
    """(kind, key, where) of every card and team document the assistant cited in the chat; `where` is the page
    or heading of a document ("p. 4", "§ Our values"), or ""."""
    found = []
    for turn in turns:
        for source in turn.meta.get("citations") or []:
            if not isinstance(source, dict):  # meta is stored JSON: read it, never trust its shape
                continue
            if source.get("kind") == "card" and source.get("card_id"):
                found.append(("card", str(source["card_id"]), ""))
            elif source.get("kind") == "document" and (source.get("file") or source.get("title")):
                where = ""
                if source.get("page"):
                    where = labels("page_short", n=source["page"])
                elif source.get("heading"):
                    where = labels("heading_short", heading=clean(str(source["heading"])))
                found.append(("document", clean(str(source.get("file") or source.get("title"))), where))
    return found


def _citations(
    document: StrategyDocument,
    findings: list[Finding],
    cards: CardLookup | None,
    language: Language,
    chat: list[tuple[str, str, str]],
) -> list[Citation]:
    """The sources appendix: the cards and documents the values came from, those the chat quoted, and the cards
    behind the findings; numbered in that order of kinds."""
    cited: dict[tuple[str, str], list[str]] = {}
    where: dict[tuple[str, str], list[str]] = {}
    for path, part in provenance_parts(document):
        for name, source in part.provenance.items():
            if source.card_id:
                cited.setdefault(("card", source.card_id), []).append(f"{path}.{name}")
            if source.source:
                cited.setdefault(("document", source.source), []).append(f"{path}.{name}")
    for kind, key, at in chat:
        cited.setdefault((kind, key), [])
        if at:
            where.setdefault((kind, key), []).append(at)
    for finding in findings:
        if finding.card_id and ("card", finding.card_id) not in cited:
            cited.setdefault(("finding-card", finding.card_id), []).append(finding.rule)
    order = {"card": 0, "document": 1, "finding-card": 2}
    citations = []
    for number, ((kind, key), fields) in enumerate(sorted(cited.items(), key=lambda i: order[i[0][0]]), start=1):
        title, attribution = key, ""
        if kind != "document" and cards is not None:
            card = cards.card(key, language)
            if card is not None:
                title, attribution = card.title, card.attribution
        places = tuple(dict.fromkeys(where.get((kind, key), [])))
        citations.append(
            Citation(number, kind, key, clean(title), clean(attribution), tuple(dict.fromkeys(fields)), places)
        )
    return citations


def context_from_document(
    document: StrategyDocument,
    *,
    version: int,
    language: Language | None = None,
    cards: CardLookup | None = None,
    session_id: str | None = None,
    brand_name: str = "",
    generated_at: datetime | None = None,
    stages: StageBook | None = None,
    edition: Edition = "client",
    chat: list[Turn] | None = None,
) -> ExportContext:
    """The export context of a document in hand (the store-backed `build_context` calls this); `chat` adds the
    sources the conversation cited to the appendix."""
    language = language or document.brand.language
    display = cleaned(document)
    findings = coherence.check(display, language=language)
    labels = Labels(language)
    brand = display.brand.name or clean(brand_name).strip() or labels["untitled"]
    return ExportContext(
        document=document,
        display=display,
        version=version,
        language=language,
        brand=brand,
        findings=findings,
        scorecard=coherence.scorecard(display),
        generated_at=generated_at or datetime.now(UTC).replace(microsecond=0),
        citations=_citations(display, findings, cards, language, _chat_sources(chat or [], labels)),
        session_id=session_id,
        stages=stages,
        edition=edition,
        cards=cards,
    )


def _turns_until(store: Store, session_id: str, version: int) -> list[Turn]:
    """The turns of the session up to the moment `version` was saved (the turn that saved it included)."""
    saved = next((v.created_at for v in store.list_versions(session_id) if v.version == version), None)
    return [turn for turn in store.list_turns(session_id) if saved is None or turn.created_at <= saved]


def build_context(
    store: Store,
    session_id: str,
    version: int | None = None,
    cards: CardLookup | None = None,
    *,
    workspace_id: str | None = None,
    generated_at: datetime | None = None,
    stages: StageBook | None = None,
    edition: Edition = "client",
) -> ExportContext:
    """The context of a saved version (the latest when `version` is None), in the session's language, with every
    source the session's conversation cited up to that version (so a version's exports never change, and the kept
    copies stay right).

    With `workspace_id`, a session of another workspace is not found (one client's data never reaches another's).
    Raises `assistant.store.NotFound` for an unknown session or version.
    """
    session = store.get_session(session_id, workspace_id=workspace_id)
    number, document = store.load_document(session_id, version)
    return context_from_document(
        document,
        version=number,
        language=session.language,
        cards=cards,
        session_id=session_id,
        brand_name=session.brand_name,
        generated_at=generated_at,
        stages=stages,
        edition=edition,
        chat=_turns_until(store, session_id, number),
    )
