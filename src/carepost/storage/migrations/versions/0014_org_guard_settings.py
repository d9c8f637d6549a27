"""Per-organisation guard settings: policy pack and organisation profile.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25

Until now every guard call used the default pack and no profile, so an organisation's own
phone number or staff names in its posts were flagged as patient identifiers, and a pharma
brand team never got its pack's fair-balance reminder.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create org_guard_settings (one row per organisation, absent means defaults)."""
    op.create_table(
        "org_guard_settings",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("policy", sa.String(length=64), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", name="pk_org_guard_settings"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"],
                                name="fk_org_guard_settings_org_id_organizations",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"],
                                name="fk_org_guard_settings_updated_by_users",
                                ondelete="SET NULL"),
    )


def downgrade() -> None:
    """Drop org_guard_settings."""
    op.drop_table("org_guard_settings")
