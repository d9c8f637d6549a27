"""`BlogStore` over SQLAlchemy: what the blog connector may do to the blog tables, and no more.

Each method is one transaction. Writes to one blog lock its row first (PostgreSQL `FOR UPDATE`;
SQLite's `BEGIN IMMEDIATE` already serialises writers), so a retried publish finds the entry
its first attempt stored, two entries never get the same slug, and comment numbers are handed
out in commit order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from carepost.connectors.blog.moderation import sensitive_reasons
from carepost.connectors.blog.render import slugify
from carepost.connectors.blog.store import (
    BlogMissing,
    BlogSettings,
    BlogUnavailable,
    CommentFlagged,
    EntryFile,
    NewEntry,
    ReplyRefused,
    Source,
    StoredComment,
    StoredEntry,
    StoredReply,
    parse_remote_id,
    remote_id,
)
from carepost.storage.blog import Blog, BlogComment, BlogEntry, BlogFile, PostAudio
from carepost.storage.db import session_factory, transaction
from carepost.storage.inbox import InboxReply
from carepost.storage.models import Organization, utcnow
from carepost.storage.publishing import Post, Variant

_SETTINGS_FIELDS = ("title", "description", "language", "author", "public_url",
                    "podcast_category", "podcast_explicit", "podcast_image_url",
                    "comments_enabled")


def blog_of(session: Session, org_slug: str, *, lock: bool = False) -> Blog | None:
    """The organisation's blog row (locked for update when asked), or None."""
    query = (select(Blog).join(Organization, Organization.id == Blog.org_id)
             .where(Organization.slug == org_slug))
    if lock:
        query = query.with_for_update(of=Blog)
    return session.execute(query).scalar()


def ensure_blog(session: Session, settings: BlogSettings) -> Blog:
    """The organisation's blog row, created if missing, with `settings` applied (row locked).

    Used on every publish and channel test, and when a blog channel is added or reconfigured,
    so a change such as closing comments shows on the public pages at once.
    """
    blog = blog_of(session, settings.org_slug, lock=True)
    if blog is None:
        org_id = session.execute(
            select(Organization.id).where(Organization.slug == settings.org_slug)
        ).scalar()
        if org_id is None:
            raise BlogMissing(f"no organisation with the slug {settings.org_slug!r}")
        blog = Blog(org_id=org_id, comment_seq=0)
        session.add(blog)
    changed = False
    for name in _SETTINGS_FIELDS:
        if getattr(blog, name, None) != getattr(settings, name):
            setattr(blog, name, getattr(settings, name))
            changed = True
    if changed:
        blog.updated_at = utcnow()
    session.flush()
    return blog


