"""Review finding #11: organisation-wide notifications are read by each member for themselves."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import notifications
from carepost.services.actor import cli_actor
from carepost.services.errors import NotFound
from carepost.storage.db import read_only, transaction
from carepost.storage.models import AuditEvent
from tests.conftest import Personas


def _unread(db: sessionmaker[Session], personas: Personas, role: str) -> list[str]:
    with read_only(db) as session:
        return [n.kind for n in notifications.for_actor(session, personas.actors[role])]


def test_one_member_marking_all_read_leaves_org_wide_ones_unread_for_others(
    db: sessionmaker[Session], personas: Personas,
) -> None:
    org = personas.org.id
    with transaction(db) as session:
        notifications.notify(session, org, "channel.needs_reconnect", "channel:1", [None])
        notifications.notify(session, org, "variant.failed", "variant:7",
                             [personas.users["admin"].id])
    assert _unread(db, personas, "admin") == ["variant.failed", "channel.needs_reconnect"]
    with transaction(db) as session:
        assert notifications.mark_all_read(session, personas.actors["admin"]) == 2
    assert _unread(db, personas, "admin") == []
    # Everyone else still has the organisation-wide one, and only that.
    assert _unread(db, personas, "privacy_officer") == ["channel.needs_reconnect"]
    assert _unread(db, personas, "author") == ["channel.needs_reconnect"]
    with read_only(db) as session:
        seen = notifications.for_actor(session, personas.actors["admin"], unread_only=False)
        assert all(n.read_at is not None for n in seen)
        theirs = notifications.for_actor(session, personas.actors["author"], unread_only=False)
        assert [n.read_at for n in theirs] == [None]
    with transaction(db) as session:  # marking twice is harmless
        assert notifications.mark_all_read(session, personas.actors["admin"]) == 0
    with read_only(db) as session:  # audited once, as the person who read them, with the ids
        events = [(e.actor_id, e.org_id, json.loads(e.detail)) for e in session.execute(
            select(AuditEvent).where(AuditEvent.action == "notification.read_all")).scalars()]
        marked = sorted(n.id for n in notifications.for_actor(session, personas.actors["admin"],
                                                              unread_only=False))
    assert events == [(personas.users["admin"].id, org, {"count": 2, "ids": marked})]


def test_marking_one_org_wide_notification_read_is_per_person_and_audited(
    db: sessionmaker[Session], personas: Personas,
) -> None:
    org = personas.org.id
    with transaction(db) as session:
        [row] = notifications.notify(session, org, "channel.needs_reconnect", "channel:2",
                                     [None])
        [mine] = notifications.notify(session, org, "variant.failed", "variant:8",
                                      [personas.users["author"].id])
    with transaction(db) as session:
        first = notifications.mark_read(session, personas.actors["approver"], row.id)
    assert first.read_at is not None
    with transaction(db) as session:
        again = notifications.mark_read(session, personas.actors["approver"], row.id)
    assert again.read_at == first.read_at  # the first time is kept
    assert _unread(db, personas, "approver") == []
    assert _unread(db, personas, "admin") == ["channel.needs_reconnect"]
    with transaction(db) as session:  # another person's own notification stays theirs
        with pytest.raises(NotFound):
            notifications.mark_read(session, personas.actors["approver"], mine.id)
        # The CLI has no person: it still sees the row unread for the organisation.
        assert [n.id for n in notifications.for_actor(session, cli_actor(org))] == [mine.id,
                                                                                     row.id]
    with read_only(db) as session:
        actions = list(session.execute(select(AuditEvent.action)).scalars())
    assert actions.count("notification.read") == 1
