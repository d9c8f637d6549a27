"""Review finding #2: a batch delivered one by one never publishes a variant a second worker took.

Worker A claims and prepares a batch of two variants and delivers the first. Before it reaches the
second, that variant's lease runs out (set in the database, as a slow first send would) and
worker B recovers it and publishes it. A must then skip it: the real loopback webhook sink gets
each variant's delivery id exactly once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import publishing
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Variant
from carepost.worker import claims
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import add_channel, new_box, scheduled_now, variant, webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


def test_a_variant_whose_lease_ran_out_mid_batch_is_delivered_once(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver,
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    first, second = (scheduled_now(db, personas, channel_id) for _ in range(2))
    worker_a = Worker(db=db, box=box, me="host-a:1")
    worker_b = Worker(db=db, box=box, me="host-b:2")

    claimed, jobs, broken = worker_a._claim_and_prepare()
    assert len(claimed) == 2 and len(jobs) == 2 and broken == []
    assert publishing.deliver(db, box, jobs[0]).state == "published"

    # The first send was slow: the second variant's lease has run out meanwhile, and as much
    # time has passed for worker A since it took the claim.
    late = variant(db, second)
    with transaction(db) as session:
        session.execute(update(Variant).where(Variant.id == late.id).values(
            claimed_at=utcnow() - claims.CLAIM_LEASE - timedelta(seconds=1)))
    assert jobs[1].checked is not None
    jobs[1].checked -= claims.CLAIM_LEASE.total_seconds() + 1
    assert [o.state for o in worker_b.tick()] == ["published"]

    assert publishing.deliver(db, box, jobs[1]).state == "lost_claim"
    keys = Counter(d.headers["Idempotency-Key"] for d in receiver.deliveries)
    assert keys == {variant(db, first).idempotency_key: 1, late.idempotency_key: 1}
    final = variant(db, second)
    assert final.state == "published" and final.claimed_by is None


def test_delivery_renews_the_lease_of_a_claim_still_held(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver,
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    post_id = scheduled_now(db, personas, channel_id)
    worker = Worker(db=db, box=box, me="host-a:1")
    _, jobs, _ = worker._claim_and_prepare()
    # Nine minutes in: still ours, so the renewal extends the lease instead of giving it up.
    held = variant(db, post_id)
    with transaction(db) as session:
        session.execute(update(Variant).where(Variant.id == held.id).values(
            claimed_at=utcnow() - timedelta(minutes=9)))
    assert publishing.renew_claim(db, jobs[0])
    renewed = variant(db, post_id).claimed_at
    assert renewed is not None and utcnow() - renewed < timedelta(minutes=1)
    assert publishing.deliver(db, box, jobs[0]).state == "published"
    assert len(receiver.deliveries) == 1


def test_a_whole_tick_skips_a_variant_taken_over_during_a_slow_send(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The loop's path: after a slow call the next job's claim is checked and renewed, in the
    transaction that records the outcomes so far.

    The test runs the lease out in the database after half a second instead of ten minutes, so
    the worker's freshness bound shrinks with it (in production it is a twentieth of the lease).
    """
    monkeypatch.setattr(publishing, "FRESH_SECONDS", 1.0)
    box = new_box()
    config = {**webhook_config(receiver.url, SECRET), "timeout_seconds": 10.0}
    channel_id = add_channel(db, personas, box, "webhook", config)
    first, second = (scheduled_now(db, personas, channel_id) for _ in range(2))
    late = variant(db, second)
    worker_a = Worker(db=db, box=box, me="host-a:1")
    worker_b = Worker(db=db, box=box, me="host-b:2")
    receiver.answer(200, delay=2.0)  # the first send is slow
    taken: list[str] = []

    def take_over() -> None:
        time.sleep(0.5)  # worker A is waiting for the sink now
        with transaction(db) as session:
            session.execute(update(Variant).where(Variant.id == late.id).values(
                claimed_at=utcnow() - claims.CLAIM_LEASE - timedelta(seconds=1)))
        taken.extend(o.state for o in worker_b.tick())

    thread = threading.Thread(target=take_over)
    thread.start()
    outcomes = [o.state for o in worker_a.tick()]
    thread.join(60)
    assert outcomes == ["published", "lost_claim"] and taken == ["published"]
    keys = Counter(d.headers["Idempotency-Key"] for d in receiver.deliveries)
    assert keys == {variant(db, first).idempotency_key: 1,
                    variant(db, second).idempotency_key: 1}
