"""Hybrid search over framework cards and a workspace's documents: BM25 and dense, fused by rank.

The cards' BM25 is in memory (a few dozen per language); the documents' is the store's full-text index, kept
up to date as documents change, so nothing is rebuilt when the app starts or a document changes."""

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings
from rank_bm25 import BM25Okapi

from assistant.document import Language
from assistant.retrieval.cards import Card
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.hits import Citation, Hit
from assistant.retrieval.text import Analyzer, words
from assistant.retrieval.vectors import VectorIndex, card_key, entry_of, workspace_collection
from assistant.store.repository import Chunk, Store

Mode = Literal["hybrid", "dense", "bm25"]
LANGUAGES: tuple[Language, ...] = ("en", "it")
RRF_K = 60.0  # the constant of Cormack et al.'s reciprocal rank fusion; each embedding model may set its own
POOL = 50  # how deep each ranking goes before fusion
# Each embedding model says how far its dense ranking is trusted per language (`EmbeddingModel.dense_weight`,
# chosen on the dev questions); BM25 gets the rest of FUSED_WEIGHT, so passages of either language can win.
FUSED_WEIGHT = 2.0
WORKERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="search")  # two tasks per search


def dense_weight(weights: dict[Language, float], question: Language, passages: Language) -> float:
    """How far the dense ranking of `passages` for a `question` is trusted; BM25 gets the rest."""
    return min(weights[question], weights[passages])


@dataclass(frozen=True)
class Candidate:
    """A searchable passage: its indexed text and the hit it becomes."""

    key: str
    text: str
    hit: Hit
    stage: str | None  # cards only; documents have no stage


def card_candidate(card: Card) -> Candidate:
    citation = Citation(kind="card", title=card.title, card_id=card.id, attribution=card.attribution)
    hit = Hit(id=card_key(card), score=0.0, text=card.intro, language=card.language, citation=citation)
    return Candidate(card_key(card), card.text, hit, card.stage)


def questions_candidate(card: Card) -> Candidate:
    """A card's everyday questions, under its title (the name people ask by), as one passage that ranks the card;
    its hit is the card's own, so the questions are searched but never shown."""
    plain = card_candidate(card)
    return Candidate(plain.key, "\n".join([card.title, *card.questions]), plain.hit, card.stage)


def _twin(key: str, language: Language) -> str:
    """The key of the same card in `language` (`en:smart-objectives` -> `it:smart-objectives`)."""
    return f"{language}:{key.split(':', 1)[1]}"


def chunk_candidate(chunk: Chunk) -> Candidate:
    citation = Citation(
        kind="document", title=chunk.filename, file=chunk.filename, page=chunk.page, heading=chunk.heading
    )
    hit = Hit(id=chunk.id, score=0.0, text=chunk.text, language=chunk.language, citation=citation)
    return Candidate(chunk.id, chunk.indexed_text, hit, None)


class Bm25Ranking:
    """BM25 over one language's cards, stemmed with that language's stemmer.

    Scores are rank-bm25's Okapi BM25, summed from each term's scores over the cards, worked out once at start:
    rank-bm25 would walk every card's term counts in Python for each term of each query. A search scores the same
    query more than once (the questions' rankings of either language), so the last queries' scores are kept."""

    def __init__(self, candidates: list[Candidate], language: Language, analyzer: Analyzer):
        self.keys = [c.key for c in candidates]
        corpus = [analyzer.terms(c.text, language) for c in candidates]
        self.by_term: dict[str, np.ndarray] = {}
        if corpus:
            bm25 = BM25Okapi(corpus)
            length = bm25.k1 * (1 - bm25.b + bm25.b * np.array(bm25.doc_len) / bm25.avgdl)
            for term in bm25.idf:
                counts = np.array([doc.get(term) or 0 for doc in bm25.doc_freqs])
                self.by_term[term] = (bm25.idf[term] or 0) * (counts * (bm25.k1 + 1) / (counts + length))
        self._scores = lru_cache(maxsize=64)(self._score)

    def _score(self, terms: tuple[str, ...]) -> np.ndarray:
        scores = np.zeros(len(self.keys))
        for term in terms:
            if term in self.by_term:
                scores += self.by_term[term]
        return scores

    def rank(self, terms: list[str], allowed: set[str]) -> list[tuple[str, float]]:
        """The allowed cards holding any of the query's `terms` (stemmed in this ranking's language), best first."""
        if not self.by_term or not terms:
            return []
        scores = self._scores(tuple(terms))
        ranked = sorted(
            ((self.keys[n], float(scores[n])) for n in np.flatnonzero(scores > 0) if self.keys[n] in allowed),
            key=lambda pair: -pair[1],
        )
        return ranked[:POOL]


