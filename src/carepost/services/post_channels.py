"""Choosing a post's channels after it was written: add a channel (a new variant) or remove one.

Both are edits like a text change: the lifecycle's EDIT event decides whether they are allowed
(an approved or scheduled post goes back to review), the person is recorded as an editor (the
two-person rule), the version goes up, and the change is audited with ids only. A variant that
went out, or whose sending started (an idempotency key is recorded), is never removed: the
network may hold it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from carepost.core.lifecycle import Event, State
from carepost.services import audit
from carepost.services.actor import Actor, require
from carepost.services.channels import get_channel
from carepost.services.errors import Conflict, NotFound, ValidationFailed
from carepost.services.post_media import mark_edited
from carepost.services.posts import (
    _check_text,
    _fire,
    _set_state,
    get_post,
    guard_variant,
    variants_of,
)
from carepost.storage.publishing import Variant


def add_channel(
    session: Session, actor: Actor, post_id: int, channel_id: int, text: str
) -> Variant:
    """Publish the post on one more channel, with `text` (guarded as it is saved)."""
    require(actor, "post.edit", session)
    post = get_post(session, actor, post_id)
    target = _fire(post, actor, Event.EDIT, session)
    get_channel(session, actor, channel_id)
    if any(v.channel_id == channel_id for v in variants_of(session, post.id)):
        raise Conflict(f"post {post_id} already goes to channel {channel_id}")
    result = guard_variant(session, post, channel_id, _check_text(text))
    variant = Variant(post_id=post.id, channel_id=channel_id, text=text,
                      state=State.DRAFT.value, guard_action=result.action,
                      guard_report=result.report, attempts=0)
    session.add(variant)
    post.version += 1
    mark_edited(post, actor)
    before = post.state
    session.flush()
    _set_state(session, post, target)
    audit.record(session, actor, "post.channel_added", f"post:{post.id}",
                 {"channel_id": channel_id, "version": post.version, "from": before,
                  "to": target.value, "guard_action": result.action})
    return variant


def remove_channel(session: Session, actor: Actor, post_id: int, channel_id: int) -> None:
    """Stop publishing the post on one channel (never one already sent or being sent)."""
    require(actor, "post.edit", session)
    post = get_post(session, actor, post_id)
    target = _fire(post, actor, Event.EDIT, session)
    rows = variants_of(session, post.id)
    variant = next((v for v in rows if v.channel_id == channel_id), None)
    if variant is None:
        raise NotFound(f"post {post_id} has no variant for channel {channel_id}")
    if variant.state == State.PUBLISHED.value or variant.idempotency_key is not None:
        raise Conflict("that channel's version was already sent (or its sending started)")
    if len(rows) == 1:
        raise ValidationFailed("channel", "a post needs at least one channel")
    session.delete(variant)
    post.version += 1
    mark_edited(post, actor)
    before = post.state
    session.flush()
    _set_state(session, post, target)
    audit.record(session, actor, "post.channel_removed", f"post:{post.id}",
                 {"channel_id": channel_id, "version": post.version, "from": before,
                  "to": target.value})
