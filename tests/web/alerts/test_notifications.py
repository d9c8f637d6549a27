"""Alert notifications read as sentences and open the alert (or the template) they are about."""

from __future__ import annotations

import re

from carepost.services import channels
from carepost.services.alerts import compose, send, templates
from carepost.storage.db import session_factory, transaction
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.web.alerts.test_pages import _as
from tests.web.conftest import Site
from tests.worker.helpers import webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


def _entries(page: str) -> list[tuple[str, str | None]]:
    """(text, link) of each notification on the page."""
    items = re.findall(r"<li[^>]*>(.*?)</li>", page, re.S)
    return [(re.sub(r"<[^>]+>", "", i).strip(),
             (re.search(r'href="([^"]+)"', i) or [None, None])[1]) for i in items]


def test_alert_notifications_have_labels_and_links(
    site: Site, personas: Personas, receiver: Receiver,
) -> None:
    db = session_factory(site.engine)
    box = channels.channel_box(site.settings)
    with transaction(db) as session:
        hook = channels.add_channel(session, personas.actors["admin"], box, "webhook",
                                    "Partner hook", webhook_config(receiver.url, SECRET)).id
        template_id = templates.create_template(
            session, personas.actors["responder"], "boil_water", "").id
        alert_id = compose.create_alert(
            session, personas.actors["responder"], [hook], headline="Clinic closed",
            text="The Eastgate clinic is closed today.").id
    approver = _entries(_as(site, personas, "approver").get("/notifications").text)
    assert any(t.startswith("New: An alert waits for your approval before it can be sent.")
               and link == f"/alerts/{alert_id}" for t, link in approver)
    assert any(t.startswith("New: An alert template waits for your approval")
               and link == f"/alerts#template-{template_id}" for t, link in approver)
    assert not any("alert." in t for t, _ in approver)  # no raw kind names
    assert f'id="template-{template_id}"' in _as(site, personas, "approver").get("/alerts").text
    for role in ("privacy_officer", "approver"):
        with transaction(db) as session:
            compose.approve_alert(session, personas.actors[role], alert_id)
    receiver.answer(503)
    send.send(db, box, personas.actors["responder"], alert_id)
    lead = _entries(_as(site, personas, "responder").get("/notifications").text)
    assert any(t.startswith("New: An alert did not reach every channel")
               and link == f"/alerts/{alert_id}" for t, link in lead)
