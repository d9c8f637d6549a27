"""Channels name their network (kind and host), so a rate limit can pause the whole network.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add channels.network ("" for channels made before it: they are limited alone)."""
    with op.batch_alter_table("channels") as batch:
        batch.add_column(sa.Column("network", sa.String(200), nullable=False, server_default=""))
        batch.create_index("ix_channels_network", ["network"])


def downgrade() -> None:
    """Drop channels.network."""
    with op.batch_alter_table("channels") as batch:
        batch.drop_index("ix_channels_network")
        batch.drop_column("network")
