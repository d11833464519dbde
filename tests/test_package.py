"""The project works as an installed package, not only from its checkout.

The wheel is built from a copy of the tracked files, installed into a folder of its own (its
dependencies come from this environment), and the `brandplan` command is run from an unrelated
directory: cards, stages, rules, prompts, glossary, labels, templates and schema must all come from
inside the installed package.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.factories import winery_document

ROOT = Path(__file__).resolve().parent.parent
# One file of every kind of package data the commands read; a glob pattern that must match in the wheel.
PACKAGE_DATA = [
    "knowledge/cards/en/engagement-co-creation.md",
    "knowledge/cards/it/engagement-co-creation.md",
    "knowledge/stages/purpose.yaml",
    "knowledge/stages/vocabulary.yaml",
    "knowledge/rules.yaml",
    "knowledge/language/glossary.yaml",
    "knowledge/language/stopwords.yaml",
    "prompts/replies.yaml",
    "prompts/llm/extract.j2",
    "assistant/exports/labels.yaml",
    "assistant/exports/formats.yaml",
    "assistant/document/labels.yaml",
    "assistant/document/strategy.schema.json",
    "assistant/store/migrations/env.py",
    "assistant/store/migrations/versions/0001_initial.py",
    "web/i18n.yaml",
    "web/templates/base.html",
    "web/static/app.js",
    "evals/sessions/personas/winery.yaml",
    "evals/review/plans/bakery-en.yaml",
    "evals/review/plans/bakery-en.flaws.yaml",
    "evals/reading/dev3.yaml",
    "evals/reading/dev4.yaml",
    "evals/reading/dev5.yaml",
    "evals/review/plans4/cinema-en.flaws.yaml",
    "evals/review/plans5/pasticceria-it.flaws.yaml",
    "evals/review/heldout/gelateria-it.flaws.yaml",
    "evals/reading/heldout.yaml",
    "knowledge/language/meaning.yaml",
    "evals/retrieval/heldout.yaml",
    "evals/retrieval/dev4.yaml",
    "evals/retrieval/dev5.yaml",
]


def _tracked_copy(target: Path) -> Path:
    """The project as a fresh clone has it (no venv, no data, no build leftovers)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("building the wheel needs the git checkout (its tracked files)")
    source = _tracked_copy(tmp_path_factory.mktemp("source"))
    out = tmp_path_factory.mktemp("wheels")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), "."]
    subprocess.run(command, cwd=source, check=True, capture_output=True)
    (built,) = out.glob("brandplan-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "-q", "--target", str(target)]
    subprocess.run([*command, str(wheel)], check=True, capture_output=True)
    return target


def test_the_wheel_carries_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [path for path in PACKAGE_DATA if path not in names] == []
    assert sum(n.startswith("knowledge/cards/en/") for n in names) == sum(
        n.startswith("knowledge/cards/it/") for n in names
    )
    assert not any(n.startswith(("tests/", "data/")) for n in names)


def _env(installed: Path, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRANDPLAN_")}
    return env | {"PYTHONPATH": str(installed), "BRANDPLAN_DATA_DIR": str(data)}


def _brandplan(installed: Path, cwd: Path, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=cwd,
        env=_env(installed, cwd / "data"),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"brandplan {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_installed_commands_find_their_data_from_another_directory(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _brandplan(installed, elsewhere, "version")
    assert where.strip()
    probe = "import assistant, knowledge, prompts; print(assistant.__file__, knowledge.__file__, prompts.__file__)"
    located = subprocess.run(
        [sys.executable, "-c", probe], cwd=elsewhere, env=_env(installed, elsewhere), capture_output=True, text=True
    ).stdout.split()
    assert len(located) == 3 and all(path.startswith(str(installed)) for path in located), located

    assert _brandplan(installed, elsewhere, "schema").startswith("{")
    found = _brandplan(installed, elsewhere, "search", "--top", "3", "what is co-creation?")
    assert "Co-creation" in found

    document = elsewhere / "plan.json"
    document.write_text(winery_document().model_dump_json())
    assert "0 errors" in _brandplan(installed, elsewhere, "check", str(document))

    imported = _brandplan(installed, elsewhere, "import", str(document), "--workspace", "Clients")
    session = imported.split("session ", 1)[1].split()[0].strip(".:,")
    report = elsewhere / "plan.md"
    _brandplan(installed, elsewhere, "export", "--session", session, "--format", "md", "-o", str(report))
    assert winery_document().purpose.statement[:40] in report.read_text(encoding="utf-8")

    chat = _brandplan(installed, elsewhere, "chat", "--brand", "Forno Rossi", stdin="what is co-creation?\nquit\n")
    assert "Forno Rossi" in chat and "[1]" in chat


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_the_installed_app_serves_its_pages(installed: Path, tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=_env(installed, tmp_path / "data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        assert page.status_code == 200 and "<html" in page.text
        script = httpx.get(f"http://127.0.0.1:{port}/static/app.js", timeout=5)
        assert script.status_code == 200 and len(script.content) > 100
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).json()["info"]
    finally:
        server.terminate()
        server.wait(timeout=30)
