"""The version history as people read it: what each version did, in words, by whom; a person's quick run of
canvas edits (within a minute of each other) shown as one entry, since each of them is a version."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.document import Language, StrategyDocument
from assistant.document.changes import Change, changes, describe, say
from assistant.store import Store, VersionInfo

FOLD_WITHIN = timedelta(minutes=1)
SHOWN = 50  # entries the history page shows at first; the rest on request
MARKED = re.compile(r"^(undo|restore) v(\d+)$")  # notes the engine writes for an undo and a restore
NOTED = {"session started": "started", "imported": "imported"}


@dataclass(frozen=True)
class Entry:
    version: int  # the newest version of the entry: what restoring or exporting it takes
    first: int  # the oldest version it folds (== version when it is one)
    created_at: datetime
    author: str
    title: str
    line: str  # what it did, in words

    @property
    def folded(self) -> int:
        return self.version - self.first + 1


def entries(store: Store, session_id: str, language: Language, *, limit: int | None = None) -> list[Entry]:
    """The history, newest first; the newest `limit` entries only, when given (each entry reads the documents
    it compares, so a long session's page reads only what it shows)."""
    groups = _groups(store.list_versions(session_id))
    if limit is not None:
        groups = groups[-limit:]
    needed = {n for group in groups for n in (group[0].version - 1, group[0].version, group[-1].version) if n > 0}
    documents = {n: store.load_document(session_id, n)[1] for n in sorted(needed)}
    found: list[Entry] = []
    for group in groups:
        first, last = group[0], group[-1]
        found.append(
            Entry(
                version=last.version,
                first=first.version,
                created_at=last.created_at,
                author=last.author,
                title=next((info.title for info in reversed(group) if info.title), ""),
                line=_line(group, documents, language),
            )
        )
    return found[::-1]


def diff(old: StrategyDocument, new: StrategyDocument, language: Language) -> list[Change]:
    return changes(old, new, language)


def _groups(infos: list[VersionInfo]) -> list[list[VersionInfo]]:
    """Consecutive canvas edits by one person, each within a minute of the one before, go together; a named
    version always ends its group, so its name stays on what it named."""
    groups: list[list[VersionInfo]] = []
    for info in infos:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and info.author
            and info.author == last.author
            and info.note.startswith("edit ")
            and last.note.startswith("edit ")
            and not last.title
            and info.created_at - last.created_at <= FOLD_WITHIN
        ):
            groups[-1].append(info)
        else:
            groups.append([info])
    return groups


def _line(group: list[VersionInfo], documents: dict[int, StrategyDocument], language: Language) -> str:
    first, last = group[0], group[-1]
    who = last.author or say("assistant", language)
    if (noted := NOTED.get(last.note)) is not None:
        return say(noted, language)
    if (marked := MARKED.match(last.note)) is not None:
        kind = "undone" if marked.group(1) == "undo" else "restored"
        return say(kind, language, who=who, n=int(marked.group(2)))
    before = documents.get(first.version - 1, documents[first.version])
    line = describe(changes(before, documents[last.version], language), who=last.author, language=language)
    return line if len(group) == 1 else f"{line} ({say('folded', language, n=len(group))})"
