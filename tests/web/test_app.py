from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.config import Settings
from web.app import create_app


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def test_home_page_renders_with_its_stylesheet(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.template.name == "home.html"  # type: ignore[attr-defined]
    assert "Digital alignment" in response.text
    assert client.get("/static/style.css").status_code == 200


def test_app_creates_its_database_on_start(client: TestClient, settings: Settings) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    assert (settings.data_dir / "brandplan.db").exists()


def test_schema_is_published(client: TestClient) -> None:
    schema = client.get("/api/schema").json()
    assert "touchpoints" in schema["properties"]
