"""One data directory, one owner: with embedded Chroma a second process refuses to start (real processes)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def brandplan(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRANDPLAN_DATA_DIR": str(data_dir), "BRANDPLAN_LLM": ""}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_second_process_on_the_data_directory_is_refused_and_a_dead_owners_lock_is_taken_over(
    data_dir: Path,
) -> None:
    port = free_port()
    env = {**os.environ, "BRANDPLAN_DATA_DIR": str(data_dir), "BRANDPLAN_LLM": ""}
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, "the first server did not start"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the first server did not answer within 180 s"
            time.sleep(0.3)
        for second in (("serve", "--port", str(free_port())), ("reindex",)):
            refused = brandplan(*second, data_dir=data_dir)
            assert refused.returncode == 2, refused.stderr
            lines = refused.stderr.strip().splitlines()
            assert len(lines) == 1 and f"process {server.pid}" in lines[0], refused.stderr
            assert "BRANDPLAN_CHROMA_URL" in lines[0] and "stop it" in lines[0]
        uvicorn = [sys.executable, "-m", "uvicorn", "--factory", "web.app:create_app", "--port", str(free_port())]
        direct = subprocess.run(uvicorn, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert direct.returncode != 0 and f"process {server.pid}" in direct.stderr, "the app itself refuses too"
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200, "the owner runs on"
    finally:
        server.send_signal(signal.SIGKILL)  # a crash: no clean release, the lock file keeps the dead pid
        server.wait(timeout=30)
    assert str(server.pid) in (data_dir / "brandplan.lock").read_text()
    taken_over = brandplan("reindex", data_dir=data_dir)
    assert taken_over.returncode == 0, taken_over.stderr
    assert (data_dir / "brandplan.lock").read_text() == "", "released on exit"
