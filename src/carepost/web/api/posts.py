"""Posts: compose per-channel variants, images, review, schedule, publish, status, resolve."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from carepost.core.schedule import ScheduleError, parse_local
from carepost.services import post_media, post_queries, posts
from carepost.services import publishing_ops as ops
from carepost.services.errors import ValidationFailed
from carepost.storage.db import transaction
from carepost.web.api.channels import box
from carepost.web.api.publishing_schemas import (
    NETWORK_ERRORS,
    PUBLISHING_ERRORS,
    ApprovalOut,
    GuardReportOut,
    ImageOut,
    PostIn,
    PostOut,
    PostPage,
    PostStatus,
    ResolveIn,
    ResolveOut,
    ReviewIn,
    ScheduleIn,
    TextIn,
    VariantOut,
    VariantStatus,
)
from carepost.web.deps import OrgActor, state
from carepost.web.errors import ApiError
from carepost.web.timefilters import parse_moment

router = APIRouter(prefix="/orgs/{org}/posts", tags=["posts"], responses=PUBLISHING_ERRORS)


def variant_out(row: Any) -> VariantOut:
    """A Variant row as the API shows it."""
    return VariantOut(channel_id=row.channel_id, text=row.text, state=row.state,
                      guard_action=row.guard_action, attempts=row.attempts,
                      next_attempt_at=row.next_attempt_at, remote_id=row.remote_id, url=row.url,
                      error=row.error, published_at=row.published_at)


def post_out(row: Any, variants: list[Any]) -> PostOut:
    """A Post row and its variants."""
    return PostOut(id=row.id, title=row.title, state=row.state, slot_at=row.slot_at,
                   version=row.version, author_id=row.author_id, created_at=row.created_at,
                   updated_at=row.updated_at, variants=[variant_out(v) for v in variants])


def _status_out(row: Any, kind: str) -> VariantStatus:
    return VariantStatus(channel_id=row.channel_id, channel_kind=kind, state=row.state,
                         attempts=row.attempts, next_attempt_at=row.next_attempt_at, url=row.url,
                         error=row.error, published_at=row.published_at)


def _reload(db: Any, actor: Any, post_id: int) -> PostOut:
    post = posts.get_post(db, actor, post_id)
    db.flush()
    return post_out(post, posts.variants_of(db, post.id))


def parse_slot(at: str, time_zone: str | None, field: str = "at") -> datetime:
    """A UTC instant from a wall-clock time in `time_zone`, or from ISO 8601 with an offset."""
    if time_zone is not None:
        try:
            return parse_local(at, time_zone)
        except ScheduleError as exc:
            name = "time_zone" if "zone" in str(exc).lower() else field
            raise ValidationFailed(name, str(exc)) from None
    if at.strip().lower() == "now":
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(at.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed(field, "use ISO 8601 with an offset, or 'YYYY-MM-DD HH:MM' "
                                      "with time_zone") from None
    if parsed.tzinfo is None:
        raise ValidationFailed(field, "include an offset (e.g. -05:00) or give time_zone")
    return parsed.astimezone(UTC)


@router.get("", response_model=PostPage)
def list_posts(
    request: Request,
    actor: OrgActor,
    post_state: Annotated[str | None, Query(alias="state", max_length=32)] = None,
    channel_id: int | None = None,
    since: Annotated[str | None, Query(description="created at or after (date or ISO)")] = None,
    until: Annotated[str | None, Query(description="created before (date inclusive)")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PostPage:
    """Posts of the organisation, newest first, filtered by state, channel and creation time."""
    start = parse_moment("since", since)
    end = parse_moment("until", until, end_of_day=True)
    with transaction(state(request).factory) as db:
        rows = post_queries.search(db, actor, state=post_state, channel_id=channel_id,
                                   since=start, until=end, limit=limit, offset=offset)
        variants = post_queries.variant_rows(db, [r.id for r in rows])
        return PostPage(posts=[post_out(r, variants[r.id]) for r in rows], limit=limit,
                        offset=offset)


@router.post("", response_model=PostOut, status_code=201)
def create_post(request: Request, actor: OrgActor, body: PostIn) -> PostOut:
    """A draft with one variant per channel; each text is guarded as it is saved."""
    with transaction(state(request).factory) as db:
        post = posts.create_post(db, actor, body.title,
                                 [(v.channel_id, v.text) for v in body.variants], body.slot_at)
        return _reload(db, actor, post.id)


@router.get("/{post_id}", response_model=PostOut)
def get_post(request: Request, actor: OrgActor, post_id: int) -> PostOut:
    """One post with its variants."""
    with transaction(state(request).factory) as db:
        post_queries.status(db, actor, post_id)  # the permission check
        return _reload(db, actor, post_id)


@router.put("/{post_id}/variants/{channel_id}", response_model=PostOut)
def edit_variant(request: Request, actor: OrgActor, post_id: int, channel_id: int,
                 body: TextIn) -> PostOut:
    """Change one channel's text: guarded again; an approved post goes back to review."""
    with transaction(state(request).factory) as db:
        posts.edit_variant(db, actor, post_id, channel_id, body.text)
        return _reload(db, actor, post_id)


class TitleIn(BaseModel):
    """A post's new title: the subject of its emails, guarded like the text."""

    model_config = ConfigDict(extra="forbid",
                              json_schema_extra={"examples": [{"title": "Flu clinic hours"}]})
    title: str = Field(max_length=200)


@router.put("/{post_id}/title", response_model=PostOut)
def edit_title(request: Request, actor: OrgActor, post_id: int, body: TitleIn) -> PostOut:
    """Change the title (the email subject): guarded again; an approved post goes back to review."""
    with transaction(state(request).factory) as db:
        posts.edit_title(db, actor, post_id, body.title)
        return _reload(db, actor, post_id)


