"""Deterministic reading of answers: lists from lines, bullets or semicolons; items from `a | b | c` lines.

Enumerated values (journey stage, engagement level, interaction mode, KPI kind) are recognised by the
vocabulary in any column and in either language, so the team need not remember the column order.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from assistant.config import KNOWLEDGE_DIR
from assistant.document import catalogue
from assistant.reading.initiatives import Phrasing, ProseInitiative, phrasing, read_initiatives
from assistant.reading.items import SELF, owner_in, purpose_in, read_items
from assistant.reading.lists import BULLET, clip, lemma_text, lexicon, sentences, split_answer, trim
from assistant.reading.meanings import meanings
from assistant.reading.measures import ProseMeasure, read_measures
from assistant.reading.pointers import point, pointers
from assistant.retrieval.text import fold, load_stopwords
from assistant.stages import ItemKind, Vocabulary

WORDS = re.compile(r"[\w][\w'-]*")


def split_list(text: str) -> list[str]:
    """Items from lines, bullets or semicolons, or read from prose ("honesty, craft and patience too")."""
    return split_answer(text)


def listed(text: str) -> bool:
    """Written as a list already: several lines or bullets, or entries separated by semicolons."""
    entries = [p for line in text.splitlines() for p in line.split(";") if p.strip(" .")]
    return len(entries) > 1


# Items that are one sentence each (an objective): a prose answer lists them. Items with several fields
# (a channel, a touchpoint, a KPI) spread one item over several clauses, so their prose stays one item a line.
PROSE_LISTED: frozenset[str] = frozenset({"brand_objective", "digital_objective"})
# Items named by where the brand meets people: in prose, each place named opens one (assistant.reading.items).
PROSE_NAMED: frozenset[str] = frozenset({"channel", "touchpoint"})
NUMBER = re.compile(r"\d")
INTERJECTION = re.compile(r"(?<![\w'])no(?=\s*[,.;:!])")


def split_items(text: str, kind: str | None = None) -> list[list[str]]:
    """One item per line, columns split at `|` or tabs; objectives written as prose are read as a list."""
    if kind in PROSE_LISTED and "|" not in text and "\t" not in text:
        if kind in catalogue.kinds() and catalogue.kinds()[kind].pointers:
            entries, starts = _sentence_entries(pointers().settle(text))
            return [[entry, reference] if reference else [entry] for entry, reference in point(entries, starts)]
        return [[item] for item in split_answer(text)]
    lines = [BULLET.sub("", line).strip() for line in text.splitlines() if line.strip()]
    if len(lines) == 1 and ";" in lines[0] and "|" not in lines[0]:
        lines = [p.strip() for p in lines[0].split(";") if p.strip()]
    rows = [[clip(c.strip(" .")) for c in re.split(r"\s*[|\t]\s*", line)] for line in lines if line.strip(" .|")]
    if kind in PROSE_LISTED and catalogue.kinds()[kind].pointers:  # a line in prose among `text | 2` lines:
        rows = [_pointed_row(row) if len(row) == 1 else row for row in rows]  # "and X, that's for 3 as well"
    return rows


def _sentence_entries(text: str) -> tuple[list[str], set[int]]:
    """A prose answer's entries, and which of them open a sentence: a pointer that opens a sentence ("For the
    adoption thing, videos people share, plus a press kit") is said for every entry of that sentence."""
    if len(text.strip().splitlines()) > 1 or ";" in text:
        return split_answer(text), set()
    entries: list[str] = []
    starts = set()
    for sentence in sentences(text.strip()):
        starts.add(len(entries))
        entries += [e for e in split_answer(sentence) if e not in entries]
    return entries, starts


def _pointed_row(row: list[str]) -> list[str]:
    """A one-column row as its entry and the objective it says it serves, when it says so."""
    (entry, reference), *_ = point([row[0]])
    return [trim(entry, lexicon()), reference] if reference else row


