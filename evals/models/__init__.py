"""A language model against the deterministic path: fields read correctly, turns needed, free-text answers."""

from evals.models.run import Report, load_probes, run

__all__ = ["Report", "load_probes", "run"]
