"""Publishing operations a person starts: publish now, resolve an unknown outcome, delete.

`outcome_unknown` means the network may or may not have the post (a timeout after sending, a
worker killed mid-call). The worker keeps asking with `check_status` where the network can be
asked; when it cannot (webhooks, email) or never answers, a person with `post.publish`
(approvers, admins) resolves it here: ask the network again, confirm it published (with the URL
a person found), or confirm it did not and choose a new time. Deleting a published post on the
network marks its archive record deleted and keeps the record.

Network calls happen outside any open transaction (the caller's session is committed first), as
in `channels.test_channel`, so a slow network never holds a database lock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal, Protocol, runtime_checkable
from urllib.parse import urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from carepost.connectors import registry
from carepost.connectors.base import Published
from carepost.connectors.errors import ConnectorError
from carepost.core.lifecycle import Event, State
from carepost.core.variants import VariantError
from carepost.crypto import Box
from carepost.services import archive, audit, channels, post_media, posts
from carepost.services.actor import Actor, require
from carepost.services.errors import Conflict, NotFound, ServiceError, ValidationFailed
from carepost.services.publishing import outbound_item, roll_up, variant_event
from carepost.storage.db import session_factory
from carepost.storage.models import utcnow
from carepost.storage.publishing import ArchiveRecord, Channel, Post, Variant

Resolution = Literal["published", "not_found", "unchanged"]


@runtime_checkable
class _Threads(Protocol):
    """A connector that deletes a whole thread it published (Bluesky, Mastodon)."""

    def delete_thread(self, remote_id: str, idempotency_key: str, parts: int) -> int: ...


class NetworkFailed(ServiceError):
    """The network refused or did not answer; the message is its own words (never post text)."""

    def __init__(self, error: ConnectorError) -> None:
        super().__init__(f"the network did not do it: {error}"[:300])
        self.kind = error.kind


def find_variant(session: Session, actor: Actor, post_id: int, channel_id: int,
                 lock: bool = False) -> tuple[Post, Variant]:
    """A post of the actor's organisation and its variant for one channel."""
    post = posts.get_post(session, actor, post_id)
    query = select(Variant).where(Variant.post_id == post.id, Variant.channel_id == channel_id)
    if lock:
        # Re-read under the lock: another process (a worker) may have changed it meanwhile.
        query = query.with_for_update().execution_options(populate_existing=True)
    variant = session.execute(query).scalar_one_or_none()
    if variant is None:
        raise NotFound(f"post {post_id} has no variant for channel {channel_id}")
    return post, variant


def publish_now(session: Session, actor: Actor, post_id: int) -> Post:
    """Schedule an approved (or scheduled, or failed) post for this very moment."""
    return posts.schedule(session, actor, post_id, utcnow())


def _unknown(session: Session, actor: Actor, post_id: int,
             channel_id: int) -> tuple[Post, Variant]:
    require(actor, "post.publish", session)
    post, variant = find_variant(session, actor, post_id, channel_id, lock=True)
    if variant.state != State.OUTCOME_UNKNOWN.value:
        raise Conflict(f"the variant is {variant.state}, not outcome_unknown")
    if variant.claimed_by is not None:
        raise Conflict("a worker is publishing this variant right now; try again in a minute")
    return post, variant


def _mark_published(session: Session, actor: Actor, post: Post, variant: Variant,
                    published: Published, how: str) -> ArchiveRecord:
    variant_event(variant, Event.CONFIRM_PUBLISHED)
    variant.remote_id, variant.url = published.remote_id[:500], (published.url or None)
    variant.published_at = utcnow()
    variant.error = None
    variant.next_attempt_at = None
    roll_up(session, post)
    session.flush()
    record = archive.archive_variant(session, variant, post)
    audit.record(session, actor, "variant.resolved", f"variant:{variant.id}",
                 {"post_id": post.id, "channel_id": variant.channel_id, "outcome": "published",
                  "how": how, "archive_id": record.id}, org_id=post.org_id)
    return record


def check_again(session: Session, actor: Actor, box: Box, post_id: int,
                channel_id: int) -> Resolution:
    """Ask the network whether the post exists; found: published and archived, else unchanged.

    Returns "published" or "not_found" (the variant stays unknown for a person to decide).
    """
    post, variant = _unknown(session, actor, post_id, channel_id)
    channel = session.get(Channel, variant.channel_id)
    assert channel is not None and variant.idempotency_key
    item = outbound_item(variant, channel, post_media.media_of(session, post.id), post.title)
    key, variant_id = variant.idempotency_key, variant.id
    connector = channels.connector_for(channel, box)
    session.commit()
    try:
        found = connector.check_status(key, item)
    except ConnectorError as exc:
        if exc.kind == "unsupported":
            raise Conflict("this network cannot be asked whether a post exists; confirm it "
                           "yourself as published (with its URL) or not published") from None
        raise NetworkFailed(exc) from None
    post, variant = _unknown(session, actor, post_id, channel_id)
    if variant.id != variant_id:  # pragma: no cover - one variant per channel and post
        raise Conflict("the variant changed meanwhile")
    if found is None:
        audit.record(session, actor, "variant.checked", f"variant:{variant.id}",
                     {"post_id": post.id, "found": False}, org_id=post.org_id)
        return "not_found"
    _mark_published(session, actor, post, variant, found, "check_status")
    return "published"


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or len(url) > 1000:
        raise ValidationFailed("url", "must be the http(s) address where the post can be seen")
    return url


