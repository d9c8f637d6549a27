"""The guard settings page and API, and their effect on every guard view of the organisation."""

from __future__ import annotations

from carepost.storage.db import transaction
from tests.conftest import ORG_SLUG
from tests.web.conftest import OTHER_ADMIN, PERSONAS, Site, audit_actions
from tests.web.test_api import token_for

STAFF_THANKS = "Saw Maria Gomez at the infusion center today"
SETTINGS_API = f"/api/v1/orgs/{ORG_SLUG}/guard-settings"


def _check(client, text: str) -> str:
    return client.post("/check", {"text": text, "direction": "inbound",
                                  "context": "comment"}).text


def test_a_privacy_officer_lists_staff_and_the_check_page_stops_flagging_them(site: Site) -> None:
    officer = site.client()
    officer.login(PERSONAS["privacy_officer"])
    assert "NAME" in _check(officer, STAFF_THANKS)
    page = officer.get("/settings/guard")
    assert page.status_code == 200 and "pharma-brand" in page.text
    saved = officer.post("/settings/guard", {"policy": "us-provider",
                                             "staff": "Maria Gomez\n\n", "phones": ""})
    assert "Guard settings saved." in saved.text
    assert "Maria Gomez" in saved.text
    assert "NAME" not in _check(officer, STAFF_THANKS)
    assert "guard.settings_changed" in audit_actions(site.engine)


def test_bad_input_names_the_field_and_keeps_what_was_typed(site: Site) -> None:
    admin = site.client()
    admin.login(PERSONAS["admin"])
    admin.get("/settings/guard")
    response = admin.post("/settings/guard", {"policy": "us-provider", "phones": "555-01",
                                              "staff": "Renee Le"})
    assert response.status_code == 422
    assert "phones: each number needs at least 7 digits" in response.text
    assert "Renee Le" in response.text  # nothing typed is lost
    assert "Traceback" not in response.text


def test_authors_may_read_but_not_change_them(site: Site) -> None:
    author = site.client()
    author.login(PERSONAS["author"])
    page = author.get("/settings/guard")
    assert page.status_code == 200
    assert "Only a privacy officer or an admin" in page.text
    refused = author.post("/settings/guard", {"policy": "pharma-brand"})
    assert refused.status_code == 403
    assert "permission.denied" in audit_actions(site.engine)


def test_the_api_reads_and_replaces_the_settings(site: Site) -> None:
    http = site.client().http
    officer = token_for(site, site.ids["privacy_officer"], "privacy_officer")
    author = token_for(site, site.ids["author"], "author")

    def call(method: str, token: str, **kwargs):
        return http.request(method, SETTINGS_API, headers={"authorization": f"Bearer {token}"},
                            **kwargs)

    assert call("GET", author).json() == {"policy": "us-provider", "profile": {}, "saved": False}
    put = call("PUT", officer, json={"policy": "pharma-brand",
                                     "profile": {"extra_terms": {"brands": ["Zentrava"]}}})
    assert put.status_code == 200, put.text
    assert put.json()["saved"] is True
    assert call("GET", author).json()["policy"] == "pharma-brand"
    assert call("PUT", author, json={"policy": "us-provider"}).status_code == 403
    bad = call("PUT", officer, json={"policy": "us-provider", "profile": {"phonez": []}})
    assert bad.status_code == 422 and "phonez" in bad.text
    # the API's own check now runs the organisation's pack
    verdict = http.post("/api/v1/check", headers={"authorization": f"Bearer {author}"},
                        json={"text": "Zentrava cuts migraine days in half.",
                              "direction": "outbound", "context": "post"}).json()
    assert verdict["policy"] == "pharma-brand"
    assert SETTINGS_API.replace(ORG_SLUG, "{org}") in http.get(
        "/api/v1/openapi.json").json()["paths"]


def test_settings_of_one_organisation_do_not_leak_into_another(site: Site) -> None:
    from carepost.services import guard_settings
    from carepost.services.accounts import actor_for

    with transaction(site.engine) as db:
        officer = actor_for(db, site.ids["privacy_officer"], ORG_SLUG)
        guard_settings.update(db, officer, "public-health", {"staff": ["Maria Gomez"]})
    other = site.client()
    other.login(OTHER_ADMIN)
    assert 'value="public-health" selected' not in other.get("/settings/guard").text
    assert "NAME" in _check(other, STAFF_THANKS)
