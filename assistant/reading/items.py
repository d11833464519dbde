"""Items with several fields (touchpoints, channels, KPIs) from an answer written as prose.

"People find us on Instagram mostly, we just post photos. Then the shop counter, where we chat with
regulars, Jess runs it." describes two touchpoints: each place where the brand meets people (a head
word from the lexicon, or a web address) opens an item, named by the words around it, and the remarks
that follow it describe it until the next one. What the remarks say (journey stage, level, owner...) is
read by the caller from each item's description.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from assistant.config import KNOWLEDGE_DIR
from assistant.reading.lists import AND_WORDS, BULLET, EDGE, NEGATION, clip, lexicon, sentences, trim
from assistant.retrieval.text import fold

WORD = re.compile(r"[\w@][\w'\u2019.&-]*\w|\w")
SAID_OPENER = re.compile(r"^(?:(?:is|are|was|it's|its|where|for|to|as|e|è|sono|per|dove|come)\s+)+", re.IGNORECASE)
DOMAIN = re.compile(r"^[a-z0-9-]+\.(?:com|it|net|org|eu|io|co)$")
# a capitalised first name, after a title ("Dr Patel"), or a role with its article ("our barista", "lo skipper")
NAME = r"(?P<name>{title}[A-Z][\w'\u2019-]+|{role})"
NAME_WORDS = 5  # an item's name is its head and a few words around it
OPENING_WORDS = 5  # a place written in lower case opens an item only among the first words of a clause
LED_WORDS = 2  # the words a name may have before its head after a lead: "through the farmers market stall"
# Words that may stand between a head and the rest of its name: "stall on the square", "lezione di prova".
LINKS = {"on", "in", "at", "of", "after", "with", "con", "di", "del", "della", "dei", "delle", "sul", "sulla", "da",
         "al", "alla", "alle", "ai", "nel", "nella"}  # fmt: skip
# Words that end a name: where a remark about the item begins ("the check-in desk when they pay").
BOUNDARY = {"when", "where", "which", "who", "that", "while", "so", "because", "mostly", "mainly", "really", "also",
            "too", "dove", "quando", "che", "chi", "mentre", "cosi", "perche", "soprattutto", "anche"}  # fmt: skip
COPULAS = {"is", "are", "was", "e", "sono", "era"}  # "the beach hut is where ...": the name ends before them
CLAUSE_WORDS = {"where", "which", "who", "that", "because", "dove", "che", "chi", "perche", "cosi"}
LINE_NAME_WORDS = 16  # a line's opening words longer than this are a description: the place it names is the name
ARTICLES = {"the", "a", "an", "our", "their", "il", "lo", "la", "i", "gli", "le", "l", "un", "una", "uno", "nostro",
            "nostra", "nostri", "nostre"}  # fmt: skip


SELF = "\u2063me"  # the owner is whoever wrote the message; the engine, which knows who that is, names them


@dataclass
class ProseItem:
    """One item read from prose: the name it goes by and every remark made about it."""

    name: str
    said: str = ""  # what the sentence that names it goes on to say: "Instagram [is where people discover us]"
    remarks: list[str] = field(default_factory=list)  # every remark about it, naming sentence included
    later: list[str] = field(default_factory=list)  # the remarks after the naming sentence

    @property
    def description(self) -> str:
        return "; ".join(self.remarks)


@dataclass(frozen=True)
class Heads:
    words: tuple[tuple[str, ...], ...]  # folded head phrases as word tuples, longest first
    after_article: frozenset[str]  # heads that are also verbs
    owner: tuple[re.Pattern[str], ...]
    stop: frozenset[str]
    header: re.Pattern[str]
    purpose: re.Pattern[str]
    aliases: dict[str, str]
    selves: tuple[re.Pattern[str], ...] = ()  # the writer as owner, over folded text: "I'll write it", "lo seguo io"
    denied: re.Pattern[str] = re.compile(r"(?!)")  # an owner said not to be one: "not Tom's", "non di Marco"
    openers: frozenset[str] = frozenset()  # "Ciao", "Hey": capitalised at a message's start, never a person
    leads: tuple[tuple[str, ...], ...] = ()  # folded words before a place that name it anywhere: "through", "via"

    def written_out(self, name: str) -> str:
        """The name with a platform's short name written out: "the Insta page" -> "the Instagram page"."""
        return " ".join(self.aliases.get(fold(word), word) for word in name.split())

    @classmethod
    def load(cls, path: Path) -> "Heads":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        after_article = {fold(p) for lang in ("en", "it") for p in data["item_heads_after_article"][lang]}
        named = [p for key in ("item_heads", "more_heads") for lang in ("en", "it") for p in data[key][lang]]
        phrases = {tuple(fold(p).split()) for p in named}
        phrases |= {(word,) for word in after_article}
        titles = "|".join(re.escape(w) for w in data["titles"])
        title = rf"(?i:{titles})\.?\s"
        roles = "|".join(re.escape(w) for w in sorted(data["owner_roles"], key=len, reverse=True))
        articles = "|".join(re.escape(w) for w in sorted(data["role_articles"], key=len, reverse=True))
        role = rf"(?i:(?:{articles})\s*(?:{roles}))(?![\w'])"
        name = NAME.replace("{title}", rf"(?:{title})?").replace("{role}", role)
        name = rf"(?:(?i:{'|'.join(data['title_articles'])})\s(?={title}))?{name}"  # "la dottoressa Ferri"
        name_articles = "|".join(re.escape(a) for a in data["name_articles"])
        name = rf"(?:(?:(?i:{name_articles})\s?|{role}\s+)(?=[A-Z]))?{name}"  # "la Franci", "our barista Priya"
        owner = tuple(_owner_pattern(p, name) for lang in ("en", "it") for p in data["owner_phrases"][lang])
        unlike_title = rf"(?!{title})"  # "la dottoressa Ferri": a title, not a verb before the name
        owner += tuple(
            re.compile(p.replace("{name}", name).replace("{not_title}", unlike_title)) for p in data["owner_patterns"]
        )
        stopwords = yaml.safe_load((path.parent / "stopwords.yaml").read_text(encoding="utf-8"))
        stop = frozenset(fold(str(w)) for lang in ("en", "it") for w in stopwords[lang])
        fillers = frozenset(fold(p) for lang in ("en", "it") for p in data["closers"][lang] if " " not in p)
        names_end = stop | fillers | BOUNDARY  # "Instagram probably", "Instagram direi": the name is Instagram
        headers = "|".join(re.escape(fold(h)) for h in sorted(data["headers"], key=len, reverse=True))
        cues = [fold(c) for lang in ("en", "it") for c in data["purpose_cues"][lang]]
        cue_words = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
        return cls(
            tuple(sorted(phrases, key=len, reverse=True)),
            frozenset(after_article),
            owner,
            names_end,
            header=re.compile(rf"^(?:{headers})\W*$"),
            purpose=re.compile(rf"(?<!\w)(?:{cue_words})\s+(?P<said>[^.;!?]+)"),
            aliases={fold(short): full for short, full in data["aliases"].items()},
            selves=tuple(re.compile(p) for p in data["self_owner"]),
            denied=re.compile(data["denied_owner"], re.IGNORECASE),
            openers=frozenset(fold(p) for lang in ("en", "it") for p in data["openers"][lang]),
            leads=tuple(tuple(fold(p).split()) for lang in ("en", "it") for p in data["item_leads"][lang]),
        )


