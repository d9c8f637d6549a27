"""The caller's notifications: list, mark read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from carepost.services import notifications
from carepost.storage.db import transaction
from carepost.web.api.publishing_schemas import PUBLISHING_ERRORS, NotificationOut
from carepost.web.deps import OrgActor, state

router = APIRouter(prefix="/orgs/{org}/notifications", tags=["notifications"],
                   responses=PUBLISHING_ERRORS)


def notification_out(row: Any) -> NotificationOut:
    """A Notification row as the API shows it."""
    return NotificationOut(id=row.id, kind=row.kind, subject=row.subject,
                           created_at=row.created_at, read_at=row.read_at)


@router.get("", response_model=list[NotificationOut])
def list_notifications(request: Request, actor: OrgActor,
                       unread_only: bool = True) -> list[NotificationOut]:
    """The caller's notifications and the organisation-wide ones, newest first."""
    with transaction(state(request).factory) as db:
        return [notification_out(n)
                for n in notifications.for_actor(db, actor, unread_only=unread_only)]


@router.post("/{notification_id}/read", response_model=NotificationOut)
def mark_read(request: Request, actor: OrgActor, notification_id: int) -> NotificationOut:
    """Mark one notification read."""
    with transaction(state(request).factory) as db:
        return notification_out(notifications.mark_read(db, actor, notification_id))
