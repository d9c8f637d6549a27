"""Notification rows: what a person must act on (a channel to reconnect, a slot near, unapproved).

Subjects are ids ("channel:3", "post:12"), never content, so a notification cannot leak PHI.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.services.actor import Actor
from carepost.storage.models import Membership
from carepost.storage.publishing import Notification


def users_with_roles(session: Session, org_id: int, roles: Iterable[str]) -> list[int]:
    """Ids of the organisation's members holding any of `roles`."""
    return list(session.execute(
        select(Membership.user_id).where(
            Membership.org_id == org_id, Membership.role.in_(tuple(roles))
        ).order_by(Membership.user_id)
    ).scalars())


def notify(
    session: Session, org_id: int, kind: str, subject: str, user_ids: Iterable[int | None]
) -> list[Notification]:
    """Add one notification per distinct user (None: the whole organisation) in this transaction."""
    rows = []
    for user_id in dict.fromkeys(user_ids):
        row = Notification(org_id=org_id, user_id=user_id, kind=kind, subject=subject[:200])
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def for_actor(session: Session, actor: Actor, unread_only: bool = True) -> list[Notification]:
    """The actor's notifications (and organisation-wide ones), newest first."""
    query = select(Notification).where(Notification.org_id == actor.org_id)
    if actor.user_id is not None:
        query = query.where(
            (Notification.user_id == actor.user_id) | (Notification.user_id.is_(None))
        )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(session.execute(query.order_by(Notification.id.desc())).scalars())


def mark_all_read(session: Session, actor: Actor) -> int:
    """Mark the actor's unread notifications (and organisation-wide ones) read; return how many."""
    from carepost.storage.models import utcnow

    rows = for_actor(session, actor, unread_only=True)
    now = utcnow()
    for row in rows:
        row.read_at = now
    session.flush()
    return len(rows)


def mark_read(session: Session, actor: Actor, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read (marking twice keeps the first time)."""
    from carepost.services.errors import NotFound
    from carepost.storage.models import utcnow

    row = session.get(Notification, notification_id)
    if (row is None or row.org_id != actor.org_id
            or (row.user_id is not None and row.user_id != actor.user_id)):
        raise NotFound(f"notification {notification_id} not found")
    if row.read_at is None:
        from carepost.services import audit

        row.read_at = utcnow()
        audit.record(session, actor, "notification.read", f"notification:{row.id}",
                     {"kind": row.kind})
    return row
