"""Asking the networks again, every so often, about alert deliveries not yet acknowledged.

A network may accept a post and show it a moment later (an AppView or a federated timeline
catching up), so a delivery can stay `sent` after its round. Without this, only a person
pressing "Ask the networks again" would ever move it to `acknowledged`. The worker starts this
beside its loop (worker/loop.py), so it runs wherever publishing runs, in-process or not.
Several workers asking at once is harmless: the row moves from `sent` once, under a lock.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services.alerts.send import refresh_unconfirmed
from carepost.storage.alerts import AlertDelivery
from carepost.storage.db import read_only
from carepost.storage.models import utcnow

log = logging.getLogger("carepost.alerts")
EVERY_SECONDS = 30.0
# After a day the board's "sent" is the answer: stop asking (a person can still press refresh).
GIVE_UP_AFTER = timedelta(days=1)


def refresh_all(db: sessionmaker[Session], box: Box, now: datetime | None = None) -> int:
    """Ask about every delivery sent within GIVE_UP_AFTER and still unconfirmed; count confirmed."""
    since = (now or utcnow()) - GIVE_UP_AFTER
    with read_only(db) as session:
        alert_ids = sorted(set(session.execute(
            select(AlertDelivery.alert_id).where(AlertDelivery.status == "sent",
                                                 AlertDelivery.updated_at > since)).scalars()))
    confirmed = 0
    for alert_id in alert_ids:
        confirmed += refresh_unconfirmed(db, box, alert_id)
    if confirmed:
        log_event(log, "alert.acknowledged_later", deliveries=confirmed)
    return confirmed


def start_beside(db: sessionmaker[Session], box: Box, stop: threading.Event,
                 every: float = EVERY_SECONDS) -> threading.Thread:
    """Run `refresh_all` every `every` seconds on its own thread until `stop` is set."""
    def run() -> None:
        while not stop.wait(every):
            try:
                refresh_all(db, box)
            except Exception as exc:  # the database is away: try again next time
                log_event(log, "alert.refresh_failed", level=logging.ERROR,
                          error=type(exc).__name__.lower())

    thread = threading.Thread(target=run, name="carepost-alert-acks", daemon=True)
    thread.start()
    return thread
