"""Channels: sealed configuration, validation without echoing secrets, test connection."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import CryptoError
from carepost.services import channels
from carepost.services.errors import PermissionDenied, ValidationFailed
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent
from carepost.storage.publishing import Channel, Notification
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import add_channel, new_box, webhook_config

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


def test_configuration_is_sealed_at_rest_and_opens_with_the_key(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    with transaction(db) as session:
        row = session.get(Channel, channel_id)
        assert row is not None
        assert SECRET not in row.config_sealed and "127.0.0.1" not in row.config_sealed
        assert channels.open_config(row, box)["secret"] == SECRET
        with pytest.raises(CryptoError):
            channels.open_config(row, new_box())
        event = session.execute(select(AuditEvent).where(
            AuditEvent.action == "channel.added")).scalar_one()
        assert SECRET not in event.detail and json.loads(event.detail) == {"kind": "webhook"}


def test_bad_configuration_names_the_key_not_the_value(
    db: sessionmaker[Session], personas: Personas
) -> None:
    with transaction(db) as session, pytest.raises(ValidationFailed) as err:
        channels.add_channel(session, personas.actors["admin"], new_box(), "webhook", "x",
                             {"url": "http://127.0.0.1/x", "secret": "short-secret-9"})
    assert "secret" in str(err.value) and "short-secret-9" not in str(err.value)
    with transaction(db) as session, pytest.raises(ValidationFailed, match="kind"):
        channels.add_channel(session, personas.actors["admin"], new_box(), "fax", "x", {})


def test_only_channel_managers_connect_channels(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver
) -> None:
    with transaction(db) as session, pytest.raises(PermissionDenied):
        channels.add_channel(session, personas.actors["approver"], new_box(), "webhook", "x",
                             webhook_config(receiver.url, SECRET))


def test_test_connection_records_success(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    with transaction(db) as session:
        result = channels.test_channel(session, personas.actors["admin"], box, channel_id)
    assert result.ok
    with transaction(db) as session:
        row = session.get(Channel, channel_id)
        assert row is not None and row.last_test_ok is True and row.status == "active"


def test_refused_credentials_mark_the_channel_and_notify_its_owner(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    receiver.answer(401, body=b'{"error": "bad token"}')
    with transaction(db) as session:
        result = channels.test_channel(session, personas.actors["admin"], box, channel_id)
    assert not result.ok
    with transaction(db) as session:
        row = session.get(Channel, channel_id)
        assert row is not None and row.status == "needs_reconnect" and row.last_test_ok is False
        notes = session.execute(select(Notification)).scalars().all()
        assert {n.user_id for n in notes} == {personas.users["admin"].id}
        assert all(n.subject == f"channel:{channel_id}" for n in notes)
        actions = session.execute(select(AuditEvent.action)).scalars().all()
        assert "channel.needs_reconnect" in actions
    # A successful test afterwards clears the flag.
    with transaction(db) as session:
        assert channels.test_channel(session, personas.actors["admin"], box, channel_id).ok
    with transaction(db) as session:
        row = session.get(Channel, channel_id)
        assert row is not None and row.status == "active"


def test_notifications_reach_only_their_user(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver
) -> None:
    from carepost.services import notifications

    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    receiver.answer(401)
    with transaction(db) as session:
        channels.test_channel(session, personas.actors["admin"], box, channel_id)
    with transaction(db) as session:
        mine = notifications.for_actor(session, personas.actors["admin"])
        theirs = notifications.for_actor(session, personas.actors["author"])
    assert [n.kind for n in mine] == ["channel.needs_reconnect"] and theirs == []
