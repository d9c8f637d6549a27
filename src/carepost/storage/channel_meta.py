"""What a channel's network told us about itself (no secrets): e.g. a Mastodon instance's own
text limit, learnt when "test connection" succeeds, so the composer and the checks before
review count against the instance's limit instead of Mastodon's default of 500."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from carepost.storage.models import Base, UTCDateTime, utcnow


class ChannelMeta(Base):
    """One channel's learnt, non-secret metadata (JSON), kept apart from its sealed config."""

    __tablename__ = "channel_meta"

    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    # JSON object, e.g. {"text_limit": 1000}; only what the network says of itself.
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
