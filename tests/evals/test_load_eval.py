"""The load eval drives a real server of its own and reports what it measured, losses included."""

import json

from typer.testing import CliRunner

from assistant.cli import app


def test_eval_load_reports_latency_throughput_and_no_loss() -> None:
    result = CliRunner().invoke(app, ["eval", "load", "--users", "3", "--messages", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["answered"], report["failed"], report["lost"]) == (6, 0, 0)
    assert 0 < report["message_p50_ms"] <= report["message_p95_ms"] <= report["message_max_ms"]
    assert report["messages_per_second"] > 0 and report["page_requests"] > 0