def follows_format(kind: str, text: str) -> bool:
    """Whether an answer already has the documented shape: several list entries, or `a | b` item columns.

    Such an answer is read as written, exactly and at once, even with a model configured; the model reads
    the answers written as people talk."""
    if kind == "list":
        return listed(text)
    if kind == "items":
        return "|" in text or "\t" in text
    return False


@dataclass
class Draft:
    """What one answer line says about an item: its fields so far, and a reference to resolve."""

    fields: dict[str, Any] = field(default_factory=dict)
    reference: str | None = None  # an objective or touchpoint, by number or by words
    mentions: str | None = None  # prose that may name an objective or touchpoint somewhere inside it
    guessed: list[str] = field(default_factory=list)  # fields read from what the words mean, not said: to confirm


def written_by(draft: Draft, author: str) -> Draft:
    """The draft with the writer's "I'll do it" as their name, or with no owner when the writer is not known."""
    if draft.fields.get("owner") == SELF:
        if author:
            draft.fields["owner"] = author
        else:
            del draft.fields["owner"]
    return draft


class Reader:
    """Recognises enumerated values and labels with the stage vocabulary."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        # the vocabulary names each enum as the models do: `kind` is a `KpiKind`, read from `kpi_kind`
        enums: dict[str, dict[str, list[str]]] = {
            f.name: getattr(vocabulary, catalogue.snake_case(f.enum.__name__))
            for f in catalogue.fields()
            if f.enum is not None
        }
        self._words = enums
        self._cues = {
            name: [
                (value, [(" ".join(WORDS.findall(fold(w))), lemma_text(fold(w))) for w in words])
                for value, words in values.items()
            ]
            for name, values in enums.items()
        }

    def enum(self, name: str, text: str, *, anywhere: bool = False) -> str | None:
        """The enum value `text` names: the whole column, or (with `anywhere`) words inside a sentence.

        Inside a sentence the words are also compared as lemmas ("tornano" meets "tornare"), and the
        longest phrase found wins: "before they book" says consideration, though "book" says purchase. On
        the engagement ladder the highest rung named wins: members who "help each other and vote on
        features" co-create, whatever else they do.
        """
        folded = fold(text).strip()
        for value, cues in self._cues[name]:
            if any(folded == cue for cue, _ in cues):
                return value
        if not anywhere:
            return None
        best, best_size = None, 0
        for rung, value, cue in self._spoken(name, folded):
            size = rung * 1000 if name == "engagement_level" else len(cue)
            if size >= best_size:
                best, best_size = value, size
        return best

    def said(self, name: str, text: str) -> list[str]:
        """Every value of the enum `name` whose words the text says, not denied, in the vocabulary's order:
        "members vote on the seasonal loaf" says co-creation."""
        return list(dict.fromkeys(value for _, value, _ in self._spoken(name, fold(text).strip())))

    def values(self, name: str) -> list[str]:
        """The values of the enum `name` that the vocabulary has words for."""
        return list(self._words[name])

    def words(self, name: str, value: str) -> list[str]:
        """The vocabulary's words for one value, in both languages: its name and the everyday phrases."""
        return self._words[name][value]

    def _spoken(self, name: str, folded: str) -> Iterator[tuple[int, str, str]]:
        """The rung, value and cue of each cue the folded text says, whole words or lemmas, not denied."""
        folded = INTERJECTION.sub(" ", folded)  # "hmm no, dialogue": a "no" before a pause denies nothing after it
        lemmas = f" {lemma_text(folded)} "
        padded = f" {' '.join(WORDS.findall(folded))} "
        for rung, (value, cues) in enumerate(self._cues[name]):
            for cue, cue_lemmas in cues:
                if self._said(cue, padded) or self._said(cue_lemmas, lemmas):
                    yield rung, value, cue

    def _said(self, cue: str, padded: str) -> bool:
        """Whether the cue is in the text and its last mention is not denied: "not how many, what they say" does not
        count, and neither does "…, enabling. hmm no, dialogue not enabling", where the writer takes it back."""
        start, said = padded.find(f" {cue} "), False
        while start >= 0:
            before = padded[:start].split()[-2:]
            if before[-1:] and before[-1] in self.vocabulary.articles:
                before = before[:-1]
            said = not (before[-1:] and before[-1] in self.vocabulary.negations)
            start = padded.find(f" {cue} ", start + 1)
        return said

    def label(self, column: str, names: set[str] | None = None) -> tuple[str, str] | None:
        """`target: 10 a month` -> (`target`, `10 a month`); with `names`, only a label of one of those fields
        (an initiative's `deadline:` is its due date, a KPI's its time frame)."""
        if ":" not in column:
            return None
        key, _, value = column.partition(":")
        folded = fold(key).strip()
        for name, words in self.vocabulary.field_labels.items():
            if (names is None or name in names) and folded in (fold(w) for w in words):
                return name, value.strip()
        return None

    def item(self, kind: ItemKind, columns: list[str], *, author: str = "") -> Draft:
        """A draft item from the columns of one line; the first column is its name. An owner who is the writer
        ("me (Ollie)", "I'll do it") is `author`, or none when the writer is not known."""
        return written_by(self._item(kind, columns), author)

    def _item(self, kind: ItemKind, columns: list[str]) -> Draft:
        spec = catalogue.kinds()[kind]
        draft = Draft()
        name, *rest = columns
        draft.fields[spec.title] = name
        if len(columns) == 1 and kind == "initiative" and len(read := read_initiatives(name, self._initiatives())) == 1:
            return self._initiative(read[0])  # "website with live stock - me (Ollie), before summer, effort high"
        if len(columns) == 1 and kind == "initiative":  # effort and impact by their nouns: "a big effort"
            draft.fields.update(self.levels(name))
            return draft
        if len(columns) == 1:  # a sentence without columns: look for enum words inside it
            if kind == "digital_objective":
                draft.mentions = name  # "... for the direct sales one" may name its brand objective
            for enum_name in spec.choices:
                if (
                    value := self.enum(enum_name, name, anywhere=True) or meanings().meant(kind, enum_name, name)
                ) is not None:
                    draft.fields[enum_name] = value
            return draft
        self.fill(kind, draft, rest, spec.free_columns)
        return draft

    def prose(self, kind: ItemKind, text: str, *, guess: bool = True, author: str = "") -> list[Draft]:
        """Drafts for the places (or measures) a prose answer names, with what it says about each; [] if none.
        With `guess`, a value no word says may be read from what the remarks mean (`meanings`); an owner who is
        the writer is `author`."""
        return [written_by(draft, author) for draft in self._prose(kind, text, guess=guess)]

    def _prose(self, kind: ItemKind, text: str, *, guess: bool) -> list[Draft]:
        if "|" in text or "\t" in text:
            return []
        if kind == "kpi":
            return [self._measure(found, guess=guess) for found in read_measures(text)]
        if kind == "initiative":
            return [self._initiative(found, guess=guess) for found in read_initiatives(text, self._initiatives())]
        if kind not in PROSE_NAMED:
            return []
        spec = catalogue.kinds()[kind]
        drafts = []
        for found in read_items(text):
            draft = Draft(fields={spec.title: found.name})
            for enum_name in spec.choices:
                if (value := self.enum(enum_name, found.description, anywhere=True)) is not None:
                    draft.fields[enum_name] = value
            self._imply(draft.fields)
            for enum_name in spec.choices if guess else ():  # where no word says it, what the remarks mean may
                if enum_name not in draft.fields and (value := meanings().meant(kind, enum_name, found.description)):
                    draft.fields[enum_name] = value
                    draft.guessed.append(enum_name)
            if "owner" in spec.free_columns and (owner := owner_in(found.description)):
                draft.fields["owner"] = owner
            if "purpose_expression" in spec.free_columns and (expression := purpose_in(found.description)):
                draft.fields["purpose_expression"] = expression
            if kind == "channel":
                role = found.said or (found.later[0] if found.later else "")
                offer = [remark for remark in found.later if remark != role]
                draft.fields["role"] = role
                draft.fields["value_proposition"] = clip("; ".join(offer), 4000)
            drafts.append(draft)
        return drafts

    def ground(self, kind: ItemKind, draft: Draft, text: str, *, alone: bool) -> None:
        """Where the team's own words name a journey stage, level, mode or kind, they win over a model's guess:
        the words the prose reader finds about the draft's item (or, for the only item, in the whole answer)."""
        spec = catalogue.kinds()[kind]
        name = str(draft.fields.get(spec.title, ""))
        read = self.prose(kind, text, guess=False)  # a guess from meaning is no more the team's words than the model's
        said = next((d.fields for d in read if resolve(name, [("x", str(d.fields.get(spec.title, "")))])), None)
        if said is None and alone:
            said = {e: v for e in spec.choices if (v := self.enum(e, text, anywhere=True)) is not None}
        for enum_name in spec.choices:
            if said and said.get(enum_name) is not None:
                draft.fields[enum_name] = said[enum_name]

    def _imply(self, fields: dict[str, Any]) -> None:
        """Values that others say when they are not said themselves (the vocabulary's `implied`)."""
        for rule in self.vocabulary.implied:
            if all(fields.get(name) == value for name, value in rule["when"].items()):
                for name, value in rule["then"].items():
                    fields.setdefault(name, value)

    def levels(self, text: str) -> dict[str, str]:
        """An initiative's effort and impact where the text says them by their nouns ("a big effort")."""
        return self._initiatives().said_levels(text)

    def _initiatives(self) -> Phrasing:
        """The initiative phrasings, with this vocabulary's level words and effort and impact labels."""
        labels = self.vocabulary.field_labels
        return phrasing(
            tuple((value, tuple(words)) for value, words in self.vocabulary.level.items()),
            tuple((name, tuple(labels.get(name, []))) for name in ("effort", "impact")),
        )

    def _initiative(self, found: ProseInitiative, *, guess: bool = True) -> Draft:
        """An initiative draft: its stated fields; effort and impact not said by their nouns may be meant."""
        draft = Draft(fields={"name": found.name, **found.fields})
        for name in ("effort", "impact") if guess and found.remarks else ():
            if name not in draft.fields and (value := meanings().meant("initiative", name, "; ".join(found.remarks))):
                draft.fields[name] = value
                draft.guessed.append(name)
        return draft

    def _measure(self, found: ProseMeasure, *, guess: bool = True) -> Draft:
        """A KPI draft: its stated fields, its kind from the words used (or from figures), what it may measure."""
        draft = Draft(fields={"name": found.name, **found.fields}, reference=found.reference, mentions=found.text)
        kind = self.enum("kind", found.text, anywhere=True)
        if kind is None and NUMBER.search(found.fields.get("target", "") + found.fields.get("baseline", "")):
            kind = "quantitative"
        if kind is None and guess and (kind := meanings().meant("kpi", "kind", found.text)) is not None:
            draft.guessed.append("kind")
        if kind is not None:
            draft.fields["kind"] = kind
        if (level := self.enum("engagement_level", found.text, anywhere=True)) is not None:
            draft.fields["engagement_level"] = level
        return draft

    def fill(self, kind: ItemKind, draft: Draft, columns: list[str], free_order: tuple[str, ...]) -> None:
        """Assign columns to fields: labels first, then enum values, then references, then free text in order."""
        spec = catalogue.kinds()[kind]
        free = list(free_order)
        for column in columns:
            if not column:
                continue
            if (labelled := self.label(column, {f.name for f in spec.fields})) is not None:
                draft.fields[labelled[0]] = labelled[1]
                if labelled[0] in free:
                    free.remove(labelled[0])
                continue
            # fields of one enum (an initiative's effort and impact) take its values in the order given
            said = [e for e in spec.choices if self.enum(e, column) is not None]
            enum_name = next((e for e in said if e not in draft.fields), said[0] if said else None)
            if enum_name is not None and enum_name not in draft.fields:
                draft.fields[enum_name] = self.enum(enum_name, column)
                continue
            if spec.pointers and draft.reference is None and _is_reference(column, free):
                draft.reference = column
                continue
            while free and free[0] in draft.fields:
                free.pop(0)
            if free:
                draft.fields[free.pop(0)] = column


