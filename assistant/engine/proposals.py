"""Answers written as prose are shown before they change the document.

The team says yes, corrects one item by its position ("the second one is retention", "togli il
terzo"), cancels, or writes the answer again. Answers in the documented format (lines, `a | b`
columns) are read as written and apply at once, as before.
"""

import re
from dataclasses import asdict
from typing import Any, Literal

from assistant.document import StrategyDocument, catalogue
from assistant.engine.answers import apply_answer, apply_items
from assistant.engine.state import Proposal
from assistant.parsing import (
    Draft,
    Reader,
    follows_format,
    listed,
    named_in,
    split_items,
    split_list,
)
from assistant.reading.items import SELF, owner_in
from assistant.reading.lists import lexicon
from assistant.retrieval.text import fold
from assistant.stages import Question, Vocabulary

Outcome = Literal["confirmed", "cancelled", "corrected", "unclear", "other"]
PARTS = re.compile(r"\s*(?:[,;.]\s*(?:and|e|ed|then|poi)?|\s(?:and|e|ed|then|poi))\s+")  # one correction each
POSITION = re.compile(r"(?:#|n\.?\s?|no\.?\s?|number |numero )(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th|°|º)?\b")


def propose(question: Question, text: str, reader: Reader, *, author: str = "") -> Proposal | None:
    """What a prose answer was read as, to confirm; None when it applies at once (the documented format,
    a single plain entry, or nothing the reader could take apart). "I'll do it" names `author`."""
    if question.kind == "list" and not follows_format("list", text):
        entries = split_list(text)
        return Proposal(question=question.id, entries=entries) if len(entries) > 1 else None
    if question.kind != "items" or question.item is None or follows_format("items", text) or listed(text):
        return None  # columns, or one item per line: read as written
    drafts = reader.prose(question.item, text, author=author)
    if not drafts:
        rows = split_items(text, question.item)
        if len(rows) < 2:
            return None
        drafts = [reader.item(question.item, row, author=author) for row in rows]
    return Proposal(question=question.id, drafts=[asdict(d) for d in drafts])


def accept(proposal: Proposal, question: Question, reader: Reader, document: StrategyDocument) -> str:
    """Apply a confirmed proposal; returns what was saved, as the direct answers do."""
    if proposal.entries:
        return apply_answer(document, question, "\n".join(proposal.entries), reader, extend=False)
    return "; ".join(apply_items(document, question, [Draft(**d) for d in proposal.drafts]))


def respond(
    proposal: Proposal, text: str, question: Question, vocabulary: Vocabulary, reader: Reader, *, author: str = ""
) -> Outcome:
    """Read the team's reply to a proposal; corrections ("the first is awareness, and remove the second", "the
    booking page is mine") change the proposal in place, each part naming its item by position or by its words,
    and "mine" or "lo seguo io" naming `author`. A reply that names an item or takes something back ("no wait, …")
    but says nothing this can read is "unclear": the proposal stays as it was, never replaced by the reply."""
    folded = fold(text).strip(" .!")
    if made_of(folded, vocabulary.confirm):
        return "confirmed"
    if made_of(folded, vocabulary.cancel):
        return "cancelled"
    items: list[Any] = proposal.entries or proposal.drafts
    names = [name for name, _ in entries_of(proposal, question)]
    removed: list[int] = []
    corrected = named = False
    for part in PARTS.split(text):
        index = _position(fold(part), vocabulary, len(items))
        if index is None and (index := named_in(part, names)) is None:
            continue
        named = True
        if any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", fold(part)) for w in vocabulary.remove):
            removed.append(index)
        elif proposal.drafts and question.item is not None:
            corrected = _correct(proposal.drafts[index], part, question, reader, author) or corrected
    for index in sorted(set(removed), reverse=True):  # positions as the team saw them
        items.pop(index)
    if removed or corrected:
        return "corrected"
    taken_back = lexicon().retracts(text)
    return "unclear" if named or (taken_back is not None and taken_back.start() == 0) else "other"


def made_of(folded: str, phrases: list[str]) -> bool:
    """Whether the message says only these phrases, one or several ("ok yes", "sì, va bene, salva")."""
    words = sorted({fold(p) for p in phrases}, key=len, reverse=True)
    pattern = rf"(?:(?:{'|'.join(re.escape(w) for w in words)})(?![\w'])[\s,.!]*)+"
    return bool(folded) and re.fullmatch(pattern, folded) is not None


def _correct(draft: dict[str, Any], part: str, question: Question, reader: Reader, author: str) -> bool:
    """Set what one correction names: a stage, level, mode or kind in either language (an initiative's effort
    and impact by their nouns), or an owner. True when it names one, even one the item has already (a guess the
    team confirms by saying it is still a correction, and no longer a guess)."""
    assert question.item is not None
    spec = catalogue.kinds()[question.item]
    fields, said = draft["fields"], False
    if question.item == "initiative":
        levels = reader.levels(part)  # "the card is a big effort" says nothing of its impact
    else:
        levels = {name: value for name in spec.choices if (value := reader.enum(name, part, anywhere=True))}
    for name, value in levels.items():
        fields[name], said = value, True
        draft["guessed"] = [g for g in draft.get("guessed", []) if g != name]
    owner = owner_in(part)
    if owner and "owner" in spec.free_columns and (owner != SELF or author):
        fields["owner"], said = author if owner == SELF else owner, True
    return said


def _position(folded: str, vocabulary: Vocabulary, count: int) -> int | None:
    """The 0-based item a correction names: "the second one", "#2", "il terzo", "the last"."""
    for number, words in vocabulary.ordinals.items():
        for word in sorted(words, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", folded):
                index = count - 1 if number < 0 else number - 1
                return index if 0 <= index < count else None
    match = POSITION.search(folded)
    if match:
        index = int(match.group(1) or match.group(2)) - 1
        return index if 0 <= index < count else None
    return None


def guesses_of(proposal: Proposal) -> list[set[str]]:
    """For each proposed item, the fields read from what its words mean rather than from the words themselves."""
    return [set(draft.get("guessed", ())) for draft in proposal.drafts] or [set() for _ in proposal.entries]


def entries_of(proposal: Proposal, question: Question) -> list[tuple[str, dict[str, str]]]:
    """Each proposed entry or item as its name and the other fields it has, for showing."""
    if proposal.entries:
        return [(entry, {}) for entry in proposal.entries]
    assert question.item is not None
    name_field = catalogue.kinds()[question.item].title
    shown = []
    for draft in proposal.drafts:
        fields = {k: str(v) for k, v in draft["fields"].items() if v not in (None, "")}
        shown.append((fields.pop(name_field, ""), fields))
    return shown
