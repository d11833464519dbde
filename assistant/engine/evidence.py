"""Coherence shown in what customers say (Tavelli): the team's own documents (reviews, comments, survey
answers) read against the brand's values at the review.

For each value, the workspace's documents are searched (documents only, not the cards); a passage counts when
one of its sentences names the value (by the value's words, endings aside), and that sentence is quoted and
cited. A sentence that finds fault ("rude", "non è stato onesto": the `complaint` words of meaning.yaml) is
read as contradicting the value; any other as supporting it. A reading aid for the team, not a verdict.
"""

import re
from dataclasses import dataclass

from assistant.coherence.lexicon import fold, lexicon, tokens
from assistant.document import Language
from assistant.engine.turn import Turn
from assistant.retrieval.hits import Hit

VALUES_READ = 6  # the first values the team wrote: the ones it leads with
HITS_PER_VALUE = 3
QUOTE_CHARS = 220
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
SHORT_WORD = 4  # shorter words (and, per, the) do not name a value


@dataclass(frozen=True)
class Evidence:
    value: str
    sentence: str
    contradicts: bool
    hit: Hit


def gather(turn: Turn) -> list[Evidence]:
    """What the workspace's documents say about each value, at most one passage a value."""
    found: list[Evidence] = []
    seen: set[str] = set()
    for value in turn.document.purpose.values[:VALUES_READ]:
        stems = _stems(value, turn)
        if not stems:
            continue
        hits = turn.parts.knowledge.search(
            value, workspace_id=turn.session.workspace_id, top=HITS_PER_VALUE, cards=False
        )
        for hit in hits:
            sentence = _naming(hit.text, stems, turn)
            if sentence is None or sentence in seen:
                continue
            seen.add(sentence)
            language: Language = "it" if hit.language == "it" else "en"
            contradicts = lexicon().find("complaint", sentence, language) is not None
            found.append(Evidence(value, sentence, contradicts, hit))
            break
    return found


def _stems(value: str, turn: Turn) -> list[str]:
    """The value's words without their endings: `honesty` -> `hones`, `onestà` -> `ones`."""
    filler = lexicon().words_of("value_filler", turn.language)
    return [
        _stem(token.form)
        for token in tokens(value, turn.language)
        if len(token.form) >= SHORT_WORD and (token.form,) not in filler
    ]


def _stem(word: str) -> str:
    return word[:4] if len(word) <= 6 else word[:5]


def _naming(text: str, stems: list[str], turn: Turn) -> str | None:
    """The passage's first sentence with a word that starts like one of the value's words."""
    for match in SENTENCE.finditer(text):
        sentence = " ".join(match.group().split())
        words = {fold(token.form) for token in tokens(sentence, turn.language)}
        if any(word.startswith(stem) for word in words for stem in stems):
            return sentence if len(sentence) <= QUOTE_CHARS else sentence[: QUOTE_CHARS - 1] + "…"
    return None
