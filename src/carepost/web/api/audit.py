"""The audit log of an organisation: filtered listing and export."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from carepost.services import audit
from carepost.storage.db import transaction
from carepost.web.api.schemas import AuditEventOut, AuditPage
from carepost.web.deps import OrgActor, state
from carepost.web.timefilters import parse_moment

router = APIRouter(prefix="/orgs/{org}/audit", tags=["audit"])


@router.get("/events", response_model=AuditPage)
def list_events(
    request: Request,
    actor: OrgActor,
    action: Annotated[str | None, Query(max_length=64)] = None,
    actor_id: int | None = None,
    since: Annotated[str | None, Query(description="date or ISO 8601 time, inclusive")] = None,
    until: Annotated[
        str | None, Query(description="date (inclusive) or ISO 8601 time (exclusive)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AuditPage:
    """Events of the organisation, oldest first."""
    start = parse_moment("since", since)
    end = parse_moment("until", until, end_of_day=True)
    with transaction(state(request).factory) as db:
        rows = audit.list_events(
            db,
            actor,
            action=action,
            actor_id=actor_id,
            since=start,
            until=end,
            limit=limit,
            offset=offset,
        )
        events = [AuditEventOut(**audit.event_dict(e)) for e in rows]
    return AuditPage(events=events, limit=limit, offset=offset)


@router.get(
    "/export",
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
    response_class=Response,
)
def export(
    request: Request,
    actor: OrgActor,
    fmt: Literal["jsonl", "csv"] = "jsonl",
    since: str | None = None,
    until: str | None = None,
) -> Response:
    """All events of a date range as JSON lines or CSV; the export itself is audited."""
    start = parse_moment("since", since)
    end = parse_moment("until", until, end_of_day=True)
    out = io.StringIO()
    with transaction(state(request).factory) as db:
        audit.export(db, actor, start, end, fmt, out)
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return Response(out.getvalue(), media_type=media)
