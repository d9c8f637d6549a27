"""The calendar: a week or a month in the organisation's time zone, showing scheduled, published
and failed variants; schedule, reschedule and publish now; choose the time zone (admins).

Times are stored in UTC and converted only here, at the edge (core/schedule.py): a day's
entries are those whose local date is that day, so a 23- or 25-hour day around a
daylight-saving change holds exactly what happened on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.core.schedule import (
    Occurrence,
    ScheduleError,
    check_future,
    parse_local,
    to_local,
    to_utc,
)
from carepost.services import org_zone, posts
from carepost.services.errors import Conflict, ValidationFailed
from carepost.storage.db import read_only, transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Channel, Post, Variant
from carepost.web.deps import CurrentViewer, Viewer, state
from carepost.web.pages.post_forms import STATE_LABELS, FormFields, local_time
from carepost.web.templating import render

router = APIRouter()
SHOWN = ("scheduled", "publishing", "published", "failed", "outcome_unknown")
_DONE = {
    "scheduled": "Scheduled.",
    "now": "Publishing now: the worker sends it within seconds.",
    "zone": "Time zone saved.",
}


@dataclass(frozen=True)
class Entry:
    """One variant on the calendar."""

    post_id: int
    title: str
    channel: str
    state: str
    state_label: str
    local: datetime
    error: str | None
    url: str | None


def _period(view: str, start: date) -> tuple[date, int, date, date]:
    """(first day shown, number of days, previous start, next start) for the view."""
    if view == "month":
        first = start.replace(day=1)
        grid = first - timedelta(days=first.weekday())
        following = (first + timedelta(days=32)).replace(day=1)
        last = following - timedelta(days=1)
        days = (last - grid).days + 1
        days += (7 - days % 7) % 7
        previous = (first - timedelta(days=1)).replace(day=1)
        return grid, days, previous, following
    monday = start - timedelta(days=start.weekday())
    return monday, 7, monday - timedelta(days=7), monday + timedelta(days=7)


def entries(db: Session, org_id: int, zone: str, first: date, days: int) -> dict[date, list[Entry]]:
    """The organisation's variants whose local date falls in [first, first + days)."""
    # Query a day wider on each side in UTC, then bucket by local date (DST-proof).
    lo = datetime.combine(first - timedelta(days=1), time(), tzinfo=UTC)
    hi = lo + timedelta(days=days + 2)
    rows = db.execute(
        select(Variant, Post, Channel)
        .join(Post, Post.id == Variant.post_id).join(Channel, Channel.id == Variant.channel_id)
        .where(Post.org_id == org_id, Variant.state.in_(SHOWN))
    ).all()
    found: dict[date, list[Entry]] = {}
    for variant, post, channel in rows:
        when = (variant.published_at if variant.state == "published"
                else variant.next_attempt_at or post.slot_at or post.updated_at)
        if when is None or not lo <= when < hi:
            continue
        local = to_local(when, zone)
        if not first <= local.date() < first + timedelta(days=days):
            continue
        found.setdefault(local.date(), []).append(Entry(
            post.id, post.title or f"Post {post.id}", channel.name, variant.state,
            STATE_LABELS.get(variant.state, variant.state), local, variant.error, variant.url))
    for day in found.values():
        day.sort(key=lambda e: (e.local, e.post_id))
    return found


def _ready(db: Session, viewer: Viewer, zone: str) -> list[dict[str, Any]]:
    """Posts a publisher may schedule now: approved, scheduled (a new time) or failed."""
    out = []
    for wanted in ("approved", "scheduled", "failed"):
        for post in posts.list_posts(db, viewer.actor, wanted):
            out.append({"id": post.id, "title": post.title or f"Post {post.id}",
                        "state": post.state, "state_label": STATE_LABELS[post.state],
                        "slot": local_time(post.slot_at, zone)})
    return out


