"""Lists from answers written as people talk: "Hi! So basically honesty, craft and neighbourliness. Maybe patience too."

Lines and bullets stay one item each (the documented format); within a line, sentences are split with
simplemma, greetings and fillers around the items are dropped, and the items are cut at commas,
semicolons and list words ("plus", "as well as", "e poi", "nonché"). A bare "and"/"e" cuts only where
it closes a comma list or joins two short items, so "people who come for coffee and stay for lunch"
stays whole.
"""

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from simplemma import lemmatize, split_sentences

from assistant.config import KNOWLEDGE_DIR
from assistant.reading.pointers import pointers
from assistant.retrieval.text import fold

# "- ", "1.", "a)", and "1 -", "2:" before words (not "10 - 15 members", a range)
BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)]|[a-z][.)]|\d{1,2}\s?[:\-\u2013\u2014](?=\s+\D))\s+", re.IGNORECASE)
EDGE = " \t.,;:!?…-\u2013\u2014\"'“”«»()"  # dashes and quotes people paste from documents
AND_WORDS = {"and", "e", "ed", "&"}
NEGATION = re.compile(r"^(?:not|non|no)\s")  # "not Facebook", "non gruppi": what the item is not
HEADING_WORDS = 8  # a line ending with a colon this short heads the list
LINE_CHARS = 400  # the document's limit for one list entry or item name


# A full stop, then a space and a word: where a sentence may end though the next one starts in lower case
FULL_STOP = re.compile(r"(?P<word>[^\W_]+)[.!?]\s+(?=[^\W\d_])")
ABBREVIATIONS = {"etc", "ecc", "approx", "incl", "tel", "vs", "dott", "sig", "mrs", "mr", "ms", "dr", "st", "jr", "sr",
                 "no", "nr", "ca", "pp", "ie", "eg"}  # fmt: skip


# A number that opens an entry of a list typed on one line: "1) ...", "2 - ...", "3: ...", "4. ..."
INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))(?P<number>\d{1,2})\s?[).:\-\u2013\u2014](?=\s)")


def unfolded(text: str) -> str:
    """The text with a list numbered on one line ("why us: 1) a story in every room 2) a game master stays")
    written one entry a line, as the documented format has it. Only numbers that count up from 1, the first at
    the line's start or after a pause, open entries, so "we're at 2. Then ..." or "room 1 - big, room 2 - small"
    stay as they are."""
    lines = []
    for line in text.splitlines():
        marks, wanted = [], 1
        for match in INLINE_NUMBER.finditer(line):
            opens = wanted > 1 or not line[: match.start()].strip() or line[: match.start()].rstrip()[-1] in ":.!?;,"
            if int(match["number"]) == wanted and opens:
                marks.append(match.start())
                wanted += 1
        if len(marks) < 2:
            lines.append(line)
            continue
        cuts = [0, *marks, len(line)] if marks[0] > 0 else [*marks, len(line)]
        pieces = [piece for a, b in itertools.pairwise(cuts) if (piece := line[a:b].strip())]
        lines += pieces[:-1] + _after_the_last(pieces[-1])
    return "\n".join(lines)


def _after_the_last(entry: str) -> list[str]:
    """The last numbered entry, and the sentences after it that add entries with a list word ("3. a retreat in
    July. E poi che la newsletter esce il lunedì"): one a line."""
    found: list[str] = []
    for sentence in sentences(entry):
        if found and not lexicon().joiners.match(" " + fold(sentence)):
            found[-1] = f"{found[-1]} {sentence}"
        else:
            found.append(sentence)
    return found


