"""The API documentation page works in a real browser under the app's own Content-Security-Policy."""

from __future__ import annotations

from tests.browser.conftest import LiveApp, Pages


def test_the_docs_page_shows_every_api_operation_with_no_csp_violation(live_app: LiveApp, open_page: Pages) -> None:
    from playwright.sync_api import expect

    page = open_page(live_app.url("/docs"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("brandplan")
    expect(page.locator(".opblock").first).to_be_visible()
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/sessions/{session_id}/export" in path for path in operations), operations
    # open_page fails the test on any console error: a blocked script or stylesheet would log one
