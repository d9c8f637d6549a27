"""Channels remember what their network said of itself (a Mastodon instance's text limit).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create channel_meta (one row per channel, non-secret JSON)."""
    op.create_table(
        "channel_meta",
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", name="pk_channel_meta"),
        sa.ForeignKeyConstraint(["channel_id"], ["channels.id"],
                                name="fk_channel_meta_channel_id_channels", ondelete="CASCADE"),
    )


def downgrade() -> None:
    """Drop channel_meta."""
    op.drop_table("channel_meta")
