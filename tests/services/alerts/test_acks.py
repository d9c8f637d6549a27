"""The worker's periodic look at unconfirmed alert deliveries, against the Mastodon emulation."""

from __future__ import annotations

import threading
import time

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.idempotency import new_key
from carepost.crypto import Box
from carepost.services.alerts import acks, compose, send
from carepost.storage.alerts import AlertDelivery
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from tests.conftest import Personas
from tests.connectors.mastodon.conftest import MastodonServer
from tests.services.alerts.conftest import alert_from_template
from tests.worker.helpers import add_channel


def _mastodon(db: sessionmaker[Session], personas: Personas, box: Box,
              server: MastodonServer, name: str) -> int:
    _, token = server.new_user()
    return add_channel(db, personas, box, "mastodon", {
        "api_base_url": server.url, "access_token": token, "allow_private_addresses": True},
        name=name)


def _row(db: sessionmaker[Session], alert_id: int) -> AlertDelivery:
    with transaction(db) as session:
        return compose.deliveries(session, alert_id)[0]


def test_unconfirmed_deliveries_are_asked_about_again_until_the_network_shows_them(
    db: sessionmaker[Session], personas: Personas, box: Box, server: MastodonServer,
) -> None:
    posted = alert_from_template(db, personas, [_mastodon(db, personas, box, server, "A")])
    send.send(db, box, personas.actors["responder"], posted)
    # As if the instance had not shown the status yet when the round asked.
    with transaction(db) as session:
        session.execute(update(AlertDelivery).where(AlertDelivery.alert_id == posted)
                        .values(status="sent", acknowledged_at=None))
    # And one the network never got: it must stay "sent", not be confirmed by mistake.
    missing = alert_from_template(db, personas, [_mastodon(db, personas, box, server, "B")])
    with transaction(db) as session:
        session.execute(update(AlertDelivery).where(AlertDelivery.alert_id == missing)
                        .values(status="sent", idempotency_key=new_key(), updated_at=utcnow()))
    stop = threading.Event()
    thread = acks.start_beside(db, box, stop, every=0.2)
    try:
        deadline = time.monotonic() + 30
        while _row(db, posted).status != "acknowledged" and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(30)
    row = _row(db, posted)
    assert row.status == "acknowledged" and row.acknowledged_at is not None
    assert _row(db, missing).status == "sent"
    # Nothing left to confirm; a day-old unconfirmed delivery is no longer asked about.
    assert acks.refresh_all(db, box) == 0
    with transaction(db) as session:
        session.execute(update(AlertDelivery).where(AlertDelivery.alert_id == posted)
                        .values(status="sent", acknowledged_at=None,
                                updated_at=utcnow() - acks.GIVE_UP_AFTER))
    assert acks.refresh_all(db, box) == 0
    assert _row(db, posted).status == "sent"
