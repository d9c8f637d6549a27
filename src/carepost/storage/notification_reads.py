"""Who has read an organisation-wide notification: one receipt per person.

A notification addressed to one person keeps its own `read_at`; one addressed to the whole
organisation (`user_id` NULL) is read by each member separately, so one admin marking it read
never hides "this channel needs reconnecting" from the others.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from carepost.storage.models import Base, UTCDateTime, utcnow


class NotificationRead(Base):
    """One member's read receipt for one organisation-wide notification."""

    __tablename__ = "notification_reads"

    notification_id: Mapped[int] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
