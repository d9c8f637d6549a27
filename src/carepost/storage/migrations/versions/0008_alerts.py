"""Reserved for emergency alerts: templates, alerts, deliveries.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

Left as a no-op when the work it was reserved for needed no schema change.
"""

from __future__ import annotations

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """No schema change yet."""


def downgrade() -> None:
    """No schema change yet."""
