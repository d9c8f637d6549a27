"""The two-person rule for alerts: a privacy officer AND an approver, two different people.

Used for templates (approved in advance, per version) and for alerts written from scratch
(approved on the alert screen). Nobody approves what they wrote, one person never fills both
slots, and each slot is filled once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.services import notifications
from carepost.services.actor import Actor, require
from carepost.services.errors import Conflict, PermissionDenied
from carepost.storage.alerts import AlertApproval

SLOT_LABELS = {"privacy_officer": "a privacy officer", "approver": "an approver"}


def slot_for(actor: Actor) -> str:
    """Which approval this actor can give: privacy officers one, approvers and admins the other."""
    if actor.user_id is None:
        raise PermissionDenied("an alert approval must come from a named member (use --as)")
    if actor.role == "privacy_officer":
        return "privacy_officer"
    if actor.role in ("approver", "admin"):
        return "approver"
    raise PermissionDenied("only a privacy officer or an approver can approve alerts")


def missing(approvals: list[AlertApproval]) -> list[str]:
    """The slots still empty, as people read them."""
    have = {a.slot for a in approvals}
    return [SLOT_LABELS[s] for s in SLOT_LABELS if s not in have]


def add(session: Session, actor: Actor, author_id: int | None, approvals: list[AlertApproval],
        what: str, **target: object) -> AlertApproval:
    """Record `actor`'s approval of `what` after checking the two-person rule."""
    require(actor, "alert.approve", session)
    slot = slot_for(actor)
    if author_id is not None and actor.user_id == author_id:
        raise PermissionDenied(f"nobody approves their own {what}")
    if any(a.user_id == actor.user_id for a in approvals):
        raise PermissionDenied(f"the two approvals of a {what} must come from two different "
                               "people")
    if any(a.slot == slot for a in approvals):
        raise Conflict(f"this {what} is already approved by {SLOT_LABELS[slot]}")
    row = AlertApproval(slot=slot, user_id=actor.user_id, user_label=actor.label[:200],
                        **target)
    session.add(row)
    session.flush()
    return row


def of_template(session: Session, template_id: int, version: int) -> list[AlertApproval]:
    """The approvals of one template version."""
    return list(session.execute(
        select(AlertApproval).where(AlertApproval.template_id == template_id,
                                    AlertApproval.template_version == version)
        .order_by(AlertApproval.id)).scalars())


def of_alert(session: Session, alert_id: int) -> list[AlertApproval]:
    """The approvals given on one alert."""
    return list(session.execute(
        select(AlertApproval).where(AlertApproval.alert_id == alert_id)
        .order_by(AlertApproval.id)).scalars())


def ask(session: Session, org_id: int, kind: str, subject: str, author_id: int | None) -> None:
    """Tell everyone who can give an approval (except the author) that one is waiting."""
    people = notifications.users_with_roles(session, org_id,
                                            ("privacy_officer", "approver", "admin"))
    notifications.notify(session, org_id, kind, subject, [u for u in people if u != author_id])
