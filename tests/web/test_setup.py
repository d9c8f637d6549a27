"""First-run setup through the one-time link."""

from __future__ import annotations

from tests.web.conftest import Site, audit_actions

GOOD = {
    "org_name": "Plainview Clinic",
    "org_slug": "",
    "email": "founder@plainview.example",
    "password": "a long first password",
    "password2": "a long first password",
}


def _open(client, site: Site):
    return client.get(f"/setup?token={site.setup_link.token}")


def test_setup_link_creates_the_org_and_admin_and_signs_in(empty_site: Site) -> None:
    client = empty_site.client()
    form = _open(client, empty_site)
    assert form.status_code == 200
    assert 'for="org_name"' in form.text and 'id="org_name"' in form.text
    response = client.post("/setup", {**GOOD, "token": empty_site.setup_link.token})
    assert response.status_code == 200
    assert response.url.path == "/"
    assert "Plainview Clinic" in response.text and "Administrator" in response.text
    assert "setup.completed" in audit_actions(empty_site.engine)
    # The link is used up and the page is gone.
    assert empty_site.setup_link.used
    assert client.http.get(f"/setup?token={empty_site.setup_link.token}").status_code == 404
    assert client.http.get("/setup").status_code == 404


def test_setup_needs_the_right_token(empty_site: Site) -> None:
    client = empty_site.client()
    assert client.get("/setup").status_code == 403
    assert client.get("/setup?token=guess").status_code == 403
    client.get("/login")
    response = client.post("/setup", {**GOOD, "token": "guess"})
    assert response.status_code == 403
    assert "not valid" in response.text
    assert "setup.completed" not in audit_actions(empty_site.engine)


def test_an_expired_link_is_refused(empty_site: Site) -> None:
    empty_site.setup_link.expires_at = 0
    assert _open(empty_site.client(), empty_site).status_code == 403


def test_mismatched_passwords_keep_the_link_usable(empty_site: Site) -> None:
    client = empty_site.client()
    _open(client, empty_site)
    response = client.post(
        "/setup", {**GOOD, "password2": "something else", "token": empty_site.setup_link.token}
    )
    assert response.status_code == 422
    assert "The two passwords differ." in response.text
    assert "founder@plainview.example" not in response.text
    assert not empty_site.setup_link.used
    response = client.post(
        "/setup", {**GOOD, "email": "not an email", "token": empty_site.setup_link.token}
    )
    assert response.status_code == 422
    assert "email" in response.text
    assert not empty_site.setup_link.used
    assert audit_actions(empty_site.engine) == []  # nothing half-saved
    done = client.post("/setup", {**GOOD, "token": empty_site.setup_link.token})
    assert done.url.path == "/"


def test_login_page_points_to_the_setup_link_on_an_empty_database(empty_site: Site) -> None:
    page = empty_site.client().get("/login").text
    assert "setup link" in page
