"""Reserved for the organisation's own blog: entries, audio enclosures, comments.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

Left as a no-op when the work it was reserved for needed no schema change.
"""

from __future__ import annotations

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """No schema change yet."""


def downgrade() -> None:
    """No schema change yet."""
