"""Tables for emergency alerts: templates, their approvals, alerts, deliveries, test channels.

A template is approved in advance by a privacy officer AND an approver (two people); an alert
written from scratch needs the same two approvals on the alert itself. Each alert has one
delivery per chosen channel, carrying its own idempotency key (recorded before the network
call, like a post variant's) and its state on the delivery board. Texts are kept here because
an alert is public by nature; audit details still hold only ids and counts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carepost.storage.models import Base, UTCDateTime, utcnow

TEMPLATE_KINDS = ("outbreak", "vaccine_clinic_change", "facility_closure", "boil_water",
                  "heat_emergency", "custom")
ALERT_STATUSES = ("awaiting_approval", "approved", "sending", "sent", "partial", "failed")
MSG_TYPES = ("alert", "update", "all_clear")
DELIVERY_STATUSES = ("pending", "sending", "sent", "acknowledged", "failed", "unknown")
APPROVAL_SLOTS = ("privacy_officer", "approver")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class AlertTemplate(Base):
    """A reusable alert text with typed fields and CAP defaults, approved before any emergency."""

    __tablename__ = "alert_templates"
    __table_args__ = (CheckConstraint(_in("kind", TEMPLATE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    headline: Mapped[str] = mapped_column(String(200))  # may hold {placeholders}
    body: Mapped[str] = mapped_column(Text)  # may hold {placeholders}
    instruction: Mapped[str] = mapped_column(Text, default="")
    # JSON list of {"name", "type", "label", "required"}; see services/alerts/fields.py.
    fields: Mapped[str] = mapped_column(Text, default="[]")
    # CAP defaults (services/alerts/cap.py validates them against the CAP 1.2 value lists).
    cap_category: Mapped[str] = mapped_column(String(32))
    cap_event: Mapped[str] = mapped_column(String(100))
    cap_urgency: Mapped[str] = mapped_column(String(32))
    cap_severity: Mapped[str] = mapped_column(String(32))
    cap_certainty: Mapped[str] = mapped_column(String(32))
    # Bumped by every edit: approvals hold for one version only.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Alert(Base):
    """One alert (or an update or all-clear of one): final text, CAP fields, status, drill flag."""

    __tablename__ = "alerts"
    __table_args__ = (
        CheckConstraint(_in("status", ALERT_STATUSES), name="status"),
        CheckConstraint(_in("msg_type", MSG_TYPES), name="msg_type"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("alert_templates.id", ondelete="SET NULL"), nullable=True
    )
    template_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The first alert of a chain; updates and the all-clear point back to it.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("alerts.id", ondelete="SET NULL"), nullable=True, index=True
    )
    msg_type: Mapped[str] = mapped_column(String(16), default="alert")
    kind: Mapped[str] = mapped_column(String(32))
    identifier: Mapped[str] = mapped_column(String(100), unique=True)  # the CAP identifier
    headline: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)  # the final text every channel gets
    instruction: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String(500), default="")
    field_values: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    cap_category: Mapped[str] = mapped_column(String(32))
    cap_event: Mapped[str] = mapped_column(String(100))
    cap_urgency: Mapped[str] = mapped_column(String(32))
    cap_severity: Mapped[str] = mapped_column(String(32))
    cap_certainty: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), default="awaiting_approval", index=True)
    drill: Mapped[bool] = mapped_column(Boolean, default=False)
    guard_action: Mapped[str] = mapped_column(String(16), default="allow")
    guard_report: Mapped[str] = mapped_column(Text, default="{}")
    # Scheduled promotional posts due within this many minutes of sent_at are held back until
    # then (see pause.py); resuming early shortens it to the minutes that had passed.
    pause_minutes: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class AlertApproval(Base):
    """One of the two approvals (privacy officer, approver) of a template version or an alert."""

    __tablename__ = "alert_approvals"
    __table_args__ = (
        CheckConstraint(_in("slot", APPROVAL_SLOTS), name="slot"),
        # One approval per slot per template version, and per alert.
        UniqueConstraint("template_id", "template_version", "slot"),
        UniqueConstraint("alert_id", "slot"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("alert_templates.id", ondelete="CASCADE"), nullable=True, index=True
    )
    template_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), nullable=True, index=True
    )
    slot: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    user_label: Mapped[str] = mapped_column(String(200))
    guard_report: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlertDelivery(Base):
    """One alert on one channel or mailing list: its state on the delivery board."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
        UniqueConstraint("alert_id", "channel_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # Recorded and committed before the network is called: the exactly-once anchor.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    remote_id: Mapped[str | None] = mapped_column(String(500), nullable=True)
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Email: list members already mailed, skipped when a retry resumes the list.
    delivered: Mapped[str] = mapped_column(Text, default="[]")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlertTestChannel(Base):
    """A channel marked as a test channel: the only kind a drill may go to."""

    __tablename__ = "alert_test_channels"

    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlertPausedVariant(Base):
    """A scheduled promotional post variant held back by an alert, and when it was due."""

    __tablename__ = "alert_paused_variants"
    __table_args__ = (UniqueConstraint("alert_id", "variant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("variants.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    paused_until: Mapped[datetime] = mapped_column(UTCDateTime())
