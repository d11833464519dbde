"""Framework answers composed without a model: two to four sentences of the best cards, picked and ordered for
the question, each cited; then one or two sentences of the team's own documents when they bear on it.

Every sentence is quoted whole from its passage, so nothing is invented. A sentence's score is its embedding's
similarity to the question's, plus the share of the question's content words it has, plus small preferences
(a card's explanation over its example, the better-ranked card, a sentence that stands alone). The weights and
thresholds were chosen on `evals/answers/dev.yaml` (`python -m evals.answers.tune`); the README has the figures.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.document import Language
from assistant.document.labels import known
from assistant.engine.replies import plain
from assistant.engine.turn import Turn
from assistant.retrieval.cards import Card
from assistant.retrieval.hits import Hit
from assistant.retrieval.matching import Match, Matcher

CARDS_READ = 3  # the best cards of the search, whose sentences compete
DOCUMENTS_READ = 3  # the best passages of the team's documents
# A full stop ends a sentence, but not after an initial ("George T. Doran").
SENTENCE = re.compile(r"(?<![\s(][A-Z]\.)(?:(?<=[.!?])|(?<=[.!?][\"”»)]))\s+")
WORDS = (6, 80)  # shorter says too little alone ("He lists what it takes."); longer is a paragraph
# A card's explanation defines, its coaching advises, its example shows one case. The coaching's first sentence
# is left out: it names a weakness ("Your co-creation is really a survey") the team's plan may not have.
SECTIONS = {"intro": 0.05, "coach": 0.0, "example": -0.05}
PICKED = (2, 4)
DOCUMENT_SENTENCES = 2


@dataclass(frozen=True)
class Weights:
    """How sentences are scored and when they are good enough. Chosen with the MiniLM model on the 55 questions of
    dev and dev2 (`python -m evals.answers.tune`, the Italian weights searched, the English kept): 24 settings tie
    with no answerable question lost (a right card's sentence first for 36 of 41, "nothing answers" said right
    for 55 of 55); these are among them, and `shared` is the best of the documents line's grid but for turning
    the team's route off (`team` 9), which it rates one question better."""

    # what the share of the question's content words in a sentence adds to its similarity: on dev, nothing
    coverage: float = 0.0
    # taken off per place of the card in the search: the first card's sentences win a near tie. The English-only
    # MiniLM finds Italian sentences alike with less reason than the search ranks their cards, so in Italian the
    # search's order counts for more.
    rank: dict[Language, float] = field(default_factory=lambda: {"en": 0.06, "it": 0.2})
    leaning: float = 0.1  # taken off a sentence that points back to the one before it ("This means…")
    not_prose: float = 0.1  # taken off a line without a full stop (a list item, a label)
    # The best sentence's score below which nothing answers the question; the English-only MiniLM finds Italian
    # sentences alike with less reason, so Italian needs more.
    good: dict[Language, float] = field(default_factory=lambda: {"en": 0.2, "it": 0.4})
    # and the similarity the best sentence must have whatever its preferences add
    floor: float = 0.25
    # The share of the question's content words that the first card (its sentences together, or one of its everyday
    # questions) must say. MiniLM finds an Italian question off the subject ("Come si cura il raffreddore?") as near
    # a card as one on it, so in Italian the words decide: on dev, 0.34 to 0.5 tie (a third of the words is too
    # few, half is enough).
    overlap: dict[Language, float] = field(default_factory=lambda: {"en": 0.0, "it": 0.4})
    spread: float = 0.2  # a sentence this far below the best is left out once two are picked
    # A document's sentence bears on the question when it shares a content word with it and its similarity is at
    # least `shared` times the best card sentence's, or when the question is about the team's own business
    # (`Matcher.about_team`) and the ratio is at least `team`. A lower `team`
    # lets in as many wrong files as right ones (MiniLM scores a bakery's notes, comments and Instagram plan alike
    # against "what does co-creation mean for a bakery?"); counting the words a sentence shares with the best card
    # instead did not help either.
    shared: float = 0.8
    team: float = 0.9
    # A sentence that says a concept the question names in everyday words ("members vote on the seasonal loaf"
    # for co-creation) bears on it when its similarity is at least `concept` times the best card sentence's:
    # MiniLM scores such a sentence low, as it shares no word with the question. On dev 0.0 to 0.4 tie.
    concept: float = 0.2


WEIGHTS = Weights()


@dataclass(frozen=True)
class Sentence:
    text: str
    source: Card | Hit
    place: tuple[int, int, int]  # section, line, sentence: one source's sentences are read in their own order
    prior: float  # its section's preference
    rank: int  # its card's place in the search
    language: Language  # the question's
    prose: bool  # ends with a full stop
    leans: bool  # opens by pointing back


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    match: Match
    concept: bool = False  # it says, in any words, a framework concept that the question names

    def score(self, weights: Weights) -> float:
        s = self.sentence
        penalty = (0 if s.prose else weights.not_prose) + (weights.leaning if s.leans else 0)
        penalty += weights.rank[s.language] * s.rank
        return self.match.dense + weights.coverage * self.match.coverage + s.prior - penalty


