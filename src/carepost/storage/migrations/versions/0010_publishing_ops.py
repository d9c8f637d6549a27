"""Reserved for publishing operations: network deletes, manual resolution of unknown outcomes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25

Left as a no-op when the work it was reserved for needed no schema change.
"""

from __future__ import annotations

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """No schema change yet."""


def downgrade() -> None:
    """No schema change yet."""
