"""Corrections said in the chat: undo the last change, delete items, change a field or rename an item, and
move items to the list they belong in ("those were brand objectives").

They are turns like navigation: never an answer to the pending question. Each changes `turn.document`
only, so it is saved as every turn is (a new version, refused and worked out again when another writer
came first), and the reply names exactly what changed. "Those" are the items the last change added: the
latest version of the document against the one before it.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from assistant.document import StrategyDocument, catalogue, labels
from assistant.document.catalogue import ListSpec
from assistant.document.edits import Edit, apply_edit
from assistant.document.history import changed_fields
from assistant.document.paths import item, parse
from assistant.engine.answers import USER, apply_answer
from assistant.engine.asking import ask, item_label
from assistant.engine.fields import read, write
from assistant.engine.intents import cue, opening, phrase
from assistant.engine.navigation import open_question
from assistant.engine.proposals import entries_of
from assistant.engine.replies import plain, quote
from assistant.engine.turn import Turn
from assistant.parsing import split_list
from assistant.retrieval.text import fold, words
from assistant.stages import Question, Vocabulary

UNDO_NOTE = re.compile(r"^undo v(\d+)$")
BARRIERS = ("session started", "imported")  # versions not made in the session's chat or canvas: never undone
NEGATION = r"(?:not|non|from|da|dai|dagli|dalle|instead of|invece di|invece che|anziche|rather than)\s+"
CLOSE_ENOUGH = 0.6  # how alike the words of a delete or rename and an item's text must be


@dataclass(frozen=True)
class Place:
    """A text, a list of lines or a list of items that a correction can name."""

    path: str
    kind: Literal["text", "lines", "items"]
    spec: ListSpec | None = None


def places() -> dict[str, Place]:
    found: dict[str, Place] = {}
    for field in catalogue.fields():
        if field.owner in {spec.path for spec in catalogue.lists().values()}:
            continue  # an item's own field
        if field.kind in ("text", "long"):
            found[field.path] = Place(field.path, "text")
        elif field.kind == "lines":
            found[field.path] = Place(field.path, "lines")
    for spec in catalogue.lists().values():
        found[spec.path] = Place(spec.path, "items", spec)
    return found


def label(turn: Turn, path: str) -> str:
    """A place's name inside a sentence: lower case, unless it is an acronym ("KPIs")."""
    name = parse(path)[-1].name
    shown = labels.known("fields", name, turn.language) or name.replace("_", " ")
    return shown if shown[:2].isupper() else labels.known("fields", name, turn.language, surface="reply") or shown


def entries(document: StrategyDocument, place: Place) -> list[tuple[Any, str]]:
    """The entries of a list as (key, text): a line's index, or an item's id."""
    if place.kind == "lines":
        return list(enumerate(read(document, place.path)))
    if place.kind == "items":
        return [(entry.id, item_label(entry)) for entry in read(document, place.path)]
    return []


# Naming places, positions and items


def named(folded: str, vocabulary: Vocabulary) -> list[tuple[int, int, Place]]:
    """The places a message names, in order: (start, end, place), the longest name where two overlap."""
    known = places()
    found = []
    for path, names in vocabulary.field_names.items():
        if path in known:
            found += [(m.start(), m.end(), known[path]) for m in re.finditer(phrase(names), folded)]
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, Place]] = []
    for start, end, place in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, place))
    return kept


def positions(folded: str, vocabulary: Vocabulary, count: int) -> list[int]:
    """0-based positions a message names: "the last two", "i primi tre", "the second and the fourth", "#3"."""
    numbers = {fold(w): n for n, ws in vocabulary.ordinals.items() if n > 0 for w in ws}
    amount = rf"(\d{{1,2}}|{phrase(list(numbers))})"
    for which in ("last", "first"):
        match = re.search(rf"{cue(vocabulary, which)}\s+{amount}", folded)
        if match:
            n = int(match.group(1)) if match.group(1).isdigit() else numbers[match.group(1)]
            n = min(n, count)
            return list(range(count - n, count)) if which == "last" else list(range(n))
    folded = re.sub(r"(?<=\w) ones?\b", "", folded)  # "the second one": the second
    found: list[tuple[int, int]] = []
    ordinals = sorted(((fold(w), n) for n, ws in vocabulary.ordinals.items() for w in ws), key=lambda p: -len(p[0]))
    taken: list[tuple[int, int]] = []
    for word, number in ordinals:
        for match in re.finditer(rf"(?<![\w']){re.escape(word)}(?![\w'])", folded):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            found.append((match.start(), count - 1 if number < 0 else number - 1))
    for match in re.finditer(r"(?<![\w.])#?(\d{1,2})(?![\w.])", folded):
        found.append((match.start(), int(match.group(1)) - 1))
    return list(dict.fromkeys(i for _, i in sorted(found) if 0 <= i < count))


