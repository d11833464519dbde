"""Reply texts: the Jinja2 templates of `prompts/replies.yaml`, and a composer that numbers citations."""

import re
from functools import cached_property
from pathlib import Path
from typing import Any, cast

import yaml

from assistant.document import Language, labels
from assistant.engine.reply import Source
from assistant.retrieval.cards import Card
from assistant.retrieval.hits import Hit
from assistant.texts import render_text

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MARKUP = re.compile(r"([\\`\[\]<>])")  # what links, images, autolinks, code spans and HTML are built from


def sentences(text: str, count: int = 2, limit: int = 420) -> str:
    """The first sentences of a passage, cut at a word if still too long, marked when cut."""
    joined = " ".join(SENTENCE_END.split(" ".join(text.split()))[:count])
    if len(joined) <= limit:
        return joined
    return joined[:limit].rsplit(" ", 1)[0] + " …"


def plain(text: str) -> str:
    """Text from documents, cards or people, made safe to quote in a Markdown reply: its link, image,
    autolink, code and HTML syntax is escaped, so it shows as the characters it is (a URL stays visible
    as text) and never becomes a live link, an image or markup."""
    return MARKUP.sub(r"\\\1", text)


def quote(text: str, count: int = 2, limit: int = 420) -> str:
    """The first sentences of a passage, as plain text for a reply."""
    return plain(sentences(text, count, limit))


class ReplyBook:
    def __init__(self, path: Path):
        self.path = path

    @cached_property
    def templates(self) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        return data

    def say(self, key: str, language: Language, **values: Any) -> str:
        return render_text(self.templates[key][language], **values)

    def label(self, group: str, key: str, language: Language, **values: Any) -> str:
        """A label of `replies.yaml`; a field's or a value's name comes from the document's labels."""
        if group in ("fields", "values"):
            return labels.label(cast(labels.Group, group), key, language, surface="reply")
        return render_text(self.templates["labels"][group][key][language], **values)

    def known_label(self, group: str, key: str, language: Language) -> str | None:
        """The label when there is one: a field's free text (an owner's name) has none."""
        if group in ("fields", "values"):
            return labels.known(cast(labels.Group, group), key, language, surface="reply")
        entry = self.templates["labels"].get(group, {}).get(key)
        return render_text(entry[language]) if entry else None


class Composer:
    """Collects the parts of one reply and its sources; `[n]` in the text is `sources[n-1]`."""

    def __init__(self, book: ReplyBook, language: Language):
        self.book = book
        self.language = language
        self.parts: list[str] = []
        self.sources: list[Source] = []

    def add(self, key: str, **values: Any) -> None:
        self.parts.append(self.book.say(key, self.language, **values))

    def add_text(self, text: str) -> None:
        self.parts.append(text)

    def cite_card(self, card: Card, passage: str) -> int:
        for source in self.sources:
            if source.card_id == card.id:
                return source.number
        return self._cite(
            Source(
                number=len(self.sources) + 1,
                label=f"{card.title} [{card.id}] · {card.attribution}",
                kind="card",
                passage=passage,
                card_id=card.id,
                title=card.title,
            )
        )

    def cite_hit(self, hit: Hit, passage: str) -> int:
        c = hit.citation
        return self._cite(
            Source(
                number=len(self.sources) + 1,
                label=c.label,
                kind=c.kind,
                passage=passage,
                card_id=c.card_id,
                title=c.title,
                file=c.file,
                page=c.page,
                heading=c.heading,
            )
        )

    def _cite(self, source: Source) -> int:
        self.sources.append(source)
        return source.number

    @property
    def text(self) -> str:
        return "\n\n".join(part for part in self.parts if part)
