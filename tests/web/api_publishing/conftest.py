"""Fixtures for the publishing API: tokens per persona, a webhook channel on the real receiver."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.web.conftest import Site
from tests.web.test_api import token_for
from tests.worker.helpers import webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
BASE = "/api/v1/orgs/plainview"
SAFE = "Our flu clinic is open Saturday 9 to 12 at the main site. Walk-ins welcome."
PHI = "Get well soon John Smith, MRN 12345678, room 4B after your surgery yesterday!"

Call = Callable[..., Any]


@pytest.fixture
def tokens(site: Site) -> dict[str, str]:
    """One API token per role of Plainview, plus Riverside's admin under `other_admin`."""
    found = {role: token_for(site, site.ids[role], role)
             for role in ("admin", "privacy_officer", "approver", "author", "responder",
                          "viewer")}
    found["other_admin"] = token_for(site, site.ids["other_admin"], "admin", "other_org")
    return found


@pytest.fixture
def call(site: Site, tokens: dict[str, str]) -> Call:
    """call(role, method, url, **kwargs): an API request with that persona's token."""
    client = site.client().http

    def run(role: str, method: str, url: str, **kwargs: Any) -> Any:
        headers = {"authorization": f"Bearer {tokens[role]}"}
        return client.request(method, url, headers=headers, **kwargs)

    return run


@pytest.fixture
def channel(call: Call, receiver: Receiver) -> int:
    """A webhook channel pointing at the loopback receiver, connected by the admin."""
    response = call("admin", "POST", f"{BASE}/channels",
                    json={"kind": "webhook", "name": "Hook",
                          "config": webhook_config(receiver.url, SECRET)})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def error(response: Any) -> dict[str, str]:
    """The JSON error of a response."""
    body = response.json()
    assert set(body) == {"error"}, body
    return dict(body["error"])


def approved(call: Call, channel: int, text: str = SAFE) -> int:
    """A post written by the author and approved by the approver; return its id."""
    created = call("author", "POST", f"{BASE}/posts",
                   json={"title": "Flu", "variants": [{"channel_id": channel, "text": text}]})
    assert created.status_code == 201, created.text
    post_id = int(created.json()["id"])
    assert call("author", "POST", f"{BASE}/posts/{post_id}/submit").status_code == 200
    review = call("approver", "POST", f"{BASE}/posts/{post_id}/review",
                  json={"decision": "approved"})
    assert review.status_code == 200, review.text
    return post_id