def closest(query: str, options: list[tuple[Any, str]]) -> tuple[Any, str] | None:
    """The option whose text is most like the words given, if any is close enough."""
    wanted = set(words(query))
    best, score = None, 0.0
    for key, text in options:
        have = set(words(text))
        overlap = len(wanted & have) / len(wanted) if wanted else 0.0
        similar = SequenceMatcher(None, fold(query), fold(text)).ratio()
        if max(overlap, similar) > score:
            best, score = (key, text), max(overlap, similar)
    return best if score >= CLOSE_ENOUGH else None


def leftover(folded: str, vocabulary: Vocabulary) -> str:
    """The words of a correction that describe an item: without its cue, names, pointers and fillers."""
    rest = opening(folded, vocabulary)
    for name in ("delete", "change", "rename", "move", "those", "all", "last", "first", "items", "about", "articles"):
        rest = re.sub(cue(vocabulary, name, clitic=name in ("delete", "move")), " ", rest)
    rest = re.sub(phrase([n for ns in vocabulary.field_names.values() for n in ns]), " ", rest)
    rest = re.sub(phrase([w for ws in vocabulary.ordinals.values() for w in ws]), " ", rest)
    rest = re.sub(cue(vocabulary, "fillers"), " ", rest)
    return " ".join(w for w in words(rest) if len(w) > 1 and not w.isdigit())


# The last change


def last_added(turn: Turn) -> tuple[Place, list[Any]] | None:
    """The list the latest change added to, and the keys of what it added: "those"."""
    history = turn.history
    if history is None or turn.snapshot.version < 2:
        return None
    _, previous = history.load_document(turn.session.id, turn.snapshot.version - 1)
    for place in places().values():
        if place.kind == "text":
            continue
        if place.kind == "items":
            before = {key for key, _ in entries(previous, place)}
            added = [key for key, _ in entries(turn.document, place) if key not in before]
        else:
            before = {fold(text) for _, text in entries(previous, place)}
            added = [key for key, text in entries(turn.document, place) if fold(text) not in before]
        if added:
            return place, added
    return None


def pending_place(turn: Turn) -> Place | None:
    question = turn.question
    if question is None or question.kind not in ("list", "items"):
        return None
    return places().get(question.field)


def _begin(turn: Turn) -> None:
    """A correction interrupts: what was read and not saved is dropped, and the pending question is asked
    afresh (a follow-up may be about an item the correction removes)."""
    turn.kind = "correction"
    turn.state.proposal = turn.state.follow_up = None


# Undo


def undo(turn: Turn) -> None:
    """The document as it was before the latest change made in the chat or on the canvas, saved as a new
    version; undoing again goes one change further back."""
    _begin(turn)
    history = turn.history
    stack: list[int] = []
    for info in history.list_versions(turn.session.id) if history is not None else []:
        if info.note in BARRIERS:
            stack = []
        elif (match := UNDO_NOTE.match(info.note)) is not None:
            if stack and stack[-1] == int(match.group(1)):
                stack.pop()
        else:
            stack.append(info.version)
    if history is None or not stack:
        turn.compose.add("nothing_to_undo")
        ask(turn)
        return
    change = stack[-1]
    _, before = history.load_document(turn.session.id, change - 1)
    paths = changed_fields(turn.document, before)
    undone = list(dict.fromkeys(_place_of(path) for path in paths))
    turn.document = before
    turn.note = f"undo v{change}"
    turn.compose.add("undone", what=", ".join(dict.fromkeys(label(turn, place) for place in undone)))
    _reopen(turn, next((q for place in undone if (q := _question_for(turn, place)) is not None), None))


