"""Which adapter `BRANDPLAN_LLM` builds, and how a misconfigured model is reported before anything starts."""

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings, get_settings
from assistant.llm.factory import ModelSetupError, build_model

runner = CliRunner()


def settings(llm: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, llm=llm)


def test_no_model_is_the_offline_default(tmp_path: Path) -> None:
    assert build_model(settings("", tmp_path)) is None


def test_a_provider_without_its_langchain_package_names_the_package(tmp_path: Path) -> None:
    """The provider packages are the user's choice, so none ships with the project."""
    with pytest.raises(ModelSetupError, match="langchain-openai"):
        build_model(settings("openai:gpt-4o-mini", tmp_path))


@pytest.mark.parametrize(
    ("llm", "says"),
    [
        ("nosuchvendor:model-1", "nosuchvendor"),
        ("llamacpp:/nowhere/model.gguf", "smollm2"),
        ("llamacpp:notes.txt", "path to a .gguf file"),
    ],
)
def test_a_model_that_cannot_be_built_is_named(llm: str, says: str, tmp_path: Path) -> None:
    with pytest.raises(ModelSetupError, match=says) as caught:
        build_model(settings(llm, tmp_path))
    assert llm in str(caught.value)


def test_the_local_model_without_its_extra_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import now raises ImportError
    with pytest.raises(ModelSetupError, match=r"pip install 'brandplan\[local\]'"):
        build_model(settings("llamacpp:smollm2", tmp_path))


@pytest.mark.parametrize("command", [["chat"], ["serve"]])
def test_commands_refuse_a_bad_model_in_one_line(command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANDPLAN_LLM", "llamacpp:/nowhere/model.gguf")
    get_settings.cache_clear()  # the autouse data-dir fixture clears it again afterwards
    result = runner.invoke(app, command, input="")
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: BRANDPLAN_LLM='llamacpp:/nowhere/model.gguf'")
    assert "Traceback" not in result.output
