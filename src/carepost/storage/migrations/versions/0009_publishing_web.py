"""Publishing pages: review snapshots for the diff since the last review; the org's time zone.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create review_snapshots and org_publishing."""
    op.create_table(
        "review_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("post_version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_review_snapshots"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"],
                                name="fk_review_snapshots_post_id_posts", ondelete="CASCADE"),
    )
    op.create_index("ix_review_snapshots_post_id", "review_snapshots", ["post_id"])
    op.create_table(
        "org_publishing",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("org_id", name="pk_org_publishing"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"],
                                name="fk_org_publishing_org_id_organizations",
                                ondelete="CASCADE"),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("org_publishing")
    op.drop_table("review_snapshots")
