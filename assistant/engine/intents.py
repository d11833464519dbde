"""What kind of turn a message is: navigation, a question about the frameworks, help, or an answer."""

import re
from dataclasses import dataclass
from typing import Literal

from simplemma import split_sentences

from assistant.retrieval.text import fold, words
from assistant.stages import Vocabulary

Kind = Literal["empty", "help", "back", "skip", "status", "summary", "export", "done", "goto", "question", "answer"]


@dataclass(frozen=True)
class Intent:
    kind: Kind
    stage: str | None = None  # for `goto`


def classify(text: str, vocabulary: Vocabulary) -> Intent:
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
    sentences = split_sentences(folded)
    if len(sentences) > 1 and not sentences[-1].endswith("?"):
        return Intent("answer")  # "Why do we exist? Because ..." asks itself and answers
    if folded.endswith("?") or any(
        folded.startswith(fold(o) + " ") or folded.startswith(fold(o) + "'") for o in vocabulary.question_openers
    ):
        return Intent("question")
    return Intent("answer")
