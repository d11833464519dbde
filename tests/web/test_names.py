"""Who is who: a link labelled by the admin, a name given on a shared link, and that name on what they do."""

import re

from fastapi import FastAPI

from tests.web.conftest import Visitor, login, store_of, workspace_with_session


def test_a_labelled_link_names_its_holder_until_they_give_their_own_name(app: FastAPI, admin: Visitor) -> None:
    slug, session_id = workspace_with_session(app, admin, "Names Bakery")
    made = admin.client.post(
        f"/w/{slug}/links", data={"role": "member", "label": " Sales  lead ", "csrf_token": admin.csrf}
    )
    token = re.search(r"/login/([\w-]+)", made.context["new_link"]).group(1)  # type: ignore[attr-defined,union-attr]
    assert "<strong>Sales lead</strong>" in admin.client.get(f"/w/{slug}").text  # the admin sees whom it is for
    member = login(app, token)

    page = member.client.get(f"/s/{session_id}")
    assert 'placeholder="Sales lead"' in page.text
    member.post(f"/s/{session_id}/messages", data={"text": "a neighbourhood bakery", "csrf_token": member.csrf})
    assert store_of(app).list_turns(session_id)[-2].author == "Sales lead"

    named = member.client.post(
        "/me/name",
        data={"name": "Giulia <b>R.</b>", "back": f"/s/{session_id}", "csrf_token": member.csrf},
        follow_redirects=False,
    )
    assert named.status_code == 303 and named.headers["location"] == f"/s/{session_id}"
    member.post(f"/s/{session_id}/messages", data={"text": "Turin", "csrf_token": member.csrf})
    assert store_of(app).list_turns(session_id)[-2].author == "Giulia <b>R.</b>"
    page = member.client.get(f"/s/{session_id}").text
    assert '<p class="author">Giulia &lt;b&gt;R.&lt;/b&gt;</p>' in page  # shown as text, never as markup
    assert "<b>R.</b>" not in page
    member.post(
        f"/s/{session_id}/edit", data={"op": "set", "path": "brand.market", "value": "Turin", "csrf_token": member.csrf}
    )
    assert store_of(app).list_versions(session_id)[-1].author == "Giulia <b>R.</b>"
    versions = member.client.get(f"/s/{session_id}/versions").text
    assert "Giulia &lt;b&gt;R.&lt;/b&gt;" in versions


def test_giving_a_name_needs_the_csrf_token_and_returns_only_to_our_own_pages(app: FastAPI, admin: Visitor) -> None:
    _, session_id = workspace_with_session(app, admin, "Names Guard")
    refused = admin.client.post("/me/name", data={"name": "Mallory", "back": "/"}, follow_redirects=False)
    assert refused.status_code == 403
    elsewhere = admin.client.post(
        "/me/name",
        data={"name": "Ann", "back": "https://evil.example/", "csrf_token": admin.csrf},
        follow_redirects=False,
    )
    assert elsewhere.status_code == 303 and elsewhere.headers["location"] == "/"
    assert "Mallory" not in admin.client.get(f"/s/{session_id}").text
