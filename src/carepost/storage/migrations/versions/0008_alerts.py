"""Emergency alerts: templates and their approvals, alerts, deliveries, test channels, pauses.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

TABLES = (
    "alert_paused_variants",
    "alert_deliveries",
    "alert_approvals",
    "alerts",
    "alert_test_channels",
    "alert_templates",
)


def upgrade() -> None:
    """Create the alert tables."""
    op.create_table(
        "alert_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("headline", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("cap_category", sa.String(length=32), nullable=False),
        sa.Column("cap_event", sa.String(length=100), nullable=False),
        sa.Column("cap_urgency", sa.String(length=32), nullable=False),
        sa.Column("cap_severity", sa.String(length=32), nullable=False),
        sa.Column("cap_certainty", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('outbreak', 'vaccine_clinic_change', 'facility_closure', 'boil_water', "
            "'heat_emergency', 'custom')",
            name="ck_alert_templates_kind",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name="fk_alert_templates_created_by_users",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name="fk_alert_templates_org_id_organizations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_templates"),
    )
    op.create_index("ix_alert_templates_org_id", "alert_templates", ["org_id"], unique=False)
    op.create_table(
        "alert_test_channels",
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_alert_test_channels_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name="fk_alert_test_channels_org_id_organizations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("channel_id", name="pk_alert_test_channels"),
    )
    op.create_index(
        "ix_alert_test_channels_org_id", "alert_test_channels", ["org_id"], unique=False
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("template_version", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("msg_type", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("identifier", sa.String(length=100), nullable=False),
        sa.Column("headline", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=False),
        sa.Column("area", sa.String(length=500), nullable=False),
        sa.Column("field_values", sa.Text(), nullable=False),
        sa.Column("cap_category", sa.String(length=32), nullable=False),
        sa.Column("cap_event", sa.String(length=100), nullable=False),
        sa.Column("cap_urgency", sa.String(length=32), nullable=False),
        sa.Column("cap_severity", sa.String(length=32), nullable=False),
        sa.Column("cap_certainty", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("guard_action", sa.String(length=16), nullable=False),
        sa.Column("guard_report", sa.Text(), nullable=False),
        sa.Column("pause_minutes", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "msg_type IN ('alert', 'update', 'all_clear')", name="ck_alerts_msg_type"
        ),
        sa.CheckConstraint(
            "status IN ('awaiting_approval', 'approved', 'sending', 'sent', 'partial', 'failed')",
            name="ck_alerts_status",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name="fk_alerts_created_by_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name="fk_alerts_org_id_organizations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["alerts.id"], name="fk_alerts_parent_id_alerts", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["sent_by"], ["users.id"], name="fk_alerts_sent_by_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["alert_templates.id"],
            name="fk_alerts_template_id_alert_templates",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("identifier", name="uq_alerts_identifier"),
    )
    op.create_index("ix_alerts_org_id", "alerts", ["org_id"], unique=False)
    op.create_index("ix_alerts_parent_id", "alerts", ["parent_id"], unique=False)
    op.create_index("ix_alerts_status", "alerts", ["status"], unique=False)
    op.create_table(
        "alert_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("template_version", sa.Integer(), nullable=True),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("slot", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_label", sa.String(length=200), nullable=False),
        sa.Column("guard_report", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "slot IN ('privacy_officer', 'approver')", name="ck_alert_approvals_slot"
        ),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name="fk_alert_approvals_alert_id_alerts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["alert_templates.id"],
            name="fk_alert_approvals_template_id_alert_templates",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_alert_approvals_user_id_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_approvals"),
        sa.UniqueConstraint("alert_id", "slot", name="uq_alert_approvals_alert_id"),
        sa.UniqueConstraint(
            "template_id", "template_version", "slot", name="uq_alert_approvals_template_id"
        ),
    )
    op.create_index("ix_alert_approvals_alert_id", "alert_approvals", ["alert_id"], unique=False)
    op.create_index(
        "ix_alert_approvals_template_id", "alert_approvals", ["template_id"], unique=False
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("remote_id", sa.String(length=500), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delivered", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'acknowledged', 'failed', 'unknown')",
            name="ck_alert_deliveries_status",
        ),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name="fk_alert_deliveries_alert_id_alerts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_alert_deliveries_channel_id_channels",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_deliveries"),
        sa.UniqueConstraint("alert_id", "channel_id", name="uq_alert_deliveries_alert_id"),
        sa.UniqueConstraint("idempotency_key", name="uq_alert_deliveries_idempotency_key"),
    )
    op.create_index("ix_alert_deliveries_alert_id", "alert_deliveries", ["alert_id"], unique=False)
    op.create_index(
        "ix_alert_deliveries_channel_id", "alert_deliveries", ["channel_id"], unique=False
    )
    op.create_table(
        "alert_paused_variants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name="fk_alert_paused_variants_alert_id_alerts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"],
            ["variants.id"],
            name="fk_alert_paused_variants_variant_id_variants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_paused_variants"),
        sa.UniqueConstraint("alert_id", "variant_id", name="uq_alert_paused_variants_alert_id"),
    )
    op.create_index(
        "ix_alert_paused_variants_alert_id", "alert_paused_variants", ["alert_id"], unique=False
    )
    op.create_index(
        "ix_alert_paused_variants_variant_id",
        "alert_paused_variants",
        ["variant_id"],
        unique=False,
    )


def downgrade() -> None:
    """Drop the alert tables (dependants first)."""
    for table in TABLES:
        op.drop_table(table)