def _is_reference(column: str, free: list[str]) -> bool:
    """A bare number (`2`, `#2`, `n. 2`) refers to a listed objective; words refer only when no free field waits."""
    return bool(re.fullmatch(r"(?:#|n\.?\s*|no\.?\s*)?\d{1,3}", column.strip(), re.IGNORECASE)) or not free


def _content(text: str) -> set[str]:
    """The longer words of a text as lemmas, so "lezioni di prova" meets "lezione di prova"."""
    return {w for w in lemma_text(fold(text).replace("'", " ")).split() if len(w) > 2}


def named_in(text: str, names: list[str]) -> int | None:
    """Which of `names` the text names by its words ("the booking page is mine" names "a new online booking
    page", "the open rate is mine" names "newsletter open rate from 25% to 40%"): the one sharing the most content
    words with it, at least half of its own or two; None when none does, or two do equally."""
    said = _meaningful(text)
    scores = []
    for name in names:
        words = _meaningful(name)
        shared = len(said & words)
        scores.append((shared, shared / len(words)) if words and (shared >= 2 or 2 * shared >= len(words)) else None)
    best = max((s for s in scores if s is not None), default=None)
    return scores.index(best) if best is not None and scores.count(best) == 1 else None


def _meaningful(text: str) -> set[str]:
    """The text's content words as lemmas, stopwords left out before and after ("una" is a stopword, "uno" too)."""
    stop = _stopwords()
    kept = " ".join(w for w in WORDS.findall(fold(text).replace("'", " ")) if w not in stop)
    return {w for w in lemma_text(kept).split() if len(w) > 2 and w not in stop}


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(
        w for words in load_stopwords(KNOWLEDGE_DIR / "language" / "stopwords.yaml").values() for w in words
    )


