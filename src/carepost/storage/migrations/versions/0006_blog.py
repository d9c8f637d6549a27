"""The organisation's own blog: the blog, entries, their images and audio, comments, post audio.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TS = sa.DateTime(timezone=True)

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the blog tables."""
    op.create_table(
        "blogs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("public_url", sa.String(500), nullable=False),
        sa.Column("podcast_category", sa.String(100), nullable=False),
        sa.Column("podcast_explicit", sa.Boolean(), nullable=False),
        sa.Column("podcast_image_url", sa.String(1000), nullable=False),
        sa.Column("comments_enabled", sa.Boolean(), nullable=False),
        sa.Column("comment_seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_blogs"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"],
                                name="fk_blogs_org_id_organizations", ondelete="CASCADE"),
        sa.UniqueConstraint("org_id", name="uq_blogs_org_id"),
    )
    op.create_table(
        "blog_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blog_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(120), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("published_at", TS, nullable=False),
        sa.Column("deleted_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_blog_entries"),
        sa.ForeignKeyConstraint(["blog_id"], ["blogs.id"],
                                name="fk_blog_entries_blog_id_blogs", ondelete="CASCADE"),
        sa.UniqueConstraint("idempotency_key", name="uq_blog_entries_idempotency_key"),
        sa.UniqueConstraint("blog_id", "slug", name="uq_blog_entries_blog_id"),
    )
    op.create_index("ix_blog_entries_listing", "blog_entries", ["blog_id", "published_at"])
    op.create_table(
        "blog_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("mime_type", sa.String(64), nullable=False),
        sa.Column("alt_text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_blog_files"),
        sa.ForeignKeyConstraint(["entry_id"], ["blog_entries.id"],
                                name="fk_blog_files_entry_id_blog_entries", ondelete="CASCADE"),
        sa.CheckConstraint("kind IN ('image', 'audio')", name="ck_blog_files_kind"),
        sa.UniqueConstraint("entry_id", "kind", "position", name="uq_blog_files_entry_id"),
    )
    op.create_table(
        "post_audio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("mime_type", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("duration_seconds", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_post_audio"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"],
                                name="fk_post_audio_post_id_posts", ondelete="CASCADE"),
        sa.UniqueConstraint("post_id", name="uq_post_audio_post_id"),
    )
    op.create_table(
        "blog_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blog_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_blog_comments"),
        sa.ForeignKeyConstraint(["blog_id"], ["blogs.id"],
                                name="fk_blog_comments_blog_id_blogs", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entry_id"], ["blog_entries.id"],
                                name="fk_blog_comments_entry_id_blog_entries",
                                ondelete="CASCADE"),
        sa.CheckConstraint("status IN ('held', 'approved', 'hidden')",
                           name="ck_blog_comments_status"),
        sa.UniqueConstraint("blog_id", "seq", name="uq_blog_comments_blog_id"),
    )
    op.create_index("ix_blog_comments_entry_id", "blog_comments", ["entry_id"])
    op.create_table(
        "blog_comment_rate",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("window_start", TS, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_blog_comment_rate"),
    )
    op.create_index("ix_blog_comment_rate_window_start", "blog_comment_rate", ["window_start"])


def downgrade() -> None:
    """Drop the blog tables."""
    for table in ("blog_comment_rate", "blog_comments", "post_audio", "blog_files",
                  "blog_entries", "blogs"):
        op.drop_table(table)
