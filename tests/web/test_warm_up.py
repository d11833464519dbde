"""The served app loads the embedding model and the card index in the background as it starts, so the first
search or upload does not wait."""

from pathlib import Path

from fastapi.testclient import TestClient

from assistant.config import Settings
from web.factory import app_for


def test_the_served_app_warms_up_in_the_background(data_dir: Path) -> None:
    app = app_for(Settings(data_dir=data_dir, llm=""))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200  # it answers while the model loads
        assert app.state.warm.wait(120), "the warm-up did not finish"
        assert "retriever" in app.state.knowledge.__dict__, "the search was built before anyone searched"
        assert client.get("/healthz").json() == {"status": "ok", "search": "ready"}
