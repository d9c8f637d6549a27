"""Reading and triaging inbox items: lists by queue with counts, one item, assign, notes, status.

Every change is audited with ids only; the texts of items and notes stay in their tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from carepost.services import audit
from carepost.services.actor import Actor, require
from carepost.services.errors import NotFound, ValidationFailed
from carepost.services.inbox import config
from carepost.storage.inbox import (
    ITEM_STATUSES,
    QUEUES,
    AdverseEventCase,
    InboundItem,
    InboxNote,
    InboxReply,
)
from carepost.storage.models import Membership, utcnow
from carepost.storage.publishing import ArchiveRecord, Channel, Variant

MAX_NOTE = 10_000
OPEN = ("new", "assigned", "waiting")
# Overdue means "no answer yet past the target": a `waiting` item has had its answer.
AWAITING = ("new", "assigned")


@dataclass(frozen=True, slots=True)
class QueueCount:
    """How many open items a queue holds, and how many of them are past the response target."""

    queue: str
    open: int
    overdue: int


def _org(actor: Actor) -> int:
    if actor.org_id is None:
        raise ValidationFailed("org", "choose an organisation (--org)")
    return actor.org_id


def target(session: Session, org_id: int) -> timedelta:
    """The organisation's response-time target."""
    return timedelta(hours=config.settings_of(session, org_id).response_target_hours)


def received_at(item: InboundItem) -> datetime:
    """When the person wrote to the organisation: the network's created time when known.

    A response-time target ("answer within 24 hours") runs from when the person posted, not from
    when carepost happened to poll: a comment written on Friday evening and fetched on Monday
    (a channel reconnected, a first backfill) has been waiting all weekend. A created time later
    than the fetch (a network's clock ahead of ours) is not believed: the fetch time is kept.
    """
    if item.created_at is not None and item.created_at < item.fetched_at:
        return item.created_at
    return item.fetched_at


def is_overdue(item: InboundItem, limit: timedelta, now: datetime | None = None) -> bool:
    """An unanswered item older (since it was written, see `received_at`) than the target."""
    return item.status in AWAITING and (now or utcnow()) - received_at(item) > limit


def get_item(session: Session, actor: Actor, item_id: int, action: str = "inbox.view"
             ) -> InboundItem:
    """One item of the actor's organisation."""
    require(actor, action, session)
    item = session.get(InboundItem, item_id)
    if item is None or (actor.org_id is not None and item.org_id != actor.org_id):
        raise NotFound(f"inbox item {item_id} not found")
    return item


def counts(session: Session, actor: Actor, now: datetime | None = None) -> list[QueueCount]:
    """Open and overdue counts per queue, in triage order."""
    require(actor, "inbox.view", session)
    org_id = _org(actor)
    cutoff = (now or utcnow()) - target(session, org_id)
    base = select(InboundItem.queue, func.count()).where(
        InboundItem.org_id == org_id, InboundItem.status.in_(OPEN)).group_by(InboundItem.queue)
    open_ = {q: n for q, n in session.execute(base).all()}
    # received_at < cutoff, in SQL: min(created, fetched) < cutoff (created may be unknown).
    waited = or_(InboundItem.fetched_at < cutoff,
                 and_(InboundItem.created_at.is_not(None), InboundItem.created_at < cutoff))
    late = {q: n for q, n in session.execute(base.where(
        waited, InboundItem.status.in_(AWAITING))).all()}
    return [QueueCount(q, int(open_.get(q, 0)), int(late.get(q, 0))) for q in QUEUES]


@dataclass(frozen=True, slots=True)
class ChannelPolling:
    """How polling one inbound channel goes: interval, last poll, its result."""

    channel_id: int
    name: str
    kind: str
    status: str
    poll_seconds: int | None
    last_poll_at: datetime | None
    last_ok: bool | None
    last_result: str


def polling(session: Session, actor: Actor) -> list[ChannelPolling]:
    """The organisation's inbound channels and their cursors (never polled: no cursor yet)."""
    from carepost.connectors import registry
    from carepost.storage.inbox import InboundCursor

    require(actor, "inbox.view", session)
    kinds = [k for k in registry.CONNECTORS if "inbound" in registry.metadata(k).capabilities]
    rows = session.execute(
        select(Channel, InboundCursor).outerjoin(
            InboundCursor, InboundCursor.channel_id == Channel.id)
        .where(Channel.org_id == _org(actor), Channel.kind.in_(kinds)).order_by(Channel.id)
    ).all()
    return [ChannelPolling(c.id, c.name, c.kind, c.status,
                           cur.poll_seconds if cur else None, cur.last_poll_at if cur else None,
                           cur.last_ok if cur else None, cur.last_result if cur else "")
            for c, cur in rows]


