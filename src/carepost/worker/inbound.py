"""The inbound poller: runs beside the publishing loop and polls every channel that is due.

A channel is due when its cursor's `next_poll_at` has passed (or it was never polled). The
claim is a conditional UPDATE that pushes `next_poll_at` forward, so two workers never poll the
same channel at once; even if they did, the unique (channel, remote id) key would keep every
item single. A channel whose `poll_seconds` is 0 is paused.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors import registry
from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services import channels
from carepost.services.inbox import ingest
from carepost.services.inbox.ingest import PollResult
from carepost.storage.db import read_only, transaction
from carepost.storage.inbox import InboundCursor
from carepost.storage.models import utcnow
from carepost.storage.publishing import Channel

log = logging.getLogger("carepost.inbox")
TICK_SECONDS = 2.0  # how often due channels are looked for; each has its own interval


def inbound_kinds() -> tuple[str, ...]:
    """Connector kinds that fetch inbound items."""
    return tuple(k for k in registry.CONNECTORS
                 if "inbound" in registry.metadata(k).capabilities)


def _ensure_cursors(session: Session, channel_ids: list[int]) -> None:
    if not channel_ids:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    rows = [{"channel_id": c, "poll_seconds": ingest.DEFAULT_POLL_SECONDS, "last_result": ""}
            for c in channel_ids]
    session.execute(dialect.insert(InboundCursor).values(rows).on_conflict_do_nothing())


def claim_due(session: Session, now: datetime) -> list[int]:
    """Claim every active inbound channel that is due; returns their ids."""
    ids = list(session.execute(select(Channel.id).where(
        Channel.status == "active", Channel.kind.in_(inbound_kinds()))).scalars())
    _ensure_cursors(session, ids)
    claimed = []
    for channel_id in ids:
        cursor = session.get(InboundCursor, channel_id)
        if cursor is None or cursor.poll_seconds <= 0:
            continue
        result = session.execute(
            update(InboundCursor)
            .where(InboundCursor.channel_id == channel_id,
                   or_(InboundCursor.next_poll_at.is_(None), InboundCursor.next_poll_at <= now))
            .values(next_poll_at=now + timedelta(seconds=cursor.poll_seconds))
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(channel_id)
    return claimed


@dataclass
class InboundPoller:
    """Polls due channels: `tick()` once, or `run(stop)` until the event is set."""

    db: sessionmaker[Session]
    box: Box
    tick_seconds: float = TICK_SECONDS
    # One connector per channel, kept while its sealed configuration is unchanged: a Bluesky
    # connector then logs in once per process, not once a poll (PDSes limit logins).
    _connectors: dict[int, tuple[str, Any]] = field(default_factory=dict)

    def _connector(self, channel_id: int) -> Any | None:
        with read_only(self.db) as session:
            channel = session.get(Channel, channel_id)
            if channel is None:
                self._connectors.pop(channel_id, None)
                return None
            sealed = channel.config_sealed
            cached = self._connectors.get(channel_id)
            if cached is None or cached[0] != sealed:
                cached = (sealed, channels.connector_for(channel, self.box))
                self._connectors[channel_id] = cached
            return cached[1]

    def tick(self) -> list[PollResult]:
        """Poll every channel that is due now."""
        with transaction(self.db) as session:
            due = claim_due(session, utcnow())
        results = []
        for channel_id in due:
            try:
                connector = self._connector(channel_id)
                result = ingest.poll_channel(self.db, self.box, channel_id, connector=connector)
                if result.error:
                    self._connectors.pop(channel_id, None)  # start afresh next time
                results.append(result)
            except Exception as exc:  # one broken channel must not stop the others
                log_event(log, "inbox.poll_failed", level=logging.ERROR, channel_id=channel_id,
                          error=type(exc).__name__.lower())
        return results

    def run(self, stop: threading.Event) -> None:
        """Tick until `stop` is set; a failed tick is logged, not fatal."""
        while not stop.is_set():
            try:
                self.tick()
            except Exception as exc:
                log_event(log, "inbox.tick_failed", level=logging.ERROR,
                          error=type(exc).__name__.lower())
            stop.wait(self.tick_seconds)


def start_beside(db: sessionmaker[Session], box: Box, stop: threading.Event) -> threading.Thread:
    """Start the poller on its own thread (a slow network never delays publishing)."""
    thread = threading.Thread(target=InboundPoller(db, box).run, args=(stop,),
                              name="carepost-inbound", daemon=True)
    thread.start()
    return thread