@dataclass(frozen=True)
class Gathered:
    """The candidate sentences of one question, matched against it: what the weights decide on."""

    language: Language
    cards: list[Scored]
    documents: list[Scored]
    about_team: bool
    matcher: Matcher
    team_words: frozenset[str] = frozenset()  # the stems of the team's names: sharing one is not the subject
    words: frozenset[str] = frozenset()  # the question's content stems
    # by card id: the largest share of the question's content words in one of the card's own `## Questions`
    asked: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Composition:
    answer: list[Scored]  # the framework sentences, in reading order; empty when no passage is good
    documents: list[Scored]  # the team's sentences that bear on the question, best first


def compose(turn: Turn, question: str, weights: Weights = WEIGHTS) -> Composition:
    """The sentences that answer `question` from the best cards, and those of the team's documents."""
    return decide(gather(turn, question), weights)


def gather(turn: Turn, question: str) -> Gathered:
    """The sentences of the best cards and of the team's best passages, each matched against the question."""
    knowledge, language, matcher = turn.parts.knowledge, turn.language, turn.parts.knowledge.matcher
    workspace = turn.session.workspace_id
    cards = _cards(turn, knowledge.search(question, workspace_id=workspace, top=CARDS_READ * 2))
    hits = knowledge.search(question, workspace_id=workspace, top=DOCUMENTS_READ, cards=False)
    concepts = _concepts(turn, question)
    if concepts:  # the team's notes say it in their own words: the concept's everyday words are searched too
        everyday = " ".join(w for field, value in concepts for w in turn.parts.reader.words(field, value))
        found = knowledge.search(everyday, workspace_id=workspace, top=DOCUMENTS_READ, mode="bm25", cards=False)
        hits += [hit for hit in found if all(hit.id != h.id for h in hits)]
    candidates = [s for rank, card in enumerate(cards) for s in _card_sentences(card, rank, matcher, language)]
    candidates += [s for hit in hits for s in _sentences(hit.text, hit, matcher, language)]
    matches = matcher.match(question, [s.text for s in candidates], language)
    scored = [
        Scored(s, m, isinstance(s.source, Hit) and _says(turn, s.text, concepts))
        for s, m in zip(candidates, matches, strict=True)
    ]
    return Gathered(
        language=language,
        cards=[s for s in scored if isinstance(s.sentence.source, Card)],
        documents=[s for s in scored if isinstance(s.sentence.source, Hit)],
        about_team=matcher.about_team(question, language, _team_names(turn)),
        matcher=matcher,
        team_words=frozenset(w for name in _team_names(turn) if name for w in matcher.content(name, language)),
        words=matcher.content(question, language),
        asked=_asked(matcher, question, cards, language),
    )


def _asked(matcher: Matcher, question: str, cards: list[Card], language: Language) -> dict[str, float]:
    """How much of the question one of each card's everyday questions says in its words: a question a card lists
    is on its subject even when none of its sentences uses the same words."""
    words = matcher.content(question, language)
    if not words:
        return {}
    return {
        card.id: max((len(words & matcher.content(q, language)) / len(words) for q in card.questions), default=0.0)
        for card in cards
    }


def _said(gathered: Gathered, card: Card | Hit) -> float:
    """The share of the question's content words that the card says, in its everyday questions or across its
    sentences: a card that the model finds near but that says none of the question's words is on another subject
    ("Come si cura il raffreddore?" is not about relationships, whatever a card's sentence about them scores)."""
    said = frozenset[str]().union(*(s.match.shared for s in gathered.cards if s.sentence.source is card))
    whole = len(said) / len(gathered.words) if gathered.words else 0.0
    return max(gathered.asked.get(card.id, 0.0) if isinstance(card, Card) else 0.0, whole)


def decide(gathered: Gathered, weights: Weights) -> Composition:
    """Two to four framework sentences, when the best is good enough, and the documents' that bear on it."""
    ranked = sorted(gathered.cards, key=lambda s: -s.score(weights))
    if (
        not ranked
        or ranked[0].score(weights) < weights.good[gathered.language]
        or max(s.match.dense for s in ranked) < weights.floor
        or _said(gathered, ranked[0].sentence.source) < weights.overlap[gathered.language]
    ):
        return Composition([], [])
    low, high = PICKED
    picked: list[Scored] = []
    for scored in _distinct(ranked, gathered):
        if len(picked) >= low and scored.score(weights) < ranked[0].score(weights) - weights.spread:
            break
        picked.append(scored)
        if len(picked) == high:
            break
    best = max(s.match.dense for s in picked)
    relevant = [s for s in gathered.documents if _bears_on(s, best, gathered, weights)]
    documents = _distinct(sorted(relevant, key=lambda s: -s.score(weights)), gathered)[:DOCUMENT_SENTENCES]
    return Composition(_reading_order(picked), documents)


