"""The same ingestion and search against a Chroma server (`chroma run`) on loopback."""

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.retrieval.knowledge import KnowledgeBase
from assistant.store import SqlStore, Workspace

CHROMA = Path(sys.executable).with_name("chroma")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    if not CHROMA.exists() and shutil.which("chroma") is None:
        pytest.skip("the chroma command of the chromadb package is not installed")
    port = free_port()
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/api/v2/heartbeat", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("chroma server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_ingest_and_search_through_a_chroma_server(
    chroma_url: str, store: SqlStore, workspace: Workspace, data_dir: Path
) -> None:
    kb = KnowledgeBase(Settings(data_dir=data_dir, chroma_url=chroma_url), store)
    assert (
        kb.ingest_bytes(workspace.id, "notes.txt", b"Guests asked for a wine club with tasting boxes.").status
        == "added"
    )
    hits = kb.search("wine club tasting boxes", workspace_id=workspace.id, top=3)
    assert hits[0].citation.file == "notes.txt"
    assert kb.search("what is co-creation", language="en")[0].citation.card_id == "engagement-co-creation"
    assert not (data_dir / "chroma").exists(), "with a server configured nothing is written to the embedded store"
