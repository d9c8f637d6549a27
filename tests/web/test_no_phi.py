"""Texts full of names, phone numbers and record numbers go through every kind of request;
none of them may appear in the logs or in any error response."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from carepost.logs import configure_logging
from tests.web.conftest import PERSONAS, Site
from tests.web.test_api import token_for

PHI = "Jane Quinlan Doe, DOB 1961-04-12, MRN 00412233, call (555) 867-5309"
# Distinctive pieces: any of them in a log line or error body is a leak.
PIECES = ("Quinlan", "1961-04-12", "00412233", "867-5309", "Jane%20Quinlan", "Jane+Quinlan")


@pytest.fixture
def captured(site: Site) -> Iterator[io.StringIO]:
    """Everything logged anywhere (carepost's JSON lines and any library's records, with
    tracebacks) during the test."""
    stream = io.StringIO()
    configure_logging(site.settings, stream=stream)
    catch_all = logging.StreamHandler(stream)
    catch_all.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    # httpx logs the URLs this test itself requests: that is the client, not carepost.
    catch_all.addFilter(lambda record: not record.name.startswith(("httpx", "httpcore")))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(catch_all)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(catch_all)
        root.setLevel(old_level)
        logging.getLogger("carepost").handlers.clear()


def _assert_clean(text: str, where: str) -> None:
    for piece in PIECES:
        assert piece not in text, f"{where} contains PHI ({piece!r})"


def test_phi_never_reaches_logs_or_error_responses(
    site: Site, captured: io.StringIO, monkeypatch
) -> None:
    errors = []

    def keep(response):
        if response.status_code >= 400:
            errors.append(response)
        return response

    client = site.client()
    http = client.http
    # Sign-in attempts with PHI as email and password, with and without a CSRF token.
    client.get("/login")
    keep(client.post("/login", {"email": PHI, "password": PHI}))
    keep(client.post("/login", {"email": "jane.quinlan.doe@example.org", "password": PHI}))
    keep(http.post("/login", data={"email": PHI, "password": PHI, "csrf_token": PHI}))
    # Signed in: forms full of PHI.
    client.login(PERSONAS["admin"])
    client.get("/members")
    keep(
        client.post(
            "/members",
            {"email": PHI, "password": "long enough pw", "role": "author", "display_name": PHI},
        )
    )
    keep(
        client.post(
            "/members",
            {"email": "x@plainview.example", "password": "short", "role": PHI, "display_name": PHI},
        )
    )
    keep(client.post(f"/members/{site.ids['author']}/role", {"role": PHI}))
    keep(client.post("/org/switch", {"org": PHI[:60]}))
    keep(client.get(f"/audit?since={PHI}&action={PHI}"))
    keep(client.get(f"/audit?actor_id={PHI}"))
    keep(http.get(f"/patients/{PHI}"))
    keep(http.post("/members", data={"email": PHI, "csrf_token": PHI}))
    # The API: bodies, paths and queries with PHI, malformed JSON.
    token = token_for(site, site.ids["admin"], "admin")
    auth = {"authorization": f"Bearer {token}"}
    keep(
        http.post(
            "/api/v1/orgs/plainview/members",
            headers=auth,
            json={"email": PHI, "password": PHI, "role": "author"},
        )
    )
    keep(
        http.post("/api/v1/orgs/plainview/members", headers=auth, json={"email": PHI, "role": PHI})
    )
    keep(
        http.post(
            "/api/v1/orgs/plainview/members",
            headers={**auth, "content-type": "application/json"},
            content=f'{{"email": "{PHI}", ',
        )
    )
    keep(
        http.patch(
            f"/api/v1/orgs/plainview/members/{site.ids['author']}", headers=auth, json={"role": PHI}
        )
    )
    keep(http.get(f"/api/v1/orgs/{PHI[:60]}/members", headers=auth))
    keep(http.get(f"/api/v1/orgs/plainview/audit/events?since={PHI}", headers=auth))
    keep(http.get(f"/api/v1/orgs/plainview/members/{PHI}", headers=auth))
    keep(http.get("/api/v1/me", headers={"authorization": f"Bearer {PHI}"}))
    keep(
        http.post(
            "/api/v1/orgs/plainview/tokens", headers=auth, json={"name": PHI * 5, "role": "author"}
        )
    )
    # A 500 whose exception message quotes PHI.
    from carepost.services import accounts

    def explode(*args, **kwargs):
        raise RuntimeError(f"could not process {PHI}")

    monkeypatch.setattr(accounts, "list_members", explode)
    keep(client.get("/members"))
    keep(http.get("/api/v1/orgs/plainview/members", headers=auth))

    statuses = sorted({r.status_code for r in errors})
    assert {401, 403, 404, 422, 500} <= set(statuses), statuses
    assert len(errors) >= 20
    for response in errors:
        _assert_clean(
            response.text, f"{response.request.method} error response {response.status_code}"
        )
        _assert_clean(str(response.headers), "response headers")
    logs = captured.getvalue()
    assert "web.unhandled_error" in logs and "web.request" in logs  # the logs were captured
    _assert_clean(logs, "the logs")
