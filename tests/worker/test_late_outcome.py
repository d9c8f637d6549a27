"""A worker that lost its claim during the network call: its result is kept, and recorded once.

Worker A's send is slow; meanwhile its lease runs out and worker B recovers the variant
(outcome unknown) and claims it again to resolve it. What A's call returned must not be lost
(the post is out) nor recorded twice, and B must not send it again; an error A got must not
undo B's claim. All against the real loopback webhook sink.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.errors import ConnectorError
from carepost.crypto import Box
from carepost.services import publishing
from carepost.storage.db import read_only, transaction
from carepost.storage.models import AuditEvent, utcnow
from carepost.storage.publishing import ArchiveRecord, Variant
from carepost.worker import claims
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import add_channel, new_box, scheduled_now, variant, webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


def _taken_over_during_call(db: sessionmaker[Session], box: Box, variant_id: int,
                            taken: list[Any], then: Callable[[], Any] | None = None) -> Any:
    """A `_call` that, once the network answered, lets worker B recover and re-claim the variant."""
    real = publishing._call

    def call(job: Any, box_: Box) -> Any:
        result = real(job, box_) if then is None else None
        with transaction(db) as session:  # A's lease ran out while it waited for the network
            session.execute(update(Variant).where(Variant.id == variant_id).values(
                claimed_at=utcnow() - claims.CLAIM_LEASE - timedelta(seconds=1)))
        with transaction(db) as session:
            claims.recover_stale_claims(session, utcnow())
        claimed, jobs, _ = Worker(db=db, box=box, me="host-b:2")._claim_and_prepare()
        taken.extend(jobs)
        assert claimed == [variant_id] and jobs[0].resolve_first
        return result if then is None else then()

    return call


def _counts(db: sessionmaker[Session], variant_id: int) -> tuple[int, Counter[str]]:
    with read_only(db) as session:
        records = session.execute(select(func.count()).select_from(ArchiveRecord).where(
            ArchiveRecord.variant_id == variant_id)).scalar_one()
        actions = Counter(session.execute(select(AuditEvent.action).where(
            AuditEvent.subject == f"variant:{variant_id}")).scalars())
    return records, actions


def test_a_late_success_is_recorded_once_and_the_new_holder_does_not_send_again(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    post_id = scheduled_now(db, personas, channel_id)
    variant_id = variant(db, post_id).id
    _, jobs, _ = Worker(db=db, box=box, me="host-a:1")._claim_and_prepare()
    taken: list[Any] = []
    monkeypatch.setattr(publishing, "_call", _taken_over_during_call(db, box, variant_id, taken))
    assert publishing.deliver(db, box, jobs[0]).state == "published"
    monkeypatch.undo()
    # B resolves next: the variant is published already, so B neither sends nor records.
    assert publishing.deliver(db, box, taken[0]).state == "lost_claim"
    row = variant(db, post_id)
    assert row.state == "published" and row.claimed_by is None and row.remote_id
    assert Counter(d.headers["Idempotency-Key"] for d in receiver.deliveries) == {
        row.idempotency_key: 1}
    records, actions = _counts(db, variant_id)
    assert records == 1 and actions["variant.published"] == 1
    assert actions["variant.outcome_unknown"] == 1  # the recovery, kept in the record


def test_a_late_error_leaves_the_variant_to_the_worker_that_holds_it(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    post_id = scheduled_now(db, personas, channel_id)
    variant_id = variant(db, post_id).id
    _, jobs, _ = Worker(db=db, box=box, me="host-a:1")._claim_and_prepare()
    taken: list[Any] = []

    def timed_out() -> Any:
        raise ConnectorError("transient", "no answer in time", permanent=False, maybe_sent=True)

    monkeypatch.setattr(publishing, "_call",
                        _taken_over_during_call(db, box, variant_id, taken, timed_out))
    assert publishing.deliver(db, box, jobs[0]).state == "lost_claim"
    monkeypatch.undo()
    held = variant(db, post_id)
    # B's claim and B's decision stand: still unknown, still B's, no retry scheduled by A.
    assert held.state == "outcome_unknown" and held.claimed_by == "host-b:2"
    _, actions = _counts(db, variant_id)
    assert actions["variant.retry_scheduled"] == 0
    assert publishing.deliver(db, box, taken[0]).state == "published"  # B resolves it
    assert len(receiver.deliveries) == 1
    records, actions = _counts(db, variant_id)
    assert records == 1 and actions["variant.published"] == 1
