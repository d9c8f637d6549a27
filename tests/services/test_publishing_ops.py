"""Publishing operations by a person: resolve an unknown outcome, delete on the network.

Against real peers: the loopback webhook receiver (which cannot be asked what it got) and the
Mastodon-API emulation (which can be asked, and can delete).
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors import create
from carepost.crypto import Box
from carepost.services import publishing_ops as ops
from carepost.services.errors import Conflict, PermissionDenied, ValidationFailed
from carepost.services.publishing import outbound_item
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent, utcnow
from carepost.storage.publishing import ArchiveRecord, Channel, Variant
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.mastodon import conftest as mastodon_peer
from tests.connectors.mastodon.conftest import MastodonServer
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import (
    add_channel,
    new_box,
    post,
    scheduled_now,
    variant,
    webhook_config,
)

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
mastodon_server = mastodon_peer.mastodon_server
server = mastodon_peer.server


@pytest.fixture
def box() -> Box:
    return new_box()


def _unknown_on_webhook(db: sessionmaker[Session], personas: Personas, receiver: Receiver,
                        box: Box) -> tuple[int, int]:
    """A webhook post whose delivery answered 500: outcome unknown. (post id, channel id)"""
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    post_id = scheduled_now(db, personas, channel_id)
    receiver.answer(500)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["outcome_unknown"]
    return post_id, channel_id


def _actions(db: sessionmaker[Session]) -> list[str]:
    with transaction(db) as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def test_a_webhook_cannot_be_asked_so_a_person_confirms_it_published(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box
) -> None:
    post_id, channel_id = _unknown_on_webhook(db, personas, receiver, box)
    with pytest.raises(Conflict, match="cannot be asked"), transaction(db) as session:
        ops.check_again(session, personas.actors["approver"], box, post_id, channel_id)
    with pytest.raises(ValidationFailed, match="url"), transaction(db) as session:
        ops.confirm_published(session, personas.actors["approver"], post_id, channel_id,
                              "javascript:alert(1)")
    with pytest.raises(PermissionDenied), transaction(db) as session:
        ops.confirm_published(session, personas.actors["author"], post_id, channel_id,
                              "https://hooks.example/seen/1")
    with transaction(db) as session:
        record = ops.confirm_published(session, personas.actors["approver"], post_id,
                                       channel_id, "https://hooks.example/seen/1")
        assert record.url == "https://hooks.example/seen/1"
    found = variant(db, post_id)
    assert found.state == "published" and found.url == "https://hooks.example/seen/1"
    assert post(db, post_id).state == "published"
    assert len(receiver.deliveries) == 1  # nothing was sent again
    assert _actions(db)[-1] == "variant.resolved"
    with pytest.raises(Conflict, match="not outcome_unknown"), transaction(db) as session:
        ops.confirm_published(session, personas.actors["approver"], post_id, channel_id,
                              "https://hooks.example/seen/1")


def test_confirmed_not_published_is_rescheduled_and_sent_with_the_same_key(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box
) -> None:
    post_id, channel_id = _unknown_on_webhook(db, personas, receiver, box)
    key = variant(db, post_id).idempotency_key
    with pytest.raises(ValidationFailed, match="slot"), transaction(db) as session:
        ops.confirm_not_published(session, personas.actors["admin"], post_id, channel_id,
                                  utcnow() - timedelta(hours=1))
    assert variant(db, post_id).state == "outcome_unknown"  # the refusal changed nothing
    with transaction(db) as session:
        ops.confirm_not_published(session, personas.actors["admin"], post_id, channel_id,
                                  utcnow())
    assert variant(db, post_id).state == "scheduled"
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]
    keys = [d.headers["Idempotency-Key"] for d in receiver.deliveries]
    assert keys == [key, key]
    assert "variant.resolved" in _actions(db)


def test_a_variant_held_by_a_worker_is_not_resolved_under_it(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box
) -> None:
    post_id, channel_id = _unknown_on_webhook(db, personas, receiver, box)
    with transaction(db) as session:
        session.execute(update(Variant).values(claimed_by="elsewhere:1", claimed_at=utcnow()))
    with pytest.raises(Conflict, match="worker"), transaction(db) as session:
        ops.confirm_published(session, personas.actors["approver"], post_id, channel_id,
                              "https://hooks.example/x")


def _mastodon_config(server: MastodonServer, token: str) -> dict[str, object]:
    return {"api_base_url": server.url, "access_token": token, "allow_private_addresses": True}


def _statuses(server: MastodonServer, token: str) -> list[str]:
    headers = {"Authorization": f"Bearer {token}"}
    me = httpx.get(f"{server.url}/api/v1/accounts/verify_credentials", headers=headers,
                   timeout=10).json()
    rows = httpx.get(f"{server.url}/api/v1/accounts/{me['id']}/statuses", headers=headers,
                     timeout=10).json()
    return [str(s["id"]) for s in rows]


def _unknown_on_mastodon(db: sessionmaker[Session], personas: Personas, server: MastodonServer,
                         box: Box, arrived: bool) -> tuple[int, int, str]:
    """A Mastodon variant left outcome_unknown; `arrived`: the instance did get the post."""
    _, token = server.new_user()
    channel_id = add_channel(db, personas, box, "mastodon", _mastodon_config(server, token))
    post_id = scheduled_now(db, personas, channel_id)
    key = "3lcarepostops1"
    with transaction(db) as session:
        row = session.get(Variant, variant(db, post_id).id)
        channel = session.get(Channel, channel_id)
        assert row is not None and channel is not None
        if arrived:
            create("mastodon", _mastodon_config(server, token)).publish(
                outbound_item(row, channel), key)
        session.execute(update(Variant).values(state="outcome_unknown", idempotency_key=key,
                                               next_attempt_at=None))
    return post_id, channel_id, token


def test_check_again_finds_a_post_that_arrived(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer, box: Box
) -> None:
    post_id, channel_id, token = _unknown_on_mastodon(db, personas, server, box, arrived=True)
    with transaction(db) as session:
        assert ops.check_again(session, personas.actors["approver"], box, post_id,
                               channel_id) == "published"
    found = variant(db, post_id)
    assert found.state == "published" and _statuses(server, token) == [found.remote_id]
    with transaction(db) as session:
        record = session.execute(select(ArchiveRecord)).scalar_one()
        assert record.remote_id == found.remote_id


def test_check_again_leaves_an_absent_post_unknown_and_posts_nothing(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer, box: Box
) -> None:
    post_id, channel_id, token = _unknown_on_mastodon(db, personas, server, box, arrived=False)
    with transaction(db) as session:
        assert ops.check_again(session, personas.actors["admin"], box, post_id,
                               channel_id) == "not_found"
    assert variant(db, post_id).state == "outcome_unknown"
    assert _statuses(server, token) == []
    assert _actions(db)[-1] == "variant.checked"


def test_delete_on_mastodon_marks_the_archive_record_and_keeps_it(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer, box: Box
) -> None:
    _, token = server.new_user()
    channel_id = add_channel(db, personas, box, "mastodon", _mastodon_config(server, token))
    post_id = scheduled_now(db, personas, channel_id)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]
    assert len(_statuses(server, token)) == 1
    with pytest.raises(PermissionDenied), transaction(db) as session:
        ops.delete_published(session, personas.actors["author"], box, post_id, channel_id)
    assert len(_statuses(server, token)) == 1
    with transaction(db) as session:
        record = ops.delete_published(session, personas.actors["approver"], box, post_id,
                                      channel_id)
        assert record.deleted_at is not None
    assert _statuses(server, token) == []
    text = variant(db, post_id).text
    with transaction(db) as session:
        kept = session.execute(select(ArchiveRecord)).scalar_one()
        assert kept.deleted_at is not None and kept.text == text
    assert _actions(db)[-2:] == ["variant.deleted", "archive.marked_deleted"]
    with pytest.raises(Conflict, match="already deleted"), transaction(db) as session:
        ops.delete_published(session, personas.actors["approver"], box, post_id, channel_id)


def test_delete_on_a_webhook_is_refused_and_a_draft_cannot_be_deleted(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box
) -> None:
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    post_id = scheduled_now(db, personas, channel_id)
    with pytest.raises(Conflict, match="only a published"), transaction(db) as session:
        ops.delete_published(session, personas.actors["approver"], box, post_id, channel_id)
    Worker(db=db, box=box).tick()
    with pytest.raises(Conflict, match="cannot delete"), transaction(db) as session:
        ops.delete_published(session, personas.actors["approver"], box, post_id, channel_id)
    with transaction(db) as session:
        assert session.execute(select(ArchiveRecord)).scalar_one().deleted_at is None


def test_publish_now_makes_an_approved_post_due_at_once(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, box: Box
) -> None:
    from carepost.services import posts

    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    with transaction(db) as session:
        post_id = posts.create_post(session, personas.actors["author"], "t",
                                    [(channel_id, "Flu clinic open Saturday.")]).id
        posts.submit(session, personas.actors["author"], post_id)
    with pytest.raises(Conflict), transaction(db) as session:
        ops.publish_now(session, personas.actors["approver"], post_id)  # not approved yet
    with transaction(db) as session:
        posts.review(session, personas.actors["approver"], post_id, "approved")
    with pytest.raises(PermissionDenied), transaction(db) as session:
        ops.publish_now(session, personas.actors["author"], post_id)
    with transaction(db) as session:
        ops.publish_now(session, personas.actors["approver"], post_id)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]