def resolve(reference: str, options: list[tuple[str, str]]) -> str | None:
    """The id of the option a reference names: its 1-based number, or most of its words.

    Among options that hold most of the reference's words, the closest in length wins, so `Shop counter`
    finds the touchpoint "Shop counter" rather than "The shop counter is the big one".
    """
    match = re.search(r"\d{1,3}", reference)
    if match and re.fullmatch(r"(?:#|n\.?\s*|no\.?\s*)?\d{1,3}", reference.strip(), re.IGNORECASE):
        index = int(match.group()) - 1
        return options[index][0] if 0 <= index < len(options) else None
    wanted = _content(reference) or set(fold(reference).split())
    best, best_score = None, (0.0, 0.0)
    for option_id, text in options:
        words = _content(text) or set(fold(text).split())
        shared = len(wanted & words)
        score = (shared / max(1, len(wanted)), shared / max(1, len(wanted | words)))
        if score > best_score:
            best, best_score = option_id, score
    return best if best_score[0] >= 0.5 else None


def mentioned(clause: str, options: list[tuple[str, str]]) -> str | None:
    """The option whose name a remark mentions ("at the counter we ..." names "Shop counter"), if any."""
    said = _content(clause)
    best, best_score = None, (0.0, 0.0)
    for option_id, name in options:
        words = _content(name)
        if not words:
            continue
        shared = len(said & words)
        score = (shared / len(words), float(shared))
        if score > best_score:
            best, best_score = option_id, score
    return best if best_score[0] >= 0.5 else None