def _owner_pattern(phrase: str, name: str) -> re.Pattern[str]:
    """The phrase in any case around a capitalised first name: "{name} runs it" finds "Jess runs it"."""
    before, _, after = phrase.partition("{name}")
    around = [f"(?i:{re.escape(part)})" if part else "" for part in (before, after)]
    return re.compile(rf"(?<!\w){around[0]}{name}{around[1]}(?!\w)")


@cache
def heads(path: Path = KNOWLEDGE_DIR / "language" / "reading.yaml") -> Heads:
    return Heads.load(path)


def _head_at(tokens: list[str], index: int, known: Heads) -> int:
    """How many tokens from `index` form a head phrase (0 when none)."""
    if DOMAIN.match(tokens[index]):
        return 1
    for phrase in known.words:
        if tuple(tokens[index : index + len(phrase)]) == phrase:
            if len(phrase) == 1 and phrase[0] in known.after_article:
                before = tokens[index - 1] if index else ""
                return 1 if before in ARTICLES or before in LINKS else 0
            return len(phrase)
    return 0


def _name(words: list[str], start: int, length: int, known: Heads) -> tuple[int, int]:
    """Where the head's name begins and ends: "thank-you email after the stay", "market stall on the square"."""
    folded = [fold(w) for w in words]
    left = start
    while left > 0 and start - left < 2 and folded[left - 1] not in known.stop and folded[left - 1] not in ARTICLES:
        left -= 1
    # "la mostra di fine corso", "the sign-up sheet at the desk": a noun and a link before the head's words
    linked = left >= 2 and folded[left - 1] in LINKS and folded[left - 2] not in known.stop | ARTICLES
    if linked and (left == 2 or folded[left - 3] in ARTICLES):
        left -= 2
    # words before the head belong to the name only after an article or at the start: "the shop counter",
    # "User forum", but not "we run Instagram stories"
    while left < start and left > 0 and folded[left - 1] not in ARTICLES and folded[left - 1] not in LINKS:
        left += 1
    right = start + length
    while right < len(words) and right - left < NAME_WORDS:
        word = folded[right]
        if word in LINKS and right + 1 < len(words):
            after = right + 1 + (folded[right + 1] in ARTICLES)
            if after < len(words) and folded[after] not in known.stop:
                right = after + 1
                continue
            break
        if word in known.stop or word in ARTICLES:
            break
        right += 1
    return left, right


