"""What kind of turn a message is: navigation, a correction, a question about the frameworks, help, or an answer.

A correction (undo, delete, change, rename, move) is told apart by its cue at the start of the message, after
any fillers ("hmm actually, can you delete the last two"), and by what it names: a list or field of the
document, items by position, or "those". An answer that merely starts with "change" or "remove" names
none of these and stays an answer.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from assistant.reading.lists import sentences, unfolded
from assistant.retrieval.text import fold, words
from assistant.stages import Vocabulary

Kind = Literal[
    "empty",
    "help",
    "back",
    "skip",
    "status",
    "summary",
    "export",
    "done",
    "goto",
    "question",
    "answer",
    "undo",
    "delete",
    "change",
    "move",
]
CLITIC = r"(?:li|le|lo|la|ne|gli|glieli)?"  # "cancellali", "spostale": an Italian verb with its pronoun


@dataclass(frozen=True)
class Intent:
    kind: Kind
    stage: str | None = None  # for `goto`
    # a question that may be the team's answer all the same: it opens by asking something else than the pending
    # question, then goes on as an answer would ("any warm-up routine? members keep hurting their fingers")
    maybe_answer: bool = False


def phrase(words_: list[str], *, clitic: bool = False) -> str:
    """A regex alternation of some phrases, folded, longest first, matched as whole words."""
    folded = sorted({fold(w) for w in words_}, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in folded)
    return rf"(?<![\w'])(?:{body}){CLITIC if clitic else ''}(?![\w'])"


def cue(vocabulary: Vocabulary, name: str, *, clitic: bool = False) -> str:
    return phrase(vocabulary.corrections[name], clitic=clitic)


def field_pattern(vocabulary: Vocabulary) -> str:
    return phrase([n for names in vocabulary.field_names.values() for n in names])


def opening(folded: str, vocabulary: Vocabulary) -> str:
    """The message without the fillers and punctuation it starts with ("hmm, actually, can you ...")."""
    fillers = re.compile(r"^(?:[\s,.;:!?…\-]+|" + cue(vocabulary, "fillers") + r")")
    while True:
        shorter = fillers.sub("", folded, count=1)
        if shorter == folded:
            return folded
        folded = shorter


def correction(folded: str, vocabulary: Vocabulary) -> Kind | None:
    """undo, delete, change or move when the message is one, else None."""
    rest = opening(folded, vocabulary)
    bare = " ".join(re.sub(cue(vocabulary, "fillers"), " ", rest).replace(",", " ").split()).strip(" .!?")
    if bare in {fold(p) for p in vocabulary.corrections["undo"]}:  # "undo that, please"
        return "undo"
    named = field_pattern(vocabulary)
    articles = rf"(?:{cue(vocabulary, 'articles')}\s*)*"
    if re.match(cue(vocabulary, "rename", clitic=True), rest):
        return "change"
    if re.match(cue(vocabulary, "change") + rf"\s+{articles}{named}", rest):
        return "change"
    how = r"(?!(?:how|what|why|where|the way|come|cosa|perche|dove|il modo)\b)"  # "change how people eat": an answer
    if re.match(cue(vocabulary, "change") + rf"\s+{how}\S.*?\s+{cue(vocabulary, 'into')}\s+\S", rest):
        return "change"  # "change office workers to students": an entry named by its words, if one is like them
    those = cue(vocabulary, "those")
    moved_to = rf"(?:{those}\s+(?:\w+\s+)?)?{cue(vocabulary, 'were')}\s+(?:not\s+|non\s+)?{articles}{named}"
    if re.search(r":\s*\w", rest):
        return None  # "these are our values: honesty, craft" gives the values: an answer
    said_later = rf"{those}\s+(?:\w+\s+)?{cue(vocabulary, 'were')}\s+{articles}{named}"
    if re.match(moved_to, rest) or re.search(said_later, rest):
        return "move"
    if re.match(cue(vocabulary, "move", clitic=True), rest) and re.search(named, rest):
        return "move"
    delete = re.match(cue(vocabulary, "delete", clitic=True), rest)
    if delete:
        after = re.sub(rf"^\s*{articles}", "", rest[delete.end() :])
        pointers = [those, cue(vocabulary, "all"), cue(vocabulary, "last"), cue(vocabulary, "first"), named]
        pointers += [cue(vocabulary, "items"), r"#?\d", phrase([w for ws in vocabulary.ordinals.values() for w in ws])]
        with_pronoun = re.match(cue(vocabulary, "delete"), rest) is None  # "cancellali"
        # what is deleted comes right after the verb ("delete the second one"), or a list is named
        if with_pronoun or any(re.match(p, after) for p in pointers) or re.search(named, after):
            return "delete"
    return None


def classify(text: str, vocabulary: Vocabulary, echoes: Callable[[str], bool] = lambda _: True) -> Intent:
    """What the message is. `echoes` tells whether a question repeats the pending one ("Why do we exist?" when
    asked why the brand exists): asked back and answered, it is an answer."""
    folded = fold(text).strip().strip(".!")
    if not words(folded) and folded != "?":
        return Intent("empty")
    for command, phrases in vocabulary.commands.items():
        if folded in (fold(p) for p in phrases):
            return Intent(command)  # type: ignore[arg-type]  # command names are Kind values
    for opener in sorted(vocabulary.goto, key=len, reverse=True):
        if folded.startswith(fold(opener) + " "):
            target = folded[len(opener) :].strip()
            target = re.sub(r"^(the|la|il|lo|i|le|gli|stage|fase)\s+", "", target)
            for stage_id, names in vocabulary.stage_names.items():
                if target in (fold(n) for n in names):
                    return Intent("goto", stage_id)
    if (kind := correction(folded, vocabulary)) is not None:
        return Intent(kind)
    # "Why do we exist? Because ...", or a list under a heading ("why us over the others:" then a line each):
    # several sentences or lines that do not end by asking are an answer, whatever word opens them ("Also ads? No,
    # scratch ads" is the team thinking aloud); but when they open by asking something else than the pending
    # question, it is asked and answered, and the team is offered to save it as the answer instead.
    # "why us: 1) ... 2) ..." is a list typed on one line; "We bind books by hand ... too long?" asks only whether
    # the answer will do
    pieces = [line for line in unfolded(folded).splitlines() if line.strip()]
    pieces = pieces if len(pieces) > 1 else sentences(folded)
    asked = [piece.rstrip().endswith("?") for piece in pieces]
    if len(pieces) > 1 and any(asked[:-1]) and _wonders(pieces[-1], vocabulary):
        return Intent("question")  # "should we measure likes? not sure what a qualitative KPI even is"
    opening = _opening_question(pieces)
    if opening is not None and not asked[-1] and not echoes(opening):
        return Intent("question", maybe_answer=True)
    if len(pieces) > 1 and (not asked[-1] or (not any(asked[:-1]) and _asks_back(pieces, vocabulary))):
        return Intent("answer")
    if folded.endswith("?") or _opens_question(folded, vocabulary):
        return Intent("question")
    return Intent("answer")


TAG_WORDS = 3  # "too long?", "does that work?", "va bene così?": a question this short after an answer is about it
ANSWER_WORDS = 8  # ... when what comes before it is an answer, not a setting ("We're a bakery. Any tips?")


def _opens_question(folded: str, vocabulary: Vocabulary) -> bool:
    return any(
        folded.startswith(fold(o) + " ") or folded.startswith(fold(o) + "'") for o in vocabulary.question_openers
    )


def _wonders(piece: str, vocabulary: Vocabulary) -> bool:
    """Whether a sentence asks without a question mark ("not sure what a KPI even is", "non so se serve")."""
    said = " ".join(words(piece)) + " "
    return any(said.startswith(" ".join(words(cue)) + " ") for cue in vocabulary.wondering)


def _opening_question(pieces: list[str]) -> str | None:
    """The question a message of several pieces opens with, after a greeting or two ("hi both!"), when it asks
    something: "Honestly?" or "You know what?" opens an answer, a question of a few words asks nothing."""
    for number, piece in enumerate(pieces[:-1]):
        if piece.rstrip().endswith("?"):
            return piece if len(words(piece)) > TAG_WORDS else None
        if len(words(piece)) > TAG_WORDS:
            return None
        if number:  # no more than two short pieces before it
            return None
    return None


def _asks_back(pieces: list[str], vocabulary: Vocabulary) -> bool:
    """Whether the last piece is a short question asking if the answer before it will do, not one about the
    frameworks ("what's a KPI?")."""
    last, before = pieces[-1].strip(), " ".join(pieces[:-1])
    short = len(words(last)) <= TAG_WORDS and not _opens_question(last, vocabulary)
    return short and len(words(before)) >= ANSWER_WORDS
