"""Variants remember which list members were already mailed, so a retry resumes the list.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add variants.delivered (a JSON list; empty for every existing variant)."""
    with op.batch_alter_table("variants") as batch:
        batch.add_column(sa.Column("delivered", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    """Drop variants.delivered."""
    with op.batch_alter_table("variants") as batch:
        batch.drop_column("delivered")
