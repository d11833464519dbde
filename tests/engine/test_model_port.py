"""The language-model path, with LangChain's fake chat models at the edge we cannot reach offline."""

import json
from collections.abc import Sequence
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable

from assistant.llm.langchain_model import ChatModel
from tests.engine.conftest import Env

PURPOSE = "We make honest wines from our hills so that families can share the table with the people they love."


class ToolCallingFake(GenericFakeChatModel):
    """A fake that supports tool calling, so `with_structured_output` takes its native path."""

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Runnable[Any, Any]:
        return self


def started(env: Env, model: ChatModel) -> tuple[Any, str]:
    engine = env.engine(model)
    session = env.session()
    engine.start(session.id)
    return engine, session.id


def test_extraction_through_a_json_answer(env: Env) -> None:
    answer = json.dumps({"value": PURPOSE})
    engine, session_id = started(env, ChatModel(FakeListChatModel(responses=[answer]), timeout=5, retries=0))
    reply = engine.handle(session_id, "well, we make wine for families so they can share a table, honestly")
    assert reply.notice is None
    assert env.store.load_document(session_id)[1].purpose.statement == PURPOSE
    assert reply.question_id == "audience"


def test_several_fields_extracted_through_native_structured_output(env: Env) -> None:
    call = AIMessage(
        content="",
        tool_calls=[
            {
                "name": "TouchpointDraftList",
                "args": {
                    "items": [
                        {
                            "name": "Cellar tour",
                            "journey_stage": "consideration",
                            "engagement_level": "relationship",
                            "interaction_mode": "dialogue",
                            "owner": "Giulia",
                        },
                        {
                            "name": "Harvest day",
                            "journey_stage": "advocacy",
                            "engagement_level": "co-creation",
                            "interaction_mode": "enabling",
                            "owner": "Giulia",
                        },
                    ]
                },
                "id": "call-1",
            }
        ],
    )
    engine, session_id = started(env, ChatModel(ToolCallingFake(messages=iter([call])), timeout=5, retries=0))
    engine.handle(session_id, "go to touchpoints")
    engine.handle(session_id, "Guests tour the cellar and talk with Giulia; at harvest they help make the blend.")
    touchpoints = env.store.load_document(session_id)[1].touchpoints
    assert [(t.name, t.engagement_level, t.interaction_mode) for t in touchpoints] == [
        ("Cellar tour", "relationship", "dialogue"),
        ("Harvest day", "co-creation", "enabling"),
    ]


def _touchpoint_call(*drafts: dict[str, str]) -> AIMessage:
    return AIMessage(
        content="",
        tool_calls=[{"name": "TouchpointDraftList", "args": {"items": list(drafts)}, "id": "call-1"}],
    )


def test_the_teams_words_win_over_the_models_guess_and_its_disputed_guesses_are_not_saved(env: Env) -> None:
    """A small model may list one touchpoint three times with three different guesses: none of those is
    saved, and where the answer's own words name a value ("talk with": dialogue), that value is."""
    call = _touchpoint_call(
        {"name": "Cellar tour", "journey_stage": "awareness", "interaction_mode": "broadcast"},
        {"name": "Cellar tour", "journey_stage": "consideration", "interaction_mode": "enabling", "owner": "Giulia"},
        {"name": "cellar tour", "journey_stage": "advocacy", "owner": "Giulia"},
    )
    engine, session_id = started(env, ChatModel(ToolCallingFake(messages=iter([call])), timeout=5, retries=0))
    engine.handle(session_id, "go to touchpoints")
    engine.handle(session_id, "Cellar tour: guests talk with the family, Giulia runs it.")
    [tour] = env.store.load_document(session_id)[1].touchpoints
    assert (tour.name, tour.journey_stage, tour.interaction_mode, tour.owner) == (
        "Cellar tour",
        None,
        "dialogue",
        "Giulia",
    )


