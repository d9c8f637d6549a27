"""Every unsafe publishing endpoint refuses a role without the action (403, audited), and the
edit endpoints name the bad field."""

from __future__ import annotations

import pytest

from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.web.api_publishing.conftest import BASE, SAFE, Call, error
from tests.web.conftest import Site, audit_actions
from tests.worker.helpers import webhook_config


def _draft(call: Call, channel: int) -> int:
    created = call("author", "POST", f"{BASE}/posts",
                   json={"variants": [{"channel_id": channel, "text": SAFE}]})
    return int(created.json()["id"])


@pytest.mark.parametrize("role", ["viewer", "responder"])
def test_roles_without_the_action_are_refused_everywhere(
    site: Site, call: Call, channel: int, receiver: Receiver, role: str
) -> None:
    post_id = _draft(call, channel)
    config = {"config": webhook_config(receiver.url, SECRET)}
    attempts = [
        ("POST", f"{BASE}/posts", {"json": {"variants": [{"channel_id": channel,
                                                          "text": SAFE}]}}),
        ("PUT", f"{BASE}/posts/{post_id}/variants/{channel}", {"json": {"text": SAFE}}),
        ("POST", f"{BASE}/posts/{post_id}/submit", {}),
        ("POST", f"{BASE}/posts/{post_id}/review", {"json": {"decision": "approved"}}),
        ("POST", f"{BASE}/posts/{post_id}/schedule", {"json": {"at": "now"}}),
        ("POST", f"{BASE}/posts/{post_id}/publish-now", {}),
        ("POST", f"{BASE}/posts/{post_id}/variants/{channel}/resolve",
         {"json": {"action": "check"}}),
        ("DELETE", f"{BASE}/posts/{post_id}/variants/{channel}/remote", {}),
        ("PUT", f"{BASE}/channels/{channel}/config", {"json": config}),
        ("POST", f"{BASE}/channels/{channel}/reconnect", {"json": config}),
        ("POST", f"{BASE}/channels/{channel}/test", {}),
        ("GET", f"{BASE}/archive", {}),
        ("GET", f"{BASE}/archive/export", {}),
    ]
    for method, url, kwargs in attempts:
        before = len(audit_actions(site.engine))
        response = call(role, method, url, **kwargs)
        assert response.status_code == 403, (method, url, response.text)
        assert error(response)["code"] == "forbidden"
        assert audit_actions(site.engine)[before:] == ["permission.denied"], (method, url)
    state = call("admin", "GET", f"{BASE}/posts/{post_id}").json()
    assert state["state"] == "draft" and state["version"] == 1  # nothing changed


def test_edit_endpoints_name_the_bad_field(call: Call, channel: int) -> None:
    post_id = _draft(call, channel)
    empty = call("author", "PUT", f"{BASE}/posts/{post_id}/variants/{channel}",
                 json={"text": " "})
    assert empty.status_code == 422 and error(empty)["message"] == "text: must not be empty"
    missing = call("author", "PUT", f"{BASE}/posts/{post_id}/variants/{channel}", json={})
    assert missing.status_code == 422 and "text" in error(missing)["message"]
    no_variant = call("author", "PUT", f"{BASE}/posts/{post_id}/variants/999",
                      json={"text": SAFE})
    assert no_variant.status_code == 404
    bad = call("admin", "POST", f"{BASE}/channels/{channel}/reconnect",
               json={"config": {"secret": 1}})
    assert bad.status_code == 422 and error(bad)["message"].startswith("config:")
    assert call("admin", "GET", f"{BASE}/channels").json()[0]["status"] == "active"
    assert call("viewer", "GET", f"{BASE}/posts/{post_id}/status").status_code == 200
    assert call("viewer", "GET", f"{BASE}/posts/999/status").status_code == 404
    assert call("viewer", "GET", f"{BASE}/posts/999/guard").status_code == 404
