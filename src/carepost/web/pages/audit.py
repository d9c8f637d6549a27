"""The audit log: browse with filters, export a date range."""

from __future__ import annotations

import io
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from carepost.services import audit
from carepost.services.errors import ValidationFailed
from carepost.storage.db import transaction
from carepost.web.deps import CurrentViewer, state
from carepost.web.templating import render
from carepost.web.timefilters import parse_moment

router = APIRouter()
PAGE = 50


@router.get("/audit")
def audit_page(
    request: Request,
    viewer: CurrentViewer,
    action: str = "",
    actor_id: str = "",
    since: str = "",
    until: str = "",
    offset: int = 0,
) -> Response:
    """Events of the current organisation, oldest first, filtered."""
    # Accepted filter values are shown back in the form (the viewer's own query); never logged.
    filters = {"action": action, "actor_id": actor_id, "since": since, "until": until}
    events: list = []
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
            with transaction(state(request).factory) as db:
                events = audit.list_events(
                    db,
                    viewer.actor,
                    action=action.strip() or None,
                    actor_id=actor_num,
                    since=start,
                    until=end,
                    limit=PAGE + 1,
                    offset=max(offset, 0),
                )
        except ValidationFailed as exc:
            filter_error, status = str(exc), 422
    if filter_error is not None:
        # A rejected filter is not echoed back: error responses never repeat submitted text.
        filters = dict.fromkeys(filters, "")
    has_more = len(events) > PAGE
    base = {k: v for k, v in filters.items() if v}
    prev_url = (
        f"/audit?{urlencode({**base, 'offset': max(offset - PAGE, 0)})}" if offset > 0 else None
    )
    next_url = f"/audit?{urlencode({**base, 'offset': offset + PAGE})}" if has_more else None
    return render(
        request,
        "audit.html",
        status=status,
        title="Audit log",
        active="audit",
        events=events[:PAGE],
        filters=filters,
        filter_error=filter_error,
        prev_url=prev_url,
        next_url=next_url,
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
