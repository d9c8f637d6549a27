"""Overdue runs from when the person wrote (the network's created time), else the fetch time."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.base import InboundItem as Fetched
from carepost.services.inbox import ingest, items
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundItem
from carepost.storage.models import utcnow
from tests.conftest import Personas
from tests.services.inbox.conftest import MastodonAccount


def test_overdue_counts_from_the_time_the_person_wrote(
    db: sessionmaker[Session], personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    now = utcnow()
    ask = "Is parking free?"
    ids = ingest.ingest_items(db, mastodon_channel.channel_id, [
        # Written on Friday evening, fetched only now (a reconnected channel): long overdue.
        Fetched("weekend", "comment", "@a", ask, created_at=now - timedelta(hours=60)),
        # Written an hour ago: not yet.
        Fetched("recent", "comment", "@b", ask, created_at=now - timedelta(hours=1)),
        # No created time from the network: the fetch time counts.
        Fetched("unknown", "comment", "@c", ask),
        # A created time in the future (a network clock ahead of ours) is not believed.
        Fetched("ahead", "comment", "@d", ask, created_at=now + timedelta(days=3)),
    ], "c").new_ids
    viewer = personas.actors["viewer"]
    with transaction(db) as session:
        limit = items.target(session, personas.org.id)
        rows = {i.remote_id: i for i in (session.get(InboundItem, n) for n in ids) if i}
        assert limit == timedelta(hours=24)
        assert {k: items.is_overdue(v, limit, now) for k, v in rows.items()} == {
            "weekend": True, "recent": False, "unknown": False, "ahead": False}
        assert items.received_at(rows["ahead"]) == rows["ahead"].fetched_at
        assert sum(c.overdue for c in items.counts(session, viewer, now)) == 1
    later = now + timedelta(hours=25)  # a day on, every unanswered item is late
    with transaction(db) as session:
        assert sum(c.overdue for c in items.counts(session, viewer, later)) == 4