def _clauses(text: str) -> list[str]:
    return [clause for clause, _ in _sentence_clauses(text)]


def _sentence_clauses(text: str) -> list[tuple[str, bool]]:
    """The text's clauses, each with whether it opens its sentence. A clause that ends by taking itself back
    ("the menu vote on Instagram - no wait") is cut there, so what it named is read before it is taken back."""
    parts: list[tuple[str, bool]] = []
    for line in text.splitlines():
        for sentence in sentences(line):
            opens = True
            for part in re.split(r"\s*[;,:]\s*", sentence):
                taken_back = lexicon().retracts(part) if len(fold(part)) == len(part) else None
                cut = [part[: taken_back.start()], part[taken_back.start() :]] if taken_back else [part]
                for piece in cut:
                    if piece.strip(EDGE):
                        parts.append((piece, opens))
                        opens = False
    return parts


def _opening_name(words: list[str], folded: list[str], start: int, known: Heads) -> tuple[int, int] | None:
    """Where a sentence names a place the lexicon does not know, by an article and a few words that end the
    clause or lead into saying what it is: "the beach hut is where ...", "il mercatino della domenica: ...". Words
    that go on with a verb ("the kids love it") name nothing."""
    if start + 1 >= len(words) or folded[start] not in ARTICLES or folded[start + 1] in known.stop:
        return None
    if known.header.match(folded[start + 1]):  # "I canali: Instagram, ...": the list's own name
        return None
    left, right = _name(words, start + 1, 1, known)
    follows = folded[right] if right < len(folded) else ""
    return (left, right) if not follows or follows in COPULAS or follows in BOUNDARY else None


def read_items(text: str) -> list[ProseItem]:
    """The items an answer names, each with its remarks; none when it names no place at all.

    An answer in several lines (or bullets, or numbers) lists one item a line, named by the line's opening
    words; a line that only heads the list ("So, touchpoints...") is not one. Prose names an item at each
    place it mentions (`read_prose`).
    """
    lines = [BULLET.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line.strip(EDGE) and not _heading(line) and not _aside(line)]
    if len(lines) < 2:
        return read_prose("\n".join(lines))
    items = [_line_item(line) for line in lines]
    return [item for item in items if item is not None]


