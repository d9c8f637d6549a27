"""Holding back scheduled promotional posts while an alert is out, and letting them go after.

A post variant scheduled to go out within the pause window gets its due time moved to the end
of the window, and the original time is recorded; nothing is deleted or unscheduled, so the
ordinary worker publishes it when the window closes. `resume` ends the pause early.
Variants already being published (claimed, or retrying after an unknown outcome) are left alone.

Posts scheduled (or rescheduled) into a window after the alert went out are held when the
worker is about to claim them (`hold_due`), not when they are scheduled: a post gets its time
from several places (schedule, approve with a slot, the API, a retry's backoff), but every one
of them goes out only through the worker's claim, so one check there covers them all, and a
pause that ends early needs nothing undone.
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

# compose.MAX_PAUSE_MINUTES, repeated here so the worker's hook imports nothing else.
_LONGEST = timedelta(days=7)


def pause_end(alert: Alert) -> datetime | None:
    """When the alert's pause of promotional posts ends (None: it pauses nothing)."""
    if alert.drill or alert.sent_at is None or alert.pause_minutes <= 0:
        return None
    return alert.sent_at + timedelta(minutes=alert.pause_minutes)


def _hold(session: Session, alert: Alert, until: datetime, before: datetime) -> int:
    """Move the org's free scheduled variants due before `before` to `until`; record each."""
    rows = session.execute(
        select(Variant).join(Post, Post.id == Variant.post_id)
        .where(Post.org_id == alert.org_id, Variant.state == State.SCHEDULED.value,
               Variant.claimed_by.is_(None), Variant.next_attempt_at.is_not(None),
               Variant.next_attempt_at < before)
        .order_by(Variant.id)  # one lock order for every worker: two holds never deadlock
        .with_for_update(of=Variant)
    ).scalars().all()
    for variant in rows:
        known = session.execute(select(AlertPausedVariant).where(
            AlertPausedVariant.alert_id == alert.id,
            AlertPausedVariant.variant_id == variant.id)).scalar()
        if known is None:
            session.add(AlertPausedVariant(alert_id=alert.id, variant_id=variant.id,
                                           due_at=variant.next_attempt_at, paused_until=until))
        else:  # held before, released or rescheduled since, and due inside the window again
            known.due_at, known.paused_until = variant.next_attempt_at, until
        variant.next_attempt_at = until
    return len(rows)


def pause_promotions(session: Session, alert: Alert, now: datetime) -> int:
    """Hold the organisation's scheduled posts due before now + the alert's window; count them."""
    if alert.pause_minutes <= 0:
        return 0
    until = now + timedelta(minutes=alert.pause_minutes)
    count = _hold(session, alert, until, until)
    if count:
        audit.record(session, SYSTEM, "alert.posts_paused", f"alert:{alert.id}",
                     {"variants": count, "minutes": alert.pause_minutes},
                     org_id=alert.org_id)
    return count


def hold_due(session: Session, now: datetime) -> int:
    """Called by the worker just before it claims: hold variants that fell due inside a pause.

    Only variants due now are touched (the ones the claim would take); later ones are looked at
    when they fall due, so a reschedule out of the window, or `resume`, needs nothing undone.
    """
    active = session.execute(select(Alert).where(
        Alert.sent_at.is_not(None), Alert.sent_at > now - _LONGEST, Alert.pause_minutes > 0,
        Alert.drill.is_(False))).scalars().all()
    count = 0
    for alert in active:
        until = pause_end(alert)
        if until is None or until <= now:
            continue
        held = _hold(session, alert, until, now + timedelta(microseconds=1))
        if held:
            audit.record(session, SYSTEM, "alert.posts_paused", f"alert:{alert.id}",
                         {"variants": held, "minutes": alert.pause_minutes, "late": True},
                         org_id=alert.org_id)
        count += held
    return count


def paused(session: Session, alert_id: int,
           now: datetime | None = None) -> list[AlertPausedVariant]:
    """The variants this alert held back (with `now`: only those still held at that time)."""
    query = select(AlertPausedVariant).where(AlertPausedVariant.alert_id == alert_id)
    if now is not None:
        query = query.where(AlertPausedVariant.paused_until > now)
    return list(session.execute(query.order_by(AlertPausedVariant.id)).scalars())


def resume(session: Session, actor: Actor, alert: Alert) -> int:
    """End the pause now: posts still held go back to their own time (or now, if it has passed).

    "Still held" means the variant's due time is still the end of this alert's window: a post a
    person rescheduled since (or that another alert holds longer) keeps the time it has now.
    """
    require(actor, "alert.send", session)
    now = utcnow()
    end = pause_end(alert)
    if end is None or end <= now:
        raise Conflict(f"alert {alert.id} holds no scheduled posts back (its pause is over)")
    held = paused(session, alert.id, now)
    if not held:
        raise Conflict(f"alert {alert.id} holds no scheduled posts back")
    count = 0
    for row in held:
        variant = session.get(Variant, row.variant_id, with_for_update=True)
        if (variant is not None and variant.state == State.SCHEDULED.value
                and variant.claimed_by is None and variant.next_attempt_at == row.paused_until):
            variant.next_attempt_at = max(row.due_at or now, now)
            count += 1
        row.paused_until = now  # released (or no longer ours): not shown as held any more
    # The window ends now, so the worker's claim-time check (`hold_due`) stops holding too.
    alert.pause_minutes = max(0, int((now - (alert.sent_at or now)).total_seconds() // 60))
    audit.record(session, actor, "alert.posts_resumed", f"alert:{alert.id}", {"variants": count})
    return count
