"""Notifications: the count in the header (loaded by htmx) and the page listing them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.services import notifications, org_zone
from carepost.storage.db import read_only, transaction
from carepost.storage.publishing import Variant
from carepost.web.deps import CurrentViewer, state
from carepost.web.pages.post_forms import local_time
from carepost.web.templating import render

router = APIRouter()

KIND_LABELS = {
    "channel.needs_reconnect": "A channel needs reconnecting: its credentials were refused.",
    "post.approval_due": "A post's slot is near and it is still not approved.",
    "post.slot_missed": "A post's slot passed before it was approved: choose a new time.",
    "post.submitted": "A post was submitted for review.",
    "variant.failed": "A post failed to publish.",
    "alert.approval_needed": "An alert waits for your approval before it can be sent.",
    "alert.template_approval_needed": "An alert template waits for your approval.",
    "alert.delivery_failed": "An alert did not reach every channel: see its delivery board.",
}


def _link(db: Session, subject: str) -> str | None:
    kind, _, raw = subject.partition(":")
    if not raw.isdigit():
        return None
    if kind == "post":
        return f"/posts/{raw}"
    if kind == "channel":
        return "/channels"
    if kind == "alert":
        return f"/alerts/{raw}"
    if kind == "inbound":  # inbox.urgent: open the item itself, where the responder acts
        return f"/inbox/items/{raw}"
    if kind == "alert_template":
        return f"/alerts#template-{raw}"
    if kind == "variant":
        post_id = db.execute(
            select(Variant.post_id).where(Variant.id == int(raw))
        ).scalar()
        return f"/posts/{post_id}" if post_id is not None else None
    return None


@router.get("/notifications")
def notification_page(request: Request, viewer: CurrentViewer) -> Response:
    """The viewer's notifications, newest first, unread ones marked."""
    with read_only(state(request).factory) as db:
        zone = org_zone.time_zone(db, viewer.actor.org_id)
        rows = [
            {"text": KIND_LABELS.get(n.kind, n.kind), "unread": n.read_at is None,
             "at": local_time(n.created_at, zone), "link": _link(db, n.subject)}
            for n in notifications.for_actor(db, viewer.actor, unread_only=False)[:200]
        ]
    return render(request, "notifications.html", title="Notifications",
                  active="notifications", rows=rows,
                  unread=sum(1 for r in rows if r["unread"]))


@router.get("/notifications/count")
def notification_count(request: Request, viewer: CurrentViewer) -> Response:
    """The header's unread count, as a small fragment (empty when there is nothing new)."""
    with read_only(state(request).factory) as db:
        count = len(notifications.for_actor(db, viewer.actor, unread_only=True))
    body = f'<span class="badge">{count}<span class="visually-hidden"> unread</span></span>' \
        if count else ""
    return HTMLResponse(body, headers={"cache-control": "no-store"})


@router.post("/notifications/read")
def mark_read(request: Request, viewer: CurrentViewer) -> Response:
    """Mark every notification read."""
    with transaction(state(request).factory) as db:
        notifications.mark_all_read(db, viewer.actor)
    return RedirectResponse("/notifications", status_code=303)
