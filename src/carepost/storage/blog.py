"""Tables for the organisation's own blog: the blog, its entries and files, comments, audio.

One blog per organisation, served by carepost at `/blog/<org-slug>/`. Entries are written only
by the `blog` connector (so only approved, guarded posts appear); `idempotency_key` is unique,
which is what makes a retried publish land exactly once. Comments arrive through the public
form, are numbered per blog (`seq`, assigned under a lock on the blog row, so the inbox cursor
never skips one that committed late) and stay `held` until someone approves them.
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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from carepost.storage.models import Base, UTCDateTime, utcnow

COMMENT_STATUSES = ("held", "approved", "hidden")
FILE_KINDS = ("image", "audio")


class Blog(Base):
    """An organisation's blog and its feed settings (copied from the blog channel's config)."""

    __tablename__ = "blogs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    author: Mapped[str] = mapped_column(String(200), default="")
    public_url: Mapped[str] = mapped_column(String(500), default="")
    podcast_category: Mapped[str] = mapped_column(String(100), default="Health & Fitness")
    podcast_explicit: Mapped[bool] = mapped_column(Boolean, default=False)
    podcast_image_url: Mapped[str] = mapped_column(String(1000), default="")
    comments_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # The last comment number handed out; bumped under a row lock (see the module docstring).
    comment_seq: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BlogEntry(Base):
    """One published entry: a title, the text, the safe HTML rendered from it."""

    __tablename__ = "blog_entries"
    __table_args__ = (
        UniqueConstraint("blog_id", "slug"),
        Index("ix_blog_entries_listing", "blog_id", "published_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    blog_id: Mapped[int] = mapped_column(ForeignKey("blogs.id", ondelete="CASCADE"))
    # The exactly-once anchor: a retry with the same key finds this row instead of adding one.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    post_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no FK: outlives posts
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class BlogFile(Base):
    """An image (with alt text) or the audio enclosure of an entry."""

    __tablename__ = "blog_files"
    __table_args__ = (
        CheckConstraint("kind IN ('image', 'audio')", name="kind"),
        UniqueConstraint("entry_id", "kind", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("blog_entries.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(64))
    alt_text: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    duration_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PostAudio(Base):
    """The audio of a podcast episode, attached to a post before it is approved and published."""

    __tablename__ = "post_audio"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), unique=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    duration_seconds: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BlogComment(Base):
    """A public comment: held until triaged; only the name the commenter chose is kept."""

    __tablename__ = "blog_comments"
    __table_args__ = (
        CheckConstraint("status IN ('held', 'approved', 'hidden')", name="status"),
        UniqueConstraint("blog_id", "seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    blog_id: Mapped[int] = mapped_column(ForeignKey("blogs.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("blog_entries.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    display_name: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="held")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CommentRate(Base):
    """Comments per remote address in the current window; the address is stored only hashed."""

    __tablename__ = "blog_comment_rate"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
