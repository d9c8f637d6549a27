"""Per-person read receipts for organisation-wide notifications (review finding #11).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25

Organisation-wide notifications already marked read keep their shared `read_at` (nothing is
guessed about who read them); from now on each member marks them read for themselves.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create notification_reads (one row per notification and member)."""
    op.create_table(
        "notification_reads",
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("notification_id", "user_id", name="pk_notification_reads"),
        sa.ForeignKeyConstraint(["notification_id"], ["notifications.id"],
                                name="fk_notification_reads_notification_id_notifications",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name="fk_notification_reads_user_id_users", ondelete="CASCADE"),
    )
    op.create_index("ix_notification_reads_user_id", "notification_reads", ["user_id"])


def downgrade() -> None:
    """Drop notification_reads."""
    op.drop_index("ix_notification_reads_user_id", table_name="notification_reads")
    op.drop_table("notification_reads")
