"""Ingest: poll one channel with its persisted cursor and store what came back, exactly once.

1. Read the channel and its cursor (committed: no lock is held across the network call).
2. `connector.fetch_inbound(cursor)`.
3. Triage the page's items with no transaction open; then in ONE transaction insert the new
   ones (a (channel, remote id) already stored is skipped) and advance the cursor. A crash
   before the commit keeps the old cursor, so the next poll fetches the same page again and
   nothing is skipped; the unique key makes sure nothing is stored twice.
4. Escalate any new urgent item right away (same call, no waiting for a later poll), and retry
   any escalation that failed before.

A channel's first poll backfills only `backfill_days` of history.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors import registry
from carepost.connectors.base import InboundItem as Fetched
from carepost.connectors.base import InboundPage
from carepost.connectors.errors import ConnectorError
from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services import audit, channels, guard_settings, notifications
from carepost.services.actor import SYSTEM
from carepost.services.inbox import config, triage
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundCursor, InboundItem, InboxReply
from carepost.storage.models import utcnow
from carepost.storage.publishing import Channel, Notification, Variant

log = logging.getLogger("carepost.inbox")
DEFAULT_POLL_SECONDS = 60
MAX_FAILURE_BACKOFF = 3600


@dataclass
class PollResult:
    """What one poll of one channel did; `error` is a safe one-line reason when it failed."""

    channel_id: int
    fetched: int = 0
    new: int = 0
    skipped: int = 0  # malformed items, or older than the first poll's backfill window
    new_ids: list[int] = field(default_factory=list)
    urgent_ids: list[int] = field(default_factory=list)
    escalated: int = 0
    error: str | None = None


def cursor_of(session: Session, channel_id: int) -> InboundCursor:
    """The channel's cursor row, created (unsaved until flushed) on first use."""
    row = session.get(InboundCursor, channel_id, with_for_update=True)
    if row is None:
        row = InboundCursor(channel_id=channel_id, cursor=None,
                            poll_seconds=DEFAULT_POLL_SECONDS, last_result="")
        session.add(row)
    return row


def _clean(item: object) -> Fetched | None:
    """The item if its fields are usable; None for a malformed one (logged, never stored)."""
    if not isinstance(item, Fetched):
        return None
    if not isinstance(item.remote_id, str) or not 0 < len(item.remote_id) <= 500:
        return None
    text = item.text if isinstance(item.text, str) else ""
    author = item.author if isinstance(item.author, str) and item.author else "unknown"
    url = item.url if isinstance(item.url, str) and len(item.url) <= 1000 else None
    parent = (item.in_reply_to if isinstance(item.in_reply_to, str)
              and len(item.in_reply_to) <= 500 else None)
    created = item.created_at if isinstance(item.created_at, datetime) else None
    if created is not None and created.tzinfo is None:
        created = None  # a naive time from a network is a guess: keep the fetch time instead
    kind = item.kind if isinstance(item.kind, str) and item.kind else "comment"
    kind, author = kind[:32], author[:300]
    if "\x00" in text:
        text = text.replace("\x00", "")
    if (kind is item.kind and author is item.author and text is item.text
            and created is item.created_at and parent is item.in_reply_to and url is item.url):
        return item  # already clean, as almost every item is: no copy
    return Fetched(item.remote_id, kind, author, text, created, parent, url)


def _ours(session: Session, parents: set[str]) -> set[str]:
    """Which parents are posts or replies carepost itself published."""
    if not parents:
        return set()
    found = set(session.execute(
        select(Variant.remote_id).where(Variant.remote_id.in_(parents))).scalars())
    found |= set(session.execute(
        select(InboxReply.remote_id).where(InboxReply.remote_id.in_(parents))).scalars())
    return {p for p in found if p}


def _usable(page: InboundPage, backfill_from: datetime | None) -> tuple[list[Fetched], int]:
    """The page's well-formed items, once each, not older than `backfill_from`; and how many
    were skipped."""
    usable: dict[str, Fetched] = {}
    skipped = 0
    for raw in page.items:
        item = _clean(raw)
        too_old = (item is not None and backfill_from is not None
                   and item.created_at is not None and item.created_at < backfill_from)
        if item is None or too_old:
            skipped += 1
            continue
        usable.setdefault(item.remote_id, item)
    return list(usable.values()), skipped


def _triage(items: list[Fetched], check: triage.Check | None) -> list[triage.Triage]:
    return triage.triage_many([(i.text, i.kind) for i in items], check)


