"""Retrieval quality on gold questions: recall@k, MRR and latency for dense, BM25 and hybrid search."""

from evals.retrieval.run import SETS, CasesError, Report, load_cases, question_set, run

__all__ = ["SETS", "CasesError", "Report", "load_cases", "question_set", "run"]
