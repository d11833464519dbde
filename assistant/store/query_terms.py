"""Which of a question's terms a full-text search reads: every one while that is cheap, else the rarest telling
ones, since each term read means scoring every passage that holds it."""

# How many passages (postings) a search scores at most, per language, beyond its rarest term. 10,000 keeps
# workspaces of 10k passages exact on the bench's corpus and a search at 100k near 10 ms (evals.bench_search).
POSTINGS = 10_000


def query_terms(held: dict[str, int], passages: int) -> list[str]:
    """The terms to search, rarest first, given how many of the scope's `passages` hold each term.

    A term no passage holds finds nothing. While all terms together are held by at most POSTINGS passages, all
    are read and the ranking is BM25's over the whole question. Past it, a term in half the passages or more is
    left out first: its Okapi IDF, log((N - n + 0.5) / (n + 0.5)), is zero or less, which SQLite's bm25() clamps
    to almost nothing, so it changes no ranking among the passages that hold a rarer term; then the rarest terms
    are read while their passages add up to POSTINGS (impact pruning: rare terms carry most of the score)."""
    present = sorted((term for term, count in held.items() if count > 0), key=lambda term: (held[term], term))
    if sum(held[term] for term in present) <= POSTINGS:
        return present
    chosen: list[str] = []
    read = 0
    for term in present:
        if 2 * held[term] >= passages or (chosen and read + held[term] > POSTINGS):
            break
        chosen.append(term)
        read += held[term]
    return chosen
