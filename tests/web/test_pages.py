"""Members, tokens, audit log and organisation switcher pages."""

from __future__ import annotations

import re

from carepost.core.permissions import ROLES
from tests.web.conftest import (
    ORG_NAME,
    OTHER_ADMIN,
    OTHER_NAME,
    PERSONAS,
    Site,
    audit_actions,
    audit_rows,
)

NEW = {
    "email": "nurse.comms@plainview.example",
    "password": "initial password 1",
    "role": "author",
    "display_name": "",
}


def test_admin_adds_a_member_and_sees_the_audit_event(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    client.get("/members")
    response = client.post("/members", NEW)
    assert response.status_code == 200 and response.url.path == "/members"
    assert "Member added." in response.text
    assert NEW["email"] in response.text
    audit = client.get("/audit?action=member.added")
    assert audit.status_code == 200
    assert "<code>member.added</code>" in audit.text
    assert '"new_account":true' in audit.text.replace("&#34;", '"')


def test_the_new_member_can_sign_in(site: Site) -> None:
    admin = site.client()
    admin.login(PERSONAS["admin"])
    admin.get("/members")
    admin.post("/members", NEW)
    member = site.client()
    assert member.login(NEW["email"], NEW["password"]).url.path == "/"


def test_a_duplicate_member_is_a_clear_error_and_nothing_changes(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    client.get("/members")
    before = audit_actions(site.engine)
    response = client.post("/members", {**NEW, "email": PERSONAS["author"]})
    assert response.status_code == 409
    assert "already a member" in response.text
    assert audit_actions(site.engine) == before


def test_an_author_cannot_grant_themselves_admin_via_the_page(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    members = client.get("/members")
    assert members.status_code == 200
    assert "Change role" not in members.text  # no controls for authors
    before = len(audit_rows(site.engine))
    response = client.post(f"/members/{site.ids['author']}/role", {"role": "admin"})
    assert response.status_code == 403
    assert "You cannot do that" in response.text
    new = audit_rows(site.engine)[before:]
    assert [e.action for e in new] == ["permission.denied"]
    assert new[0].actor_id == site.ids["author"]
    # Still an author.
    assert "Author" in client.get("/").text


def test_admin_changes_a_role_and_cannot_demote_the_last_admin(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    client.get("/members")
    response = client.post(f"/members/{site.ids['author']}/role", {"role": "approver"})
    assert "Role changed." in response.text
    assert "member.role_changed" in audit_actions(site.engine)
    response = client.post(f"/members/{site.ids['admin']}/role", {"role": "viewer"})
    assert response.status_code == 409
    assert "last admin" in response.text


def test_admin_removes_a_member(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    client.get("/members")
    response = client.post(f"/members/{site.ids['author']}/remove")
    assert "Member removed." in response.text
    assert PERSONAS["author"] not in response.text


def test_token_page_shows_a_new_token_once(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    client.get("/tokens")
    response = client.post("/tokens", {"name": "scheduler", "role": "author"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "shown only once" in response.text
    import re

    plaintext = re.search(
        r'id="new-token-value" class="mono" readonly value="([^"]+)"', response.text
    ).group(1)
    again = client.get("/tokens")
    assert plaintext not in again.text
    me = client.http.get("/api/v1/me", headers={"authorization": f"Bearer {plaintext}"})
    assert me.status_code == 200 and me.json()["role"] == "author"
    token_id = re.search(r'action="/tokens/(\d+)/revoke"', again.text).group(1)
    client.post(f"/tokens/{token_id}/revoke")
    assert (
        client.http.get("/api/v1/me", headers={"authorization": f"Bearer {plaintext}"}).status_code
        == 401
    )


def test_an_author_cannot_mint_an_admin_token(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    page = client.get("/tokens")
    assert 'value="admin"' not in page.text
    response = client.post("/tokens", {"name": "sneaky", "role": "admin"})
    assert response.status_code == 403


def test_audit_page_filters_and_refuses_bad_dates_without_echoing_them(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    page = client.get("/audit?action=member.added")
    assert page.text.count("<code>member.added</code>") == len(ROLES)  # one per persona
    assert "<code>org.created</code>" not in page.text
    assert "<code>org.created</code>" in client.get("/audit").text
    bad = client.get("/audit?since=Jane+Roe+born+1961")
    assert bad.status_code == 422
    assert "since:" in bad.text and "Jane Roe" not in bad.text


def test_authors_cannot_read_the_audit_log(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    assert "/audit" not in client.get("/").text.split("<main", 1)[0]
    assert client.get("/audit").status_code == 403


def test_audit_export_downloads_csv_and_is_audited(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["privacy_officer"])
    client.get("/audit")
    response = client.post("/audit/export", {"fmt": "csv", "since": "", "until": ""})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    header, *rows = response.text.strip().splitlines()
    assert header.startswith("seq,ts,org_id")
    assert any(",org.created," in r for r in rows)
    assert audit_actions(site.engine)[-1] == "audit.exported"


def test_org_switcher_changes_the_current_org(site: Site) -> None:
    # Make the riverside admin also an author at plainview.
    admin = site.client()
    admin.login(PERSONAS["admin"])
    admin.get("/members")
    admin.post("/members", {"email": OTHER_ADMIN, "password": "ignored password", "role": "author"})
    client = site.client()
    client.login(OTHER_ADMIN)
    home = client.get("/")
    assert 'id="org-switch"' in home.text and 'for="org-switch"' in home.text
    first = ORG_NAME if "Administrator" not in home.text else OTHER_NAME
    target = "riverside" if first == ORG_NAME else "plainview"
    switched = client.post("/org/switch", {"org": target})
    assert switched.url.path == "/"
    assert ("Administrator" in switched.text) == (target == "riverside")
    refused = client.post("/org/switch", {"org": "no-such-org"})
    assert refused.status_code == 403


def test_a_user_without_an_organisation_is_told_so(site: Site) -> None:
    admin = site.client()
    admin.login(PERSONAS["admin"])
    admin.get("/members")
    admin.post(f"/members/{site.ids['author']}/remove")
    client = site.client()
    home = client.login(PERSONAS["author"])
    assert home.status_code == 200
    assert "No organisation" in home.text
    assert client.get("/members").status_code == 403  # no role, so no org.view
    assert client.get("/audit").status_code == 403


def test_audit_page_shows_newest_first_and_pages_back(site: Site) -> None:
    from carepost.services import audit
    from carepost.services.actor import cli_actor
    from carepost.storage.db import transaction

    with transaction(site.engine) as db:
        for i in range(60):
            audit.record(db, cli_actor(org_id=site.ids["org"]), "test.event", f"item:{i}")
    client = site.client()
    client.login(PERSONAS["privacy_officer"])
    first = client.get("/audit?action=test.event")
    assert "60 matching events, newest first." in first.text
    subjects = re.findall(r"<td>(item:\d+)</td>", first.text)
    assert subjects == [f"item:{i}" for i in range(59, 9, -1)]
    assert "Newer events" not in first.text
    older = re.search(r'href="([^"]*page=2[^"]*)"', first.text).group(1).replace("&amp;", "&")
    second = client.get(older)
    assert re.findall(r"<td>(item:\d+)</td>", second.text) == [
        f"item:{i}" for i in range(9, -1, -1)
    ]
    assert "Older events" not in second.text and "Newer events" in second.text
    assert (
        re.findall(r"<td>(item:\d+)</td>", client.get("/audit?action=test.event&page=3").text) == []
    )


def test_a_member_changes_their_own_password(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["author"])
    page = client.get("/account")
    assert page.status_code == 200 and 'for="current_password"' in page.text
    before = len(audit_rows(site.engine))
    wrong = client.post(
        "/account/password",
        {
            "current_password": "not it at all",
            "new_password": "brand new pass 1",
            "new_password2": "brand new pass 1",
        },
    )
    assert wrong.status_code == 422 and "The current password is wrong." in wrong.text
    assert [e.action for e in audit_rows(site.engine)[before:]] == ["user.password_change_failed"]
    differ = client.post(
        "/account/password",
        {
            "current_password": "correct horse battery staple",
            "new_password": "brand new pass 1",
            "new_password2": "other",
        },
    )
    assert "The two new passwords differ." in differ.text
    done = client.post(
        "/account/password",
        {
            "current_password": "correct horse battery staple",
            "new_password": "brand new pass 1",
            "new_password2": "brand new pass 1",
        },
    )
    assert "Password changed." in done.text
    assert site.client().login(PERSONAS["author"], "brand new pass 1").url.path == "/"
    assert site.client().login(PERSONAS["author"]).status_code == 401


def test_role_choices_offer_only_what_the_viewer_may_grant(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    page = client.get("/members").text
    add_form = page.split('id="new-role"', 1)[1].split("</select>", 1)[0]
    assert 'value="author"' in add_form and 'value="admin"' in add_form
    # Admins lack post.override_block, so only the operator can make a privacy officer.
    assert 'value="privacy_officer"' not in add_form
    # The existing privacy officer's row still shows their role, selected.
    row = page.split(f'id="role-{site.ids["privacy_officer"]}"', 1)[1].split("</select>", 1)[0]
    assert '<option value="privacy_officer" selected>' in row
