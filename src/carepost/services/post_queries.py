"""Reading posts for lists and status views: filters, a post's variant states, guard reports."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.services.actor import Actor, require
from carepost.services.errors import ValidationFailed
from carepost.services.posts import get_post, variants_of
from carepost.storage.publishing import POST_STATES, Channel, Post, Variant


def search(
    session: Session,
    actor: Actor,
    *,
    state: str | None = None,
    channel_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Post]:
    """The organisation's posts, newest first, filtered by state, channel and creation time."""
    require(actor, "org.view", session)
    if state is not None and state not in POST_STATES:
        raise ValidationFailed("state", f"must be one of {', '.join(POST_STATES)}")
    query = select(Post).order_by(Post.id.desc()).limit(limit).offset(offset)
    if actor.org_id is not None:
        query = query.where(Post.org_id == actor.org_id)
    if state is not None:
        query = query.where(Post.state == state)
    if channel_id is not None:
        query = query.where(Post.id.in_(select(Variant.post_id)
                                        .where(Variant.channel_id == channel_id)))
    if since is not None:
        query = query.where(Post.created_at >= since)
    if until is not None:
        query = query.where(Post.created_at < until)
    return list(session.execute(query).scalars())


def variant_rows(session: Session, post_ids: list[int]) -> dict[int, list[Variant]]:
    """Variants of several posts at once (one query), by post id, in channel order."""
    found: dict[int, list[Variant]] = {pid: [] for pid in post_ids}
    if post_ids:
        rows = session.execute(select(Variant).where(Variant.post_id.in_(post_ids))
                               .order_by(Variant.id)).scalars()
        for row in rows:
            found[row.post_id].append(row)
    return found


def status(session: Session, actor: Actor, post_id: int) -> tuple[Post, list[tuple[Variant, str]]]:
    """A post with each variant and its channel's kind."""
    require(actor, "org.view", session)
    post = get_post(session, actor, post_id)
    kinds: dict[int, str] = {cid: kind for cid, kind in session.execute(
        select(Channel.id, Channel.kind).where(Channel.org_id == post.org_id))}
    return post, [(v, kinds.get(v.channel_id, "")) for v in variants_of(session, post.id)]


def guard_reports(session: Session, actor: Actor, post_id: int) -> tuple[Post, dict[str, Any]]:
    """The stored guard verdict of each variant, by channel id (the texts are not in it)."""
    require(actor, "org.view", session)
    post = get_post(session, actor, post_id)
    return post, {str(v.channel_id): json.loads(v.guard_report)
                  for v in variants_of(session, post.id)}
