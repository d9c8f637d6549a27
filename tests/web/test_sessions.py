"""Sessions in signed cookies, sign-in and sign-out, expiry, and CSRF on every form."""

from __future__ import annotations

import time

import pytest
from starlette.routing import Route

from carepost.crypto import derive, load_or_create_key
from carepost.web.app import create_app
from carepost.web.security import COOKIE_NAME, SessionCodec
from tests.web.conftest import ORG_NAME, PERSONAS, Site, audit_actions, audit_rows, make_settings


def _set_cookie(response) -> str:
    return next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and COOKIE_NAME in v
    )


def test_login_sets_an_httponly_samesite_cookie_and_shows_the_org(site: Site) -> None:
    client = site.client()
    client.get("/login")
    response = client.post(
        "/login",
        {"email": PERSONAS["admin"], "password": "correct horse battery staple"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = _set_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    home = client.get("/")
    assert home.status_code == 200
    assert ORG_NAME in home.text
    assert "auth.login" in audit_actions(site.engine)


def test_cookie_is_secure_behind_tls(empty_site: Site, tmp_path) -> None:
    settings = make_settings(tmp_path / "tls", behind_tls=True)
    app = create_app(settings, engine=empty_site.engine)
    from fastapi.testclient import TestClient

    response = TestClient(app, base_url="https://testserver").get("/login")
    assert "Secure" in _set_cookie(response)


def test_wrong_password_shows_a_clear_message_and_is_audited(site: Site) -> None:
    client = site.client()
    response = client.login(PERSONAS["admin"], "not the password at all")
    assert response.status_code == 401
    assert "Wrong email or password." in response.text
    assert 'role="alert"' in response.text
    assert "auth.login_failed" in audit_actions(site.engine)
    assert client.http.get("/", follow_redirects=False).status_code == 303


def test_lockout_after_repeated_failures_says_so(site: Site) -> None:
    client = site.client()
    for _ in range(site.settings.login_max_failures):
        client.login(PERSONAS["author"], "wrong password here")
    response = client.login(PERSONAS["author"])  # even the right password is refused now
    assert response.status_code == 401
    assert "too many failed sign-ins" in response.text.lower()
    assert "auth.lockout" in audit_actions(site.engine)


def test_logout_ends_the_session(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    page = client.get("/")
    assert page.status_code == 200
    response = client.post("/logout")
    assert response.url.path == "/login"
    assert "You have signed out." in response.text
    assert client.http.get("/", follow_redirects=False).headers["location"].startswith("/login")


def _copy_cookie(site: Site, client) -> object:
    """A second browser holding a copy of `client`'s session cookie (a stolen cookie)."""
    thief = site.client()
    thief.http.cookies.set(COOKIE_NAME, client.http.cookies.get(COOKIE_NAME))
    return thief


def test_logout_also_ends_a_copied_cookie_and_is_audited(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    thief = _copy_cookie(site, client)
    assert thief.http.get("/", follow_redirects=False).status_code == 200
    client.post("/logout")
    assert thief.http.get("/", follow_redirects=False).status_code == 303
    assert "auth.logout" in audit_actions(site.engine)
    # signing straight back in works: the new session is issued after the revocation
    client.login(PERSONAS["admin"])
    assert client.http.get("/", follow_redirects=False).status_code == 200


def test_password_change_keeps_this_session_and_ends_the_others(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    other_device = _copy_cookie(site, client)
    client.get("/account")
    response = client.post("/account/password", {
        "current_password": "correct horse battery staple",
        "new_password": "a brand new long passphrase 42", "new_password2":
        "a brand new long passphrase 42"})
    assert "Password changed." in response.text
    assert client.http.get("/", follow_redirects=False).status_code == 200
    assert other_device.http.get("/", follow_redirects=False).status_code == 303


def test_pages_redirect_anonymous_visitors_to_login_with_next(site: Site) -> None:
    response = site.client().http.get("/members", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/members"


def test_expired_session_redirects_to_login_with_a_clear_message(site: Site) -> None:
    codec = SessionCodec(
        derive(load_or_create_key(site.settings), "session-cookie"), site.settings.session_max_age
    )
    issued = int(time.time()) - site.settings.session_max_age - 5
    stale = codec.dumps({"uid": site.ids["admin"], "org": "plainview", "csrf": "x", "iat": issued})
    client = site.client()
    client.http.cookies.set(COOKIE_NAME, stale)
    response = client.http.get("/members", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?expired=1"
    page = client.http.get(response.headers["location"])
    assert "Your session has expired. Please sign in again." in page.text


def test_a_form_posted_after_expiry_goes_to_login_not_a_csrf_error(site: Site) -> None:
    codec = SessionCodec(
        derive(load_or_create_key(site.settings), "session-cookie"), site.settings.session_max_age
    )
    issued = int(time.time()) - site.settings.session_max_age - 5
    stale = codec.dumps(
        {"uid": site.ids["admin"], "org": "plainview", "csrf": "tok", "iat": issued}
    )
    client = site.client()
    client.http.cookies.set(COOKIE_NAME, stale)
    before = len(audit_rows(site.engine))
    response = client.http.post(
        "/members",
        data={"email": "x@plainview.example", "password": "long enough pw", "csrf_token": "tok"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login?expired=1"
    assert len(audit_rows(site.engine)) == before  # nothing done, nothing to audit


def test_a_tampered_cookie_is_not_a_session(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    value = client.http.cookies.get(COOKIE_NAME)
    client.http.cookies.clear()
    client.http.cookies.set(COOKIE_NAME, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert client.http.get("/", follow_redirects=False).status_code == 303


def test_open_redirects_are_refused(site: Site) -> None:
    client = site.client()
    client.get("/login")
    response = client.post(
        "/login",
        {
            "email": PERSONAS["admin"],
            "password": "correct horse battery staple",
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_forged_csrf_token_is_refused_with_a_403_page_and_audited(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    client.get("/members")
    before = len(audit_rows(site.engine))
    response = client.post(
        "/members",
        {
            "email": "new@plainview.example",
            "password": "long enough password",
            "role": "author",
            "csrf_token": "forged",
        },
    )
    assert response.status_code == 403
    assert "did not come from carepost" in response.text
    rows = audit_rows(site.engine)[before:]
    assert [r.action for r in rows] == ["security.csrf_rejected"]
    assert rows[0].actor_id == site.ids["admin"]
    assert "new@plainview.example" not in client.get("/members").text  # nothing was saved


def test_missing_csrf_token_is_refused_even_for_login(site: Site) -> None:
    client = site.client()
    client.get("/login")
    response = client.post(
        "/login",
        {"email": PERSONAS["admin"], "password": "correct horse battery staple"},
        csrf=False,
    )
    assert response.status_code == 403
    assert "security.csrf_rejected" in audit_actions(site.engine)
    assert "auth.login" not in audit_actions(site.engine)


def test_csrf_header_is_accepted_for_htmx_requests(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    client.get("/")
    response = client.http.post(
        "/logout", headers={"X-CSRF-Token": client.csrf}, follow_redirects=False
    )
    assert response.status_code == 303


def _unsafe_page_routes() -> list[tuple[str, str]]:
    from carepost.web.pages import MODULES

    return [
        (method, route.path)
        for module in MODULES
        for route in module.router.routes
        if isinstance(route, Route)
        for method in sorted(route.methods or ())
        if method in ("POST", "PUT", "PATCH", "DELETE")
    ]


def test_every_unsafe_page_route_demands_the_csrf_token(site: Site) -> None:
    routes = _unsafe_page_routes()
    assert ("POST", "/login") in routes and ("POST", "/members") in routes
    client = site.client()
    client.login(PERSONAS["admin"])
    for method, path in routes:
        url = path.replace("{user_id}", str(site.ids["author"])).replace("{token_id}", "1")
        response = client.http.request(
            method, url, data={"csrf_token": "wrong"}, follow_redirects=False
        )
        assert response.status_code == 403, f"{method} {path} accepted a forged CSRF token"


@pytest.mark.parametrize("target", ["/", "/members", "/audit", "/tokens"])
def test_signed_in_pages_have_landmarks_and_a_skip_link(site: Site, target: str) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    page = client.get(target).text
    assert '<html lang="en">' in page
    assert 'class="skip-link" href="#main"' in page
    assert '<main id="main"' in page and "<header" in page and "<nav" in page and "<footer" in page


def test_htmx_requests_are_sent_to_login_with_hx_redirect(site: Site) -> None:
    response = site.client().http.post(
        "/check", data={"text": "x"}, headers={"HX-Request": "true"}, follow_redirects=False
    )
    # The CSRF check runs first for an anonymous visitor: the page is told to reload.
    assert response.status_code == 403 and response.headers["hx-refresh"] == "true"
    client = site.client()
    client.get("/login")
    response = client.http.post(
        "/check",
        data={"text": "x"},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf},
        follow_redirects=False,
    )
    assert response.status_code == 200
    assert response.headers["hx-redirect"] == "/login"


def test_disabling_an_account_ends_its_open_session(site: Site) -> None:
    from carepost.services import accounts
    from carepost.services.actor import cli_actor
    from carepost.storage.db import transaction

    client = site.client()
    client.login(PERSONAS["author"])
    assert client.http.get("/", follow_redirects=False).status_code == 200
    with transaction(site.engine) as db:
        accounts.set_disabled(db, cli_actor(), PERSONAS["author"], True)
    response = client.http.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