def _write(session: Session, channel: Channel, page: InboundPage, fetched_at: datetime,
           usable: list[Fetched], skipped: int, judged: list[triage.Triage]) -> PollResult:
    """Insert the triaged items not stored yet and advance the cursor, in the caller's
    transaction (which holds the cursor row: a concurrent poll of the channel waits)."""
    result = PollResult(channel.id, fetched=len(page.items), skipped=skipped)
    cursor = cursor_of(session, channel.id)
    if usable:
        known = set(session.execute(
            select(InboundItem.remote_id).where(
                InboundItem.channel_id == channel.id,
                InboundItem.remote_id.in_([i.remote_id for i in usable]))).scalars())
        fresh = [(i, v) for i, v in zip(usable, judged, strict=True)
                 if i.remote_id not in known]
        ours = _ours(session, {i.in_reply_to for i, _ in fresh if i.in_reply_to})
        rows = [dict(
            org_id=channel.org_id, channel_id=channel.id, remote_id=item.remote_id,
            kind=item.kind, author=item.author, text=item.text, url=item.url,
            parent=item.in_reply_to, parent_ours=item.in_reply_to in ours,
            created_at=item.created_at, fetched_at=fetched_at, verdict=verdict.report,
            queue=verdict.queue, status="new", hidden=False, replied=False,
            escalation="pending" if verdict.queue == "urgent" else "none",
        ) for item, verdict in fresh]
        if rows:
            # One multi-row INSERT per page (a Core insert, not one ORM object per item): at a
            # backlog of thousands the unit of work cost as much as the guard itself. Rows come
            # back in any order and are matched by remote id: asking SQLAlchemy to keep the
            # parameter order (`sort_by_parameter_order`) made it send one INSERT per row on
            # SQLite, 4,000 statements for a backlog of 4,000.
            table = InboundItem.__table__
            stored = {row.remote_id: row for row in session.connection().execute(
                insert(table).returning(table.c.id, table.c.remote_id, table.c.queue), rows)}
            in_order = [stored[item.remote_id] for item, _ in fresh]
            result.new = len(in_order)
            result.new_ids = [row.id for row in in_order]
            result.urgent_ids = [row.id for row in in_order if row.queue == "urgent"]
    cursor.cursor = page.cursor
    cursor.last_poll_at = fetched_at
    cursor.last_ok = True
    cursor.last_result = f"{result.new} new of {result.fetched} fetched"
    cursor.next_poll_at = fetched_at + timedelta(seconds=cursor.poll_seconds)
    if result.new:
        audit.record(session, SYSTEM, "inbox.ingested", f"channel:{channel.id}",
                     {"new": result.new, "urgent": len(result.urgent_ids),
                      "skipped": result.skipped}, org_id=channel.org_id)
    if result.urgent_ids:
        _notify_urgent(session, channel.org_id, result.urgent_ids)
    return result


def store_page(
    session: Session, channel: Channel, page: InboundPage, fetched_at: datetime,
    backfill_from: datetime | None = None,
) -> PollResult:
    """Triage and insert the page's new items and advance the cursor, in the caller's transaction.

    Items created before `backfill_from` (a first poll) are skipped, as are malformed ones.
    """
    usable, skipped = _usable(page, backfill_from)
    # The organisation's pack and profile (its own phone numbers, addresses, staff are no
    # patient's identifiers), read once for the page.
    check = guard_settings.checker(session, channel.org_id) if usable else None
    return _write(session, channel, page, fetched_at, usable, skipped, _triage(usable, check))


def _notify_urgent(session: Session, org_id: int, item_ids: list[int]) -> None:
    """Beside the on-call email and webhook, everyone who can act sees the items in carepost.

    The rows `notifications.notify` adds, one per person and item, in one INSERT for the page:
    `notify` flushes the session once per subject, and a backlog page holds dozens of
    emergencies.
    """
    people = dict.fromkeys(notifications.users_with_roles(
        session, org_id, ("responder", "privacy_officer", "admin")))
    rows = [{"org_id": org_id, "user_id": user_id, "kind": "inbox.urgent",
             "subject": f"inbound:{item_id}"} for item_id in item_ids for user_id in people]
    if rows:
        session.execute(insert(Notification), rows)


def _failed(session: Session, channel: Channel, message: str, now: datetime,
            error: ConnectorError | None) -> None:
    cursor = cursor_of(session, channel.id)
    cursor.last_poll_at = now
    cursor.last_ok = False
    cursor.last_result = message[:300]
    delay = cursor.poll_seconds
    if error is not None and error.retry_after is not None:
        delay = max(delay, int(error.retry_after))
    elif error is not None and error.permanent:
        delay = MAX_FAILURE_BACKOFF
    cursor.next_poll_at = now + timedelta(seconds=min(delay, MAX_FAILURE_BACKOFF))
    if error is not None and error.kind == "auth_expired":
        channels.mark_needs_reconnecting(session, channel, error.kind)


