"""An organisation's guard settings: its policy pack and what it publishes on purpose.

One row per organisation, absent until someone saves; the service falls back to the default
pack and a profile holding only the organisation's name.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carepost.storage.models import Base, UTCDateTime, utcnow


class OrgGuardSettings(Base):
    """The guard's per-organisation settings (policy pack name, OrgProfile as JSON)."""

    __tablename__ = "org_guard_settings"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    policy: Mapped[str] = mapped_column(String(64))
    # OrgProfile.from_dict's plain data: {"phones": [...], "staff": [...], "extra_terms": {...}}
    profile: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
