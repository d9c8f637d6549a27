"""The guard check page and `POST /api/v1/check`."""

from __future__ import annotations

import html
import json
import re

import pytest

from carepost.guard import check
from carepost.web.checkview import ACTION_LABELS, segments
from tests.web.conftest import PERSONAS, Site
from tests.web.test_api import token_for

# The guard's own behaviour is tested with the guard; here the expectations come from its
# verdict, and the page must show exactly that.
TEXT = "Great news @jdoe88, your MRI on 3/14 came back clear!"


@pytest.fixture(scope="module")
def verdict():
    result = check(TEXT, "outbound", "reply")
    assert result.findings, "the sample text must give findings for these tests to mean much"
    return result


def marked(page: str) -> str:
    return "".join(
        html.unescape(t) for t in re.findall(r'<mark class="finding \w+">([^<]*)</mark>', page)
    )


def test_check_page_highlights_findings_with_explanations_and_fixes(site: Site, verdict) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    form = client.get("/check")
    assert form.status_code == 200
    assert 'for="check-text"' in form.text and 'hx-post="/check"' in form.text
    page = client.post("/check", {"text": TEXT, "direction": "outbound", "context": "reply"})
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    label = ACTION_LABELS[verdict.action]
    assert f'Verdict: <span class="verdict">{label}</span>' in page.text
    expected = "".join(seg.text for seg in segments(verdict) if seg.refs)
    assert expected and marked(page.text) == expected
    for number, finding in enumerate(verdict.findings, start=1):
        assert f'id="finding-{number}"' in page.text
        assert html.escape(finding.message, quote=False) in page.text.replace("&#39;", "'")
        assert f"<code>{finding.rule}</code>" in page.text
    assert "Rule:" in page.text
    assert "<!doctype html>" in page.text  # a plain form post gets the whole page


def test_htmx_requests_get_only_the_result_fragment(site: Site, verdict) -> None:
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
    assert marked(fragment.text) == "".join(s.text for s in segments(verdict) if s.refs)


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


def test_api_check_returns_the_verdict(site: Site, verdict) -> None:
    token = token_for(site, site.ids["author"], "author")
    response = site.client().http.post(
        "/api/v1/check",
        headers={"authorization": f"Bearer {token}"},
        json={"text": TEXT, "direction": "outbound", "context": "reply"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(verdict.to_dict()))
    assert "text" not in body
    bad = site.client().http.post(
        "/api/v1/check",
        headers={"authorization": f"Bearer {token}"},
        json={"text": TEXT, "direction": "sideways"},
    )
    assert bad.status_code == 422 and "jdoe88" not in bad.text
    assert "/api/v1/check" in site.client().http.get("/api/v1/openapi.json").json()["paths"]
