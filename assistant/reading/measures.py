"""KPIs from an answer written as prose: "members staying past six months: we're at about 60% now and want
80% by next summer, Jo checks it in the membership software".

Each sentence (or part after "also", "e poi", a semicolon) that starts a new measure is one KPI; its
opening words name it, and the rest says where it stands (baseline), where it should get (target), by
when, who reads it and where the figures come from. The phrasings live in knowledge/language/measures.yaml.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from assistant.config import KNOWLEDGE_DIR
from assistant.reading.items import owner_in
from assistant.reading.lists import BULLET, EDGE, clip, lexicon, sentences, trim
from assistant.reading.pointers import NUMBER_IN_BRACKETS, pointers
from assistant.retrieval.text import fold, load_stopwords

PERIOD = r"(?:day|week|month|quarter|year|giorno|settimana|mese|trimestre|anno)"
RHYTHM = rf"(?:\s(?:a|per|al|alla|ogni|every|each)\s{PERIOD})?"  # "15 a month", "400 al mese"
OUT_OF = r"(?:\s(?:su|out of)\s\d+)?"  # "3 su 10", "4 out of 5"
ABOUT = r"(?:(?:about|around|roughly|maybe|probably|like|circa|quasi|almeno|at least|forse|tipo|piu o meno) )?"
AMOUNT = rf"{ABOUT}(?:\d[\d.,]*(?:\s?%)?{OUT_OF}|una? \w+ina|a dozen){RHYTHM}"


@dataclass
class ProseMeasure:
    name: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    reference: str | None = None  # what it measures, when said in passing: "(obiettivo 1)", "that one's for X"


@dataclass(frozen=True)
class Phrasings:
    name_lead: re.Pattern[str]
    range_: tuple[re.Pattern[str], ...]
    baseline: tuple[re.Pattern[str], ...]
    target: tuple[re.Pattern[str], ...]
    time_frame: re.Pattern[str]
    time_words: frozenset[str]
    source: re.Pattern[str]
    new_measure: re.Pattern[str]
    header: re.Pattern[str]
    named_after: frozenset[str]
    kind_words: frozenset[str]
    stop: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> "Phrasings":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def words(key: str) -> str:
            return "|".join(sorted((re.escape(fold(p)) for p in data[key]), key=len, reverse=True))

        def leads(key: str) -> str:
            """Lead words then a space, or with no space after an elision ("con l'agenda")."""
            elided = [re.escape(fold(p)) for p in data[key] if p.endswith("'")]
            spaced = [re.escape(fold(p)) for p in data[key] if not p.endswith("'")]
            joined = "|".join(sorted(spaced, key=len, reverse=True))
            return rf"(?:(?:{'|'.join(elided)})\s*|(?:{joined})\s+)" if elided else rf"(?:{joined})\s+"

        def patterns(key: str) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(p.replace("{amount}", rf"(?P<amount>{AMOUNT})")) for p in data[key])

        return cls(
            name_lead=re.compile(rf"^(?:(?:{words('name_leads')})\s+)+"),
            range_=tuple(
                re.compile(p.replace("{from}", rf"(?P<start>{AMOUNT})").replace("{to}", rf"(?P<end>{AMOUNT})"))
                for p in data["ranges"]
            ),
            baseline=patterns("baselines"),
            target=patterns("targets"),
            time_frame=re.compile(rf"(?<!\w)(?P<when>(?:{words('time_leads')})\s+[^,;.]+)"),
            time_words=frozenset(fold(w) for w in data["time_words"]),
            source=re.compile(rf"(?<!\w){leads('source_leads')}(?P<source>[^,;.]+)"),
            new_measure=re.compile(rf"^(?:(?:{words('articles')})\s+)?(?:{words('measure_starts')})(?!\w)"),
            header=re.compile(rf"^(?:{words('headers')})(?!\w)[\s,.:;!?\u2026-]*"),
            named_after=frozenset(fold(w) for w in data["named_after"]),
            kind_words=frozenset(fold(w) for w in data["kind_words"]),
            stop=frozenset(w for words in load_stopwords(path.parent / "stopwords.yaml").values() for w in words),
        )

    def only_kind(self, part: str) -> bool:
        """Whether a piece only says what kind of measure follows ("it's a straight number", "una cosa non di
        numeri"): its words are all stopwords or kind words, one of them at least a kind word."""
        said = {w for w in re.findall(r"\w\w+", fold(part)) if w not in self.stop}  # "it's": "it", no "s"
        return bool(said & self.kind_words) and said <= self.kind_words | self.named_after


@cache
def phrasings(path: Path = KNOWLEDGE_DIR / "language" / "measures.yaml") -> Phrasings:
    return Phrasings.load(path)


PRONOUN_OR_FIGURE = re.compile(r"[\d(]|(?:it|them|that|this|those|these|lui|lei|loro|noi|me)\b")  # not a source
LIST_WORD = re.compile(r"(,\s+(?:and|plus|e|ed|e poi)\s+)")  # where a list of measures said in one sentence goes on
NAME_COLON = re.compile(r"^([^,:;]{1,60}):\s*\S")  # "Loyalty card sign-ups: we're at 40 a month"


def _opening(part: str) -> str:
    """The part without the greetings, fillers and headers ("Ok KPIs.", "KPI, vediamo...") that open it."""
    said, openers = phrasings(), lexicon().openers
    for _ in range(3):
        folded = fold(part)
        cut = 0
        for pattern in (openers, said.header):
            match = pattern.match(folded[cut:])
            if match:
                cut += match.end()
        if not cut:
            break
        part = part[cut:]
    return part.strip(EDGE)


def _segments(text: str) -> list[tuple[str, bool]]:
    """One stretch of text per measure: each line, and the sentences and semicolon parts that open a new one
    (a measure word, a list word, a `name:`); the others say more about the measure before them. With each,
    whether it is listed in the sentence of the one before ("A, and B"), so what that one serves B serves too."""
    said = phrasings()
    segments: list[tuple[str, bool]] = []
    for line in text.splitlines():
        fresh_line = True
        for sentence in sentences(BULLET.sub("", line)) or [line]:
            for part, goes_on in _listed(re.split(r"\s*;\s*", sentence)):
                opener = lexicon().openers.match(fold(part))
                heading = part.rstrip().endswith(":") and len(part.split()) <= 8 and not re.search(r"\d", part)
                part = _opening(part)
                if not part or heading:
                    continue  # a header: "allora, li butto giù così:"
                starts = said.new_measure.match(fold(part)) is not None or NAME_COLON.match(part) is not None
                starts = starts or fold(part).split()[0] in pointers().leads  # "For the reminder texts, we count …"
                if segments and not (fresh_line or starts or opener):
                    segments[-1] = (segments[-1][0] + ", " + part, segments[-1][1])
                else:
                    segments.append((part, goes_on))
                fresh_line = False
    return segments


def _listed(parts: list[str]) -> list[tuple[str, bool]]:
    """The parts, each cut again where ", and" / ", e" opens a new measure ("regulars who come 3 Sundays a month,
    and what they say about the trips", "quante paia ritiriamo, e cosa ci dicono i clienti"); with each piece,
    whether it goes on the sentence of the piece before."""
    cut: list[tuple[str, bool]] = []
    for part in parts:
        pieces = LIST_WORD.split(part)
        cut.append((pieces[0], False))
        for joiner, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            if phrasings().new_measure.match(fold(piece)) is not None:
                cut.append((piece, True))
            else:
                cut[-1] = (cut[-1][0] + joiner + piece, cut[-1][1])
    return cut


def _name(segment: str) -> tuple[str, str | None]:
    """The measure's own words, and what it measures when its opening says so: the segment up to its first
    colon or comma, without fillers and lead-ins; after an opening that says what it is for ("For the
    reminder texts, we count …"), and after the colon when the words before it only announce the measure
    ("a qualitative one: what they write") or say what it is for ("a softer one, that's for …: what …")."""
    said, words = phrasings(), lexicon()
    reference = None
    if (opened := pointers().lead(segment)) is not None:
        reference, segment = opened
    head, _, rest = segment.partition(":")
    if rest.strip() and (all(_announces(part) for part in head.split(",")) or _announces_kind(head, rest)):
        for part in head.split(","):
            if (pointed := pointers().pointer(trim(part, words))) is not None:
                reference = pointed[1]
        segment = rest
    pieces = re.split(r"[:,]|\s[-\u2013]\s", segment.strip(EDGE), maxsplit=2)
    head = pieces[1] if len(pieces) > 1 and said.only_kind(trim(pieces[0], words)) else pieces[0]
    if (inside := pointers().inside(head)) is not None:  # "Google rating for the trust objective"
        head, reference = inside
    folded = fold(head)
    for _ in range(3):
        cut = 0
        for pattern in (words.openers, said.name_lead):
            match = pattern.match(folded[cut:])
            if match:
                cut += match.end()
        if not cut:
            break
        head, folded = head[cut:], folded[cut:]
    return clip(head.strip(EDGE)), reference


def _announces(part: str) -> bool:
    """Whether a piece before a colon only announces the measure ("a qualitative one") or says what it is for."""
    announced = set(fold(part).split())
    if len(announced) <= 6 and announced & phrasings().named_after:
        return True
    return pointers().pointer(trim(part, lexicon())) is not None


def _announces_kind(head: str, rest: str) -> bool:
    """Whether the words before a colon say the kind of a measure the words after it describe ("per il laboratorio
    una cosa non di numeri: cosa raccontano i genitori", "uno qualitativo per i medici: cosa ci dicono")."""
    said = phrasings()
    kinds = said.kind_words | said.named_after
    opens = said.new_measure.match(fold(rest).strip(EDGE)) is not None
    return opens and bool(set(re.findall(r"\w+", fold(head))) & kinds)


def _pointed(segment: str) -> str | None:
    """What the segment says it measures in passing: "(obiettivo 1)", "per l'obiettivo 1", "that one's for X"."""
    if (bracket := NUMBER_IN_BRACKETS.search(segment.rstrip(" .;"))) is not None:
        return bracket.group(1)
    if (opening := pointers().opening(segment)) is not None:  # "per la tessera contiamo quanti …"
        return opening
    for clause in re.split(r"\s*[,;:(]\s*|\)", segment):
        clause = trim(clause, lexicon())
        if clause and (found := pointers().pointer(clause)) is not None:
            return found[1]
    return None


def _first(
    patterns: tuple[re.Pattern[str], ...], folded: str, original: str, *, taken: str | None = None
) -> str | None:
    """The first amount a pattern finds, other than the one already `taken` ("it's like 20%, we want 60%": the
    baseline is 20%, so the target is the 60% that follows)."""
    for pattern in patterns:
        for match in pattern.finditer(folded):
            amount = original[match.start("amount") : match.end("amount")].strip(EDGE)
            if taken is None or amount not in taken:
                return amount
    return None


def read_measures(text: str) -> list[ProseMeasure]:
    """The KPIs a prose answer describes, with the fields it states."""
    said = phrasings()
    found: list[ProseMeasure] = []
    for segment, goes_on in _segments(pointers().settle(text)):
        if any(lexicon().drop_after.match(fold(part.strip(EDGE))) for part in re.split(r"[,;]", segment)):
            continue  # taken back as it is said: "ah e poi il voto medio... no dai"
        name, reference = _name(segment)
        if not name:
            continue
        folded = fold(segment)  # same length as the segment for Latin text, so spans carry over
        if len(folded) != len(segment):
            folded = segment.lower()
        fields: dict[str, str] = {}
        for pattern in said.range_:
            match = pattern.search(folded)
            if match:
                fields["baseline"] = segment[match.start("start") : match.end("start")].strip(EDGE)
                fields["target"] = segment[match.start("end") : match.end("end")].strip(EDGE)
                break
        if "baseline" not in fields and (baseline := _first(said.baseline, folded, segment)):
            fields["baseline"] = baseline
        if "target" not in fields and (target := _first(said.target, folded, segment, taken=fields.get("baseline"))):
            fields["target"] = target
        for when in said.time_frame.finditer(folded):
            words = set(re.findall(r"\w+", when["when"]))
            if words & said.time_words or re.search(r"\d", when["when"]):
                fields["time_frame"] = clip(segment[when.start("when") : when.end("when")].strip(EDGE))
                break
        sources = [m for m in said.source.finditer(folded) if not PRONOUN_OR_FIGURE.match(m["source"])]
        if sources:  # the last one: "come from the case studies ..., numbers from HubSpot"
            source = sources[-1]
            fields["data_source"] = clip(segment[source.start("source") : source.end("source")].strip(EDGE))
        if owner := owner_in(segment):
            fields["owner"] = owner
        listed_with = found[-1].reference if goes_on and found else None  # "For the club: A, and B"
        found.append(ProseMeasure(name, segment, fields, reference or _pointed(segment) or listed_with))
    return found
