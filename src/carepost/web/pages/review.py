"""The approval queue: posts in review with their guard report and the diff since the last
review; approve, request changes or reject with a comment. The page only hides what the viewer
cannot do (their own post, a blocking finding without the override right); the posts service
decides, and audits every refusal."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from carepost.core.lifecycle import MIN_REASON_CHARS, State
from carepost.services import blog_audio, guard_settings, org_zone, post_media, posts
from carepost.services import channels as channel_service
from carepost.services.errors import Conflict, PermissionDenied, ValidationFailed
from carepost.services.review_diff import last_reviewed_texts, word_diff
from carepost.storage.db import read_only, transaction
from carepost.storage.models import User
from carepost.storage.publishing import Post
from carepost.web.checkview import build
from carepost.web.deps import CurrentViewer, Viewer, require_action, state
from carepost.web.pages.post_forms import FormFields, local_time
from carepost.web.templating import render

router = APIRouter()

_DONE = {
    "approved": "Approved.",
    "changes_requested": "Changes requested: the post went back to its author as a draft.",
    "rejected": "Rejected: the post went back to its author as a draft.",
}


def _why_not_approve(viewer: Viewer, post: Post, blocking: int) -> str | None:
    """Why the approve button is absent or disabled for this viewer, or None when allowed."""
    editors = set(filter(None, post.editor_ids.split(",")))
    if post.author_id == viewer.user_id:
        return "You wrote this post: another approver must approve it (two-person rule)."
    if str(viewer.user_id) in editors:
        return "You edited this post: another approver must approve it (two-person rule)."
    if blocking and not viewer.can("post.override_block"):
        return ("A finding blocks publishing: only a privacy officer may approve it, "
                "with a written reason.")
    return None


def queue_item(db: Session, viewer: Viewer, post: Post, zone: str) -> dict[str, Any]:
    """One post of the queue: variants with fresh guard views and the diff since last review."""
    names = {c.id: c for c in channel_service.list_channels(db, viewer.actor)}
    before = last_reviewed_texts(db, post.id)
    author = db.get(User, post.author_id) if post.author_id is not None else None
    blocking = 0
    rows = []
    # The title goes out as the email subject: checked once, shown under each email channel.
    check = guard_settings.checker(db, viewer.actor.org_id)  # the organisation's pack and profile
    subject_view = build(check(post.title, "outbound", "post")) if post.title else None
    for variant in posts.variants_of(db, post.id):
        view = build(check(variant.text, "outbound", "post"))
        blocking += sum(1 for f in view.findings if f["severity"] == "block")
        old = before.get(variant.channel_id) if before is not None else None
        channel = names.get(variant.channel_id)
        subject = subject_view if channel and posts.subject_of(post, channel) else None
        if subject is not None:
            blocking += sum(1 for f in subject.findings if f["severity"] == "block")
        rows.append({
            "channel_id": variant.channel_id,
            "channel": channel.name if channel else f"channel {variant.channel_id}",
            "kind": channel.kind if channel else "",
            "check": view,
            "subject_check": subject,
            "diff": word_diff(old, variant.text) if old is not None else None,
            "unchanged": old == variant.text,
        })
    why = _why_not_approve(viewer, post, blocking)
    return {
        "post": post, "title": post.title or f"Post {post.id}",
        "author": author.email if author else "a former member",
        "submitted": local_time(post.updated_at, zone),
        "images": post_media.media_of(db, post.id),
        # The guard reads text only: the reviewer must know an episode was not checked.
        "audio_note": blog_audio.unchecked_audio_note(db, post.id),
        "variants": rows, "blocking": blocking, "first_review": before is None,
        "why_not": why,
        # Disabled (not absent) when only the blocking finding stands in the way.
        "blocked_only": why is not None and why.startswith("A finding blocks"),
        # A privacy officer may approve despite a blocking finding, with a reason.
        "needs_reason": blocking > 0 and why is None,
    }


def _page(request: Request, viewer: Viewer, status: int = 200,
          notices: list[dict[str, str]] | None = None,
          kept: dict[int, dict[str, str]] | None = None) -> Response:
    with read_only(state(request).factory) as db:
        zone = org_zone.time_zone(db, viewer.actor.org_id)
        items = [queue_item(db, viewer, p, zone)
                 for p in reversed(posts.list_posts(db, viewer.actor, State.IN_REVIEW.value))]
        # Rendered inside the session: the template reads the posts' attributes.
        return render(request, "review.html", status=status, title="Review", active="review",
                      items=items, notices=notices or [], kept=kept or {},
                      min_reason=MIN_REASON_CHARS, headers={"cache-control": "no-store"})


@router.get("/review")
def review_queue(request: Request, viewer: CurrentViewer, done: str = "") -> Response:
    """Posts waiting for review, oldest submission first."""
    require_action(request, viewer.actor, "post.approve")
    notices = [{"kind": "ok", "text": _DONE[done]}] if done in _DONE else []
    return _page(request, viewer, notices=notices)


@router.post("/review/{post_id}")
def decide(request: Request, viewer: CurrentViewer, post_id: int,
           fields: FormFields) -> Response:
    """Record a review decision; refusals re-show the queue with what was typed."""
    decision = fields.get("decision")
    comment = fields.get("comment")[:5000]
    reason = fields.get("override_reason")[:5000]
    try:
        with transaction(state(request).factory) as db:
            posts.review(db, viewer.actor, post_id, decision, comment, reason or None)
    except (ValidationFailed, Conflict, PermissionDenied) as exc:
        if isinstance(exc, PermissionDenied) and not viewer.can("post.approve"):
            raise
        status = 403 if isinstance(exc, PermissionDenied) else 422
        return _page(request, viewer, status=status,
                     notices=[{"kind": "error", "text": f"Post {post_id}: {exc}"}],
                     kept={post_id: {"comment": comment, "override_reason": reason}})
    return RedirectResponse(f"/review?done={decision}", status_code=303)
