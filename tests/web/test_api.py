"""The JSON API: token auth scoped to one organisation, members, tokens, audit, JSON errors."""

from __future__ import annotations

import json

import pytest

from carepost.services.actor import cli_actor
from carepost.services.tokens import create_token
from carepost.storage.db import transaction
from tests.web.conftest import PERSONAS, Site, audit_rows


def token_for(site: Site, persona_id: int, role: str, org_key: str = "org") -> str:
    """Mint a token for a persona through the tokens service (as the operator)."""
    with transaction(site.engine) as db:
        plaintext, _row = create_token(
            db, cli_actor(org_id=site.ids[org_key]), "test", role, user_id=persona_id
        )
    return plaintext


@pytest.fixture
def api(site: Site):
    client = site.client().http

    def call(method: str, url: str, token: str, **kwargs):
        return client.request(method, url, headers={"authorization": f"Bearer {token}"}, **kwargs)

    return call


def test_me_describes_the_token(site: Site, api) -> None:
    token = token_for(site, site.ids["admin"], "admin")
    body = api("GET", "/api/v1/me", token).json()
    assert body["user_id"] == site.ids["admin"]
    assert body["role"] == "admin" and body["via"] == "token"
    assert body["organisation"]["slug"] == "plainview"


def test_unknown_token_is_401_json_and_audited(site: Site, api) -> None:
    before = len(audit_rows(site.engine))
    response = api("GET", "/api/v1/me", "cp_000000000000_" + "A" * 43)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert [e.action for e in audit_rows(site.engine)[before:]] == ["auth.token_failed"]


def test_a_token_used_for_another_org_is_403_json_and_audited(site: Site, api) -> None:
    token = token_for(site, site.ids["admin"], "admin")
    before = len(audit_rows(site.engine))
    response = api("GET", "/api/v1/orgs/riverside/members", token)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "wrong_organisation"
    new = audit_rows(site.engine)[before:]
    assert [e.action for e in new] == ["permission.denied"]
    assert json.loads(new[0].detail) == {"action": "token.other_org"}


def test_members_list_add_change_remove(site: Site, api) -> None:
    token = token_for(site, site.ids["admin"], "admin")
    listed = api("GET", "/api/v1/orgs/plainview/members", token)
    assert listed.status_code == 200
    assert {m["email"] for m in listed.json()} == set(PERSONAS.values())
    added = api(
        "POST",
        "/api/v1/orgs/plainview/members",
        token,
        json={"email": "social@plainview.example", "password": "a fine password", "role": "viewer"},
    )
    assert added.status_code == 201
    uid = added.json()["user_id"]
    changed = api(
        "PATCH", f"/api/v1/orgs/plainview/members/{uid}", token, json={"role": "responder"}
    )
    assert changed.status_code == 200 and changed.json()["role"] == "responder"
    assert api("DELETE", f"/api/v1/orgs/plainview/members/{uid}", token).status_code == 204
    emails = {m["email"] for m in api("GET", "/api/v1/orgs/plainview/members", token).json()}
    assert "social@plainview.example" not in emails


def test_an_author_cannot_grant_themselves_admin_via_the_api(site: Site, api) -> None:
    token = token_for(site, site.ids["author"], "author")
    before = len(audit_rows(site.engine))
    response = api(
        "PATCH",
        f"/api/v1/orgs/plainview/members/{site.ids['author']}",
        token,
        json={"role": "admin"},
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert [e.action for e in audit_rows(site.engine)[before:]] == ["permission.denied"]
    roles = {
        m["email"]: m["role"] for m in api("GET", "/api/v1/orgs/plainview/members", token).json()
    }
    assert roles[PERSONAS["author"]] == "author"


def test_invalid_body_names_fields_without_echoing_values(site: Site, api) -> None:
    token = token_for(site, site.ids["admin"], "admin")
    response = api(
        "POST", "/api/v1/orgs/plainview/members", token, json={"email": "Mary Major MRN 4471932"}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "password" in error["message"] and "role" in error["message"]
    assert "Mary Major" not in response.text
    bad_email = api(
        "POST",
        "/api/v1/orgs/plainview/members",
        token,
        json={"email": "Mary Major MRN 4471932", "password": "a fine password", "role": "author"},
    )
    assert bad_email.status_code == 422
    assert bad_email.json()["error"]["message"] == "email: is not a valid email address"


def test_tokens_create_list_revoke(site: Site, api) -> None:
    token = token_for(site, site.ids["author"], "author")
    created = api(
        "POST", "/api/v1/orgs/plainview/tokens", token, json={"name": "ci", "role": "author"}
    )
    assert created.status_code == 201
    assert created.headers["cache-control"] == "no-store"
    new = created.json()
    assert new["token"].startswith("cp_") and new["info"]["role"] == "author"
    listed = api("GET", "/api/v1/orgs/plainview/tokens", token).json()
    assert {t["name"] for t in listed} == {"test", "ci"}
    assert all("token" not in t and "token_hash" not in t for t in listed)
    assert (
        api("DELETE", f"/api/v1/orgs/plainview/tokens/{new['info']['id']}", token).status_code
        == 204
    )
    assert api("GET", "/api/v1/me", new["token"]).status_code == 401
    too_high = api(
        "POST", "/api/v1/orgs/plainview/tokens", token, json={"name": "x", "role": "admin"}
    )
    assert too_high.status_code == 403


def test_audit_events_filters_and_export(site: Site, api) -> None:
    token = token_for(site, site.ids["privacy_officer"], "privacy_officer")
    everything = api("GET", "/api/v1/orgs/plainview/audit/events", token).json()
    actions = [e["action"] for e in everything["events"]]
    assert actions[0] == "org.created" and "token.created" in actions
    assert all(e["org_id"] == site.ids["org"] for e in everything["events"])
    only = api(
        "GET", "/api/v1/orgs/plainview/audit/events?action=member.added&limit=1", token
    ).json()
    assert [e["action"] for e in only["events"]] == ["member.added"]
    # The personas were added by the operator (no actor id); give the admin an event.
    admin_token = token_for(site, site.ids["admin"], "admin")
    api(
        "PATCH",
        f"/api/v1/orgs/plainview/members/{site.ids['viewer']}",
        admin_token,
        json={"role": "responder"},
    )
    by_actor = api(
        "GET", f"/api/v1/orgs/plainview/audit/events?actor_id={site.ids['admin']}", token
    ).json()
    assert [e["action"] for e in by_actor["events"]] == ["member.role_changed"]
    assert {e["actor_id"] for e in by_actor["events"]} == {site.ids["admin"]}
    future = api("GET", "/api/v1/orgs/plainview/audit/events?since=2999-01-01", token).json()
    assert future["events"] == []
    bad = api("GET", "/api/v1/orgs/plainview/audit/events?since=yesterday", token)
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("since:")
    export = api("GET", "/api/v1/orgs/plainview/audit/export?fmt=jsonl", token)
    assert export.status_code == 200
    lines = [json.loads(line) for line in export.text.splitlines()]
    assert [e["seq"] for e in lines] == sorted(e["seq"] for e in lines)
    assert lines[0]["action"] == "org.created"
    latest = api("GET", "/api/v1/orgs/plainview/audit/events?action=audit.exported", token).json()
    assert len(latest["events"]) == 1


def test_authors_cannot_read_the_audit_log_via_the_api(site: Site, api) -> None:
    token = token_for(site, site.ids["author"], "author")
    response = api("GET", "/api/v1/orgs/plainview/audit/events", token)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_api_ignores_session_cookies(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    assert client.http.get("/api/v1/me").status_code == 401
