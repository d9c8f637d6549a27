"""Reserved for publishing pages: review snapshots for the diff since the last review.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25

Left as a no-op when the work it was reserved for needed no schema change.
"""

from __future__ import annotations

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """No schema change yet."""


def downgrade() -> None:
    """No schema change yet."""
