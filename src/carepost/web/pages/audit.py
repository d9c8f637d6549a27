"""The audit log: browse with filters, export a date range."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carepost.services import audit
from carepost.services.errors import ValidationFailed
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent
from carepost.web.deps import CurrentViewer, state
from carepost.web.templating import render
from carepost.web.timefilters import parse_moment

router = APIRouter()
PAGE = 50


def _count(
    db: Session,
    org_id: int | None,
    action: str | None,
    actor_id: int | None,
    since: datetime | None,
    until: datetime | None,
) -> int:
    """How many events match, so the page can open on the newest ones.

    The audit service lists oldest first; counting here (after the service has checked
    audit.view) lets the page show the newest events first without changing the service.
    """
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.org_id == org_id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if since is not None:
        query = query.where(AuditEvent.ts >= since)
    if until is not None:
        query = query.where(AuditEvent.ts < until)
    return db.scalar(query) or 0


@router.get("/audit")
def audit_page(
    request: Request,
    viewer: CurrentViewer,
    action: str = "",
    actor_id: str = "",
    since: str = "",
    until: str = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Events of the current organisation, newest first, filtered; page 1 is the newest."""
    # Accepted filter values are shown back in the form (the viewer's own query); never logged.
    filters = {"action": action, "actor_id": actor_id, "since": since, "until": until}
    events: list = []
    total = 0
    filter_error: str | None = None
    status = 200
    try:
        actor_num = int(actor_id) if actor_id.strip() else None
    except ValueError:
        actor_num, filter_error, status = None, "actor_id: expected a number", 422
    if filter_error is None:
        try:
            start = parse_moment("since", since)
            end = parse_moment("until", until, end_of_day=True)
            wanted = action.strip() or None
            with transaction(state(request).factory) as db:
                # If audit.view is refused, list_events below raises (and audits) before any
                # count is shown.
                total = _count(db, viewer.actor.org_id, wanted, actor_num, start, end)
                # Page 1 holds the newest PAGE events: count back from the end.
                offset = max(total - page * PAGE, 0)
                limit = max(min(PAGE, total - (page - 1) * PAGE), 1)
                events = audit.list_events(
                    db,
                    viewer.actor,
                    action=wanted,
                    actor_id=actor_num,
                    since=start,
                    until=end,
                    limit=limit,
                    offset=offset,
                )
                events = list(reversed(events)) if total > (page - 1) * PAGE else []
        except ValidationFailed as exc:
            filter_error, status = str(exc), 422
    if filter_error is not None:
        # A rejected filter is not echoed back: error responses never repeat submitted text.
        filters = dict.fromkeys(filters, "")
    base = {k: v for k, v in filters.items() if v}
    newer_url = f"/audit?{urlencode({**base, 'page': page - 1})}" if page > 1 else None
    older_url = f"/audit?{urlencode({**base, 'page': page + 1})}" if total > page * PAGE else None
    return render(
        request,
        "audit.html",
        status=status,
        title="Audit log",
        active="audit",
        events=events,
        total=total,
        filters=filters,
        filter_error=filter_error,
        prev_url=newer_url,
        next_url=older_url,
    )


@router.post("/audit/export")
def audit_export(
    request: Request,
    viewer: CurrentViewer,
    fmt: Annotated[str, Form()] = "csv",
    since: Annotated[str, Form()] = "",
    until: Annotated[str, Form()] = "",
) -> Response:
    """Download the events of a date range as CSV or JSON lines (the export is audited)."""
    start = parse_moment("since", since)
    end = parse_moment("until", until, end_of_day=True)
    out = io.StringIO()
    with transaction(state(request).factory) as db:
        audit.export(db, viewer.actor, start, end, fmt, out)  # type: ignore[arg-type]
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    name = f"carepost-audit-{viewer.org_slug}.{fmt}"
    return Response(
        out.getvalue(),
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
