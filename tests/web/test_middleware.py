"""Request bodies are capped before any handler reads them (413, JSON or a page).

Regression for review finding #14: FastAPI read JSON bodies before the bearer-token check and
the CSRF check read forms before the sign-in check, so anonymous clients could send bodies of
any size. Small limits here keep the tests cheap; the defaults are checked in tests/core.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from carepost.connectors.base import OutboundItem
from carepost.connectors.blog.connector import BlogConnector
from carepost.connectors.blog.schema import BlogConfig
from carepost.storage.blog_store import SqlBlogStore
from carepost.web.app import create_app
from carepost.web.public import formtoken
from tests.connectors.blog.conftest import blog_config
from tests.web.conftest import Site, audit_actions, make_settings
from tests.web.public.conftest import form_token

BODY, UPLOAD = 4096, 16384


@pytest.fixture
def capped(site: Site, tmp_path: Path) -> Site:
    """The site with small body limits."""
    settings = make_settings(tmp_path, max_body_bytes=BODY, max_upload_bytes=UPLOAD)
    return dataclasses.replace(site, settings=settings, app=create_app(
        settings, engine=site.engine, setup_link=site.setup_link))


def _chunks(data: bytes, size: int = 1000) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


def test_an_anonymous_oversized_json_body_gets_413_json(capped: Site) -> None:
    before = audit_actions(capped.engine)
    body = json.dumps({"notes": "x" * BODY}).encode()
    response = capped.client().http.patch(
        "/api/v1/orgs/plainview/inbox/cases/1", content=body,
        headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large" and "4096 bytes" in error["message"]
    assert audit_actions(capped.engine) == before  # refused before anything ran


def test_an_oversized_page_form_gets_a_413_page(capped: Site) -> None:
    response = capped.client().http.post(
        "/alerts", data={"headline": "x" * BODY}, follow_redirects=False)
    assert response.status_code == 413
    assert "text/html" in response.headers["content-type"]
    assert "Too large" in response.text and "4096 bytes" in response.text
    assert "default-src" in response.headers["content-security-policy"]


def test_a_chunked_body_is_counted_as_it_arrives(capped: Site) -> None:
    response = capped.client().http.post(
        "/api/v1/orgs/plainview/check", content=_chunks(b"{" + b" " * BODY + b"}"),
        headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_a_declared_length_that_is_not_a_number_is_refused(capped: Site) -> None:
    response = capped.client().http.post(
        "/api/v1/orgs/plainview/check", content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": "2x"})
    assert response.status_code == 413


def test_multipart_uploads_get_the_larger_limit(capped: Site) -> None:
    http = capped.client().http
    url = "/api/v1/orgs/plainview/posts/1/images"
    fits = http.post(url, files={"image": ("a.png", b"\x89PNG" + bytes(BODY * 2), "image/png")})
    assert fits.status_code == 401  # read, then refused for want of a token: not 413
    too_big = http.post(url, files={"image": ("a.png", bytes(UPLOAD), "image/png")})
    assert too_big.status_code == 413
    assert "16384 bytes" in too_big.json()["error"]["message"]


def test_a_small_chunked_form_reaches_its_handler_whole(
    capped: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The blog comment form reads the stream itself: the replayed body must arrive intact.
    monkeypatch.setattr(formtoken, "MIN_SECONDS", 0)
    connector = BlogConnector(BlogConfig.from_mapping(blog_config(public_url="")),
                              SqlBlogStore(capped.engine))
    assert connector.test_connection().ok
    url = connector.publish(OutboundItem(text="Flu clinic", subject="Flu"), "3lbchunk00001").url
    assert url is not None
    client = capped.client()
    token = form_token(client, url)
    form = f"display_name=Sam&text=Thank+you&form_token={token}".encode()
    response = client.http.post(
        f"{url}/comments", content=_chunks(form, 7), follow_redirects=False,
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 303, response.text
    assert response.headers["location"].endswith("?comment=held#comments")
