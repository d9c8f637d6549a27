"""The publication archive: list, streamed export, legal hold, deleted marks."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from carepost.services import archive
from carepost.storage.db import transaction
from carepost.web.api.publishing_schemas import PUBLISHING_ERRORS, ArchiveRecordOut, HoldIn
from carepost.web.deps import OrgActor, state
from carepost.web.timefilters import parse_moment

router = APIRouter(prefix="/orgs/{org}/archive", tags=["archive"], responses=PUBLISHING_ERRORS)


@router.get("", response_model=list[ArchiveRecordOut])
def list_records(request: Request, actor: OrgActor,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[ArchiveRecordOut]:
    """The newest records (privacy officers and admins: `archive.export`)."""
    with transaction(state(request).factory) as db:
        return [ArchiveRecordOut(**archive.record_dict(r))
                for r in archive.list_records(db, actor, limit)]


@router.get(
    "/export",
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}},
                     "description": "One JSON object per line, or CSV with a header row"}},
    response_class=StreamingResponse,
)
def export(
    request: Request,
    actor: OrgActor,
    fmt: Annotated[Literal["jsonl", "csv"], Query(alias="format")] = "jsonl",
    since: Annotated[str | None, Query(description="date or ISO 8601 time, inclusive")] = None,
    until: Annotated[
        str | None, Query(description="date (inclusive) or ISO 8601 time (exclusive)")
    ] = None,
) -> StreamingResponse:
    """Records published in the range, streamed; the export is audited before the first byte."""
    start = parse_moment("since", since)
    end = parse_moment("until", until, end_of_day=True)
    # The audit row is committed and the session closed before the response starts; the lines
    # are then read in pages from short read-only transactions (services/archive.py), so a
    # slow, stalled or vanished client holds no database lock and no session.
    with transaction(state(request).factory) as db:
        count, lines = archive.export_stream(db, actor, start, end, fmt)

    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return StreamingResponse(lines, media_type=f"{media}; charset=utf-8",
                             headers={"X-Record-Count": str(count)})


@router.put("/{record_id}/legal-hold", response_model=ArchiveRecordOut)
def legal_hold(request: Request, actor: OrgActor, record_id: int,
               body: HoldIn) -> ArchiveRecordOut:
    """Place or lift a legal hold: a held record survives retention."""
    with transaction(state(request).factory) as db:
        return ArchiveRecordOut(**archive.record_dict(
            archive.set_legal_hold(db, actor, record_id, body.hold)))


@router.post("/{record_id}/deleted", response_model=ArchiveRecordOut)
def mark_deleted(request: Request, actor: OrgActor, record_id: int) -> ArchiveRecordOut:
    """Record that the post was removed on the network by hand; the record is kept."""
    with transaction(state(request).factory) as db:
        return ArchiveRecordOut(**archive.record_dict(archive.mark_deleted(db, actor, record_id)))