def list_items(
    session: Session, actor: Actor, queue: str | None = None, status: str | None = "open",
    limit: int = 100, offset: int = 0,
) -> list[InboundItem]:
    """Items of a queue (or all), newest first; status "open" means new, assigned or waiting."""
    require(actor, "inbox.view", session)
    org_id = _org(actor)
    query = select(InboundItem).where(InboundItem.org_id == org_id)
    if queue:
        if queue not in QUEUES:
            raise ValidationFailed("queue", f"must be one of {', '.join(QUEUES)}")
        query = query.where(InboundItem.queue == queue)
    if status == "open":
        query = query.where(InboundItem.status.in_(OPEN))
    elif status:
        if status not in ITEM_STATUSES:
            raise ValidationFailed("status", f"must be open or one of {', '.join(ITEM_STATUSES)}")
        query = query.where(InboundItem.status == status)
    query = query.order_by(InboundItem.fetched_at.desc(), InboundItem.id.desc())
    return list(session.execute(query.limit(min(limit, 1000)).offset(offset)).scalars())


def notes_of(session: Session, item_id: int) -> list[InboxNote]:
    """An item's internal notes, oldest first."""
    return list(session.execute(
        select(InboxNote).where(InboxNote.item_id == item_id).order_by(InboxNote.id)).scalars())


def replies_of(session: Session, item_id: int) -> list[InboxReply]:
    """The replies sent (or being sent) to an item, oldest first."""
    return list(session.execute(
        select(InboxReply).where(InboxReply.item_id == item_id).order_by(InboxReply.id)
    ).scalars())


def cases_of(session: Session, item_id: int) -> list[AdverseEventCase]:
    """Adverse-event cases opened from an item."""
    return list(session.execute(
        select(AdverseEventCase).where(AdverseEventCase.item_id == item_id)
        .order_by(AdverseEventCase.id)).scalars())


def channel_of(session: Session, item: InboundItem) -> Channel:
    """The channel an item came from."""
    channel = session.get(Channel, item.channel_id)
    assert channel is not None  # items are deleted with their channel
    return channel


def parent_context(session: Session, item: InboundItem) -> str | None:
    """What the item answers, when it needs saying: "not_ours" (a post carepost did not
    publish) or "deleted" (one carepost published and has since deleted on the network)."""
    if not item.parent:
        return None
    if not item.parent_ours:
        return "not_ours"
    deleted = session.execute(
        select(ArchiveRecord.id).join(Variant, Variant.id == ArchiveRecord.variant_id)
        .where(Variant.channel_id == item.channel_id, Variant.remote_id == item.parent,
               ArchiveRecord.deleted_at.is_not(None)).limit(1)).scalar_one_or_none()
    return "deleted" if deleted is not None else None


def verdict_of(item: InboundItem) -> dict[str, Any]:
    """The stored verdict as a mapping."""
    return dict(json.loads(item.verdict or "{}"))


def assign(session: Session, actor: Actor, item_id: int, user_id: int | None) -> InboundItem:
    """Assign an item to a member (None: unassign); audited."""
    item = get_item(session, actor, item_id, "inbox.triage")
    if user_id is not None:
        member = session.get(Membership, (user_id, item.org_id))
        if member is None:
            raise ValidationFailed("assignee", "is not a member of this organisation")
        if member.role not in ("admin", "privacy_officer", "responder"):
            raise ValidationFailed("assignee", "must be a responder, privacy officer or admin")
    item.assignee_id = user_id
    if item.status in ("new", "assigned"):
        item.status = "assigned" if user_id is not None else "new"
    audit.record(session, actor, "inbox.assigned", f"inbound:{item.id}",
                 {"assignee_id": user_id})
    return item


def set_status(session: Session, actor: Actor, item_id: int, status: str) -> InboundItem:
    """Move an item to new, assigned, waiting or resolved; audited."""
    if status not in ITEM_STATUSES:
        raise ValidationFailed("status", f"must be one of {', '.join(ITEM_STATUSES)}")
    item = get_item(session, actor, item_id, "inbox.triage")
    before = item.status
    item.status = status
    item.resolved_at = utcnow() if status == "resolved" else None
    audit.record(session, actor, "inbox.status_changed", f"inbound:{item.id}",
                 {"from": before, "to": status})
    return item


def add_note(session: Session, actor: Actor, item_id: int, text: str) -> InboxNote:
    """Add an internal note (never sent anywhere); audited without its text."""
    item = get_item(session, actor, item_id, "inbox.triage")
    text = text.strip()
    if not text:
        raise ValidationFailed("note", "must not be empty")
    if len(text) > MAX_NOTE:
        raise ValidationFailed("note", f"must be at most {MAX_NOTE} characters")
    note = InboxNote(item_id=item.id, author_id=actor.user_id, author_label=actor.label[:200],
                     text=text)
    session.add(note)
    session.flush()
    audit.record(session, actor, "inbox.note_added", f"inbound:{item.id}",
                 {"note_id": note.id, "chars": len(text)})
    return note
