"""Kinds of turn: answers, framework questions, navigation, help; coaching and item follow-ups."""

import pytest

from assistant.engine import Engine
from tests.engine.conftest import Env

PURPOSE = "We make honest wines from our hills so that families can share the table with the people they love."


def test_start_welcomes_and_asks_the_first_question_with_a_cited_reason(env: Env, engine: Engine) -> None:
    session = env.session()
    reply = engine.start(session.id)
    assert reply.question_id == "statement" and reply.stage == "purpose"
    assert "Cantina Aurora" in reply.message
    assert reply.citations[0].card_id == "purpose-statement"
    again = engine.start(session.id)  # starting twice repeats the question and saves nothing new
    assert again.question_id == "statement"
    assert len(env.store.list_turns(session.id)) == 1


def test_framework_question_mid_stage_is_cited_and_keeps_the_pending_question(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, PURPOSE)
    before = env.store.load_document(session.id)
    reply = engine.handle(session.id, "What is co-creation?")
    assert reply.kind == "answer"
    assert reply.citations[0].card_id == "engagement-co-creation"
    assert "[1]" in reply.message and reply.citations[0].passage
    assert reply.question_id == "audience" and reply.message.endswith(reply.question or "")
    assert env.store.load_document(session.id) == before, "a question changes nothing in the document"
    assert engine.handle(session.id, "families; tourists").question_id == "segment_profiles"


def test_italian_framework_question_gets_italian_cards(env: Env, engine: Engine) -> None:
    session = env.session(language="it", brand="Banco Amico")
    engine.start(session.id)
    reply = engine.handle(session.id, "perché KPI qualitativi?")
    assert reply.kind == "answer"
    assert reply.citations[0].card_id == "qualitative-first-kpis"
    assert reply.citations[0].title == "I KPI sono prima di tutto qualitativi"
    assert "Torniamo alla nostra domanda" in reply.message


def test_a_weak_answer_is_coached_once_with_the_card_behind_it(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    reply = engine.handle(session.id, "Great wine.")
    assert reply.kind == "coaching" and reply.question_id == "statement"
    assert reply.citations[0].card_id == "purpose-statement"
    assert "slogan" in reply.message
    assert env.store.load_document(session.id)[1].purpose.statement == "Great wine.", "the team's words are kept"
    accepted = engine.handle(session.id, "skip")
    assert accepted.question_id == "audience"


def test_partial_items_are_saved_and_completed_by_a_follow_up(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, "go to touchpoints")
    reply = engine.handle(
        session.id, "Instagram stories | awareness\nCellar tour | consideration | relationship | dialogue"
    )
    assert reply.question_id == "touchpoints"
    assert "**Instagram stories** still needs: engagement level, interaction mode" in reply.message
    touchpoints = env.store.load_document(session.id)[1].touchpoints
    assert [t.name for t in touchpoints] == ["Instagram stories", "Cellar tour"]
    assert touchpoints[0].engagement_level is None
    done = engine.handle(session.id, "dialogue | community")
    first = env.store.load_document(session.id)[1].touchpoints[0]
    assert (first.engagement_level, first.interaction_mode) == ("community", "dialogue")
    assert done.question_id == "purpose_expression"


def test_only_promotional_touchpoints_get_coached_about_the_ladder(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, "go to touchpoints")
    reply = engine.handle(session.id, "TV spot | awareness | promotional communication | broadcast")
    assert reply.kind == "coaching"
    assert reply.citations[0].card_id == "engagement-ladder"


@pytest.mark.parametrize(
    ("language", "said"), [("en", "Add a qualitative one"), ("it", "Aggiungetene uno qualitativo")]
)
def test_kpis_of_one_kind_are_coached_to_add_the_other(env: Env, engine: Engine, language: str, said: str) -> None:
    session = env.session(language=language)
    engine.start(session.id)
    engine.open_question(session.id, "kpis", "kpis")
    reply = engine.handle(session.id, "Orders | quantitative\nVisits | quantitative")
    assert reply.kind == "coaching" and said in reply.message


def test_open_question_makes_any_question_pending_and_saves_the_answer_there(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, "Great wine.")  # coached on the statement
    reply = engine.open_question(session.id, "digital-alignment", "listening")
    assert (reply.kind, reply.stage, reply.question_id) == ("navigation", "digital-alignment", "listening")
    assert reply.message == reply.question
    engine.handle(session.id, "we answer every review; a suggestions box")
    assert env.store.load_document(session.id)[1].digital.listening == ["we answer every review", "a suggestions box"]
    with pytest.raises(ValueError, match="no question 'nope'"):
        engine.open_question(session.id, "purpose", "nope")


def test_navigation_back_skip_goto_status_summary_export(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, PURPOSE)
    assert engine.handle(session.id, "back").question_id == "statement"
    assert engine.handle(session.id, "skip").question_id == "audience"
    assert engine.handle(session.id, "go to KPIs").stage == "kpis"
    assert env.store.get_session(session.id).stage == "kpis"
    status = engine.handle(session.id, "status")
    assert status.kind == "status" and "KPIs: in progress" in status.message
    summary = engine.handle(session.id, "summary")
    assert PURPOSE in summary.message
    export = engine.handle(session.id, "export")
    assert f"--session {session.id}" in export.message
    assert engine.handle(session.id, "vai a revisione").stage == "review"


def test_empty_or_nonsense_gets_help_and_changes_nothing(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    versions = len(env.store.list_versions(session.id))
    for text in ("", "   ", "?!"):
        reply = engine.handle(session.id, text)
        assert reply.kind == "help" and reply.question_id == "statement"
    assert len(env.store.list_versions(session.id)) == versions


def test_every_turn_is_saved_before_the_reply_returns(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    reply = engine.handle(session.id, PURPOSE)
    turns = env.store.list_turns(session.id)
    assert [(t.role, t.content) for t in turns[-2:]] == [("user", PURPOSE), ("assistant", reply.message)]
    version, document = env.store.load_document(session.id)
    assert reply.version == version and document.purpose.statement == PURPOSE
    assert document.purpose.provenance["statement"].kind == "user"
    assert {"op": "replace", "path": "/purpose/statement", "value": PURPOSE} in reply.patch
    state = env.store.get_session(session.id).state
    assert state["question"] == "audience"


def test_an_answer_that_fits_nothing_says_so_and_asks_again(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, "go to touchpoints")
    engine.handle(session.id, "Cellar tour | consideration | relationship | dialogue")
    reply = engine.handle(session.id, "Harbour festival | we pour wine for everyone")  # names no touchpoint
    assert reply.question_id == "purpose_expression"
    assert "could not read" in reply.message
