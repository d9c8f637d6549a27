"""Holding back scheduled promotional posts while an alert is out, and letting them go after.

A post variant scheduled to go out within the pause window gets its due time moved to the end
of the window, and the original time is recorded; nothing is deleted or unscheduled, so the
ordinary worker publishes it when the window closes. `resume` ends the pause early.
Variants already being published (claimed, or retrying after an unknown outcome) are left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.core.lifecycle import State
from carepost.services import audit
from carepost.services.actor import SYSTEM, Actor, require
from carepost.services.errors import Conflict
from carepost.storage.alerts import Alert, AlertPausedVariant
from carepost.storage.models import utcnow
from carepost.storage.publishing import Post, Variant


def pause_promotions(session: Session, alert: Alert, now: datetime) -> int:
    """Hold the organisation's scheduled posts due before now + the alert's window; count them."""
    if alert.pause_minutes <= 0:
        return 0
    until = now + timedelta(minutes=alert.pause_minutes)
    rows = session.execute(
        select(Variant).join(Post, Post.id == Variant.post_id)
        .where(Post.org_id == alert.org_id, Variant.state == State.SCHEDULED.value,
               Variant.claimed_by.is_(None), Variant.next_attempt_at.is_not(None),
               Variant.next_attempt_at < until)
        .with_for_update(of=Variant)
    ).scalars().all()
    for variant in rows:
        session.add(AlertPausedVariant(alert_id=alert.id, variant_id=variant.id,
                                       due_at=variant.next_attempt_at, paused_until=until))
        variant.next_attempt_at = until
    if rows:
        audit.record(session, SYSTEM, "alert.posts_paused", f"alert:{alert.id}",
                     {"variants": len(rows), "minutes": alert.pause_minutes},
                     org_id=alert.org_id)
    return len(rows)


def paused(session: Session, alert_id: int) -> list[AlertPausedVariant]:
    """The variants this alert held back."""
    return list(session.execute(select(AlertPausedVariant)
                                .where(AlertPausedVariant.alert_id == alert_id)
                                .order_by(AlertPausedVariant.id)).scalars())


def resume(session: Session, actor: Actor, alert: Alert) -> int:
    """End the pause now: held variants go back to their own time (or now, if it has passed)."""
    require(actor, "alert.send", session)
    now = utcnow()
    count = 0
    for row in paused(session, alert.id):
        variant = session.get(Variant, row.variant_id, with_for_update=True)
        if variant is None or variant.state != State.SCHEDULED.value:
            continue
        if variant.next_attempt_at is None or variant.next_attempt_at > now:
            variant.next_attempt_at = max(row.due_at or now, now)
            row.paused_until = now
            count += 1
    if not count:
        raise Conflict(f"alert {alert.id} holds no scheduled posts back")
    audit.record(session, actor, "alert.posts_resumed", f"alert:{alert.id}", {"variants": count})
    return count
