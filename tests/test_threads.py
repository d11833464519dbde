"""The embedding runtimes' idle threads sleep instead of spinning, unless the user says otherwise: on a busy
2-core machine spinning threads made one search query take seconds (see assistant/__init__.py)."""

import os
import subprocess
import sys


def _policy(environment: dict[str, str]) -> str:
    code = "import assistant, os; print(os.environ['OMP_WAIT_POLICY'])"
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_package_asks_for_sleeping_threads() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    environment["PYTHONPATH"] = os.pathsep.join(sys.path)
    assert _policy(environment) == "PASSIVE"


def test_a_policy_the_user_sets_wins() -> None:
    environment = {**os.environ, "OMP_WAIT_POLICY": "ACTIVE", "PYTHONPATH": os.pathsep.join(sys.path)}
    assert _policy(environment) == "ACTIVE"
