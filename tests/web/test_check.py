"""The guard check page and `POST /api/v1/check`."""

from __future__ import annotations

import re

from tests.web.conftest import PERSONAS, Site
from tests.web.test_api import token_for

TEXT = "Great news @jdoe88, your MRI on 3/14 came back clear!"


def test_check_page_highlights_findings_with_explanations_and_fixes(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    form = client.get("/check")
    assert form.status_code == 200
    assert 'for="check-text"' in form.text and 'hx-post="/check"' in form.text
    page = client.post("/check", {"text": TEXT, "direction": "outbound", "context": "reply"})
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert 'Verdict: <span class="verdict">Blocked</span>' in page.text
    marks = re.findall(r'<mark class="finding (\w+)">([^<]*)</mark>', page.text)
    assert ("block", "@jdoe88") in marks
    assert 'id="finding-1"' in page.text and "Fix:" in page.text and "Rule:" in page.text
    assert "<!doctype html>" in page.text  # a plain form post gets the whole page


def test_htmx_requests_get_only_the_result_fragment(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    client.get("/check")
    fragment = client.http.post(
        "/check",
        data={"text": TEXT, "direction": "outbound", "context": "reply"},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf},
    )
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith("<h2>Verdict:")
    assert "<html" not in fragment.text
    assert "@jdoe88</mark>" in fragment.text


def test_a_clean_text_has_no_findings(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    client.get("/check")
    page = client.post(
        "/check",
        {
            "text": "Join us for our annual community health fair this weekend.",
            "direction": "outbound",
            "context": "post",
        },
    )
    assert "No findings." in page.text
    assert "<mark" not in page.text


def test_bad_check_input_is_a_clear_error_without_the_text(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    client.get("/check")
    page = client.post("/check", {"text": TEXT, "direction": "sideways", "context": "reply"})
    assert page.status_code == 422
    assert "direction must be one of" in page.text
    assert "jdoe88" not in page.text
    long = client.post(
        "/check", {"text": "Jane Doe " * 2000, "direction": "outbound", "context": "post"}
    )
    assert long.status_code == 422 and "at most 10000 characters" in long.text
    assert "Jane Doe" not in long.text


def test_check_needs_a_signed_in_user(site: Site) -> None:
    assert site.client().http.get("/check", follow_redirects=False).status_code == 303


def test_api_check_returns_the_verdict(site: Site) -> None:
    token = token_for(site, site.ids["author"], "author")
    response = site.client().http.post(
        "/api/v1/check",
        headers={"authorization": f"Bearer {token}"},
        json={"text": TEXT, "direction": "outbound", "context": "reply"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["action"] == "block"
    assert body["labels"]["phi_disclosure"] is True
    assert {"start": 11, "end": 18}.items() <= body["spans"][0].items()
    assert "text" not in body
    bad = site.client().http.post(
        "/api/v1/check",
        headers={"authorization": f"Bearer {token}"},
        json={"text": TEXT, "direction": "sideways"},
    )
    assert bad.status_code == 422 and "jdoe88" not in bad.text
    assert "/api/v1/check" in site.client().http.get("/api/v1/openapi.json").json()["paths"]