def poll_channel(
    db: sessionmaker[Session], box: Box, channel_id: int, *, escalate: bool = True,
    connector: object | None = None,
) -> PollResult:
    """Poll one channel once: fetch with the stored cursor, store, escalate emergencies."""
    with transaction(db) as session:
        channel = session.get(Channel, channel_id)
        if channel is None:
            return PollResult(channel_id, error="the channel no longer exists")
        cursor = cursor_of(session, channel_id)
        # First = nothing stored yet. Not `last_ok is None`: a failed first poll sets last_ok,
        # and the next successful one must still backfill only `backfill_days`.
        since, first = cursor.cursor, cursor.cursor is None
        settings = config.settings_of(session, channel.org_id)
        backfill_days = settings.backfill_days
        if "inbound" not in registry.metadata(channel.kind).capabilities:
            return PollResult(channel_id, error="this kind of channel has no inbound items")
        if channel.status != "active":
            return PollResult(channel_id, error="the channel needs reconnecting")
        fetcher = connector or channels.connector_for(channel, box)
        # The organisation's pack and profile (its own phone numbers, addresses, staff are no
        # patient's identifiers), read once for the page.
        check = guard_settings.checker(session, channel.org_id)
    error: ConnectorError | None = None
    message = ""
    page: InboundPage | None = None
    try:
        page = fetcher.fetch_inbound(since)  # type: ignore[attr-defined]
        if not isinstance(page, InboundPage):
            message = "the connector returned something that is not a page of items"
    except ConnectorError as exc:
        error, message = exc, str(exc)
    except Exception as exc:  # a malformed answer the client library could not parse
        message = f"unreadable answer from the network ({type(exc).__name__})"
    fetched_at = utcnow()
    if page is None or message:
        with transaction(db) as session:
            channel = session.get(Channel, channel_id)
            assert channel is not None
            _failed(session, channel, message, fetched_at, error)
            result = PollResult(channel_id, error=message)
    else:
        usable, skipped = _usable(page, fetched_at - timedelta(days=backfill_days)
                                  if first else None)
        # The guard runs before the transaction opens: on SQLite a write transaction holds
        # the database's only write lock, and a page of hundreds of items takes a second or
        # more to triage on a loaded machine, while every other writer (publishing, the web
        # pages) would wait. An item another poll stored meanwhile is triaged for nothing and
        # skipped in the transaction, which reads what is stored under the cursor's lock.
        judged = _triage(usable, check)
        with transaction(db) as session:
            channel = session.get(Channel, channel_id)
            assert channel is not None
            result = _write(session, channel, page, fetched_at, usable, skipped, judged)
    log_event(log, "inbox.polled", channel_id=channel_id, fetched=result.fetched,
              new=result.new, urgent=len(result.urgent_ids), ok=result.error is None)
    if escalate:
        from carepost.services.inbox import escalate as escalation

        result.escalated = escalation.escalate_pending(db, box, channel.org_id)
    return result


def ingest_items(
    db: sessionmaker[Session], channel_id: int, items: Sequence[Fetched], cursor: str | None
) -> PollResult:
    """Store items handed over by a source that pushes (a blog's comment form, a benchmark)."""
    with transaction(db) as session:
        channel = session.get(Channel, channel_id)
        if channel is None:
            return PollResult(channel_id, error="the channel no longer exists")
        return store_page(session, channel, InboundPage(tuple(items), cursor), utcnow())


def take_in_before_delete(db: sessionmaker[Session], box: Box, channel_id: int) -> PollResult:
    """Poll a channel right before one of the organisation's posts is deleted on it.

    Bluesky's AppView drops the notifications of replies to a deleted post, so a reply written
    since the last poll would never reach the inbox. Polled first, it is stored (its parent
    marked deleted once the archive record is, see `items.parent_context`) and, if urgent,
    escalated. Never raises: a failed poll is in the result and the deletion goes ahead.
    """
    try:
        return poll_channel(db, box, channel_id)
    except Exception as exc:  # the deletion must not wait on the inbox
        log_event(log, "inbox.poll_before_delete_failed", level=logging.ERROR,
                  channel_id=channel_id, error=type(exc).__name__.lower())
        return PollResult(channel_id, error=f"poll failed ({type(exc).__name__})")
