"""Scripted persona sessions: turns needed, completeness and findings per persona."""

from evals.sessions.run import Persona, PersonaResult, Report, load_personas, run_all, run_persona

__all__ = ["Persona", "PersonaResult", "Report", "load_personas", "run_all", "run_persona"]
