"""Server-side sign-out: users.sessions_revoked_at.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25

Browser sessions are signed cookies. Until now signing out only cleared the cookie in the
browser that asked, so a copied cookie kept working until its lifetime ran out. Sessions issued
before this instant are now refused (sign-out, password change or reset set it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add users.sessions_revoked_at (NULL: nothing revoked)."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("sessions_revoked_at", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    """Drop users.sessions_revoked_at."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("sessions_revoked_at")