def _reopen(turn: Turn, question: Question | None) -> None:
    """Ask the question whose answer was taken back ("undo" after the values: the values question again)."""
    if question is None or question is turn.question:
        ask(turn)
        return
    stage = next(s for s in turn.parts.stages.stages if question in s.questions)
    open_question(turn, stage.id, question.id)
    turn.kind = "correction"


def _place_of(path: str) -> str:
    """The place a changed path is in: `purpose.values[2]` is in `purpose.values`, `kpis[0].target` in `kpis`."""
    known = places()
    steps = parse(path)
    for length in range(len(steps), 0, -1):
        candidate = ".".join(s.name for s in steps[:length])
        if candidate in known:
            return candidate
    return path


# Delete


def delete(turn: Turn, text: str) -> None:
    _begin(turn)
    vocabulary = turn.parts.stages.vocabulary
    folded = fold(text)
    names = named(folded, vocabulary)
    place = names[0][2] if names else None
    with_pronoun = re.search(cue(vocabulary, "delete"), folded) is None  # "cancellali"
    those = with_pronoun or bool(re.search(cue(vocabulary, "those"), opening(folded, vocabulary)))
    picked = _pick(turn, folded, place, prefer_those=those)
    if picked is None or not picked[1]:
        where = place or pending_place(turn)
        shown = "; ".join(t for _, t in entries(turn.document, where)) if where else ""
        turn.compose.add("delete_unclear", where=label(turn, where.path) if where else "", items=plain(shown))
        ask(turn)
        return
    place, keys = picked
    removed = _remove(turn, place, keys)
    turn.compose.add("deleted", where=label(turn, place.path), items=plain("; ".join(removed)), count=len(removed))
    ask(turn)


def _pick(turn: Turn, folded: str, place: Place | None, *, prefer_those: bool) -> tuple[Place, list[Any]] | None:
    """The list and the entries a correction points at: by position, by their words, all, or "those"."""
    vocabulary = turn.parts.stages.vocabulary
    added = last_added(turn)
    pending = pending_place(turn)
    if place is None:
        if prefer_those and added is not None:
            place = added[0]
        elif pending is not None and entries(turn.document, pending):
            place = pending
        else:
            place = added[0] if added is not None else pending
    if place is None or place.kind == "text":
        return None
    listed = entries(turn.document, place)
    numbers = phrase([w for n, ws in vocabulary.ordinals.items() if n > 0 for w in ws])
    folded = re.sub(rf"({cue(vocabulary, 'those')})\s+(?:\d+|{numbers})(?![\w'])", r"\1", folded)  # "those four"
    if re.search(cue(vocabulary, "all"), folded):
        return place, [key for key, _ in listed]
    if wanted := positions(folded, vocabulary, len(listed)):
        return place, [listed[i][0] for i in wanted]
    if described := leftover(folded, vocabulary):
        found = closest(described, listed)
        if found is None and not prefer_those:
            for other in places().values():
                if other.kind != "text" and (found := closest(described, entries(turn.document, other))):
                    return other, [found[0]]
        if found is not None:
            return place, [found[0]]
    if prefer_those and added is not None and added[0] == place:
        return place, added[1]
    return None


def _remove(turn: Turn, place: Place, keys: list[Any]) -> list[str]:
    """Remove entries by key; references to a removed item are cleared as a canvas edit clears them."""
    texts = dict(entries(turn.document, place))
    removed = [texts[key] for key in keys if key in texts]
    if place.kind == "lines":
        kept = [t for i, t in enumerate(read(turn.document, place.path)) if i not in set(keys)]
        write(turn.document, place.path, kept, USER)
    else:
        for key in keys:
            turn.document = apply_edit(turn.document, Edit(op="remove", path=item(place.path, key)))
    return removed


# Change and rename


