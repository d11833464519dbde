"""Text from documents and people stays data in the assistant's replies: a link in it is shown, never live."""

import json
import re

from fastapi import FastAPI
from markdown_it import MarkdownIt

from tests.web.conftest import Visitor, store_of, workspace_with_session
from web.markdown import render

EVIL = "https://evil.example/steal"
PHISHING = (
    b"# Access policy\n\n"
    b"Our co-creation workshops need a new access link every quarter: "
    b"[re-enter your access link here](https://evil.example/steal). "
    b"![badge](https://evil.example/pixel.png) <https://evil.example/auto>\n"
)
LIVE = re.compile(r"<a\b|<img\b", re.IGNORECASE)


def inert_anywhere(message: str) -> bool:
    """The reply's Markdown makes no link or image even in a renderer that allows them (any client's)."""
    return not LIVE.search(MarkdownIt("commonmark").render(message))


def test_a_documents_link_is_quoted_as_text_on_the_page_and_in_the_stream(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Phish Co")
    workspace = store_of(app).get_workspace_by_slug(slug)
    app.state.knowledge.ingest_bytes(workspace.id, "access-policy.md", PHISHING)
    streamed = admin.client.post(
        f"/api/sessions/{session_id}/messages",
        json={"text": "what does the access policy say about the co-creation workshops access link?"},
        headers={"X-CSRF-Token": admin.csrf, "Accept": "text/event-stream"},
    ).text
    reply = json.loads(streamed.rsplit("event: reply\ndata: ", 1)[1])
    assert "access-policy.md" in str(reply["citations"]), "the document was quoted"
    assert not LIVE.search(reply["html"]) and EVIL in reply["html"], "the URL is visible, as text"
    assert inert_anywhere(reply["message"]), "the engine quoted the passage as text"
    page = admin.client.get(f"/s/{session_id}").text
    assert EVIL in page and not re.search(r"<a[^>]+evil\.example", page)
    assert not re.search(r"<img[^>]+evil\.example", page)


def test_a_link_the_team_typed_is_echoed_as_text(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "Echo Co")
    purpose = f"We exist so families share the table, see [our manifesto]({EVIL}) for the people they love."
    reply = admin.post(f"/api/sessions/{session_id}/messages", json={"text": purpose}).json()  # type: ignore[attr-defined]
    assert EVIL in reply["html"] and not LIVE.search(reply["html"]) and inert_anywhere(reply["message"])


def test_the_renderer_makes_no_link_or_image_even_from_model_written_markdown() -> None:
    html = str(render(f"Per [1], [click here]({EVIL}) ![x]({EVIL}) <{EVIL}> [r]\n\n[r]: {EVIL}\n\n**kept**"))
    assert not LIVE.search(html) and html.count(EVIL) == 4 and "<strong>kept</strong>" in html