def _heading(line: str) -> bool:
    """A line that only heads the list: "So, touchpoints...", "Allora i punti di contatto:"."""
    folded = fold(trim(line, lexicon()))
    if not folded or heads().header.match(folded):
        return True
    words = WORD.findall(folded)
    ends_open = line.rstrip().endswith((":", "...", "\u2026"))
    return ends_open and len(words) <= 6 and not any(_head_at(words, i, heads()) for i in range(len(words)))


def _aside(line: str) -> bool:
    """A line that closes the list without naming an item: "that's the lot", "direi basta"."""
    return lexicon().asides.match(fold(trim(line, lexicon()))) is not None


def _line_item(line: str) -> ProseItem | None:
    """The one item a line names: its opening words up to the first pause, or the place it names."""
    found = read_prose(line)
    remarks = [clause.strip(EDGE) for clause in _clauses(line) if clause.strip(EDGE)]
    name = _line_name(line)
    if not name or (found and lexicon().retracts(line)):  # "the Facebook page, no wait, the Insta page"
        name = found[-1].name if found else ""
    if not name:
        return None
    name = heads().written_out(name)
    return ProseItem(clip(name), said=found[0].said if found else "", remarks=remarks, later=remarks[1:])


def _line_name(line: str) -> str:
    """The words that open a line, up to a pause or a clause about them ("where", "che"), without fillers."""
    first = re.split(r"[.;:,!?()]|\s[-\u2013\u2014]\s", trim(line, lexicon()), maxsplit=1)[0]
    words = WORD.findall(first)
    while words and fold(words[0]) in ARTICLES:
        words = words[1:]
    for index, word in enumerate(words):
        if index and fold(word) in CLAUSE_WORDS:
            words = words[:index]
            break
    return " ".join(words) if 0 < len(words) <= LINE_NAME_WORDS else ""


def read_prose(text: str) -> list[ProseItem]:
    """The items a prose answer names, each with its remarks; none when it names no place at all.

    A correction ("Facebook for older customers, no wait, the local radio") replaces the item before
    it, which keeps what was said about it; a negation ("not Facebook") adds nothing.
    """
    known, words_of = heads(), lexicon()
    items: list[ProseItem] = []
    waiting: list[str] = []  # remarks before the first item belong to it
    replacing = False
    speaking_of: ProseItem | None = None
    depth = 0  # open brackets
    for clause, opens_sentence in _sentence_clauses(text):
        taken_back = words_of.retracts(clause)
        if taken_back is not None:
            replacing = bool(items)
            clause = clause[taken_back.end() :]
        if NEGATION.match(fold(clause.strip(EDGE))):
            continue
        # words in brackets are an aside about the item, never a new place: "the consultation (20 min, in the studio)"
        visible = "" if depth else clause.split("(")[0]
        depth = max(0, depth + clause.count("(") - clause.count(")"))
        words = WORD.findall(visible)
        folded = [fold(w) for w in words]
        index, count, referred = 0, len(items), None
        opener = words_of.openers.match(fold(clause).strip(EDGE))  # "First the puppy evenings": count from "the"
        opening = OPENING_WORDS + (len(WORD.findall(opener.group())) if opener else 0)
        while index < len(folded):
            length = _head_at(folded, index, known)
            listed = len(items) > count and _joined(folded, index)  # "Instagram e la newsletter del mese"
            listed = listed or _led(folded, index, known)  # "they come back via the weekly email"
            if not length or (index >= opening and not words[index][0].isupper() and not listed):
                index += 1  # deep in a remark, a common noun ("the shop dogs") is part of it: a name (Instagram) is not
                continue
            left, right = _name(words, index, length, known)
            name = " ".join(words[left:right]).strip(EDGE)
            referred = next((item for item in items if _names_back(name, item.name)), None)
            if referred is None:
                said = clip(trim(SAID_OPENER.sub("", " ".join(words[right:])), words_of))
                item = ProseItem(clip(known.written_out(name)), said=said)
                if replacing:
                    old = items.pop()
                    item.said, item.remarks, item.later = item.said or old.said, old.remarks, old.later
                    count, replacing = len(items), False
                items.append(item)
            index = max(right, index + length)
        start = len(WORD.findall(opener.group())) if opener else 0
        unnamed = len(items) == count and not replacing and opens_sentence
        if unnamed and (span := _opening_name(words, folded, start, known)) is not None:
            name = " ".join(words[span[0] : span[1]]).strip(EDGE)
            if not any(fold(name) == fold(item.name) for item in items):
                items.append(ProseItem(clip(known.written_out(name))))
        remark = clause.strip(EDGE)
        if not remark:
            continue
        if items:  # a clause naming no new place speaks of one it names again, else of the one spoken of last
            if len(items) > count or speaking_of not in items:
                speaking_of = items[-1]
            elif referred is not None:
                speaking_of = referred
            for about in items[count:-1]:  # "People find us on Instagram and the monthly newsletter": said of both
                about.remarks.append(remark)
            speaking_of.remarks.append(remark)
            if len(items) == count:
                speaking_of.later.append(remark)
        else:
            waiting.append(remark)
    if items and waiting:  # what came before the first name, less greetings and the list's own heading
        items[0].remarks[:0] = [r for r in waiting if fold(r) not in known.openers and not known.header.match(fold(r))]
    return items


