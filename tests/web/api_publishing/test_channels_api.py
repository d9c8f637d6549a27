"""Channels through the JSON API: connect, list, reconfigure, test, reconnect; refusals."""

from __future__ import annotations

from sqlalchemy import update

from carepost.storage.db import transaction
from carepost.storage.publishing import Channel
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.web.api_publishing.conftest import BASE, Call, error
from tests.web.conftest import Site, audit_actions
from tests.worker.helpers import webhook_config


def test_connect_list_and_the_config_never_comes_back(
    call: Call, channel: int, receiver: Receiver
) -> None:
    listed = call("viewer", "GET", f"{BASE}/channels")
    assert listed.status_code == 200
    [row] = listed.json()
    assert row["id"] == channel and row["kind"] == "webhook" and row["status"] == "active"
    assert row["network"].startswith("webhook:127.0.0.1")
    assert "config" not in row and SECRET not in listed.text


def test_bad_channel_input_names_the_field_and_saves_nothing(call: Call) -> None:
    unknown = call("admin", "POST", f"{BASE}/channels",
                   json={"kind": "myspace", "name": "x", "config": {}})
    assert unknown.status_code == 422
    assert error(unknown)["message"].startswith("kind: must be one of")
    missing = call("admin", "POST", f"{BASE}/channels",
                   json={"kind": "webhook", "name": "Hook", "config": {"secret": "abc"}})
    assert missing.status_code == 422 and error(missing)["message"].startswith("config:")
    no_name = call("admin", "POST", f"{BASE}/channels", json={"kind": "webhook", "config": {}})
    assert no_name.status_code == 422 and "name" in error(no_name)["message"]
    assert call("admin", "GET", f"{BASE}/channels").json() == []


def test_only_channel_managers_connect_and_refusals_are_audited(
    site: Site, call: Call, receiver: Receiver
) -> None:
    body = {"kind": "webhook", "name": "Hook", "config": webhook_config(receiver.url, SECRET)}
    for role in ("approver", "author", "privacy_officer", "viewer"):
        refused = call(role, "POST", f"{BASE}/channels", json=body)
        assert refused.status_code == 403 and error(refused)["code"] == "forbidden"
    assert audit_actions(site.engine)[-1] == "permission.denied"
    other = call("other_admin", "GET", f"{BASE}/channels")
    assert other.status_code == 403 and error(other)["code"] == "wrong_organisation"


def test_test_connection_and_reconfigure(call: Call, channel: int, receiver: Receiver) -> None:
    tested = call("admin", "POST", f"{BASE}/channels/{channel}/test")
    assert tested.status_code == 200, tested.text
    assert tested.json()["ok"] is True and tested.json()["status"] == "active"
    assert receiver.deliveries[-1].json()["type"] == "ping"
    refused = call("approver", "POST", f"{BASE}/channels/{channel}/test")
    assert refused.status_code == 403
    bad = call("admin", "PUT", f"{BASE}/channels/{channel}/config", json={"config": {"url": 3}})
    assert bad.status_code == 422 and error(bad)["message"].startswith("config:")
    moved = webhook_config(receiver.url + "/v2", SECRET)
    changed = call("admin", "PUT", f"{BASE}/channels/{channel}/config", json={"config": moved})
    assert changed.status_code == 200 and changed.json()["id"] == channel
    missing = call("admin", "POST", f"{BASE}/channels/999/test")
    assert missing.status_code == 404 and error(missing)["code"] == "not_found"


def test_reconnect_a_channel_that_needs_it(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    with transaction(site.engine) as db:
        db.execute(update(Channel).values(status="needs_reconnect"))
    receiver.answer(401)
    still = call("admin", "POST", f"{BASE}/channels/{channel}/reconnect",
                 json={"config": webhook_config(receiver.url, SECRET)})
    assert still.status_code == 200
    assert still.json()["ok"] is False and still.json()["status"] == "needs_reconnect"
    fixed = call("admin", "POST", f"{BASE}/channels/{channel}/reconnect",
                 json={"config": webhook_config(receiver.url, SECRET)})
    assert fixed.json()["ok"] is True and fixed.json()["status"] == "active"
    assert "channel.reconfigured" in audit_actions(site.engine)
