"""The app shell: health check, static assets, OpenAPI, error pages and JSON errors."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from carepost.storage.db import make_engine
from carepost.web.app import create_app
from tests.web.conftest import Site, make_settings

STATIC = Path(__file__).resolve().parents[2] / "src" / "carepost" / "web" / "static"


def test_healthz_answers_ok_when_the_database_answers(site: Site) -> None:
    response = site.client().http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_503_json_when_the_database_does_not_answer(tmp_path) -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    dead = make_engine(
        "postgresql://postgres@127.0.0.1:1/nothing", connect_args={"connect_timeout": 2}
    )
    app = create_app(make_settings(tmp_path), engine=dead)
    response = TestClient(app).get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["error"]["code"] == "database_unavailable"


def test_htmx_is_served_from_the_package_with_its_licence(site: Site) -> None:
    client = site.client().http
    js = client.get("/static/htmx.min.js")
    assert js.status_code == 200
    assert js.content == (STATIC / "htmx.min.js").read_bytes()
    assert "Zero-Clause BSD" in (STATIC / "htmx.LICENSE").read_text()
    assert "htmx.org" in (STATIC / "VENDORED.md").read_text()


def test_pages_load_scripts_only_from_this_site(site: Site) -> None:
    page = site.client().get("/login").text
    assert 'src="/static/htmx.min.js"' in page
    assert "http://" not in page.split("<body", 1)[0] and "https://" not in page


def test_openapi_document_lists_the_api_and_no_pages(site: Site) -> None:
    doc = site.client().http.get("/api/v1/openapi.json").json()
    paths = set(doc["paths"])
    for expected in (
        "/api/v1/me",
        "/api/v1/orgs/{org}/members",
        "/api/v1/orgs/{org}/members/{user_id}",
        "/api/v1/orgs/{org}/tokens",
        "/api/v1/orgs/{org}/tokens/{token_id}",
        "/api/v1/orgs/{org}/audit/events",
        "/api/v1/orgs/{org}/audit/export",
    ):
        assert expected in paths
    assert not any(p in paths for p in ("/login", "/members", "/setup", "/healthz"))
    members = doc["paths"]["/api/v1/orgs/{org}/members"]
    assert set(members) >= {"get", "post"}
    assert "403" in members["get"]["responses"]


def test_unknown_page_is_a_generic_404_page(site: Site) -> None:
    response = site.client().http.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Page not found" in response.text
    assert 'lang="en"' in response.text


def test_unknown_api_path_is_a_json_404(site: Site) -> None:
    response = site.client().http.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "There is nothing at this address."}
    }


def test_api_without_token_is_401_json(site: Site) -> None:
    response = site.client().http.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_an_unhandled_error_gives_a_generic_500_page_without_traceback(
    site: Site, monkeypatch
) -> None:
    from carepost.services import accounts

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail that must not be shown")

    monkeypatch.setattr(accounts, "list_members", broken)
    client = site.client()
    client.login("admin@plainview.example")
    response = client.http.get("/members")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "internal detail" not in response.text
    assert "Traceback" not in response.text and "RuntimeError" not in response.text


def test_an_unhandled_api_error_is_a_json_500(site: Site, monkeypatch) -> None:
    from carepost.web import deps

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(deps, "_token_actor", broken)
    response = site.client().http.get("/api/v1/me", headers={"authorization": "Bearer x"})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "internal detail" not in response.text


def test_security_headers_on_pages_api_and_errors(site: Site, monkeypatch) -> None:
    client = site.client().http
    for response in (client.get("/login"), client.get("/api/v1/me"), client.get("/nope")):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")
    from carepost.web import deps

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(deps, "_token_actor", broken)
    failed = client.get("/api/v1/me", headers={"authorization": "Bearer x"})
    assert failed.status_code == 500 and "content-security-policy" in failed.headers


def test_the_api_and_static_files_set_no_session_cookie(site: Site) -> None:
    client = site.client().http
    for url in ("/api/v1/me", "/api/v1/openapi.json", "/static/app.css", "/healthz"):
        assert "set-cookie" not in client.get(url).headers, url
    assert "set-cookie" in client.get("/login").headers


def test_openapi_declares_the_bearer_token_scheme(site: Site) -> None:
    doc = site.client().http.get("/api/v1/openapi.json").json()
    scheme = doc["components"]["securitySchemes"]["apiToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert doc["paths"]["/api/v1/me"]["get"]["security"] == [{"apiToken": []}]
