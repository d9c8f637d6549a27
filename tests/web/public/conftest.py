"""Public blog fixtures: Plainview's blog with entries published through the real connector."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from carepost.connectors.base import Media, OutboundItem
from carepost.connectors.blog.connector import BlogConnector
from carepost.connectors.blog.schema import BlogConfig
from carepost.storage.blog_store import SqlBlogStore
from carepost.web.public import formtoken
from tests.connectors.blog.conftest import blog_config
from tests.web.conftest import Site, WebClient

_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@pytest.fixture
def blog(site: Site) -> BlogConnector:
    """Plainview's blog connector, on the site's database."""
    connector = BlogConnector(BlogConfig.from_mapping(blog_config(public_url="")),
                              SqlBlogStore(site.engine))
    assert connector.test_connection().ok
    return connector


@pytest.fixture
def publish(blog: BlogConnector) -> Callable[..., str]:
    """Publish an entry; return its slug."""
    counter = iter(range(10_000))

    def run(text: str, subject: str | None = None, media: tuple[Media, ...] = ()) -> str:
        key = f"3lbweb{next(counter):07d}"
        url = blog.publish(OutboundItem(text=text, subject=subject, media=media), key).url
        assert url is not None
        return url.rsplit("/", 1)[1]

    return run


@pytest.fixture
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let tests send the comment form at once (people take seconds; tests need not)."""
    monkeypatch.setattr(formtoken, "MIN_SECONDS", 0)


def form_token(client: WebClient, url: str) -> str:
    """Open the entry page and return its comment form's token."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    found = _TOKEN.search(page.text)
    assert found, "the page has no comment form"
    return found.group(1)