@pytest.mark.parametrize(
    ("turns", "answer", "field"),
    [
        ([PURPOSE], "families who cook at home; wine tourists from Germany", "audience"),
        (["go to touchpoints"], "Cellar tour | consideration | relationship | dialogue", "touchpoints"),
    ],
)
def test_an_answer_in_the_documented_format_is_read_as_written(
    env: Env, turns: list[str], answer: str, field: str
) -> None:
    """The model reads answers written as people talk; a list or `a | b` lines need no guessing."""
    model = FakeListChatModel(responses=[json.dumps({"value": PURPOSE}), "{}", "{}"])  # `i` counts the calls
    engine, session_id = started(env, ChatModel(model, timeout=5, retries=0))
    for text in turns:
        engine.handle(session_id, text)
    reply = engine.handle(session_id, answer)
    assert reply.notice is None
    document = env.store.load_document(session_id)[1]
    if field == "audience":
        names = [s.name for s in document.purpose.audience]
        assert names == ["families who cook at home", "wine tourists from Germany"]
    else:
        [tour] = document.touchpoints
        assert (tour.name, tour.journey_stage, tour.interaction_mode) == ("Cellar tour", "consideration", "dialogue")
    assert model.i == (1 if turns == [PURPOSE] else 0), "only the free-text purpose went to the model"


def test_invalid_model_output_falls_back_to_the_deterministic_parser(env: Env) -> None:
    model = ChatModel(FakeListChatModel(responses=["not json at all", "{still not"]), timeout=5, retries=1)
    engine, session_id = started(env, model)
    reply = engine.handle(session_id, PURPOSE)
    assert reply.notice and "read your answer directly" in reply.notice
    assert env.store.load_document(session_id)[1].purpose.statement == PURPOSE
    assert env.store.list_turns(session_id)[-1].meta["notice"] == reply.notice


def test_a_slow_model_times_out_and_the_turn_is_saved_anyway(env: Env) -> None:
    slow = FakeListChatModel(responses=[json.dumps({"value": "too late"})], sleep=3)
    engine, session_id = started(env, ChatModel(slow, timeout=0.2, retries=1))
    reply = engine.handle(session_id, PURPOSE)
    assert reply.notice is not None
    assert env.store.load_document(session_id)[1].purpose.statement == PURPOSE
    assert [t.role for t in env.store.list_turns(session_id)] == ["assistant", "user", "assistant"]


def test_a_provider_error_falls_back_too(env: Env) -> None:
    broken = GenericFakeChatModel(messages=iter([]))  # raises on the first call, as a failing provider would
    engine, session_id = started(env, ChatModel(broken, timeout=5, retries=2))
    reply = engine.handle(session_id, "What is co-creation?")
    assert reply.kind == "answer" and reply.notice is not None
    assert reply.citations and "[1]" in reply.message


def test_framework_answers_stream_and_keep_their_citations(env: Env) -> None:
    text = "Co-creation is the top rung of the ladder: partners help make the product itself [1]."
    model = ChatModel(GenericFakeChatModel(messages=iter([AIMessage(content=text)])), timeout=5, retries=0)
    engine, session_id = started(env, model)
    tokens: list[str] = []
    reply = engine.handle(session_id, "What is co-creation?", on_token=tokens.append)
    assert len(tokens) > 5, "the answer arrives token by token"
    assert "".join(tokens) == text
    assert reply.message.startswith(text)
    assert reply.citations[0].card_id == "engagement-co-creation"
    assert reply.question_id == "statement"


@pytest.mark.parametrize(
    "text",
    [
        "Co-creation means customers help make the product.",  # no citation at all
        "Co-creation means customers help make the product [7].",  # a passage that was never given
    ],
)
def test_a_written_answer_without_valid_citations_is_replaced_by_the_sources(env: Env, text: str) -> None:
    model = ChatModel(GenericFakeChatModel(messages=iter([AIMessage(content=text)])), timeout=5, retries=0)
    engine, session_id = started(env, model)
    reply = engine.handle(session_id, "What is co-creation?", on_token=lambda _: None)
    assert reply.notice and "did not cite its sources" in reply.notice
    assert text not in reply.message
    assert reply.citations[0].card_id == "engagement-co-creation"
    assert "[1]" in reply.message, "the composed answer cites the passages it shows"
    assert reply.question_id == "statement"


def test_coaching_is_written_by_the_model_from_the_card_and_cited(env: Env) -> None:
    coaching = "A slogan does not say whom you serve [1]. Who are the people your wine is for?"
    model = FakeListChatModel(responses=[json.dumps({"value": "Great wine."}), coaching])
    engine, session_id = started(env, ChatModel(model, timeout=5, retries=0))
    reply = engine.handle(session_id, "great wine, really")
    assert reply.kind == "coaching"
    assert reply.message.endswith(coaching)
    assert reply.citations[0].card_id == "purpose-statement"
