"""Posts: the list, the composer (new and existing posts), its live preview, images, submit.

The composer posts one master text and, per chosen channel, an optional text of its own; the
preview endpoint (htmx, on every pause in typing) answers with each channel's variant, counters
and guard findings. Mistakes re-show the form with what was typed and a message naming the
field; nothing is half-saved, because each action is one transaction.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from carepost.core.lifecycle import Event, State, events_from
from carepost.services import channels as channel_service
from carepost.services import guard_settings, org_zone, post_channels, post_media, posts
from carepost.services.errors import Conflict, ValidationFailed
from carepost.storage.db import read_only, transaction
from carepost.storage.publishing import Approval, Channel, Post, PostMedia
from carepost.web.deps import CurrentViewer, Viewer, require_action, state
from carepost.web.pages.compose_view import previews
from carepost.web.pages.post_forms import (
    STATE_LABELS,
    Fields,
    FormFields,
    int_or_none,
    local_time,
)
from carepost.web.templating import render

router = APIRouter()

_DONE = {
    "created": "Draft saved.",
    "saved": "Changes saved.",
    "unchanged": "Nothing changed: the texts are as they were.",
    "submitted": "Submitted for review.",
    "image": "Image added.",
}


def _channels(db: Session, viewer: Viewer) -> list[Channel]:
    return channel_service.list_channels(db, viewer.actor)


def _overrides(fields: Fields, channel_ids: list[int]) -> dict[int, str]:
    return {cid: fields.get(f"text_{cid}") for cid in channel_ids if fields.get(f"text_{cid}")}


# A hidden field of the channel choice: present when the form let the person choose channels
# (a form with every box unticked sends no "channel" at all).
_CHANNELS_SENT = "channels_shown"


def _read(upload: UploadFile | None) -> bytes:
    # Sync handlers run in the thread pool, so the spooled upload is read directly there (and
    # the database work after it never blocks the event loop).
    return upload.file.read(post_media.MAX_UPLOAD_BYTES + 1) if upload is not None else b""


def _chosen(fields: Fields) -> list[int]:
    return [c for c in (int_or_none(v) for v in fields.getlist("channel")) if c is not None]


@router.get("/posts")
def post_list(
    request: Request,
    viewer: CurrentViewer,
    state_filter: Annotated[str, Query(alias="state", max_length=32)] = "",
    channel: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """The organisation's posts, newest first, filtered by state and channel."""
    wanted = state_filter if state_filter in STATE_LABELS else None
    channel_id = int_or_none(channel)
    with read_only(state(request).factory) as db:
        found = posts.list_posts(db, viewer.actor, wanted)
        all_channels = _channels(db, viewer)
        names = {c.id: c.name for c in all_channels}
        zone = org_zone.time_zone(db, viewer.actor.org_id)
        rows = []
        for post in found:
            chans = [v.channel_id for v in posts.variants_of(db, post.id)]
            if channel_id is not None and channel_id not in chans:
                continue
            rows.append({
                "id": post.id, "title": post.title or f"Post {post.id}", "state": post.state,
                "state_label": STATE_LABELS.get(post.state, post.state),
                "channels": ", ".join(names.get(c, "?") for c in chans),
                "slot": local_time(post.slot_at, zone),
                "updated": local_time(post.updated_at, zone),
            })
        # Rendered inside the session: the template reads the channels' attributes.
        return render(request, "posts.html", title="Posts", active="posts", rows=rows,
                      states=STATE_LABELS, state_filter=wanted or "", channels=all_channels,
                      channel_filter=channel_id, can_create=viewer.can("post.create"))


def _composer(
    request: Request,
    viewer: Viewer,
    db: Session,
    *,
    post: Post | None,
    title: str,
    master: str,
    chosen: list[int],
    overrides: dict[int, str],
    status: int = 200,
    notices: list[dict[str, str]] | None = None,
) -> Response:
    all_channels = _channels(db, viewer)
    picked = [c for c in all_channels if c.id in chosen]
    media = post_media.media_of(db, post.id) if post is not None else ()
    context: dict[str, Any] = {}
    shown = all_channels
    if post is not None:
        zone = org_zone.time_zone(db, viewer.actor.org_id)
        context = _post_context(db, viewer, post, zone)
        # While it may be edited, the channels may change too; afterwards only its own show.
        shown = all_channels if context["editable"] else picked
    return render(
        request, "compose.html", status=status,
        title=post.title or f"Post {post.id}" if post is not None else "New post",
        active="posts", post=post, form_title=title, master=master, chosen=chosen,
        overrides=overrides, channels=shown,
        previews=previews(picked, master, overrides, title, media,
                          guard_settings.checker(db, viewer.actor.org_id)),
        max_text=posts.MAX_TEXT, notices=notices or [],
        headers={"cache-control": "no-store"}, **context,
    )


