"""Tables for the publishing pages: review snapshots (for the diff since the last review) and
each organisation's publishing time zone.

A snapshot is each variant's text as it was when the post was submitted for review; the review
page diffs the snapshot a reviewer last decided on against the text now under review.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carepost.storage.models import Base, UTCDateTime, utcnow

DEFAULT_TIME_ZONE = "UTC"


class ReviewSnapshot(Base):
    """One variant's text at one submission for review."""

    __tablename__ = "review_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int] = mapped_column(Integer)
    post_version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OrgPublishing(Base):
    """An organisation's publishing preferences: the IANA time zone its calendar runs in."""

    __tablename__ = "org_publishing"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