@router.post("/{post_id}/images", response_model=ImageOut, status_code=201)
async def add_image(
    request: Request,
    actor: OrgActor,
    post_id: int,
    image: Annotated[UploadFile, File(description="JPEG, PNG, GIF or WebP")],
    alt_text: Annotated[str, Form(max_length=2000, description="What the image shows")],
) -> ImageOut:
    """Attach an image (multipart); EXIF/GPS and other metadata are stripped before storing."""
    data = await image.read(post_media.MAX_UPLOAD_BYTES + 1)
    filename = (image.filename or "image")[:200]

    def run() -> ImageOut:
        with transaction(state(request).factory) as db:
            row = post_media.add_image(db, actor, post_id, data, alt_text, filename)
            post = posts.get_post(db, actor, post_id)
            return ImageOut(id=row.id, position=row.position, mime_type=row.mime_type,
                            sha256=row.sha256, bytes=len(row.data), post_state=post.state)

    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(run)


@router.post("/{post_id}/submit", response_model=PostOut)
def submit(request: Request, actor: OrgActor, post_id: int) -> PostOut:
    """Send a draft for review (each network's rules are checked first)."""
    with transaction(state(request).factory) as db:
        posts.submit(db, actor, post_id)
        return _reload(db, actor, post_id)


@router.post("/{post_id}/review", response_model=ApprovalOut)
def review(request: Request, actor: OrgActor, post_id: int, body: ReviewIn) -> ApprovalOut:
    """Approve, request changes or reject; a blocking finding needs a privacy officer's reason."""
    with transaction(state(request).factory) as db:
        approval = posts.review(db, actor, post_id, body.decision, body.comment,
                                body.override_reason)
        post = posts.get_post(db, actor, post_id)
        return ApprovalOut(id=approval.id, post_id=post.id, post_version=approval.post_version,
                           decision=approval.decision, comment=approval.comment,
                           override=approval.override_reason is not None, post_state=post.state)


@router.post("/{post_id}/schedule", response_model=PostOut)
def schedule(request: Request, actor: OrgActor, post_id: int, body: ScheduleIn) -> PostOut:
    """Schedule an approved post (or choose a new time); DST-correct in `time_zone`."""
    slot_at = parse_slot(body.at, body.time_zone)
    with transaction(state(request).factory) as db:
        posts.schedule(db, actor, post_id, slot_at)
        return _reload(db, actor, post_id)


@router.post("/{post_id}/publish-now", response_model=PostOut)
def publish_now(request: Request, actor: OrgActor, post_id: int) -> PostOut:
    """Make an approved post due at once; the worker publishes it on its next poll."""
    with transaction(state(request).factory) as db:
        ops.publish_now(db, actor, post_id)
        return _reload(db, actor, post_id)


@router.get("/{post_id}/status", response_model=PostStatus)
def status(request: Request, actor: OrgActor, post_id: int) -> PostStatus:
    """The post's state and each variant's publishing state (no text)."""
    with transaction(state(request).factory) as db:
        post, rows = post_queries.status(db, actor, post_id)
        return PostStatus(id=post.id, state=post.state, slot_at=post.slot_at,
                          variants=[_status_out(v, kind) for v, kind in rows])


@router.get("/{post_id}/guard", response_model=GuardReportOut)
def guard_report(request: Request, actor: OrgActor, post_id: int) -> GuardReportOut:
    """The guard's report for each variant as last saved (findings, labels, spans)."""
    with transaction(state(request).factory) as db:
        post, reports = post_queries.guard_reports(db, actor, post_id)
        return GuardReportOut(post_id=post.id, version=post.version, reports=reports)


@router.post("/{post_id}/variants/{channel_id}/resolve", response_model=ResolveOut,
             responses=NETWORK_ERRORS)
def resolve(request: Request, actor: OrgActor, post_id: int, channel_id: int,
            body: ResolveIn) -> ResolveOut:
    """Settle an outcome_unknown variant: ask again, confirm published (url) or not (at)."""
    factory = state(request).factory
    with transaction(factory) as db:
        if body.action == "check":
            try:
                result = ops.check_again(db, actor, box(request), post_id, channel_id)
            except ops.NetworkFailed as exc:
                raise ApiError(502, "network_error", exc.message) from None
        elif body.action == "published":
            if not body.url:
                raise ValidationFailed("url", "is required to confirm a post published")
            ops.confirm_published(db, actor, post_id, channel_id, body.url)
            result = "published"
        else:
            if not body.at:
                raise ValidationFailed("at", "is required to reschedule a post not published")
            slot_at = parse_slot(body.at, body.time_zone)
            ops.confirm_not_published(db, actor, post_id, channel_id, slot_at)
            result = "rescheduled"
    with transaction(factory) as db:
        _, rows = post_queries.status(db, actor, post_id)
        row, kind = next((v, k) for v, k in rows if v.channel_id == channel_id)
        return ResolveOut(result=result, variant=_status_out(row, kind))


@router.delete("/{post_id}/variants/{channel_id}/remote", response_model=VariantStatus,
               responses=NETWORK_ERRORS)
def delete_remote(request: Request, actor: OrgActor, post_id: int,
                  channel_id: int) -> VariantStatus:
    """Delete the published post on its network; its archive record is marked deleted, kept."""
    factory = state(request).factory
    with transaction(factory) as db:
        try:
            ops.delete_published(db, actor, box(request), post_id, channel_id)
        except ops.NetworkFailed as exc:
            raise ApiError(502, "network_error", exc.message) from None
    with transaction(factory) as db:
        _, rows = post_queries.status(db, actor, post_id)
        row, kind = next((v, k) for v, k in rows if v.channel_id == channel_id)
        return _status_out(row, kind)
