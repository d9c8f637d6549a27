"""Notification rows: what a person must act on (a channel to reconnect, a slot near, unapproved).

Subjects are ids ("channel:3", "post:12"), never content, so a notification cannot leak PHI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, false, select
from sqlalchemy.orm import Session

from carepost.services import audit
from carepost.services.actor import Actor
from carepost.services.errors import NotFound
from carepost.storage.models import Membership, utcnow
from carepost.storage.notification_reads import NotificationRead
from carepost.storage.publishing import Notification

# Ids named in a "read all" audit event (its count is always exact): the newest, bounded so
# that one person's backlog cannot make one audit row unbounded.
MAX_AUDITED_IDS = 100


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


@dataclass(frozen=True, slots=True)
class Seen:
    """A notification as one person sees it: `read_at` is that person's own read time."""

    id: int
    org_id: int
    user_id: int | None
    kind: str
    subject: str
    created_at: datetime
    read_at: datetime | None


def _seen(row: Notification, receipt: datetime | None, per_person: bool) -> Seen:
    shared = row.user_id is None and per_person
    return Seen(row.id, row.org_id, row.user_id, row.kind, row.subject, row.created_at,
                (receipt or row.read_at) if shared else row.read_at)


def _query(actor: Actor) -> Select[tuple[Notification, datetime | None]]:
    """The actor's rows with their read receipt for organisation-wide ones (outer join).

    A shared `read_at` on an organisation-wide row predates per-person receipts (migration
    0012) and still counts as read; without a user (the CLI) there is no person to ask, so the
    shared time is all there is.
    """
    query = select(Notification, NotificationRead.read_at).where(
        Notification.org_id == actor.org_id)
    if actor.user_id is None:
        return query.outerjoin(NotificationRead, false())
    return query.where(
        (Notification.user_id == actor.user_id) | (Notification.user_id.is_(None))
    ).outerjoin(NotificationRead, and_(NotificationRead.notification_id == Notification.id,
                                       NotificationRead.user_id == actor.user_id))


def for_actor(session: Session, actor: Actor, unread_only: bool = True) -> list[Seen]:
    """The actor's notifications (and organisation-wide ones), newest first."""
    query = _query(actor)
    if unread_only:
        query = query.where(Notification.read_at.is_(None), NotificationRead.read_at.is_(None))
    rows = session.execute(query.order_by(Notification.id.desc())).all()
    return [_seen(row, receipt, actor.user_id is not None) for row, receipt in rows]


def _mark(session: Session, actor: Actor, row: Notification, now: datetime) -> None:
    if row.user_id is None and actor.user_id is not None:
        session.add(NotificationRead(notification_id=row.id, user_id=actor.user_id,
                                     read_at=now))
    else:
        row.read_at = now


def mark_all_read(session: Session, actor: Actor) -> int:
    """Mark the actor's unread notifications read (organisation-wide ones for the actor only);
    return how many."""
    now = utcnow()
    rows = session.execute(
        _query(actor).where(Notification.read_at.is_(None), NotificationRead.read_at.is_(None))
    ).all()
    for row, _ in rows:
        _mark(session, actor, row, now)
    if rows:  # as `mark_read`: a read is audited when it changes something
        audit.record(session, actor, "notification.read_all", "notifications",
                     {"count": len(rows),
                      "ids": sorted(row.id for row, _ in rows)[-MAX_AUDITED_IDS:]})
    session.flush()
    return len(rows)


def mark_read(session: Session, actor: Actor, notification_id: int) -> Seen:
    """Mark one of the actor's notifications read (marking twice keeps the first time);
    an organisation-wide one is marked read for the actor only."""
    found = session.execute(_query(actor).where(Notification.id == notification_id)).first()
    if found is None:
        raise NotFound(f"notification {notification_id} not found")
    row, receipt = found
    seen = _seen(row, receipt, actor.user_id is not None)
    if seen.read_at is None:
        now = utcnow()
        _mark(session, actor, row, now)
        audit.record(session, actor, "notification.read", f"notification:{row.id}",
                     {"kind": row.kind})
        session.flush()
        seen = _seen(row, now, actor.user_id is not None)
    return seen