def sentences(line: str) -> list[str]:
    """The sentences of a line: simplemma's, also cut where a full stop after a word (or a figure) is followed by a
    word in lower case ("people find us. then the stall", "... after 10 mornings. and for the January crowd",
    "fatti 60. Prenotazioni"), as people typing in a chat often do not capitalise."""
    found = []
    for sentence in split_sentences(line) or [line]:
        start = 0
        for stop in FULL_STOP.finditer(sentence):
            word = stop["word"]
            if (len(word) >= 2 and word.lower() not in ABBREVIATIONS) or (word.isdigit() and len(word) >= 2):
                found.append(sentence[start : stop.end()].strip())
                start = stop.end()
        found.append(sentence[start:].strip())
    return [s for s in found if s]


def clip(text: str, limit: int = LINE_CHARS) -> str:
    """At most `limit` characters, cut at a word: a long answer becomes a long item, never a refused turn."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(EDGE) + "…"


def lemma_text(folded: str) -> str:
    """The words of folded text as lemmas, English first then Italian: "tornano" reads "tornare"."""
    return " ".join(fold(lemmatize(word, lang=("en", "it"))) for word in re.findall(r"[\w][\w'-]*", folded))


def _infinitive(said: dict[str, list[str]]) -> str:
    """A word before a verb's infinitive: "da mandare come portfolio" says what the item before it is for."""
    return rf"(?:{_alternation(said['words'])})\s+\w+(?:{_alternation(said['endings'])})"