def change(turn: Turn, text: str) -> bool:
    """Change a text or a list the message names, or rename the entry it names by its words; False when it
    names neither ("change how people see bread into ..." may be an answer)."""
    vocabulary = turn.parts.stages.vocabulary
    folded = fold(text)
    rest = opening(folded, vocabulary)
    if re.match(cue(vocabulary, "rename", clitic=True), rest):
        _begin(turn)
        _rename(turn, text, "rename")
        return True
    names = named(folded, vocabulary)
    if not names:
        return _rename(turn, text, "change", unclear=False)
    _begin(turn)
    _, end, place = names[0]
    value = _value(text, folded, end, vocabulary)
    question = _question_for(turn, place.path)
    if not value:
        if question is not None:
            turn.compose.add("change_ask", what=label(turn, place.path))
            _reopen(turn, question)
        else:
            turn.compose.add("change_unclear", what=label(turn, place.path))
            ask(turn)
        return True
    old = read(turn.document, place.path)
    old_text = "; ".join(item_label(v) for v in old) if isinstance(old, list) else str(old or "")
    if place.kind == "text":
        write(turn.document, place.path, " ".join(value.split()), USER)
    elif place.kind == "lines":
        write(turn.document, place.path, split_list(value), USER)
    elif question is not None:
        write(turn.document, place.path, [], USER)
        apply_answer(turn.document, question, value, turn.parts.reader, extend=False)
    new = read(turn.document, place.path)
    new_text = "; ".join(item_label(v) for v in new) if isinstance(new, list) else str(new or "")
    turn.compose.add("changed", what=label(turn, place.path), old=quote(old_text, 3), new=quote(new_text, 3))
    ask(turn)
    return True


def _value(text: str, folded: str, end: int, vocabulary: Vocabulary) -> str:
    """The new value: what follows the name and a ":" or "to"/"in", or a sentence like "we want it to be: ..."."""
    tail = text[end:] if len(text) == len(folded) else folded[end:]
    if ":" in tail:
        tail = tail.split(":", 1)[1]
    else:
        tail = re.sub(r"^[\s.,;!]+", "", tail)
        tail = re.sub(rf"^(?:{cue(vocabulary, 'value_openers')}|{cue(vocabulary, 'into')})\s*", "", tail, flags=re.I)
    tail = re.sub(rf"^\s*(?:{cue(vocabulary, 'value_openers')})\s*", "", tail, flags=re.I)
    return tail.strip(" \"'“”«».") if words(tail) else ""


def _question_for(turn: Turn, path: str) -> Question | None:
    return next(
        (q for s in turn.parts.stages.stages for q in s.questions if q.field == path and q.kind != "annotate"), None
    )


def _rename(turn: Turn, text: str, verb: str, *, unclear: bool = True) -> bool:
    """ "rename X to Y", "rinomina X in Y", "change X to Y": the list entry most like X is called Y. When none
    is like X, says so (`unclear`) or returns False."""
    vocabulary = turn.parts.stages.vocabulary
    body = re.sub(rf"^.*?{cue(vocabulary, verb, clitic=True)}\s*", "", fold(text), count=1)
    start = len(fold(text)) - len(body)
    original = text[start:] if len(text) == len(fold(text)) else body
    parts = re.split(r"\s+(?:to|into|as|in|con|→|->)\s+|\s*(?:→|->|:)\s*", original, maxsplit=1, flags=re.I)
    pending, added = pending_place(turn), last_added(turn)
    order = [p for p in (pending, added[0] if added else None) if p is not None] + list(places().values())
    found = None
    if len(parts) == 2 and parts[1].strip():
        for place in order:
            if place.kind != "text" and (hit := closest(parts[0], entries(turn.document, place))):
                found = place, hit
                break
    if found is None:
        if unclear:
            turn.compose.add("rename_unclear")
            ask(turn)
        return unclear
    _begin(turn)
    place, (key, old) = found
    new = parts[1].strip(" \"'“”«».")
    if place.kind == "lines":
        lines = list(read(turn.document, place.path))
        lines[key] = new
        write(turn.document, place.path, lines, USER)
    else:
        assert place.spec is not None
        item = next(i for i in read(turn.document, place.path) if i.id == key)
        setattr(item, place.spec.title, new)
        item.provenance = {**item.provenance, place.spec.title: USER}
    turn.compose.add("renamed", where=label(turn, place.path), old=plain(old), new=plain(new))
    ask(turn)
    return True