def _concepts(turn: Turn, question: str) -> list[tuple[str, str]]:
    """The framework concepts the question names, by their name in either language ("co-creation",
    "co-creazione"), as (field, value): those of `Matcher.concepts`, which the vocabulary has everyday words for."""
    reader, matcher = turn.parts.reader, turn.parts.knowledge.matcher
    return [
        (field, value)
        for field in matcher.concepts
        for value in reader.values(field)
        if any(matcher.names(question, name) for lang in ("en", "it") if (name := known("values", value, lang)))
    ]


def _says(turn: Turn, sentence: str, concepts: list[tuple[str, str]]) -> bool:
    """Whether the sentence says one of the concepts in the vocabulary's words ("vote on", "decidono con")."""
    return any(value in turn.parts.reader.said(field, sentence) for field, value in concepts)


def _cards(turn: Turn, hits: list[Hit]) -> list[Card]:
    """The best cards of the search, in the session's language (a card's id is the same in both)."""
    found = (turn.parts.knowledge.card(hit.citation.card_id, turn.language) for hit in hits if hit.citation.card_id)
    return [card for card in found if card is not None][:CARDS_READ]


def _card_sentences(card: Card, rank: int, matcher: Matcher, language: Language) -> Iterator[Sentence]:
    for number, (section, prior) in enumerate(SECTIONS.items()):
        found = _sentences(getattr(card, section), card, matcher, language, section=number, prior=prior, rank=rank)
        yield from (s for s in found if (section, s.place[1:]) != ("coach", (0, 0)))


def _sentences(
    text: str,
    source: Card | Hit,
    matcher: Matcher,
    language: Language,
    *,
    section: int = 0,
    prior: float = 0.0,
    rank: int = 0,
) -> Iterator[Sentence]:
    """The sentences of a passage that could stand in an answer: no headings, no questions, no fragments."""
    for number, line in enumerate(text.splitlines()):
        line = line.strip().lstrip("-*• ").strip()
        if not line or line.startswith("#"):
            continue
        for place, part in enumerate(SENTENCE.split(line)):
            sentence = part.strip()
            if (
                sentence.endswith("?")
                or not WORDS[0] <= len(sentence.split()) <= WORDS[1]
                or sentence.count('"') % 2
                or sentence.count("“") != sentence.count("”")
            ):
                continue  # a question, a scrap, or a piece of a quotation
            yield Sentence(
                text=sentence,
                source=source,
                place=(section, number, place),
                prior=prior,
                rank=rank,
                language=language,
                prose=sentence.rstrip('"”»)').endswith((".", "!")),
                leans=matcher.leans(sentence, language),
            )


def _distinct(ranked: list[Scored], gathered: Gathered) -> list[Scored]:
    kept: list[Scored] = []
    for scored in ranked:
        text = scored.sentence.text
        if not any(gathered.matcher.repeats(text, k.sentence.text, gathered.language) for k in kept):
            kept.append(scored)
    return kept


def _reading_order(picked: list[Scored]) -> list[Scored]:
    """Sources in the order of their best sentence; one source's sentences in the order it has them."""
    sources: list[Card | Hit] = []
    for scored in picked:
        if not any(scored.sentence.source is s for s in sources):
            sources.append(scored.sentence.source)
    return [
        s
        for source in sources
        for s in sorted((p for p in picked if p.sentence.source is source), key=lambda p: p.sentence.place)
    ]


def _bears_on(scored: Scored, best: float, gathered: Gathered, weights: Weights) -> bool:
    """Whether a sentence of the team's documents is worth showing beside the framework's answer. A word it
    shares with the question only because both name the team's trade ("the bakery opens at seven") is not one."""
    if best <= 0:
        return False
    ratio = scored.match.dense / best
    return (
        (bool(scored.match.shared - gathered.team_words) and ratio >= weights.shared)
        or (gathered.about_team and ratio >= weights.team)
        or (scored.concept and ratio >= weights.concept)
    )


def _team_names(turn: Turn) -> list[str]:
    """The names by which a question can speak of the team's business: brand, trade, touchpoints, channels."""
    document = turn.document
    return [
        turn.brand,
        document.brand.industry,
        document.brand.category,
        *(t.name for t in document.touchpoints),
        *(t.channel for t in document.touchpoints),
        *(c.name for c in document.digital.channels),
    ]


def cited(turn: Turn, picked: list[Scored]) -> str:
    """The sentences as reply text, each followed by the number of its source; a source's passage is what it
    gave to the answer."""
    numbers: dict[int, int] = {}
    for scored in picked:
        source = scored.sentence.source
        if id(source) in numbers:
            continue
        own = sorted((p for p in picked if p.sentence.source is source), key=lambda p: p.sentence.place)
        passage = " … ".join(p.sentence.text for p in own)
        if isinstance(source, Card):
            numbers[id(source)] = turn.compose.cite_card(source, passage)
        else:
            numbers[id(source)] = turn.compose.cite_hit(source, passage)
    return " ".join(f"{plain(s.sentence.text)} [{numbers[id(s.sentence.source)]}]" for s in picked)
