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
from assistant.reading.lists import lexicon, trim
from assistant.retrieval.text import fold
from assistant.stages import Question, Vocabulary

Outcome = Literal["confirmed", "cancelled", "corrected", "same", "unclear", "other"]
PARTS = re.compile(r"\s*(?:[,;.]\s*(?:and|e|ed|then|poi)?|\s(?:and|e|ed|then|poi))\s+")  # one correction each
POSITION = re.compile(r"(?:#|n\.?\s?|no\.?\s?|number |numero )(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th|°|º)?\b")


def propose(question: Question, text: str, reader: Reader, *, author: str = "") -> Proposal | None:
    """What a prose answer was read as, to confirm; None when it applies at once (the documented format,
    a single plain entry, or nothing the reader could take apart). "I'll do it" names `author`."""
    if question.kind == "list" and not follows_format("list", text):
        entries = split_list(text)
        return Proposal(question=question.id, entries=entries) if len(entries) > 1 else None
    if question.kind != "items" or question.item is None or follows_format("items", text):
        return None  # columns: read as written
    if question.item in ("initiative", "kpi"):
        text = text.replace(";", ".")  # "a loyalty card, I'll do it by March; and a booking page": sentences
    elif listed(text):
        return None  # one item per line: read as written
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
    """Read the team's reply to a proposal. Corrections change it in place: an item named by its position or its
    words gets what the reply says of it ("the first is awareness, and remove the second", "the booking page is
    mine": `author`), "also X" adds to it, "replace X with Y" swaps one item. A reply that lists items the proposal
    does not have is the answer written again ("other"). One that names an item or takes something back ("no wait,
    …") but says nothing readable is "unclear", and one whose corrections change nothing is "same": either way the
    proposal stays as it was, never replaced by the reply."""
    folded = fold(text).strip(" .!")
    if made_of(folded, vocabulary.confirm):
        return "confirmed"
    if made_of(folded, vocabulary.cancel):
        return "cancelled"
    if _written_again(proposal, text, question, vocabulary, reader, author):
        return "other"
    before = proposal.model_dump_json()
    named, said = _swap(proposal, text, question, vocabulary, reader) or _amend(
        proposal, text, question, vocabulary, reader, author
    )
    if proposal.model_dump_json() != before:
        return "corrected"
    if said:
        return "same"
    taken_back = lexicon().retracts(text)
    return "unclear" if named or (taken_back is not None and taken_back.start() == 0) else "other"


def _names(proposal: Proposal, question: Question) -> list[str]:
    return [name for name, _ in entries_of(proposal, question)]


def _written_again(
    proposal: Proposal, text: str, question: Question, vocabulary: Vocabulary, reader: Reader, author: str
) -> bool:
    """Whether the reply is a new answer: read as one, it lists several items, some of them neither in the
    proposal nor pointed at by position ("il primo lo seguo io" names the first)."""
    if question.kind == "list":
        fresh = split_list(text)
    elif question.item is not None:
        fresh = [
            str(d.fields.get(catalogue.kinds()[question.item].title, ""))
            for d in reader.prose(question.item, text, author=author)
            or [reader.item(question.item, row) for row in split_items(text, question.item)]
        ]
    else:
        return False
    names = _names(proposal, question)
    new = [name for name in fresh if named_in(name, names) is None and _position(fold(name), vocabulary, 9) is None]
    return len(fresh) > 1 and bool(new)


def _swap(
    proposal: Proposal, text: str, question: Question, vocabulary: Vocabulary, reader: Reader
) -> tuple[bool, bool] | None:
    """ "replace tourists with students", "not tourists, it's the students": the item named first is renamed;
    None when the reply is no such swap (or the new words name a value: "change Instagram to consideration")."""
    words = lexicon()
    opened = words.retracts(text)
    said = text[opened.end() :] if opened is not None and opened.start() == 0 else text
    said = trim(said, words) or said
    folded = fold(said)
    if len(folded) != len(said):
        return None
    for pattern in vocabulary.swaps:
        match = re.match(pattern, folded)
        if match is None:
            continue
        index = named_in(said[match.start("old") : match.end("old")], _names(proposal, question))
        new = trim(said[match.start("new") : match.end("new")], words)
        spec = catalogue.kinds()[question.item] if question.item else None
        if index is None or not new or (spec and any(reader.enum(c, new) for c in spec.choices)):
            return None
        if proposal.entries:
            proposal.entries[index] = new
        else:
            assert spec is not None
            proposal.drafts[index]["fields"][spec.title] = new
        return True, True
    return None


def _amend(
    proposal: Proposal, text: str, question: Question, vocabulary: Vocabulary, reader: Reader, author: str
) -> tuple[bool, bool]:
    """Each part of the reply applied to the item it names, or to the item named just before it ("il terzo è mio,
    anzi no, è di Giulia"); a part that opens with "also" or "aggiungi" adds items. Whether it named an item, and
    whether it said something this could read."""
    items: list[Any] = proposal.entries or proposal.drafts
    names = _names(proposal, question)
    removed: list[int] = []
    named = said = False
    last: int | None = None
    for part in PARTS.split(text):
        index = _position(fold(part), vocabulary, len(items))
        if index is None:
            index = named_in(part, names)
        if index is None and (added := _addition(part, vocabulary)) and named_in(added, names) is None:
            said = _add(proposal, added, question, reader, author) or said
            continue
        if index is None and last is None:
            continue
        named = named or index is not None
        if any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", fold(part)) for w in vocabulary.remove):
            if index is not None:
                removed.append(index)
                said = True
        elif proposal.drafts and question.item is not None:
            target = index if index is not None else last
            assert target is not None
            said = _correct(proposal.drafts[target], part, question, reader, author) or said
        last = index if index is not None else last
    for index in sorted(set(removed), reverse=True):  # positions as the team saw them
        items.pop(index)
    return named, said


def _addition(part: str, vocabulary: Vocabulary) -> str | None:
    """What a part adds to the proposal ("also generosity", "aggiungi anche la generosità"), or None."""
    folded = fold(part).strip()
    cues = sorted({fold(w) for w in vocabulary.additions}, key=len, reverse=True)
    match = re.match(rf"^(?:(?:oh|and|e|ok|okay|si)\s+)?(?:{'|'.join(map(re.escape, cues))})(?![\w'])\s*", folded)
    if match is None or len(folded) != len(part.strip()):
        return None
    return trim(part.strip()[match.end() :], lexicon()) or None


def _add(proposal: Proposal, text: str, question: Question, reader: Reader, author: str) -> bool:
    """Append what `text` lists to the proposal, read as an answer would be."""
    if proposal.entries:
        known = {fold(e) for e in proposal.entries}
        new = [e for e in split_list(text) if fold(e) not in known]
        proposal.entries.extend(new)
        return bool(new)
    if question.item is None:
        return False
    drafts = reader.prose(question.item, text, author=author) or [
        reader.item(question.item, row, author=author) for row in split_items(text, question.item)
    ]
    proposal.drafts.extend(asdict(d) for d in drafts)
    return bool(drafts)


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
    """The 0-based item a correction names: "the second one", "#2", "il terzo", "the last". The longest word
    said wins, so "the second one" is the second, not the first."""
    said = [
        (len(word), number)
        for number, words in vocabulary.ordinals.items()
        for word in words
        if re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", folded)
    ]
    if said:
        number = max(said)[1]
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
