"""Evaluations of the assistant: data plus small evaluators, run from `brandplan eval ...`."""