def confirm_published(session: Session, actor: Actor, post_id: int, channel_id: int,
                      url: str) -> ArchiveRecord:
    """A person saw the post on the network: published, archived with the URL they give."""
    url = _check_url(url)
    post, variant = _unknown(session, actor, post_id, channel_id)
    # The network's id is unknown to carepost; the URL is the best handle a person has.
    return _mark_published(session, actor, post, variant, Published(remote_id=url, url=url),
                           "confirmed_by_person")


def confirm_not_published(session: Session, actor: Actor, post_id: int, channel_id: int,
                          slot_at: datetime) -> Post:
    """A person checked the network and the post is not there: schedule it again.

    The idempotency key is kept, so if the person was wrong the network's own de-duplication
    (AT Protocol record key, Mastodon's Idempotency-Key) still prevents a second post.
    """
    if slot_at.tzinfo is None:
        raise ValidationFailed("slot", "must include a time zone")
    if slot_at <= utcnow() - timedelta(seconds=5):
        raise ValidationFailed("slot", "must not be in the past")
    post, variant = _unknown(session, actor, post_id, channel_id)
    variant_event(variant, Event.CONFIRM_ABSENT)
    variant.error = "confirmed not published by a person"
    variant.next_attempt_at = None
    roll_up(session, post)
    audit.record(session, actor, "variant.resolved", f"variant:{variant.id}",
                 {"post_id": post.id, "channel_id": variant.channel_id,
                  "outcome": "not_published"}, org_id=post.org_id)
    session.flush()
    return posts.schedule(session, actor, post.id, slot_at)


def delete_published(session: Session, actor: Actor, box: Box, post_id: int,
                     channel_id: int) -> ArchiveRecord:
    """Delete a published variant on its network; its archive record is marked deleted, kept."""
    require(actor, "post.publish", session)
    post, variant = find_variant(session, actor, post_id, channel_id)
    if variant.state != State.PUBLISHED.value or not variant.remote_id:
        raise Conflict(f"only a published variant can be deleted (this one is {variant.state})")
    record = session.execute(
        select(ArchiveRecord).where(ArchiveRecord.variant_id == variant.id)
    ).scalar_one_or_none()
    if record is None:  # pragma: no cover - every publish writes its record
        raise NotFound("no archive record for this variant")
    if record.deleted_at is not None:
        raise Conflict("this post was already deleted on the network")
    channel = session.get(Channel, variant.channel_id)
    assert channel is not None
    connector = channels.connector_for(channel, box)
    remote_id, record_id, key = variant.remote_id, record.id, variant.idempotency_key
    # A long text went out as a thread: every part goes, not only the first (Bluesky derives
    # the parts' record keys from the idempotency key, Mastodon finds them in the thread).
    try:
        parts = 1 + len(outbound_item(variant, channel, post_media.media_of(session, post.id),
                                      post.title).thread)
    except VariantError:  # no longer derivable: the connector still finds parts that exist
        parts = 1
    inbound = "inbound" in registry.metadata(channel.kind).capabilities
    session.commit()
    if inbound:
        # Replies written since the last poll are taken in first: Bluesky's AppView drops the
        # notifications of replies to a deleted post. Never raises (the deletion goes ahead).
        from carepost.services.inbox import ingest

        engine = session.get_bind()
        assert isinstance(engine, Engine)
        ingest.take_in_before_delete(session_factory(engine), box, channel_id)
    try:
        if isinstance(connector, _Threads) and key:
            connector.delete_thread(remote_id, key, parts)
        else:
            connector.delete(remote_id)
    except ConnectorError as exc:
        if exc.kind == "unsupported":
            raise Conflict(f"{channel.kind} cannot delete a post; remove it by hand, then mark "
                           "the archive record deleted") from None
        audit.record(session, actor, "variant.delete_failed", f"variant:{variant.id}",
                     {"post_id": post_id, "error": exc.kind}, org_id=post.org_id)
        session.commit()
        raise NetworkFailed(exc) from None
    audit.record(session, actor, "variant.deleted", f"variant:{variant.id}",
                 {"post_id": post_id, "channel_id": channel_id, "archive_id": record_id},
                 org_id=post.org_id)
    return archive.mark_deleted(session, actor, record_id)
