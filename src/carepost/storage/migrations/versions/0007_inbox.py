"""The inbox: inbound items, cursors, notes, replies, templates, adverse-event cases, settings.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

TS = sa.DateTime(timezone=True)
# Stored values as of this revision (storage/inbox.py holds the live tuples).
QUEUES = ("urgent", "phi", "adverse_event", "complaint", "misinformation", "question", "other")
ITEM_STATUSES = ("new", "assigned", "waiting", "resolved")
ESCALATIONS = ("none", "pending", "sent", "failed")
REPLY_STATES = ("sending", "sent", "unknown", "failed")
CASE_STATUSES = ("open", "submitted", "closed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], ondelete=ondelete,
                                   name=f"fk_{table}_{column}_{referred}")


def upgrade() -> None:
    """Create the inbox tables."""
    op.create_table(
        "inbound_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("remote_id", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("author", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.String(1000), nullable=True),
        sa.Column("parent", sa.String(500), nullable=True),
        sa.Column("parent_ours", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=True),
        sa.Column("fetched_at", TS, nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.Column("queue", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("replied", sa.Boolean(), nullable=False),
        sa.Column("escalation", sa.String(16), nullable=False),
        sa.Column("escalated_at", TS, nullable=True),
        sa.Column("resolved_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inbound_items"),
        sa.UniqueConstraint("channel_id", "remote_id", name="uq_inbound_items_channel_remote"),
        _fk("inbound_items", "org_id", "organizations.id", "CASCADE"),
        _fk("inbound_items", "channel_id", "channels.id", "CASCADE"),
        _fk("inbound_items", "assignee_id", "users.id", "SET NULL"),
        sa.CheckConstraint(_in("queue", QUEUES), name="ck_inbound_items_queue"),
        sa.CheckConstraint(_in("status", ITEM_STATUSES), name="ck_inbound_items_status"),
        sa.CheckConstraint(_in("escalation", ESCALATIONS), name="ck_inbound_items_escalation"),
    )
    op.create_index("ix_inbound_items_org_id", "inbound_items", ["org_id"])
    op.create_index("ix_inbound_items_org_queue", "inbound_items", ["org_id", "queue", "status"])
    op.create_table(
        "inbound_cursors",
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("poll_seconds", sa.Integer(), nullable=False),
        sa.Column("next_poll_at", TS, nullable=True),
        sa.Column("last_poll_at", TS, nullable=True),
        sa.Column("last_ok", sa.Boolean(), nullable=True),
        sa.Column("last_result", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", name="pk_inbound_cursors"),
        _fk("inbound_cursors", "channel_id", "channels.id", "CASCADE"),
    )
    op.create_table(
        "inbox_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_label", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inbox_notes"),
        _fk("inbox_notes", "item_id", "inbound_items.id", "CASCADE"),
        _fk("inbox_notes", "author_id", "users.id", "SET NULL"),
    )
    op.create_index("ix_inbox_notes_item_id", "inbox_notes", ["item_id"])
    op.create_table(
        "inbox_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("guard_report", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("remote_id", sa.String(500), nullable=True),
        sa.Column("url", sa.String(1000), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inbox_replies"),
        sa.UniqueConstraint("idempotency_key", name="uq_inbox_replies_idempotency_key"),
        _fk("inbox_replies", "item_id", "inbound_items.id", "CASCADE"),
        _fk("inbox_replies", "author_id", "users.id", "SET NULL"),
        sa.CheckConstraint(_in("state", REPLY_STATES), name="ck_inbox_replies_state"),
    )
    op.create_index("ix_inbox_replies_item_id", "inbox_replies", ["item_id"])
    op.create_table(
        "reply_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reply_templates"),
        sa.UniqueConstraint("org_id", "name", name="uq_reply_templates_org_name"),
        _fk("reply_templates", "org_id", "organizations.id", "CASCADE"),
    )
    op.create_index("ix_reply_templates_org_id", "reply_templates", ["org_id"])
    op.create_table(
        "ae_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("identifiable_patient", sa.Boolean(), nullable=False),
        sa.Column("identifiable_reporter", sa.Boolean(), nullable=False),
        sa.Column("product_name", sa.String(200), nullable=False),
        sa.Column("event_description", sa.Text(), nullable=False),
        sa.Column("patient_identifier", sa.String(100), nullable=False),
        sa.Column("patient_age", sa.String(32), nullable=False),
        sa.Column("patient_sex", sa.String(16), nullable=False),
        sa.Column("event_date", sa.String(32), nullable=False),
        sa.Column("product_dose", sa.String(200), nullable=False),
        sa.Column("product_lot", sa.String(100), nullable=False),
        sa.Column("reporter_name", sa.String(200), nullable=False),
        sa.Column("reporter_contact", sa.String(300), nullable=False),
        sa.Column("seriousness", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(200), nullable=False),
        sa.Column("aware_at", TS, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("submitted_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ae_cases"),
        _fk("ae_cases", "org_id", "organizations.id", "CASCADE"),
        _fk("ae_cases", "item_id", "inbound_items.id", "SET NULL"),
        sa.CheckConstraint(_in("status", CASE_STATUSES), name="ck_ae_cases_status"),
    )
    op.create_index("ix_ae_cases_org_id", "ae_cases", ["org_id"])
    op.create_index("ix_ae_cases_item_id", "ae_cases", ["item_id"])
    op.create_table(
        "inbox_settings",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("response_target_hours", sa.Integer(), nullable=False),
        sa.Column("backfill_days", sa.Integer(), nullable=False),
        sa.Column("oncall_emails", sa.Text(), nullable=False),
        sa.Column("smtp_channel_id", sa.Integer(), nullable=True),
        sa.Column("webhook_sealed", sa.Text(), nullable=True),
        sa.Column("crisis_text", sa.Text(), nullable=False),
        sa.Column("private_contact", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("org_id", name="pk_inbox_settings"),
        _fk("inbox_settings", "org_id", "organizations.id", "CASCADE"),
        _fk("inbox_settings", "smtp_channel_id", "channels.id", "SET NULL"),
    )


def downgrade() -> None:
    """Drop the inbox tables."""
    for table in ("inbox_settings", "ae_cases", "reply_templates", "inbox_replies",
                  "inbox_notes", "inbound_cursors", "inbound_items"):
        op.drop_table(table)
