"""Retrieval quality on gold questions: recall@k, MRR and latency for dense, BM25 and hybrid search."""

from evals.retrieval.run import SETS, Report, load_cases, run

__all__ = ["SETS", "Report", "load_cases", "run"]
