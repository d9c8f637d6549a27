"""Reserved for the inbox: inbound items, cursors, triage, adverse-event cases.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

Left as a no-op when the work it was reserved for needed no schema change.
"""

from __future__ import annotations

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """No schema change yet."""


def downgrade() -> None:
    """No schema change yet."""