def _led(folded: list[str], index: int, known: Heads) -> bool:
    """Whether the word at `index` follows a lead to a place ("through", "grazie alla") with at most an article
    and two words between: "via the weekly email" names the email wherever the clause says it."""
    return any(
        tuple(folded[start : start + len(lead)]) == lead
        for lead in known.leads
        for start in range(max(0, index - LED_WORDS - 1 - len(lead)), index - len(lead) + 1)
    )


def _joined(folded: list[str], index: int) -> bool:
    """Whether the word at `index` follows a list word ("and", "e"), with at most an article and one word between:
    "A e la B", "A and the monthly B" list B too, where a place in lower case deep in a clause is otherwise part
    of a remark."""
    before = folded[max(0, index - 3) : index]
    return any(
        word in AND_WORDS and (len(before) - at < 3 or before[at + 1] in ARTICLES) for at, word in enumerate(before)
    )


def _names_back(name: str, earlier: str) -> bool:
    """Whether `name` is an earlier item's name, its first words or its last: "Dev runs the WhatsApp" speaks of
    the members' WhatsApp named before, "Instagram is Chiara's" of the Instagram page, not of new places."""
    said, named = fold(name).split(), fold(earlier).split()
    return bool(said) and said in (named[: len(said)], named[-len(said) :])


def owner_in(text: str) -> str | None:
    """A first name the text gives as the one who looks after the item ("Jess runs it", "se ne occupa Luca"), or
    `SELF` where the writer takes it ("I'll write it", "lo seguo io"); an owner denied ("not Tom's") is none."""
    known = heads()
    text = known.denied.sub(" ", text)
    match = owner_said(text)
    if match:
        return re.sub(r"['\u2019]s$", "", match["name"])  # "a loyalty card, Tom's"
    return SELF if self_said(text) else None


def self_said(text: str) -> re.Match[str] | None:
    """Where the writer says the item is theirs ("I'll do it", "lo seguo io"), over the text folded."""
    folded = fold(text)
    return next((m for p in heads().selves if (m := p.search(folded))), None)


def owner_said(text: str) -> re.Match[str] | None:
    """Where the text says who looks after the item, with the name as its group `name`."""
    known = heads()
    for pattern in known.owner:
        for match in pattern.finditer(text):
            name = fold(match["name"])
            if (name,) not in known.words and name not in known.openers:  # "Instagram posts them" is a place
                return match
    return None


def purpose_in(text: str) -> str | None:
    """How a remark says the item expresses the purpose: "it shows we care about the dog, not just the sale"."""
    folded = fold(text)
    if len(folded) != len(text):
        return None
    match = heads().purpose.search(folded)
    return clip(text[match.start("said") : match.end("said")].strip(EDGE)) if match else None
