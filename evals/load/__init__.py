"""Load test of the web app: users sending messages at once, a page polled meanwhile, nothing lost."""

from evals.load.run import LoadReport, run_load

__all__ = ["LoadReport", "run_load"]
