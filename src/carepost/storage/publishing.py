"""Tables for publishing: channels, posts, per-channel variants, approvals, notifications, archive.

A post carries the review workflow (draft -> in review -> approved -> scheduled ...); each
variant carries its own publishing state, because one network can fail while another succeeds.
The archive table is immutable in the database (see migration 0002): only `deleted_at` and
`legal_hold` may change, and a record on legal hold cannot be deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from carepost.storage.models import Base, UTCDateTime, utcnow

CHANNEL_STATUSES = ("active", "needs_reconnect", "disabled")
# The lifecycle's stored values (carepost.core.lifecycle.State); a variant carries its own.
POST_STATES = (
    "draft", "in_review", "approved", "scheduled", "publishing", "published", "failed",
    "outcome_unknown",
)
DECISIONS = ("approved", "changes_requested", "rejected")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Channel(Base):
    """One connected social account (or mailing list, or webhook) of an organisation."""

    __tablename__ = "channels"
    __table_args__ = (CheckConstraint(_in("status", CHANNEL_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    # "kind:host" (e.g. "mastodon:mastodon.social"): channels sharing it share rate limits.
    network: Mapped[str] = mapped_column(String(200), default="", server_default="", index=True)
    # The whole connector configuration, secrets included, sealed with carepost.crypto.Box.
    config_sealed: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32), default="active")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    rate_limited_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_test_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_test_ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Post(Base):
    """One piece of content under review; its variants say where and how it is published."""

    __tablename__ = "posts"
    __table_args__ = (CheckConstraint(_in("state", POST_STATES), name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(32), default="draft", index=True)
    slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Set once the approvers were told the slot is near and the post is still unapproved.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # User ids (comma-separated) who changed the text since it was last submitted: like the
    # author, they may not approve it (the two-person rule).
    editor_ids: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Variant(Base):
    """A post's text for one channel, its guard report and its publishing state."""

    __tablename__ = "variants"
    __table_args__ = (
        CheckConstraint(_in("state", POST_STATES), name="state"),
        Index("ix_variants_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="RESTRICT"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(32), default="draft")
    guard_action: Mapped[str] = mapped_column(String(16), default="allow")
    guard_report: Mapped[str] = mapped_column(Text, default="{}")  # Verdict JSON, no text
    # Recorded and committed before the network is called: the exactly-once anchor.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    remote_id: Mapped[str | None] = mapped_column(String(500), nullable=True)
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Email: list members already mailed (ConnectorError.done), skipped when a send resumes.
    delivered: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class Approval(Base):
    """One review decision on a post version, with the guard report the reviewer saw."""

    __tablename__ = "approvals"
    __table_args__ = (CheckConstraint(_in("decision", DECISIONS), name="decision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    post_version: Mapped[int] = mapped_column(Integer)
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    reviewer_label: Mapped[str] = mapped_column(String(200))
    decision: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    guard_report: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Notification(Base):
    """Something a person must know: a channel needing reconnection, a slot near, unapproved."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200))  # "post:12", "channel:3": ids only
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ArchiveRecord(Base):
    """What was published, exactly, and who approved it: kept for the retention period."""

    __tablename__ = "archive_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No foreign keys: the record outlives the post, channel and people it names.
    org_id: Mapped[int] = mapped_column(Integer, index=True)
    post_id: Mapped[int] = mapped_column(Integer)
    variant_id: Mapped[int] = mapped_column(Integer, unique=True)
    channel_kind: Mapped[str] = mapped_column(String(32))
    channel_name: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    media_hashes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of SHA-256 hex
    remote_id: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    guard_report: Mapped[str] = mapped_column(Text)
    approval_chain: Mapped[str] = mapped_column(Text)  # JSON list of decisions
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)


class PostMedia(Base):
    """An image attached to a post (every channel gets it), stored already stripped of metadata."""

    __tablename__ = "post_media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(64))
    alt_text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))  # of the stored (stripped) bytes
    data: Mapped[bytes] = mapped_column(LargeBinary)
