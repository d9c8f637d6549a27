"""What comes back from Bluesky: replies and mentions, hiding a reply, and a post's counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from atproto import models
from atproto_client import exceptions as atx

from carepost.connectors.base import InboundItem, InboundPage
from carepost.connectors.bluesky.session import Pds, split, translate
from carepost.connectors.errors import ConnectorError

GATE = "app.bsky.feed.threadgate"
INBOUND_PAGES = 10  # 1000 notifications a fetch at most; anything older than that is skipped


def _parse_cursor(since: str | None) -> tuple[str | None, frozenset[str]]:
    """(newest indexedAt seen, URIs seen at exactly that time) from a cursor.

    Notifications indexed in the same instant as the newest one of the last fetch may arrive
    after it; comparing times with `>=` and skipping the URIs already seen at that instant means
    none is skipped and none comes twice.
    """
    if not since:
        return None, frozenset()
    when, _, seen = since.partition("|")
    return when, frozenset(u for u in seen.split(" ") if u)


def _notifications(pds: Pds, since: str | None) -> list[Any]:
    """Notifications newest first, paging back until `since` (bounded: a first run is short)."""
    when, seen = _parse_cursor(since)
    found: list[Any] = []
    cursor: str | None = None
    for _ in range(INBOUND_PAGES):
        params = models.AppBskyNotificationListNotifications.Params(limit=100, cursor=cursor)
        page = pds.call(
            "fetching notifications",
            lambda p=params: pds.client.app.bsky.notification.list_notifications(p),
        )
        fresh = [
            n for n in page.notifications
            if when is None or n.indexed_at > when or (n.indexed_at == when and n.uri not in seen)
        ]
        found.extend(fresh)
        cursor = page.cursor
        if when is None or len(fresh) < len(page.notifications) or not cursor:
            break
    return found


def fetch_inbound(pds: Pds, since: str | None) -> InboundPage:
    """Replies, mentions and quotes from notifications newer than the cursor `since`."""
    pds.login()
    items: list[InboundItem] = []
    newest, seen = _parse_cursor(since)
    for note in _notifications(pds, since):
        if newest is None or note.indexed_at > newest:
            newest, seen = note.indexed_at, frozenset()
        if note.indexed_at == newest:
            seen = seen | {note.uri}
        if note.reason not in ("reply", "mention", "quote"):
            continue
        reply = getattr(note.record, "reply", None)
        parent = getattr(getattr(reply, "parent", None), "uri", None)
        items.append(
            InboundItem(
                remote_id=note.uri,
                kind=note.reason,
                author=f"@{note.author.handle}",
                text=getattr(note.record, "text", "") or "",
                created_at=datetime.fromisoformat(note.indexed_at.replace("Z", "+00:00")),
                in_reply_to=parent,
                url=pds.url(note.author.handle, note.uri),
            )
        )
    items.sort(key=lambda i: i.created_at or datetime.min.replace(tzinfo=UTC))
    cursor = None if newest is None else f"{newest}|{' '.join(sorted(seen))}".rstrip("|")
    return InboundPage(items=tuple(items), cursor=cursor)


def hide(pds: Pds, remote_id: str) -> None:
    """Add a reply in one of the account's own threads to the root's threadgate hiddenReplies."""
    did = pds.login()
    reply = pds.get(*split(remote_id))
    ref = getattr(reply.value, "reply", None) if reply is not None else None
    if ref is None:
        raise ConnectorError("rejected", "only replies can be hidden", permanent=True)
    root_repo, root_rkey = split(ref.root.uri)
    if root_repo != did:
        raise ConnectorError(
            "rejected", "only replies in the account's own threads can be hidden", permanent=True
        )
    # No threadgate yet means anyone may reply; a new one leaves `allow` unset to keep it so.
    gate = pds.get(did, root_rkey, collection=GATE)
    if gate is not None:
        hidden = list(gate.value.hidden_replies or [])
        if remote_id in hidden:
            return
        record = gate.value.model_copy(update={"hidden_replies": [*hidden, remote_id]})
    else:
        record = models.AppBskyFeedThreadgate.Record(
            post=ref.root.uri,
            created_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            hidden_replies=[remote_id],
        )
    data = models.ComAtprotoRepoPutRecord.Data(
        repo=did,
        collection=GATE,
        rkey=root_rkey,
        record=record,
        swap_record=gate.cid if gate is not None else None,  # a concurrent edit fails, not lost
    )
    try:
        pds.client.com.atproto.repo.put_record(data)
    except atx.AtProtocolError as exc:
        raise translate(exc, "hiding a reply") from None


def fetch_metrics(pds: Pds, remote_id: str) -> dict[str, int]:
    """Likes, reposts, replies and quotes the AppView counts for one post."""
    pds.login()
    posts = pds.call("fetching metrics", lambda: pds.client.get_posts([remote_id])).posts
    if not posts:
        return {}
    post = posts[0]
    return {
        "likes": post.like_count or 0,
        "reposts": post.repost_count or 0,
        "replies": post.reply_count or 0,
        "quotes": post.quote_count or 0,
    }
