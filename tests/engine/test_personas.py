"""Scripted personas go from an empty document to a complete, coherent strategy with no model."""

import pytest

from assistant import coherence
from assistant.document.validation import parse_document_json
from evals.sessions import load_personas, run_persona
from tests.engine.conftest import Env

PERSONAS = {p.id: p for p in load_personas()}


def test_there_are_three_personas_one_in_italian() -> None:
    assert len(PERSONAS) >= 3
    assert any(p.language == "it" for p in PERSONAS.values())


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_persona_reaches_a_complete_coherent_strategy(env: Env, persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    workspace = env.store.create_workspace(name=f"p-{persona_id}", slug=f"p-{persona_id}")
    result = run_persona(env.engine(), env.store, persona, workspace.id)

    assert result.complete, [r.kind for r in result.replies]
    _, document = env.store.load_document(result.session_id)
    assert parse_document_json(document.model_dump_json()) == document  # the saved document validates
    findings = coherence.check(document, language=persona.language)
    assert [f for f in findings if f.severity == "error"] == []
    assert result.completeness >= 0.9
    assert document.brand.name == persona.brand
    assert document.review.coherence is not None, "the review stage keeps its coherence report"
    assert document.brand.category and document.brand.competitors and document.brand.differences
    assert document.review.stop_doing and len(document.review.initiatives) >= 2
    for initiative in document.review.initiatives:  # every column read, effort and impact in their order
        assert initiative.owner and initiative.due and initiative.budget, repr(initiative)
        assert initiative.effort and initiative.impact, repr(initiative)
    for kpi in document.kpis:  # every KPI has its measurement plan, and a baseline beside its target
        assert kpi.method and kpi.timing and kpi.cadence and kpi.decision_rule, repr(kpi)
        assert kpi.baseline or not kpi.target, kpi
        assert kpi.segment_id, f"{kpi.name}: every persona has two segments or more, and says whom each KPI serves"
    for reply in result.replies:
        if reply.kind in ("coaching", "answer", "review"):
            assert reply.citations, f"advice without a citation: {reply.message[:200]}"
            for source in reply.citations:
                assert f"[{source.number}]" in reply.message
    turns = env.store.list_turns(result.session_id)
    assert len(turns) == 2 * len(persona.turns) + 1, "every user turn and every reply is saved"
