"""Direct edits from the canvas go through the engine, are validated, versioned and re-checked."""

import pytest

from assistant.document.edits import Edit, EditError
from assistant.document.validation import DocumentInvalid
from assistant.engine import Engine
from tests.engine.conftest import Env


def test_set_add_remove_make_new_versions_and_move_findings(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    versions = len(env.store.list_versions(session.id))

    reply = engine.edit(session.id, Edit(op="set", path="purpose.statement", value="Wine for families who cook"))
    assert reply.kind == "edit" and reply.version == versions + 1
    assert "purpose-missing" in [f.rule for f in reply.findings_resolved]
    assert "purpose-names-audience" in [f.rule for f in reply.findings_added]
    document = env.store.load_document(session.id)[1]
    assert document.purpose.provenance["statement"].kind == "user"

    fixed = engine.edit(session.id, Edit(op="add", path="purpose.audience", value="families who cook at home"))
    assert "purpose-names-audience" in [f.rule for f in fixed.findings_resolved]

    added = engine.edit(
        session.id,
        Edit(op="add", path="touchpoints", value={"name": "TV spot", "engagement_level": "promotional-communication"}),
    )
    assert "ladder-climbs" in [f.rule for f in added.findings_added]
    tp_id = env.store.load_document(session.id)[1].touchpoints[0].id
    removed = engine.edit(session.id, Edit(op="remove", path=f"touchpoints[{tp_id}]"))
    assert "ladder-climbs" in [f.rule for f in removed.findings_resolved]
    assert env.store.load_document(session.id)[1].touchpoints == []
    assert len(env.store.list_turns(session.id)) == 1, "edits are versions, not chat turns"


def test_bad_edits_are_refused_with_the_field_named(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    before = env.store.load_document(session.id)
    with pytest.raises(EditError, match="no field 'missions'"):
        engine.edit(session.id, Edit(op="set", path="purpose.missions", value="x"))
    engine.edit(session.id, Edit(op="add", path="kpis", value={"name": "Replies"}))
    with pytest.raises(DocumentInvalid) as caught:
        engine.edit(session.id, Edit(op="set", path="kpis[0].kind", value="vibes"))
    assert caught.value.problems[0].startswith("kpis[0].kind:")
    assert env.store.load_document(session.id)[0] == before[0] + 1, "a refused edit saves nothing"


def test_fields_set_on_a_whole_item_become_the_teams(env: Env, engine: Engine) -> None:
    """A move on the board sets a touchpoint's stage and level at once: the canvas then says the team set them."""
    session = env.session()
    engine.start(session.id)
    engine.edit(session.id, Edit(op="add", path="touchpoints", value={"name": "Harvest day"}))
    document = env.store.load_document(session.id)[1]
    touchpoint = document.touchpoints[0]
    touchpoint.provenance.clear()  # as if a framework's reading had placed it
    env.store.save_document(session.id, document, note="reading")
    engine.edit(
        session.id,
        Edit(
            op="set",
            path=f"touchpoints[{touchpoint.id}]",
            value={"journey_stage": "advocacy", "engagement_level": "community"},
        ),
    )
    moved = env.store.load_document(session.id)[1].touchpoints[0]
    assert (moved.journey_stage, moved.engagement_level) == ("advocacy", "community")
    assert {name: p.kind for name, p in moved.provenance.items()} == {
        "journey_stage": "user",
        "engagement_level": "user",
    }
