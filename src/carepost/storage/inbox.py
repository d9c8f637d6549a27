"""Tables for the inbox: inbound items and their triage, cursors, notes, replies, templates,
adverse-event cases, and each organisation's inbox settings (on-call list, response target).

An inbound item is unique per (channel, remote id): polling the same page twice, or after a
restart, can never show an item twice. A channel's cursor is written in the same transaction
as the items it covers, so a crash between the two cannot skip or repeat anything.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from carepost.storage.models import Base, UTCDateTime, utcnow

QUEUES = ("urgent", "phi", "adverse_event", "complaint", "misinformation", "question", "other")
ITEM_STATUSES = ("new", "assigned", "waiting", "resolved")
# Emergency escalation of an urgent item: pending until every on-call route answered.
ESCALATIONS = ("none", "pending", "sent", "failed")
REPLY_STATES = ("sending", "sent", "unknown", "failed")
CASE_STATUSES = ("open", "submitted", "closed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class InboundItem(Base):
    """One reply, mention or comment fetched from a channel, with the guard's verdict."""

    __tablename__ = "inbound_items"
    __table_args__ = (
        UniqueConstraint("channel_id", "remote_id", name="uq_inbound_items_channel_remote"),
        CheckConstraint(_in("queue", QUEUES), name="queue"),
        CheckConstraint(_in("status", ITEM_STATUSES), name="status"),
        CheckConstraint(_in("escalation", ESCALATIONS), name="escalation"),
        Index("ix_inbound_items_org_queue", "org_id", "queue", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    remote_id: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(32))  # reply, mention, quote, comment, review
    author: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    parent: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # Whether the parent is something carepost published (False: a reply to someone else's post).
    parent_ours: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    verdict: Mapped[str] = mapped_column(Text, default="{}")  # Verdict JSON, without the text
    queue: Mapped[str] = mapped_column(String(32), default="other")
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    replied: Mapped[bool] = mapped_column(Boolean, default=False)
    escalation: Mapped[str] = mapped_column(String(16), default="none")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class InboundCursor(Base):
    """Where polling a channel left off, how often to poll it, and how the last poll went."""

    __tablename__ = "inbound_cursors"

    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    cursor: Mapped[str | None] = mapped_column(Text, nullable=True)
    poll_seconds: Mapped[int] = mapped_column(Integer, default=60)
    next_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    last_result: Mapped[str] = mapped_column(String(300), default="")


class InboxNote(Base):
    """An internal note on an item: never sent anywhere."""

    __tablename__ = "inbox_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("inbound_items.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    author_label: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InboxReply(Base):
    """A reply sent (or being sent) to an item; the key is committed before the network call."""

    __tablename__ = "inbox_replies"
    __table_args__ = (CheckConstraint(_in("state", REPLY_STATES), name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("inbound_items.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    template_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    guard_report: Mapped[str] = mapped_column(Text, default="{}")
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="sending")
    remote_id: Mapped[str | None] = mapped_column(String(500), nullable=True)
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ReplyTemplate(Base):
    """A saved reply, guard-clean when saved."""

    __tablename__ = "reply_templates"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_reply_templates_org_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AdverseEventCase(Base):
    """A pharmacovigilance case: the four reportable elements and the MedWatch-style fields."""

    __tablename__ = "ae_cases"
    __table_args__ = (CheckConstraint(_in("status", CASE_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbound_items.id", ondelete="SET NULL"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="open")
    # The four elements a report needs (21 CFR 314.80): an identifiable patient and reporter,
    # a suspect product, an adverse event.
    identifiable_patient: Mapped[bool] = mapped_column(Boolean, default=False)
    identifiable_reporter: Mapped[bool] = mapped_column(Boolean, default=False)
    product_name: Mapped[str] = mapped_column(String(200), default="")
    event_description: Mapped[str] = mapped_column(Text, default="")
    patient_identifier: Mapped[str] = mapped_column(String(100), default="")
    patient_age: Mapped[str] = mapped_column(String(32), default="")
    patient_sex: Mapped[str] = mapped_column(String(16), default="")
    event_date: Mapped[str] = mapped_column(String(32), default="")
    product_dose: Mapped[str] = mapped_column(String(200), default="")
    product_lot: Mapped[str] = mapped_column(String(100), default="")
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    reporter_contact: Mapped[str] = mapped_column(String(300), default="")
    seriousness: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(200), default="")
    # Day 0 of the 15-calendar-day clock: when the organisation first learned of the event.
    aware_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InboxSettings(Base):
    """One organisation's inbox: response-time target, on-call routes, the private channel."""

    __tablename__ = "inbox_settings"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    response_target_hours: Mapped[int] = mapped_column(Integer, default=24)
    backfill_days: Mapped[int] = mapped_column(Integer, default=7)
    oncall_emails: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    # The SMTP relay comes from one of the organisation's email channels (sealed there).
    smtp_channel_id: Mapped[int | None] = mapped_column(
        ForeignKey("channels.id", ondelete="SET NULL"), nullable=True
    )
    # {"url", "secret", "allow_private_addresses"}, sealed: a Slack URL is itself a secret.
    webhook_sealed: Mapped[str | None] = mapped_column(Text, nullable=True)
    crisis_text: Mapped[str] = mapped_column(Text, default="")
    private_contact: Mapped[str] = mapped_column(String(300), default="")
