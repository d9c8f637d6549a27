"""The alerts JSON API with tokens: template approvals by two people, send, 409 on a second
send, the board, a field error named, and CAP XML."""

from __future__ import annotations

import pytest

from carepost.services import channels
from carepost.services.alerts import send
from carepost.storage.db import transaction
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.web.conftest import Site
from tests.web.test_api import api, token_for  # noqa: F401 - the `api` fixture
from tests.worker.helpers import webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
BASE = "/api/v1/orgs/plainview/alerts"


@pytest.fixture
def hook(site: Site, personas: Personas, receiver: Receiver) -> int:
    with transaction(site.engine) as session:
        return channels.add_channel(session, personas.actors["admin"],
                                    channels.channel_box(site.settings), "webhook", "Hook",
                                    webhook_config(receiver.url, SECRET)).id


def test_template_to_sent_alert_over_the_api(
    site: Site, api, hook: int, receiver: Receiver  # noqa: F811
) -> None:
    lead = token_for(site, site.ids["responder"], "responder")
    made = api("POST", f"{BASE}/templates", lead, json={"kind": "boil_water"})
    assert made.status_code == 201, made.text
    template_id = made.json()["id"]
    own = api("POST", f"{BASE}/templates/{template_id}/approve",
              token_for(site, site.ids["responder"], "responder"))
    assert own.status_code == 403
    for role in ("privacy_officer", "approver"):
        done = api("POST", f"{BASE}/templates/{template_id}/approve",
                   token_for(site, site.ids[role], role))
        assert done.status_code == 200, done.text
    assert done.json()["approved"] is True
    bad = api("POST", BASE, lead, json={"channels": [hook], "template_id": template_id,
                                        "values": {"area": "Northside", "phone": "555 0100"},
                                        "cap": {"urgency": "Now"}})
    assert bad.status_code == 422 and "cap.urgency" in bad.text
    alert = api("POST", BASE, lead, json={"channels": [hook], "template_id": template_id,
                                          "values": {"area": "Northside", "phone": "555 0100"}})
    assert alert.status_code == 201 and alert.json()["status"] == "approved"
    alert_id = alert.json()["id"]
    sent = api("POST", f"{BASE}/{alert_id}/send", lead)
    assert sent.status_code == 202  # under way: the fan-out runs in the background
    assert sent.json()["deliveries"][0]["status"] in ("sending", "acknowledged")
    again = api("POST", f"{BASE}/{alert_id}/send", lead)
    assert again.status_code == 409
    assert send.wait(alert_id)
    board = api("GET", f"{BASE}/{alert_id}", lead).json()
    assert [d["status"] for d in board["deliveries"]] == ["acknowledged"]
    assert len(receiver.deliveries) == 1
    cap = api("GET", f"{BASE}/{alert_id}/cap", lead)
    assert cap.headers["content-type"].startswith("application/cap+xml")
    assert "<msgType>Alert</msgType>" in cap.text
