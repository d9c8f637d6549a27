"""Real peers for alert tests (loopback webhook, aiosmtpd, Mastodon emulation) and helpers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services.alerts import compose, templates
from carepost.storage.db import transaction
from tests.conftest import Personas
from tests.connectors.email import conftest as email_peer
from tests.connectors.mastodon import conftest as mastodon_peer
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import add_channel, new_box, webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
certificate = email_peer.certificate
plain_smtp = email_peer.plain_smtp
_clean_inboxes = email_peer._clean_inboxes
mastodon_server = mastodon_peer.mastodon_server
server = mastodon_peer.server

BOIL_VALUES = {"area": "the Northside district", "phone": "555 0100"}


@pytest.fixture
def box() -> Box:
    return new_box()


@pytest.fixture
def hook(db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box) -> int:
    """A webhook channel on the loopback receiver."""
    return add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET),
                       name="Partner hook")


def email_config(port: int, recipients: list[str]) -> dict[str, Any]:
    """A mailing list on the local aiosmtpd server."""
    return {"host": "127.0.0.1", "port": port, "security": "none",
            "from_address": "alerts@clinic.example", "recipients": recipients,
            "unsubscribe_url": "https://clinic.example/unsubscribe?t={token}&e={email}",
            "unsubscribe_secret": "unsubscribe-secret-for-tests"}


def approved_template(db: sessionmaker[Session], people: Personas, kind: str = "boil_water") -> int:
    """A starter template written by the responder, approved by the privacy officer and approver."""
    with transaction(db) as session:
        template_id = templates.create_template(session, people.actors["responder"], kind, "").id
    for role in ("privacy_officer", "approver"):
        with transaction(db) as session:
            templates.approve_template(session, people.actors[role], template_id)
    return template_id


def alert_from_template(db: sessionmaker[Session], people: Personas, channel_ids: list[int],
                        **kwargs: Any) -> int:
    """An approved boil-water alert on these channels; return its id."""
    template_id = approved_template(db, people)
    with transaction(db) as session:
        return compose.create_alert(session, people.actors["responder"], channel_ids,
                                    template_id=template_id, values=BOIL_VALUES, **kwargs).id