# Move


def move(turn: Turn, text: str) -> bool:
    """Move entries to the list named; False when the message only names the pending question's list
    and nothing to move ("these are our values: ..." is an answer)."""
    vocabulary = turn.parts.stages.vocabulary
    folded = fold(text)
    names = named(folded, vocabulary)
    targets = [n for n in names if not re.search(rf"{NEGATION}(?:\S+\s+){{0,2}}$", folded[: n[0]])]
    sources = [n for n in names if n not in targets]
    target = (targets or names)[0][2]
    if turn.state.proposal is not None and (proposed := _proposed(turn)) is not None:
        return _move_proposal(turn, target, *proposed)
    source = sources[0][2] if sources else None
    if source is None:
        added = last_added(turn)
        if added is not None and added[0] != target:
            source = added[0]
        elif (pending := pending_place(turn)) is not None and pending != target:
            source = pending
    picked = _pick(turn, folded, source, prefer_those=True) if source is not None else None
    if picked is None or not picked[1] or picked[0] == target or target.kind == "text":
        if target == pending_place(turn):
            return False
        _begin(turn)
        turn.compose.add("move_unclear", where=label(turn, target.path))
        ask(turn)
        return True
    _begin(turn)
    source, keys = picked
    items = {(i.id if source.kind == "items" else n): i for n, i in enumerate(read(turn.document, source.path))}
    moved = [items[key] for key in keys]
    dropped = _add_to(turn, target, source, moved)
    names_moved = _remove(turn, source, keys)
    turn.compose.add(
        "moved",
        where=label(turn, target.path),
        origin=label(turn, source.path),
        items=plain("; ".join(names_moved)),
        dropped=", ".join(dropped),
    )
    ask(turn)
    return True


def _proposed(turn: Turn) -> tuple[Place, list[str]] | None:
    """The list a proposal on the table was read for, and the names of what it holds."""
    question, proposal = turn.question, turn.state.proposal
    if question is None or proposal is None or not proposal.reading:
        return None
    place = places().get(question.field)
    return (place, [name for name, _ in entries_of(proposal, question)]) if place is not None else None


def _move_proposal(turn: Turn, target: Place, origin: Place, names: list[str]) -> bool:
    """ "Those were brand objectives", said to a proposal: what was read is saved where it belongs instead."""
    if target == origin or target.kind == "text":
        return False
    _begin(turn)
    _add_to(turn, target, Place(origin.path, "lines"), names)
    turn.compose.add(
        "moved",
        where=label(turn, target.path),
        origin=label(turn, origin.path),
        items=plain("; ".join(names)),
        dropped="",
    )
    ask(turn)
    return True


def _add_to(turn: Turn, target: Place, source: Place, moved: list[Any]) -> list[str]:
    """Add the moved entries to the target list; returns the labels of the fields it has no place for."""
    current: list[Any] = list(read(turn.document, target.path))
    dropped: list[str] = []
    for entry in moved:
        name = item_label(entry)
        if target.kind == "lines":
            if fold(name) not in {fold(c) for c in current}:
                current.append(name)
            if source.spec is not None:
                dropped += [f for f in _filled(entry, source.spec) if f != source.spec.title]
            continue
        assert target.spec is not None
        keep = {f.name for f in target.spec.fields} - {target.spec.title}
        fields = {target.spec.title: name}
        if source.spec is not None:
            filled = _filled(entry, source.spec)
            same = [f for f in filled if f in keep and source.spec.field(f).kind != "reference"]  # ids may not fit
            fields |= {f: getattr(entry, f) for f in same}
            dropped += [f for f in filled if f not in fields and f != source.spec.title]
        current.append(target.spec.model(**fields, provenance=dict.fromkeys(fields, USER)))
    write(turn.document, target.path, current, USER)
    return [labels.known("fields", f, turn.language, surface="reply") or f for f in dict.fromkeys(dropped)]


def _filled(item: Any, spec: ListSpec) -> list[str]:
    return [f.name for f in spec.fields if getattr(item, f.name) not in (None, "", [])]
