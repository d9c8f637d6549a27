"""The worker's fast paths stay correct: reused connectors, one commit a batch, slot wake-ups."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services import archive, audit, channels, post_media, posts, publishing
from carepost.storage.db import read_only, transaction
from carepost.storage.models import AuditEvent, utcnow
from carepost.storage.publishing import ArchiveRecord, Channel, Post, Variant
from carepost.worker.loop import MIN_PAUSE, Worker
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import (
    add_channel,
    draft,
    jpeg_with_gps,
    new_box,
    scheduled_now,
    variant,
    webhook_config,
)

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


@pytest.fixture
def box() -> Box:
    return new_box()


@pytest.fixture
def channel_id(db: sessionmaker[Session], personas: Personas, receiver: Receiver,
               box: Box) -> int:
    return add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))


def _channel(db: sessionmaker[Session], channel_id: int) -> Channel:
    with transaction(db) as session:
        found = session.get(Channel, channel_id)
        assert found is not None
        return found


def test_a_connector_is_reused_until_the_configuration_changes(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box, channel_id: int
) -> None:
    first = publishing.connector_for(_channel(db, channel_id), box)
    assert publishing.connector_for(_channel(db, channel_id), box) is first
    with transaction(db) as session:
        channels.update_config(session, personas.actors["admin"], box, channel_id,
                               webhook_config(receiver.url + "/v2", SECRET))
    renewed = publishing.connector_for(_channel(db, channel_id), box)
    assert renewed is not first
    assert renewed.config.url.endswith("/v2")  # type: ignore[attr-defined]


def test_posts_on_one_channel_go_out_through_one_reused_connector(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box, channel_id: int
) -> None:
    ids = [scheduled_now(db, personas, channel_id) for _ in range(3)]
    outcomes = Worker(db=db, box=box).tick()
    assert sorted(o.state for o in outcomes) == ["published"] * 3
    keys = {variant(db, i).idempotency_key for i in ids}
    assert {d.headers["Idempotency-Key"] for d in receiver.deliveries} == keys
    assert len(receiver.deliveries) == 3


def test_one_variant_breaking_in_prepare_does_not_stop_its_batch(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box, channel_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = [scheduled_now(db, personas, channel_id) for _ in range(3)]
    broken = variant(db, ids[1]).id
    real = publishing.prepare

    def prepare(session: Session, variant_id: int, me: str, box: Box,
                batch: publishing.Batch) -> object:
        job = real(session, variant_id, me, box, batch)
        if variant_id == broken:
            raise RuntimeError("a bug after the key was recorded")
        return job

    monkeypatch.setattr(publishing, "prepare", prepare)
    outcomes = {o.variant_id: o.state for o in Worker(db=db, box=box).tick()}
    assert outcomes[broken] == "error"
    assert sorted(s for v, s in outcomes.items() if v != broken) == ["published", "published"]
    assert len(receiver.deliveries) == 2
    row = variant(db, ids[1])
    # The savepoint undid its half-done prepare; only the claim's release remains.
    assert row.claimed_by is None and row.state == "scheduled" and row.idempotency_key is None
    assert row.next_attempt_at is not None and row.next_attempt_at > utcnow()
    # Its deferred audit event went with its savepoint; the batch's own are in one chain.
    with read_only(db) as session:
        assert audit.verify(session).ok
        started = list(session.execute(select(AuditEvent.subject).where(
            AuditEvent.action == "variant.publishing")).scalars())
    assert sorted(started) == sorted(f"variant:{v}" for v in outcomes if v != broken)
    monkeypatch.setattr(publishing, "prepare", real)
    with transaction(db) as session:
        session.execute(update(Variant).where(Variant.id == broken)
                        .values(next_attempt_at=utcnow()))
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]


def test_the_worker_wakes_at_the_next_slot_not_the_next_poll(
    db: sessionmaker[Session], personas: Personas, box: Box, channel_id: int
) -> None:
    worker = Worker(db=db, box=box, poll_seconds=5.0)
    assert worker.pause() == 5.0  # nothing scheduled
    post_id = scheduled_now(db, personas, channel_id)
    with transaction(db) as session:
        session.execute(update(Variant).where(Variant.post_id == post_id)
                        .values(next_attempt_at=utcnow() + timedelta(seconds=2)))
    assert MIN_PAUSE <= worker.pause() <= 2.0
    with transaction(db) as session:
        session.execute(update(Variant).values(next_attempt_at=utcnow() + timedelta(hours=1)))
    assert worker.pause() == 5.0
    with transaction(db) as session:  # due now but held by another worker: no busy loop
        session.execute(update(Variant).values(next_attempt_at=utcnow(), claimed_by="b:1"))
    assert worker.pause() == 5.0
    with transaction(db) as session:
        assert session.execute(select(Variant.state)).scalar_one() == "scheduled"


def test_a_kept_connector_is_rebuilt_after_its_time(
    db: sessionmaker[Session], personas: Personas, box: Box, channel_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = publishing.connector_for(_channel(db, channel_id), box)
    monkeypatch.setattr(publishing, "CONNECTOR_TTL_SECONDS", 0.0)
    assert publishing.connector_for(_channel(db, channel_id), box) is not first


def _published_events(db: sessionmaker[Session]) -> dict[str, dict[str, object]]:
    with read_only(db) as session:
        assert audit.verify(session).ok
        return {e.subject: json.loads(e.detail) for e in session.execute(
            select(AuditEvent).where(AuditEvent.action == "variant.published")).scalars()}


def test_a_batch_of_quick_calls_records_its_outcomes_in_one_transaction(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box, channel_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = [scheduled_now(db, personas, channel_id) for _ in range(3)]
    groups: list[int] = []
    real = publishing._outcomes

    def outcomes(session: Session, sent: list[object]) -> list[publishing.Outcome]:
        groups.append(len(sent))
        return real(session, sent)  # type: ignore[arg-type]

    monkeypatch.setattr(publishing, "_outcomes", outcomes)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"] * 3
    assert groups == [3] and len(receiver.deliveries) == 3
    # Each variant has its own immutable record, and its event names that record.
    events = _published_events(db)
    with read_only(db) as session:
        for post_id in ids:
            row = session.execute(select(Variant).where(Variant.post_id == post_id)).scalar_one()
            record = session.execute(select(ArchiveRecord).where(
                ArchiveRecord.variant_id == row.id)).scalar_one()
            assert (record.text, record.remote_id) == (row.text, row.remote_id)
            assert row.state == "published" and row.claimed_by is None
            assert events[f"variant:{row.id}"]["archive_id"] == record.id
            post_row = session.get(Post, post_id)
            assert post_row is not None and post_row.state == "published"


def test_a_slow_call_ends_its_group_and_the_next_claim_is_checked_first(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box, channel_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = [scheduled_now(db, personas, channel_id) for _ in range(2)]
    monkeypatch.setattr(publishing, "GROUP_SECONDS", 0.0)  # every call counts as slow
    monkeypatch.setattr(publishing, "FRESH_SECONDS", 0.0)  # and outlives a claim's check
    renewed: list[int] = []
    real = publishing._renew

    def renew(session: Session, job: publishing._Job) -> bool:
        renewed.append(job.variant_id)
        return real(session, job)

    monkeypatch.setattr(publishing, "_renew", renew)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"] * 2
    assert renewed == [variant(db, i).id for i in ids]
    assert len(receiver.deliveries) == 2


def test_a_bug_recording_one_outcome_keeps_the_others(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box, channel_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = [scheduled_now(db, personas, channel_id) for _ in range(3)]
    broken = variant(db, ids[1]).id
    real = publishing._succeed

    def succeed(session: Session, variant_row: Variant, *args: object) -> object:
        if variant_row.id == broken:
            raise RuntimeError("a bug while recording")
        return real(session, variant_row, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(publishing, "_succeed", succeed)
    outcomes = {o.variant_id: o.state for o in Worker(db=db, box=box).tick()}
    assert outcomes[broken] == "error" and len(receiver.deliveries) == 3
    assert sorted(s for v, s in outcomes.items() if v != broken) == ["published", "published"]
    # It went out, and its key was on record: unknown, never sent again blindly.
    row = variant(db, ids[1])
    assert row.state == "outcome_unknown" and row.claimed_by is None
    assert set(_published_events(db)) == {f"variant:{v}" for v in outcomes if v != broken}


def test_a_batch_archives_each_posts_own_images_and_approval_chain(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box, channel_id: int,
) -> None:
    """The batch reads its posts' images and approvals in one query each: every record still
    gets its own post's (one with an image and a second review, one with neither)."""
    plain = scheduled_now(db, personas, channel_id)
    pictured = draft(db, personas, channel_id)
    with transaction(db) as session:
        post_media.add_image(session, personas.actors["author"], pictured, jpeg_with_gps(),
                             "Red square on the clinic poster", "a.jpg")
        posts.submit(session, personas.actors["author"], pictured)
        posts.review(session, personas.actors["approver"], pictured, "changes_requested",
                     "Say which site, please")
        posts.submit(session, personas.actors["author"], pictured)
        posts.review(session, personas.actors["approver"], pictured, "approved")
        posts.schedule(session, personas.actors["approver"], pictured, utcnow())
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"] * 2
    with read_only(db) as session:
        for post_id, images, decisions in ((plain, 0, 1), (pictured, 1, 2)):
            record = session.execute(select(ArchiveRecord).where(
                ArchiveRecord.post_id == post_id)).scalar_one()
            post_row = session.get(Post, post_id)
            assert post_row is not None
            # As read for one post alone (the images' stored hashes, its own approvals).
            assert (record.media_hashes, record.approval_chain) == archive.archive_facts(
                session, post_row)
            assert len(json.loads(record.media_hashes)) == images
            assert len(json.loads(record.approval_chain)) == decisions