def fuse(rankings: Iterable[tuple[float, list[tuple[str, float]]]], k: float = RRF_K) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion: each list adds weight/(k + rank) to the passages it ranks; the smaller
    `k`, the more a list's first places count against a passage ranked middling everywhere."""
    scores: dict[str, float] = {}
    for weight, ranking in rankings:
        for rank, (key, _) in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


class Retriever:
    """Searches cards and, given a workspace, that workspace's documents (and no other's)."""

    def __init__(
        self,
        *,
        cards: list[Card],
        analyzer: Analyzer,
        glossary: Glossary,
        index: VectorIndex,
        embeddings: Embeddings,
        store: Store,
        dense_weight: dict[Language, float],
        question_weight: float = 0.0,
        glossary_in_query: bool = True,
        twin_weight: float = 0.0,
        translated_weight: float = 1.0,
        rrf_k: float = RRF_K,
    ):
        self.dense_weights = dense_weight
        self.rrf_k = rrf_k
        self.question_weight = question_weight
        self.twin_weight = twin_weight
        self.translated_weight = translated_weight
        self.glossary_in_query = glossary_in_query
        self.analyzer = analyzer
        self.glossary = glossary
        self.index = index
        self.embeddings = embeddings
        self.store = store
        self.cards = {c.key: c for c in map(card_candidate, cards)}
        self.bm25 = {
            lang: Bm25Ranking([c for c in self.cards.values() if c.hit.language == lang], lang, analyzer)
            for lang in LANGUAGES
        }
        asked = [questions_candidate(card) for card in cards if card.questions]
        self.bm25_questions = {
            lang: Bm25Ranking([c for c in asked if c.hit.language == lang], lang, analyzer) for lang in LANGUAGES
        }

    def search(
        self,
        query: str,
        *,
        workspace_id: str | None = None,
        stage: str | None = None,
        language: Language | None = None,
        top: int = 5,
        mode: Mode = "hybrid",
        cards: bool = True,
    ) -> list[Hit]:
        """The best `top` passages for `query`, each with its citation; cards appear once per id.

        `cards=False` searches the workspace's own documents only."""
        query = " ".join(query.split())
        if not words(query) or top < 1 or not (cards or workspace_id):
            return []
        languages = (language,) if language else LANGUAGES
        source = self.analyzer.detect(query)
        # the glossary's terms for the question in each language, and the question with them as index terms
        translated = {lang: self.glossary.translate(query, source, lang) for lang in LANGUAGES}
        terms = {lang: self.analyzer.terms(" ".join([query, *translated[lang]]), lang) for lang in LANGUAGES}
        pool = {
            key: c
            for key, c in self.cards.items()
            if cards and c.hit.language in languages and (stage is None or c.stage == stage)
        }
        dense: list[tuple[str, float]] = []
        asked: list[tuple[str, float]] = []  # cards by the nearest of their everyday questions
        twins_near: list[tuple[str, float]] = []  # the cards' twins in the question's language, nearest first
        # The question's embedding and the vector queries, and the documents' full-text search in each language,
        # run side by side while the cards' BM25 ranks: the model, Chroma and the database each let go of the
        # interpreter while they work.
        nearby = (
            WORKERS.submit(self._dense, query, source, translated, languages, set(pool), stage, workspace_id)
            if mode in ("hybrid", "dense")
            else None
        )
        # both languages' full-text searches in one task, one after the other: SQLite's queries side by side in
        # one process took longer than in turn (15.8 against 12.3 ms at p50 at 100k passages)
        passages: Future[dict[Language, list[tuple[str, float]]]] | None = None
        if workspace_id and mode in ("hybrid", "bm25"):
            passages = WORKERS.submit(self._full_text, workspace_id, terms, languages)
        lexical: dict[Language, list[list[tuple[str, float]]]] = {lang: [] for lang in languages}
        asked_lexical: dict[Language, list[tuple[Language, list[tuple[str, float]]]]] = {lang: [] for lang in languages}
        if mode in ("hybrid", "bm25"):
            for lang in languages:
                lexical[lang].append(self.bm25[lang].rank(terms[lang], set(pool)))
                for asked_in in LANGUAGES:  # a card's questions in either language rank it
                    twins = {_twin(key, asked_in) for key in pool if key.startswith(f"{lang}:")}
                    ranking = self.bm25_questions[asked_in].rank(terms[asked_in], twins)
                    asked_lexical[lang].append((asked_in, [(_twin(key, lang), score) for key, score in ranking]))
            if passages is not None:
                for lang, ranking in passages.result().items():
                    lexical[lang].append(ranking)
        found_in: dict[str, str] = {}  # the workspace's passages the dense search found, and their language
        if nearby is not None:
            dense, asked, twins_near, found_in = nearby.result()
        # Each passage's language, from the ranking that found it: the passages themselves are read only for the
        # hits returned (`_distinct`), not for the hundred or more that the rankings hold.
        language_of: dict[str, str] = {key: c.hit.language for key, c in pool.items()}
        language_of.update(found_in)
        if passages is not None:
            language_of.update((key, lang) for lang, ranking in passages.result().items() for key, _ in ranking)
        dense = [pair for pair in dense if pair[0] in language_of]

        rankings: list[tuple[float, list[tuple[str, float]]]] = []
        # A card's questions, fused as a field of their own. Their weights follow the language the questions are
        # written in, not the card's, so both language versions of a card gain alike from them.
        asking: list[tuple[float, list[tuple[str, float]]]] = []
        asked_weight: dict[str, float] = dict.fromkeys(LANGUAGES, 0.0)  # what questions add to a card, by language
        if mode == "dense":
            rankings.append((1.0, dense))
        for lang in languages:
            weight = dense_weight(self.dense_weights, source, lang)
            lexical_weight = FUSED_WEIGHT - weight if mode == "hybrid" else 1.0
            if mode == "hybrid":
                rankings.append((weight, [p for p in dense if language_of[p[0]] == lang]))
                own = self.question_weight * self.dense_weights[source]
                asking.append((own, [p for p in asked if language_of[p[0]] == lang]))
                asked_weight[lang] += own
            for ranking in lexical[lang]:  # cards and documents apart: their BM25 scores come from different corpora
                rankings.append((lexical_weight, [p for p in ranking if p[0] in language_of]))
            for asked_in, ranking in asked_lexical[lang]:
                written = FUSED_WEIGHT - dense_weight(self.dense_weights, source, asked_in)
                if asked_in != source:  # read through the glossary, which carries some words and misses others
                    written *= self.translated_weight
                asking.append((self.question_weight * written, ranking))
                asked_weight[lang] += self.question_weight * written
            if mode == "hybrid" and source not in languages and self.twin_weight:
                asking += self._twin_rankings(terms[source], source, lang, pool, twins_near)
                asked_weight[lang] += self.twin_weight * FUSED_WEIGHT
        if not self.question_weight or mode != "hybrid":  # dense and bm25 alone rank the cards' own text
            ranked = rankings[0][1] if len(rankings) == 1 else fuse(rankings, self.rrf_k)
            return self._distinct(ranked, pool, top, workspace_id)
        # A card's score is scaled back to the weight one passage can have, so its questions order the cards
        # among themselves but give them no edge over the team's documents.
        scaled = [
            (
                key,
                score * FUSED_WEIGHT / (FUSED_WEIGHT + asked_weight[language_of[key]]) if key in self.cards else score,
            )
            for key, score in fuse(rankings + asking, self.rrf_k)
        ]
        return self._distinct(sorted(scaled, key=lambda pair: -pair[1]), pool, top, workspace_id)

    def _full_text(
        self, workspace_id: str, terms: dict[Language, list[str]], languages: tuple[Language, ...]
    ) -> dict[Language, list[tuple[str, float]]]:
        """The workspace's passages of each language by the database's BM25 over the question's terms."""
        return {
            lang: self.store.search_passages(workspace_id, terms=terms[lang], language=lang, limit=POOL)
            for lang in languages
        }

    def _twin_rankings(
        self,
        terms: list[str],
        source: Language,
        target: Language,
        pool: dict[str, Candidate],
        twins_near: list[tuple[str, float]],
    ) -> list[tuple[float, list[tuple[str, float]]]]:
        """The `target` cards ranked by their twins' text in the question's own `source` language, where BM25
        reads the question's own words and the model weighs them as in a search of that language: a question in
        one language then finds the other's cards about as well as its own (the cards are twins by id)."""
        allowed = {_twin(key, source) for key in pool if key.startswith(f"{target}:")}
        lexical = self.bm25[source].rank(terms, allowed)
        own = dense_weight(self.dense_weights, source, source)
        return [
            (self.twin_weight * (FUSED_WEIGHT - own), [(_twin(key, target), score) for key, score in lexical]),
            (self.twin_weight * own, [(_twin(key, target), score) for key, score in twins_near]),
        ]

    def _dense(
        self,
        query: str,
        source: Language,
        translated: dict[Language, list[str]],
        languages: tuple[Language, ...],
        allowed: set[str],
        stage: str | None,
        workspace_id: str | None,
    ) -> tuple[list[tuple[str, float]], list[tuple[str, float]], list[tuple[str, float]], dict[str, str]]:
        """Cards (among `allowed`) and the workspace's passages nearest to the question, nearest first; the
        cards whose everyday questions are nearest to it; when the question's language is not searched, the twins
        of the allowed cards in that language nearest to it; and the language of each passage found."""
        other = [term for lang in languages for term in translated[lang][:6]]
        if not self.glossary_in_query:
            other = []
        vector = self.embeddings.embed_query(" ".join([query, *other]))
        # every entry of the card collection at once, picked apart here: filtered queries, one per ranking, cost
        # several times as much
        entries = [
            (key, score, entry_of(key))
            for key, score in self.index.search_cards(vector)
            if stage is None or self._stage(key) == stage
        ]
        texts = [(key, score) for key, score, entry in entries if not entry.question and entry.language in languages]
        found = self._nearest_cards(texts, allowed)
        questions = [(key, score) for key, score, entry in entries if entry.question]
        asked = self._nearest_cards(questions, allowed, across=True) if self.question_weight else []
        twins: list[tuple[str, float]] = []
        if source not in languages and self.twin_weight:
            twin_texts = [
                (key, score) for key, score, entry in entries if not entry.question and entry.language == source
            ]
            twins = self._nearest_cards(twin_texts, {_twin(key, source) for key in allowed})
        found_in: dict[str, str] = {}
        if workspace_id:
            filters: dict[str, str] = {"language": languages[0]} if len(languages) == 1 else {}
            for key, score, lang in self.index.search(
                workspace_collection(workspace_id), vector, k=POOL, filters=filters
            ):
                found.append((key, score))
                found_in[key] = lang
        return sorted(found, key=lambda pair: -pair[1])[:POOL], asked, twins, found_in

    def _stage(self, key: str) -> str | None:
        """The stage of the card a card entry belongs to."""
        card = self.cards.get(entry_of(key).card)
        return card.stage if card else None

    @staticmethod
    def _nearest_cards(
        entries: list[tuple[str, float]], allowed: set[str], *, across: bool = False
    ) -> list[tuple[str, float]]:
        """Cards among `allowed` by their nearest of `entries` (a section, or one of their questions; nearest
        first, the first 10 * POOL read, as deep as a search of them alone went); `across`: an entry of a card in
        one language ranks its twin in the other too."""
        best: dict[str, float] = {}
        if allowed:
            for key, score in entries[: 10 * POOL]:
                best.setdefault(entry_of(key).card, score)  # a card's first entry is its nearest
        if across:  # each card's twins, in the order the cards came, at the nearer of the two cards' scores
            nearest = best
            best = {}
            for card, score in nearest.items():
                for lang in LANGUAGES:
                    best.setdefault(_twin(card, lang), score)
        found = [(key, score) for key, score in best.items() if key in allowed]
        return sorted(found, key=lambda pair: -pair[1])[:POOL]

    def _distinct(
        self, ranked: list[tuple[str, float]], pool: dict[str, Candidate], top: int, workspace_id: str | None
    ) -> list[Hit]:
        """The first `top` hits of the fused ranking, each card once. The workspace's passages are read as they
        are reached, `top` at a time; a passage the database no longer has (a document removed since its vectors
        were found) is passed over."""
        hits: list[Hit] = []
        seen_cards: set[str] = set()
        read: set[str] = set()
        for place, (key, score) in enumerate(ranked):
            if key not in pool and key not in read and workspace_id:
                unread = [k for k, _ in ranked[place:] if k not in pool and k not in read][:top]
                read.update(unread)
                pool.update((c.id, chunk_candidate(c)) for c in self.store.get_chunks(workspace_id, unread))
            if key not in pool:
                continue
            hit = pool[key].hit
            if hit.citation.kind == "card":
                if hit.citation.card_id in seen_cards:
                    continue
                seen_cards.add(str(hit.citation.card_id))
            hits.append(hit.replace_score(score))
            if len(hits) == top:
                break
        return hits
