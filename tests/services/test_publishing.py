"""Publishing against a real HTTP receiver: success, retries, rate limits, auth, rejections."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services import channels, publishing
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent, utcnow
from carepost.storage.publishing import ArchiveRecord, Channel, Notification, Variant
from carepost.worker import claims
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import (
    PHI_TEXT,
    add_channel,
    new_box,
    post,
    scheduled_now,
    variant,
    webhook_config,
)

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


@pytest.fixture
def box() -> Box:
    return new_box()


@pytest.fixture
def channel_id(db: sessionmaker[Session], personas: Personas, receiver: Receiver,
               box: Box) -> int:
    return add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))


@pytest.fixture
def worker(db: sessionmaker[Session], box: Box) -> Worker:
    return Worker(db=db, box=box)


def _make_due(db: sessionmaker[Session], variant_id: int) -> None:
    with transaction(db) as session:
        session.execute(update(Variant).where(Variant.id == variant_id)
                        .values(next_attempt_at=utcnow()))


def _actions(db: sessionmaker[Session]) -> list[str]:
    with transaction(db) as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def test_publishes_once_with_the_recorded_key_and_archives_it(
    db: sessionmaker[Session], personas: Personas, channel_id: int, receiver: Receiver,
    worker: Worker,
) -> None:
    post_id = scheduled_now(db, personas, channel_id)
    outcomes = worker.tick()
    assert [o.state for o in outcomes] == ["published"]
    assert worker.tick() == []
    found = variant(db, post_id)
    assert found.state == "published" and found.idempotency_key
    assert found.remote_id == found.idempotency_key
    assert len(receiver.deliveries) == 1
    assert receiver.deliveries[0].headers["Idempotency-Key"] == found.idempotency_key
    assert post(db, post_id).state == "published"
    with transaction(db) as session:
        record = session.execute(select(ArchiveRecord)).scalar_one()
        assert record.variant_id == found.id and record.text == found.text
        chain = json.loads(record.approval_chain)
        assert [a["decision"] for a in chain] == ["approved"]
        assert chain[0]["reviewer"] == personas.email("approver")
    actions = _actions(db)
    assert "variant.publishing" in actions and "variant.published" in actions


def test_server_error_makes_outcome_unknown_then_same_key_again(
    db: sessionmaker[Session], personas: Personas, channel_id: int, receiver: Receiver,
    worker: Worker,
) -> None:
    post_id = scheduled_now(db, personas, channel_id)
    receiver.answer(500)
    assert [o.state for o in worker.tick()] == ["outcome_unknown"]
    first = variant(db, post_id)
    assert first.next_attempt_at is not None
    assert first.next_attempt_at > utcnow() + timedelta(seconds=10)  # backoff, not a busy loop
    assert post(db, post_id).state == "outcome_unknown"
    _make_due(db, first.id)
    assert [o.state for o in worker.tick()] == ["published"]
    keys = [d.headers["Idempotency-Key"] for d in receiver.deliveries]
    assert keys == [first.idempotency_key, first.idempotency_key]


def test_rate_limit_honours_retry_after_for_the_whole_account(
    db: sessionmaker[Session], personas: Personas, channel_id: int, receiver: Receiver,
    worker: Worker, box: Box,
) -> None:
    first = scheduled_now(db, personas, channel_id)
    receiver.answer(429, {"Retry-After": "120"})
    outcomes = worker.tick()
    assert [o.detail for o in outcomes] == ["rate_limited"]
    limited = variant(db, first)
    assert limited.state == "publishing" and limited.next_attempt_at is not None
    wait = (limited.next_attempt_at - utcnow()).total_seconds()
    assert 100 < wait <= 120
    second = scheduled_now(db, personas, channel_id)
    # A second account on the same network (same host) is paused too: the limit may be per IP.
    sibling = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET),
                          name="Other account")
    third = scheduled_now(db, personas, sibling)
    assert worker.tick() == []  # nothing on that network is claimed
    assert variant(db, second).state == "scheduled" and variant(db, third).state == "scheduled"
    with transaction(db) as session:
        session.execute(update(Channel).values(rate_limited_until=utcnow()))
    assert {o.state for o in worker.tick()} == {"published"}
    assert variant(db, second).state == "published" and variant(db, third).state == "published"


def test_network_is_kind_and_host() -> None:
    assert channels.network_of("bluesky", {}) == "bluesky:bsky.social"
    assert channels.network_of("mastodon", {"api_base_url": "https://Mastodon.Social/"}) == (
        "mastodon:mastodon.social")
    assert channels.network_of("email", {"host": "smtp.example.org"}) == "email:smtp.example.org"


def test_auth_failure_flags_channel_notifies_owner_and_fails_variant(
    db: sessionmaker[Session], personas: Personas, channel_id: int, receiver: Receiver,
    worker: Worker,
) -> None:
    post_id = scheduled_now(db, personas, channel_id)
    receiver.answer(401, body=b'{"error": "token revoked"}')
    assert [o.state for o in worker.tick()] == ["failed"]
    with transaction(db) as session:
        channel = session.get(Channel, channel_id)
        assert channel is not None and channel.status == "needs_reconnect"
        kinds = session.execute(select(Notification.kind)).scalars().all()
        assert "channel.needs_reconnect" in kinds
    assert "channel.needs_reconnect" in _actions(db)
    # Later posts to that channel fail fast without calling the network.
    second = scheduled_now(db, personas, channel_id)
    deliveries = len(receiver.deliveries)
    worker.tick()
    assert variant(db, second).error == "the channel needs reconnecting"
    assert len(receiver.deliveries) == deliveries
    assert post(db, post_id).state == "failed"


def test_permanent_rejection_keeps_the_networks_message(
    db: sessionmaker[Session], personas: Personas, channel_id: int, receiver: Receiver,
    worker: Worker,
) -> None:
    post_id = scheduled_now(db, personas, channel_id)
    receiver.answer(422, {"Content-Type": "application/json"},
                    b'{"error": "duplicate campaign name"}')
    assert [o.state for o in worker.tick()] == ["failed"]
    found = variant(db, post_id)
    assert found.state == "failed" and found.error is not None
    assert "duplicate campaign name" in found.error


def test_guard_runs_again_before_publishing(
    db: sessionmaker[Session], personas: Personas, channel_id: int, receiver: Receiver,
    worker: Worker,
) -> None:
    post_id = scheduled_now(db, personas, channel_id)
    with transaction(db) as session:  # e.g. a stricter policy now flags the approved text
        session.execute(update(Variant).where(Variant.post_id == post_id).values(text=PHI_TEXT))
    assert [o.state for o in worker.tick()] == ["failed"]
    assert "guard" in (variant(db, post_id).error or "")
    assert receiver.deliveries == []


def test_claims_are_exclusive(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    for _ in range(3):
        scheduled_now(db, personas, channel_id)
    with transaction(db) as session:
        first = claims.claim_due(session, "host-a:1", utcnow(), 2)
    with transaction(db) as session:
        second = claims.claim_due(session, "host-b:1", utcnow(), 10)
    assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)


@pytest.mark.postgres
def test_postgres_claims_skip_rows_locked_by_another_worker(
    db: sessionmaker[Session], personas: Personas, channel_id: int, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SKIP LOCKED is the PostgreSQL claim; SQLite serialises writers")
    for _ in range(2):
        scheduled_now(db, personas, channel_id)
    holder = db()
    try:
        held = claims.claim_due(holder, "host-a:1", utcnow(), 1)  # not committed yet
        with transaction(db) as session:
            other = claims.claim_due(session, "host-b:1", utcnow(), 10)
        assert len(held) == 1 and len(other) == 1 and held != other
    finally:
        holder.rollback()
        holder.close()


def test_a_dead_workers_claim_after_the_key_becomes_outcome_unknown(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    post_id = scheduled_now(db, personas, channel_id)
    dead = f"{socket.gethostname()[:60]}:999999999"
    with transaction(db) as session:
        session.execute(update(Variant).where(Variant.post_id == post_id).values(
            state="publishing", idempotency_key="3lbxxxxxxxxx2", claimed_by=dead,
            claimed_at=utcnow()))
    with transaction(db) as session:
        assert claims.recover_stale_claims(session, utcnow()) == 1
    found = variant(db, post_id)
    assert found.state == "outcome_unknown" and found.claimed_by is None
    assert "variant.outcome_unknown" in _actions(db)


def test_backoff_grows_is_capped_and_jittered() -> None:
    assert publishing.backoff(1, rng=lambda: 0.0) == 15.0
    assert publishing.backoff(1, rng=lambda: 1.0) == 30.0
    assert publishing.backoff(3, rng=lambda: 1.0) == 120.0
    assert publishing.backoff(30, rng=lambda: 1.0) == publishing.BACKOFF_CAP_SECONDS


def test_failed_post_is_rescheduled_by_a_person_and_then_published(
    db: sessionmaker[Session], personas: Personas, channel_id: int, receiver: Receiver,
    worker: Worker,
) -> None:
    from carepost.services import posts

    post_id = scheduled_now(db, personas, channel_id)
    receiver.answer(400, {"Content-Type": "application/json"}, b'{"error": "try later"}')
    assert [o.state for o in worker.tick()] == ["failed"]
    assert worker.tick() == []  # never retried by itself
    with transaction(db) as session:
        notified = set(session.execute(select(Notification.user_id).where(
            Notification.kind == "variant.failed")).scalars())
    assert personas.users["author"].id in notified
    key = variant(db, post_id).idempotency_key
    with transaction(db) as session:
        posts.schedule(session, personas.actors["approver"], post_id, utcnow())
    assert [o.state for o in worker.tick()] == ["published"]
    assert variant(db, post_id).idempotency_key == key
    assert post(db, post_id).state == "published"


def test_a_post_edited_after_the_claim_is_not_sent(
    db: sessionmaker[Session], personas: Personas, channel_id: int, receiver: Receiver, box: Box
) -> None:
    from carepost.services import posts

    post_id = scheduled_now(db, personas, channel_id)
    with transaction(db) as session:
        claimed = claims.claim_due(session, "host-a:1", utcnow())
    with transaction(db) as session:
        posts.edit_variant(session, personas.actors["author"], post_id, channel_id,
                           "Flu clinic moved to Sunday.")
    outcome = publishing.publish_one(db, box, claimed[0], "host-a:1")
    assert outcome.state == "lost_claim" and receiver.deliveries == []
    found = variant(db, post_id)
    assert found.state == "in_review" and found.claimed_by is None