def _post_context(db: Session, viewer: Viewer, post: Post, zone: str) -> dict[str, Any]:
    allowed = set(events_from(post.state))
    author = str(post.author_id) if post.author_id is not None else ""
    images = list(db.execute(
        select(PostMedia).where(PostMedia.post_id == post.id).order_by(PostMedia.position)
    ).scalars())
    reviews = list(db.execute(
        select(Approval).where(Approval.post_id == post.id).order_by(Approval.id)
    ).scalars())
    return {
        "state_label": STATE_LABELS.get(post.state, post.state),
        "editable": Event.EDIT in allowed and viewer.can("post.edit"),
        "can_submit": Event.SUBMIT in allowed and viewer.can("post.submit"),
        "is_author": author == str(viewer.user_id),
        "images": images,
        "reviews": [{"decision": r.decision.replace("_", " "), "by": r.reviewer_label,
                     "comment": r.comment, "override": r.override_reason,
                     "at": local_time(r.created_at, zone)} for r in reviews],
        "slot": local_time(post.slot_at, zone),
        "variant_rows": [
            {"channel_id": v.channel_id, "state": STATE_LABELS.get(v.state, v.state),
             "error": v.error, "url": v.url}
            for v in posts.variants_of(db, post.id)
        ],
        "schedulable": post.state in (State.APPROVED, State.SCHEDULED, State.FAILED)
        and viewer.can("post.publish"),
    }


@router.get("/posts/new")
def new_post(request: Request, viewer: CurrentViewer) -> Response:
    """The empty composer."""
    require_action(request, viewer.actor, "post.create")
    with read_only(state(request).factory) as db:
        return _composer(request, viewer, db, post=None, title="", master="", chosen=[],
                         overrides={})


@router.post("/posts/new")
def create(request: Request, viewer: CurrentViewer, fields: FormFields) -> Response:
    """Save a new draft (and its first image, if one was chosen)."""
    title, master, chosen = fields.get("title"), fields.get("master"), _chosen(fields)
    overrides = _overrides(fields, chosen)
    upload = fields.file("image")
    data = _read(upload)
    alt = fields.get("alt_text")
    factory = state(request).factory
    try:
        with transaction(factory) as db:
            if upload is None and alt.strip():
                raise ValidationFailed("image", "alt text was given but no image was chosen")
            texts = [(cid, overrides.get(cid) or master) for cid in chosen]
            if not master.strip() and not all(overrides.get(cid) for cid in chosen):
                raise ValidationFailed("text", "write the post text (or a text for each channel)")
            post = posts.create_post(db, viewer.actor, title, texts)
            if upload is not None:
                post_media.add_image(db, viewer.actor, post.id, data, alt,
                                     upload.filename or "image")
            post_id = post.id
    except (ValidationFailed, Conflict) as exc:
        with read_only(factory) as db:
            return _composer(request, viewer, db, post=None, title=title, master=master,
                             chosen=chosen, overrides=overrides, status=422,
                             notices=[{"kind": "error", "text": str(exc)}])
    return RedirectResponse(f"/posts/{post_id}?done=created", status_code=303)


def _stored_form(db: Session, post: Post) -> tuple[str, list[int], dict[int, str]]:
    """Master text (the first variant's) and the channels whose text differs from it."""
    rows = posts.variants_of(db, post.id)
    master = rows[0].text if rows else ""
    return master, [v.channel_id for v in rows], {
        v.channel_id: v.text for v in rows if v.text != master
    }


@router.get("/posts/{post_id}")
def show_post(request: Request, viewer: CurrentViewer, post_id: int, done: str = "") -> Response:
    """One post: its composer (when it may be edited), images, state and review history."""
    with read_only(state(request).factory) as db:
        post = posts.get_post(db, viewer.actor, post_id)
        master, chosen, overrides = _stored_form(db, post)
        notices = [{"kind": "ok", "text": _DONE[done]}] if done in _DONE else []
        return _composer(request, viewer, db, post=post, title=post.title, master=master,
                         chosen=chosen, overrides=overrides, notices=notices)


