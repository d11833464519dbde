"""Reading answers: how much of what people type, as they talk, ends up in the right document fields."""

from evals.reading.report import Report
from evals.reading.run import DEV, Case, CaseError, load_cases, run

__all__ = ["DEV", "Case", "CaseError", "Report", "load_cases", "run"]