def _page(request: Request, viewer: Viewer, view: str, start: date | None, status: int = 200,
          notices: list[dict[str, str]] | None = None,
          kept: dict[int, str] | None = None, kept_zone: str | None = None) -> Response:
    with read_only(state(request).factory) as db:
        zone = org_zone.time_zone(db, viewer.actor.org_id)
        today = to_local(utcnow(), zone).date()
        first, days, previous, following = _period(view, start or today)
        found = entries(db, viewer.actor.org_id or 0, zone, first, days) \
            if viewer.actor.org_id is not None else {}
        ready = _ready(db, viewer, zone) if viewer.can("post.publish") else []
    weeks = [[first + timedelta(days=w * 7 + d) for d in range(7)] for w in range(days // 7)]
    return render(
        request, "calendar.html", status=status, title="Calendar", active="calendar",
        view=view, zone=zone, today=today, weeks=weeks, entries=found,
        month=(start or today).replace(day=1), previous=previous, following=following,
        ready=ready, kept=kept or {}, kept_zone=kept_zone, notices=notices or [],
        can_zone=viewer.can("user.manage"), headers={"cache-control": "no-store"},
    )


@router.get("/calendar")
def calendar(
    request: Request,
    viewer: CurrentViewer,
    view: Annotated[str, Query(max_length=8)] = "week",
    start: Annotated[str, Query(max_length=10)] = "",
    done: str = "",
) -> Response:
    """The week (default) or month view."""
    view = "month" if view == "month" else "week"
    notices = [{"kind": "ok", "text": _DONE[done]}] if done in _DONE else []
    try:
        day = date.fromisoformat(start) if start else None
    except ValueError:
        day = None
        notices.append({"kind": "error", "text": "start: expected a date like 2026-03-08"})
    return _page(request, viewer, view, day, notices=notices)


def _parse_when(text: str, zone: str, occurrence: str) -> datetime:
    """The UTC instant of a local time typed on the page (datetime-local or "YYYY-MM-DD HH:MM")."""
    cleaned = text.strip().replace("T", " ")[:19]
    if not cleaned:
        raise ValidationFailed("time", "choose a date and time")
    # A time the clocks pass twice (autumn) takes the occurrence chosen on the form.
    which: Occurrence = "second" if occurrence == "second" else "first"
    try:
        if len(cleaned) == 19:  # seconds given (the field allows them)
            try:
                local = datetime.strptime(cleaned, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                raise ScheduleError("the time must look like 2026-03-08 09:30") from None
            when = to_utc(local, zone, occurrence=which)
        else:
            when = parse_local(cleaned, zone, occurrence=which)
        return check_future(when, utcnow())
    except ScheduleError as exc:
        raise ValidationFailed("time", str(exc)) from None


@router.post("/posts/{post_id}/schedule")
def schedule_post(request: Request, viewer: CurrentViewer, post_id: int,
                  fields: FormFields) -> Response:
    """Schedule (or reschedule) an approved post at a local time in the organisation's zone."""
    typed = fields.get("when")
    try:
        with transaction(state(request).factory) as db:
            zone = org_zone.time_zone(db, viewer.actor.org_id)
            when = _parse_when(typed, zone, fields.get("occurrence"))
            posts.schedule(db, viewer.actor, post_id, when)
    except (ValidationFailed, Conflict) as exc:
        return _page(request, viewer, "week", None, status=422,
                     notices=[{"kind": "error", "text": f"Post {post_id}: {exc}"}],
                     kept={post_id: typed[:40]})
    return RedirectResponse("/calendar?done=scheduled", status_code=303)


@router.post("/posts/{post_id}/publish-now")
def publish_now(request: Request, viewer: CurrentViewer, post_id: int) -> Response:
    """Publish an approved (or scheduled, or failed) post now: it becomes due immediately."""
    try:
        with transaction(state(request).factory) as db:
            posts.schedule(db, viewer.actor, post_id, utcnow())
    except (ValidationFailed, Conflict) as exc:
        return _page(request, viewer, "week", None, status=422,
                     notices=[{"kind": "error", "text": f"Post {post_id}: {exc}"}])
    return RedirectResponse("/calendar?done=now", status_code=303)


@router.post("/calendar/zone")
def set_zone(request: Request, viewer: CurrentViewer, fields: FormFields) -> Response:
    """Choose the organisation's time zone (administrators)."""
    typed = fields.get("time_zone")[:64]
    try:
        with transaction(state(request).factory) as db:
            org_zone.set_time_zone(db, viewer.actor, typed)
    except ValidationFailed as exc:
        return _page(request, viewer, "week", None, status=422,
                     notices=[{"kind": "error", "text": str(exc)}], kept_zone=typed)
    return RedirectResponse("/calendar?done=zone", status_code=303)
