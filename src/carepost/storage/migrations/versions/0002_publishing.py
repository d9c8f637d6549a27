"""Publishing: channels, posts, variants, approvals, notifications and the immutable archive.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

TS = sa.DateTime(timezone=True)
# The lifecycle's stored state values, as of this revision (posts and variants share them).
STATES = (
    "draft", "in_review", "approved", "scheduled", "publishing", "published", "failed",
    "outcome_unknown",
)
# Columns of archive_records that may never change once written.
FROZEN = (
    "id", "org_id", "post_id", "variant_id", "channel_kind", "channel_name", "text",
    "media_hashes", "remote_id", "url", "guard_report", "approval_chain", "published_at",
)

PG_ARCHIVE_GUARD = """
CREATE FUNCTION carepost_archive_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.legal_hold THEN
            RAISE EXCEPTION 'archive_records: record is on legal hold, delete refused';
        END IF;
        RETURN OLD;
    END IF;
    IF ({}) THEN
        RAISE EXCEPTION 'archive_records is immutable: only deleted_at and legal_hold change';
    END IF;
    RETURN NEW;
END
$$
""".format(" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN))

SQLITE_UPDATE_GUARD = (
    "CREATE TRIGGER archive_records_immutable BEFORE UPDATE ON archive_records WHEN "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
    + " BEGIN SELECT RAISE(ABORT, 'archive_records is immutable: only deleted_at and "
    "legal_hold change'); END"
)
SQLITE_DELETE_GUARD = (
    "CREATE TRIGGER archive_records_hold BEFORE DELETE ON archive_records WHEN OLD.legal_hold "
    "BEGIN SELECT RAISE(ABORT, 'archive_records: record is on legal hold, delete refused'); END"
)


def _status_check(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    """Create the publishing tables and the archive's immutability triggers."""
    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("config_sealed", sa.Text(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("rate_limited_until", TS, nullable=True),
        sa.Column("last_test_at", TS, nullable=True),
        sa.Column("last_test_ok", sa.Boolean(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_channels"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"],
                                name="fk_channels_org_id_organizations", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"],
                                name="fk_channels_owner_id_users", ondelete="SET NULL"),
        sa.CheckConstraint(_status_check("status", ("active", "needs_reconnect", "disabled")),
                           name="ck_channels_status"),
    )
    op.create_index("ix_channels_org_id", "channels", ["org_id"])
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("slot_at", TS, nullable=True),
        sa.Column("reminded_at", TS, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("editor_ids", sa.String(500), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_posts"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"],
                                name="fk_posts_org_id_organizations", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"],
                                name="fk_posts_author_id_users", ondelete="SET NULL"),
        sa.CheckConstraint(_status_check("state", STATES), name="ck_posts_state"),
    )
    op.create_index("ix_posts_org_id", "posts", ["org_id"])
    op.create_index("ix_posts_state", "posts", ["state"])
    op.create_table(
        "variants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("guard_action", sa.String(16), nullable=False),
        sa.Column("guard_report", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TS, nullable=True),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("remote_id", sa.String(500), nullable=True),
        sa.Column("url", sa.String(1000), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("published_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_variants"),
        sa.UniqueConstraint("idempotency_key", name="uq_variants_idempotency_key"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"],
                                name="fk_variants_post_id_posts", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["channel_id"], ["channels.id"],
                                name="fk_variants_channel_id_channels", ondelete="RESTRICT"),
        sa.CheckConstraint(_status_check("state", STATES), name="ck_variants_state"),
    )
    op.create_index("ix_variants_post_id", "variants", ["post_id"])
    op.create_index("ix_variants_channel_id", "variants", ["channel_id"])
    op.create_index("ix_variants_due", "variants", ["state", "next_attempt_at"])
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("post_version", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_label", sa.String(200), nullable=False),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("guard_report", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_approvals"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"],
                                name="fk_approvals_post_id_posts", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"],
                                name="fk_approvals_reviewer_id_users", ondelete="SET NULL"),
        sa.CheckConstraint(_status_check("decision", (
            "approved", "changes_requested", "rejected")), name="ck_approvals_decision"),
    )
    op.create_index("ix_approvals_post_id", "approvals", ["post_id"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("read_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"],
                                name="fk_notifications_org_id_organizations", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name="fk_notifications_user_id_users", ondelete="CASCADE"),
    )
    op.create_index("ix_notifications_org_id", "notifications", ["org_id"])
    op.create_index("ix_notifications_user_id", "notifications", ["user_id"])
    op.create_table(
        "archive_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("channel_kind", sa.String(32), nullable=False),
        sa.Column("channel_name", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_hashes", sa.Text(), nullable=False),
        sa.Column("remote_id", sa.String(500), nullable=False),
        sa.Column("url", sa.String(1000), nullable=True),
        sa.Column("guard_report", sa.Text(), nullable=False),
        sa.Column("approval_chain", sa.Text(), nullable=False),
        sa.Column("published_at", TS, nullable=False),
        sa.Column("deleted_at", TS, nullable=True),
        sa.Column("legal_hold", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_archive_records"),
        sa.UniqueConstraint("variant_id", name="uq_archive_records_variant_id"),
    )
    op.create_index("ix_archive_records_org_id", "archive_records", ["org_id"])
    op.create_index("ix_archive_records_published_at", "archive_records", ["published_at"])

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_ARCHIVE_GUARD)
        op.execute(
            "CREATE TRIGGER archive_records_immutable BEFORE UPDATE OR DELETE ON "
            "archive_records FOR EACH ROW EXECUTE FUNCTION carepost_archive_immutable()"
        )
        op.execute(
            "CREATE TRIGGER archive_records_no_truncate BEFORE TRUNCATE ON archive_records "
            "FOR EACH STATEMENT EXECUTE FUNCTION carepost_audit_append_only()"
        )
    elif dialect == "sqlite":
        op.execute(SQLITE_UPDATE_GUARD)
        op.execute(SQLITE_DELETE_GUARD)


def downgrade() -> None:
    """Drop everything `upgrade` created."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS archive_records_no_truncate ON archive_records")
        op.execute("DROP TRIGGER IF EXISTS archive_records_immutable ON archive_records")
        op.execute("DROP FUNCTION IF EXISTS carepost_archive_immutable()")
    for table in ("archive_records", "notifications", "approvals", "variants", "posts",
                  "channels"):
        op.drop_table(table)