class SqlBlogStore:
    """The blog store on one engine (the installation's database)."""

    def __init__(self, engine: Engine) -> None:
        self._db = session_factory(engine)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        try:
            with transaction(self._db) as session:
                yield session
        except IntegrityError:
            raise
        except DBAPIError as exc:
            # The driver's message may quote SQL parameters (a comment, a post): keep the type.
            raise BlogUnavailable(f"the blog database failed ({type(exc.orig).__name__})") from None

    def _ensure(self, session: Session, settings: BlogSettings) -> Blog:
        return ensure_blog(session, settings)

    def save_settings(self, settings: BlogSettings) -> None:
        """Create the blog or update its settings (a racing creator wins; we then update)."""
        for attempt in (1, 2):
            try:
                with self._tx() as session:
                    self._ensure(session, settings)
                return
            except IntegrityError:
                if attempt == 2:
                    raise BlogUnavailable("the blog could not be created") from None

    def source_of(self, key: str) -> Source | None:
        """The post whose variant recorded `key`, with its organisation and podcast audio."""
        with self._tx() as session:
            row = session.execute(
                select(Post.id, Organization.slug)
                .join(Variant, Variant.post_id == Post.id)
                .join(Organization, Organization.id == Post.org_id)
                .where(Variant.idempotency_key == key)
            ).first()
            if row is None:
                return None
            audio = session.execute(
                select(PostAudio).where(PostAudio.post_id == row[0])
            ).scalar()
            file = None if audio is None else EntryFile(
                "audio", audio.data, audio.mime_type, audio.filename,
                duration_seconds=audio.duration_seconds)
            return Source(org_slug=row[1], post_id=row[0], audio=file)

    def put_entry(self, settings: BlogSettings, entry: NewEntry) -> StoredEntry:
        """Store the entry under its key once; a retry returns what the first attempt stored."""
        for attempt in (1, 2):
            try:
                with self._tx() as session:
                    blog = self._ensure(session, settings)
                    existing = session.execute(
                        select(BlogEntry).where(BlogEntry.idempotency_key == entry.key)
                    ).scalar()
                    if existing is not None:
                        return StoredEntry(remote_id("entry", existing.id), existing.slug)
                    return self._insert(session, blog, entry)
            except IntegrityError:
                # Only a racing first creation of the blog row gets here (writers to an existing
                # blog are serialised by its lock); the second attempt finds the row.
                if attempt == 2:
                    raise BlogUnavailable("the entry could not be stored") from None
        raise AssertionError("unreachable")

    def _insert(self, session: Session, blog: Blog, entry: NewEntry) -> StoredEntry:
        base = slugify(entry.title)
        taken = set(session.execute(
            select(BlogEntry.slug).where(BlogEntry.blog_id == blog.id,
                                         BlogEntry.slug.like(f"{base}%"))
        ).scalars())
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base[:110]}-{n}"
        row = BlogEntry(blog_id=blog.id, idempotency_key=entry.key, post_id=entry.post_id,
                        slug=slug, title=entry.title, body_text=entry.body_text,
                        body_html=entry.body_html, published_at=utcnow())
        session.add(row)
        session.flush()
        positions = {"image": 0, "audio": 0}
        for file in entry.files:
            positions[file.kind] += 1
            session.add(BlogFile(
                entry_id=row.id, kind=file.kind, position=positions[file.kind],
                filename=file.filename[:200] or file.kind, mime_type=file.mime_type,
                alt_text=file.alt_text, sha256=hashlib.sha256(file.data).hexdigest(),
                size=len(file.data), duration_seconds=file.duration_seconds, data=file.data))
        return StoredEntry(remote_id("entry", row.id), slug)

    def find_entry(self, org_slug: str, key: str) -> StoredEntry | None:
        """The entry stored under `key` on this organisation's blog."""
        with self._tx() as session:
            row = session.execute(
                select(BlogEntry.id, BlogEntry.slug)
                .join(Blog, Blog.id == BlogEntry.blog_id)
                .join(Organization, Organization.id == Blog.org_id)
                .where(BlogEntry.idempotency_key == key, Organization.slug == org_slug)
            ).first()
            return None if row is None else StoredEntry(remote_id("entry", row[0]), row[1])

    def delete_entry(self, org_slug: str, remote: str) -> bool:
        """Mark the entry deleted: off the pages and feeds; the archive keeps the record."""
        entry_id = parse_remote_id("entry", remote)
        if entry_id is None:
            return False
        with self._tx() as session:
            blog = blog_of(session, org_slug, lock=True)
            row = session.get(BlogEntry, entry_id)
            if blog is None or row is None or row.blog_id != blog.id:
                return False
            if row.deleted_at is None:
                row.deleted_at = utcnow()
            return True

    def comments_after(self, org_slug: str, seq: int, limit: int) -> list[StoredComment]:
        """Comments numbered above `seq`, oldest first (whatever their status now)."""
        with self._tx() as session:
            blog = blog_of(session, org_slug)
            if blog is None:
                return []
            rows = session.execute(
                select(BlogComment, BlogEntry.slug)
                .join(BlogEntry, BlogEntry.id == BlogComment.entry_id)
                # seq > 0 only: the organisation's own replies (seq < 0) are not inbound.
                .where(BlogComment.blog_id == blog.id, BlogComment.seq > max(seq, 0))
                .order_by(BlogComment.seq).limit(limit)
            ).all()
            return [StoredComment(remote_id("comment", c.id), c.seq,
                                  remote_id("entry", c.entry_id), slug, c.display_name, c.body,
                                  c.created_at) for c, slug in rows]

    def set_comment_status(self, org_slug: str, remote: str, status: str) -> bool:
        """Hide or approve one of this blog's comments; a flagged one is never approved here.

        This path has no person behind it, so no privacy officer can take responsibility for
        a comment the guard flags: that goes through `services.blog.moderate_comment`.
        """
        comment_id = parse_remote_id("comment", remote)
        if comment_id is None or status not in ("held", "approved", "hidden"):
            return False
        with self._tx() as session:
            blog = blog_of(session, org_slug)
            row = session.get(BlogComment, comment_id)
            if blog is None or row is None or row.blog_id != blog.id:
                return False
            if status == "approved" and row.status != "approved" and (
                    sensitive_reasons(row.body)):
                raise CommentFlagged(remote)
            row.status = status
            return True

    # The organisation's replies are comments numbered below zero: seq = -(the inbox reply's id).
    # Readers' comments are numbered from 1 (services/blog.py), so a negative number is a mark
    # no reader can forge, keeps replies out of `comments_after`, and, with the unique
    # (blog, seq), lets the database itself make sure one key never posts twice.

    def _reply_seq(self, session: Session, key: str) -> int:
        reply_id = session.execute(
            select(InboxReply.id).where(InboxReply.idempotency_key == key)).scalar()
        if reply_id is None:
            raise ReplyRefused("no inbox reply under this key")
        return -reply_id

    def _stored_reply(self, session: Session, blog: Blog, seq: int) -> StoredReply | None:
        row = session.execute(
            select(BlogComment.id, BlogEntry.slug)
            .join(BlogEntry, BlogEntry.id == BlogComment.entry_id)
            .where(BlogComment.blog_id == blog.id, BlogComment.seq == seq)).first()
        return None if row is None else StoredReply(remote_id("comment", row[0]), row[1])

    def put_reply(self, org_slug: str, comment_remote: str, text: str, key: str) -> StoredReply:
        """Post the organisation's reply under the comment's entry, approved, once per key."""
        comment_id = parse_remote_id("comment", comment_remote)
        for attempt in (1, 2):
            try:
                with self._tx() as session:
                    blog = blog_of(session, org_slug, lock=True)
                    parent = None if comment_id is None else session.get(BlogComment, comment_id)
                    if blog is None or parent is None or parent.blog_id != blog.id:
                        raise ReplyRefused("no such comment on this blog")
                    seq = self._reply_seq(session, key)
                    found = self._stored_reply(session, blog, seq)
                    if found is not None:
                        return found
                    row = BlogComment(blog_id=blog.id, entry_id=parent.entry_id, seq=seq,
                                      display_name=blog.title[:80], body=text,
                                      status="approved", created_at=utcnow())
                    session.add(row)
                    session.flush()
                    slug = session.get(BlogEntry, parent.entry_id).slug  # type: ignore[union-attr]
                    return StoredReply(remote_id("comment", row.id), slug)
            except IntegrityError:
                if attempt == 2:  # a racing attempt stored it: the retry finds it
                    raise BlogUnavailable("the reply could not be stored") from None
        raise AssertionError("unreachable")

    def find_reply(self, org_slug: str, key: str) -> StoredReply | None:
        """The reply stored under `key` on this blog."""
        with self._tx() as session:
            blog = blog_of(session, org_slug)
            reply_id = session.execute(
                select(InboxReply.id).where(InboxReply.idempotency_key == key)).scalar()
            if blog is None or reply_id is None:
                return None
            return self._stored_reply(session, blog, -reply_id)