def _reshow(request: Request, viewer: Viewer, post_id: int, fields: Fields,
            exc: Exception) -> Response:
    with read_only(state(request).factory) as db:
        post = posts.get_post(db, viewer.actor, post_id)
        master, chosen, overrides = _stored_form(db, post)
        title = post.title
        if fields.data is not None and "master" in fields.data:
            # The composer itself was sent: show what was typed, not what is stored.
            chosen = _chosen(fields) if _CHANNELS_SENT in fields.data else chosen
            master, overrides = fields.get("master"), _overrides(fields, chosen)
            title = fields.get("title", post.title)
        return _composer(request, viewer, db, post=post, title=title, master=master,
                         chosen=chosen, overrides=overrides, status=422,
                         notices=[{"kind": "error", "text": str(exc)}])


@router.post("/posts/{post_id}")
def save_post(request: Request, viewer: CurrentViewer, post_id: int,
              fields: FormFields) -> Response:
    """Save edited texts: each changed variant is guarded again (approved goes back to review)."""
    master = fields.get("master")
    try:
        with transaction(state(request).factory) as db:
            post = posts.get_post(db, viewer.actor, post_id)
            _old, stored, _ = _stored_form(db, post)
            sent = fields.data is not None and _CHANNELS_SENT in fields.data
            chosen = _chosen(fields) if sent else stored
            if not chosen:
                raise ValidationFailed("channel", "a post needs at least one channel")
            overrides = _overrides(fields, chosen)
            changed = 0
            # The title first: the email variants are guarded with their new subject.
            if fields.data is not None and "title" in fields.data:
                if fields.get("title").strip() != post.title:
                    posts.edit_title(db, viewer.actor, post.id, fields.get("title"))
                    changed += 1
            for channel_id in [c for c in chosen if c not in stored]:
                text = overrides.get(channel_id) or master
                post_channels.add_channel(db, viewer.actor, post.id, channel_id, text)
                changed += 1
            for variant in posts.variants_of(db, post.id):
                if variant.channel_id not in chosen:
                    continue
                text = overrides.get(variant.channel_id) or master
                if text != variant.text:
                    posts.edit_variant(db, viewer.actor, post.id, variant.channel_id, text)
                    changed += 1
            for channel_id in [c for c in stored if c not in chosen]:
                post_channels.remove_channel(db, viewer.actor, post.id, channel_id)
                changed += 1
    except (ValidationFailed, Conflict) as exc:
        return _reshow(request, viewer, post_id, fields, exc)
    return RedirectResponse(f"/posts/{post_id}?done={'saved' if changed else 'unchanged'}",
                            status_code=303)


@router.post("/posts/{post_id}/submit")
def submit_post(request: Request, viewer: CurrentViewer, post_id: int,
                fields: FormFields) -> Response:
    """Send the draft for review (network rules are checked first)."""
    try:
        with transaction(state(request).factory) as db:
            posts.submit(db, viewer.actor, post_id)
    except (ValidationFailed, Conflict) as exc:
        return _reshow(request, viewer, post_id, fields, exc)
    return RedirectResponse(f"/posts/{post_id}?done=submitted", status_code=303)


@router.post("/posts/{post_id}/images")
def add_image(request: Request, viewer: CurrentViewer, post_id: int,
                    fields: FormFields) -> Response:
    """Attach an image with its alt text (stripped of EXIF/GPS before it is stored)."""
    upload = fields.file("image")
    data = _read(upload)
    try:
        with transaction(state(request).factory) as db:
            if upload is None:
                raise ValidationFailed("image", "choose an image file")
            post_media.add_image(db, viewer.actor, post_id, data, fields.get("alt_text"),
                                 upload.filename or "image")
    except (ValidationFailed, Conflict) as exc:
        return _reshow(request, viewer, post_id, fields, exc)
    return RedirectResponse(f"/posts/{post_id}?done=image", status_code=303)


@router.post("/compose/preview")
def compose_preview(request: Request, viewer: CurrentViewer, fields: FormFields) -> Response:
    """The live preview fragment: per-channel variants, counters and guard highlighting."""
    require_action(request, viewer.actor, "guard.check")
    post_id = int_or_none(fields.get("post_id"))
    with read_only(state(request).factory) as db:
        media: tuple = ()
        title = fields.get("title")
        chosen = _chosen(fields)
        if post_id is not None:
            post = posts.get_post(db, viewer.actor, post_id)
            media = post_media.media_of(db, post.id)
            if fields.data is None or "title" not in fields.data:
                title = post.title
            if fields.data is None or _CHANNELS_SENT not in fields.data:
                chosen = [v.channel_id for v in posts.variants_of(db, post.id)]
        picked = [c for c in _channels(db, viewer) if c.id in chosen]
        shown = previews(picked, fields.get("master"), _overrides(fields, chosen), title, media,
                         guard_settings.checker(db, viewer.actor.org_id))
    return render(request, "_previews.html", previews=shown,
                  headers={"cache-control": "no-store"})