def _alternation(phrases: list[str]) -> str:
    folded = sorted({fold(p) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in folded)


@dataclass(frozen=True)
class Lexicon:
    """The fillers, lead-ins and list words of both languages, as patterns over folded text."""

    openers: re.Pattern[str]
    lead_in: re.Pattern[str]
    closers: re.Pattern[str]
    joiners: re.Pattern[str]
    corrections: re.Pattern[str]
    short_item_words: int
    asides: re.Pattern[str]
    go_on: re.Pattern[str]
    drop_before: re.Pattern[str]
    drop_after: re.Pattern[str]
    disowned: re.Pattern[str]
    when: re.Pattern[str]

    def disowns(self, text: str) -> bool:
        """Whether the writer disowns what they just said: "..., but that's not really why anyone picks us"."""
        return self.disowned.search(fold(text)) is not None

    def retracts(self, text: str) -> re.Match[str] | None:
        """Where the writer takes back what came just before ("no wait", "anzi no"), if they do."""
        return self.corrections.search(fold(text))

    @classmethod
    def load(cls, path: Path) -> "Lexicon":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def both(key: str) -> str:
            return _alternation([*data[key]["en"], *data[key]["it"]])

        times = yaml.safe_load((path.parent / "measures.yaml").read_text(encoding="utf-8"))
        leads = _alternation([*times["time_leads"], *data["time_remarks"], "in", "a", "after", "dopo", "tra", "fra"])
        return cls(
            asides=re.compile(rf"^(?:{both('asides')})$"),
            go_on=re.compile(rf"^(?:{both('go_on')}|{_infinitive(data['go_on_infinitive'])})(?![\w'])"),
            drop_before=re.compile(rf"^(?:{both('drop_before')})\s+(?P<item>.+)$"),
            # "le coppie no" drops an item; "si sono sentiti sicuri o no", "happy or not" asks a question
            drop_after=re.compile(rf"^(?P<item>.+?)(?<!\so)(?<!\sor)\s+(?:{both('drop_after')})$"),
            disowned=re.compile(rf"(?:^|[\s,])(?:{both('disowned')})(?![\w'])"),
            when=re.compile(
                rf"^(?:{leads})\s+(?:\w+\s+|\w+'){{0,2}}(?:{_alternation(times['time_words'])}|\d[\d.,]*)\w*$"
            ),
            openers=re.compile(
                rf"^(?:(?:(?:{both('greetings')})\s+[\w']+(?:\s+(?:and|e|&)\s+[\w']+)?\s*(?:[!,:-]|$)"
                rf"|(?:{both('openers')})(?![\w']))[\s,.!:;…-]*)+"
            ),
            lead_in=re.compile(rf"^(?:{both('lead_ins')})(?![\w'])[\s:,-]*"),
            closers=re.compile(rf"(?:[\s,]+(?:{both('closers')}))+$"),
            # "insieme a loro", "along with them": a list word before a pronoun says with whom, it adds no item
            joiners=re.compile(rf"\s*(?:,\s*|\s)(?:{both('joiners')})\s+(?!(?:{both('pronouns')})(?![\w']))"),
            corrections=re.compile(rf"(?<![\w'])(?:{both('corrections')})(?![\w'])"),
            short_item_words=int(data["short_item_words"]),
        )


@cache
def lexicon(path: Path = KNOWLEDGE_DIR / "language" / "reading.yaml") -> Lexicon:
    return Lexicon.load(path)


def trim(piece: str, words: Lexicon) -> str:
    """The piece without fillers before or after it, in the writer's own spelling and case."""
    piece = _strip_edges(piece)
    for _ in range(3):  # "ok so basically", then a lead-in, then fillers again
        folded = fold(piece)
        cut = 0
        for pattern in (words.openers, words.lead_in):
            match = pattern.match(folded[cut:])
            if match:
                cut += match.end()
        end = len(folded)
        closing = words.closers.search(folded)
        if closing and closing.start() > cut:
            end = closing.start()
        if cut == 0 and end == len(folded):
            break
        piece = _strip_edges(piece[cut:end])
    return piece


def _strip_edges(piece: str) -> str:
    """The piece without edge punctuation, but with the bracket that closes its own: "Marco (owner)"."""
    stripped = piece.strip(EDGE)
    if stripped.count("(") > stripped.count(")"):
        rest = piece[piece.find(stripped) + len(stripped) :]
        if rest.lstrip(" .,;:!?").startswith(")"):
            stripped += ")"
    return stripped


INFINITIVE = re.compile(r"^(?:fare?|\w{2,}(?:are|ere|ire|rre))$")  # an Italian verb as said in an aim


def _cut_joiners(sentence: str, words: Lexicon, *, in_comma_list: bool) -> list[str]:
    """Cut at list words; a bare "and" only closing a comma list or between two short items."""
    folded = fold(sentence)
    pieces: list[str] = []
    start = 0
    # only the first "and" closes "a, b and c": in "..., and once a quarter regulars taste and tell us" it is the
    # one that opens the part
    in_comma_list = in_comma_list and not set(folded.split()[:1]) & AND_WORDS
    for match in words.joiners.finditer(folded):
        joiner = match.group().strip(" ,").split()[0] if match.group().strip(" ,") else ""
        if len(folded) == len(sentence) and "\u00e8" in sentence[match.start() : match.end()].lower():
            continue  # "è" (is) folds to "e" (and): "Martina, che è la fisioterapista" is one entry
        closing = in_comma_list and not pieces
        if joiner in AND_WORDS and not closing:
            left = folded[start : match.start()].split()
            right = folded[match.end() :].split(",")[0].split()
            long = len(left) > words.short_item_words or len(right) > words.short_item_words
            if long and not (left and right and INFINITIVE.match(left[0]) and INFINITIVE.match(right[0])):
                continue  # "far crescere il club a 200 soci e diventare il forno del quartiere": two aims
        pieces.append(sentence[start : match.start()])
        start = match.end()
    pieces.append(sentence[start:])
    return pieces


def split_line(line: str, words: Lexicon | None = None) -> list[str]:
    """The items of one line of prose."""
    words = words or lexicon()
    items: list[str] = []
    for sentence in sentences(line):
        sentence = trim(sentence, words)
        if ":" in sentence:  # "three things: a, b and c"
            head, _, tail = sentence.partition(":")
            pointed = pointers().pointer(head) is not None  # "per l'1: ..." says which objective it serves
            sentence = tail if tail.strip() and len(head.split()) <= 6 and not pointed else sentence
        parts = re.split(r"\s*[;,]\s*", sentence)
        opened = len(items)
        # "a, b and c": the "and" is in the last part; "for the events thing, a page with a calendar and booking"
        # is no list, as the part before the comma only says which objective the page serves
        listed = sum(pointers().pointer(part) is None for part in parts) > 1
        for number, part in enumerate(parts, start=1):
            closes_list = listed and number == len(parts)
            if words.asides.match(fold(part.strip(EDGE))):
                continue
            for piece in _cut_joiners(part, words, in_comma_list=closes_list):
                _take(items, piece, words, goes_on=len(items) > opened)
    return items


def _take(items: list[str], piece: str, words: Lexicon, *, goes_on: bool) -> None:
    """Add one piece: a correction drops what it takes back ("no wait", "scratch ads", "le coppie no"), a
    negation ("not Facebook") or an aside ("that's the three", "Oh") adds nothing, and a piece that says more
    about the item before it in the same sentence (`goes_on`: "though there are fewer of them", "by March") goes on
    that item, unless it says which objective that item serves ("that's for objective 1")."""
    taken_back = words.retracts(piece)
    if taken_back is not None:
        if not fold(piece)[: taken_back.start()].strip(EDGE) and items:
            items.pop()  # "no wait" on its own takes back the item before it
        piece = piece[taken_back.end() :]
    said, item = fold(piece.strip(EDGE)), trim(piece, words)
    folded = fold(item)
    if NEGATION.match(folded) or words.asides.match(folded) or not any(ch.isalnum() for ch in item):
        return
    dropped = words.drop_before.match(folded) or words.drop_after.match(folded)
    if dropped is not None:  # "le coppie no" is not an item, whether or not "le coppie" was one
        named = [i for i, said in enumerate(items) if fold(said) == dropped["item"]]
        if named or words.drop_after.match(folded):
            del items[named[-1] if named else len(items) :]
            return
    if words.disowns(piece):  # the piece, or the item before it when the piece only disowns it
        if goes_on and words.disowned.match(said):  # "siamo simpatici, ma quello non lo scriverei"
            items.pop()
        return
    carries_on = words.go_on.match(said) or words.go_on.match(folded) or words.when.match(folded)
    if goes_on and carries_on and pointers().pointer(item) is None:
        items[-1] = f"{items[-1]}, {_strip_edges(piece) if words.go_on.match(said) else item}"
        return
    items.append(item)


def split_answer(text: str) -> list[str]:
    """Items of a list answer: one per line, bullet or semicolon (the documented format), else read from prose."""
    lines = [BULLET.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line.strip(EDGE)]
    if len(lines) > 1 or ";" in text:
        lines = [line for number, line in enumerate(lines) if not _heads_list(line, number, len(lines))]
        items = [item for line in lines for item in re.split(r"\s*;\s*", line)]
        items = [trim(item, lexicon()) for item in items]
        # "that's the lot", "direi basta"; "the coffee's decent, but that's not really why anyone picks us"
        items = [item for item in items if not lexicon().asides.match(fold(item)) and not lexicon().disowns(item)]
    else:
        items = split_line(lines[0]) if lines else []
    return list(dict.fromkeys(clip(item) for item in items if item))


def _heads_list(line: str, number: int, count: int) -> bool:
    """A short line ending with a colon, with lines after it, names the list rather than being in it: "our
    values:", "ok audience, roughly in order of importance:", "Obiettivi 2026:"."""
    return number < count - 1 and line.rstrip().endswith(":") and len(line.split()) <= HEADING_WORDS


def clauses(text: str) -> list[str]:
    """Sentences and semicolon parts, and the halves of ", and" / ", e": where one remark ends and the next begins."""
    parts = []
    for line in text.splitlines():
        for sentence in sentences(line):
            for part in re.split(r"\s*;\s*|,\s+(?:and|e|ed|while|mentre)\s+", sentence):
                part = trim(part, lexicon())
                if part:
                    parts.append(part)
    return parts
