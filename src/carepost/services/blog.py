"""The public blog: what its pages and feeds show, and the comments its readers leave.

Readers are anonymous, so nothing here takes an Actor except moderation. A comment is checked
(name and text present, within limits), counted against its sender's address (stored only as a
hash) and stored HELD: it shows on the page only after someone approves it from the inbox.
Approval runs the guard again: a comment exposing health information or reading as an emergency
needs a privacy officer and a written reason (`moderate_comment`).
Messages name the field and the rule, never what was typed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from carepost.connectors.blog.audio import EXTENSIONS
from carepost.connectors.blog.moderation import SENSITIVE_QUEUES, sensitive_reasons
from carepost.connectors.blog.store import remote_id
from carepost.core.lifecycle import MIN_REASON_CHARS
from carepost.services import audit
from carepost.services.actor import SYSTEM, Actor, require
from carepost.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationFailed,
)
from carepost.storage.alerts import Alert, AlertDelivery
from carepost.storage.blog import Blog, BlogComment, BlogEntry, BlogFile, CommentRate
from carepost.storage.blog_store import blog_of, ensure_blog
from carepost.storage.models import Organization, utcnow

NAME_MAX = 80
COMMENT_MAX = 4000
RATE_WINDOW = timedelta(minutes=10)
RATE_MAX = 5  # comments per address per window: a conversation, not a flood


class TooManyComments(ServiceError):
    """This address sent too many comments lately; `retry_after` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many comments from your address; please try again later")
        self.retry_after = retry_after


@dataclass(frozen=True)
class PublicBlog:
    """The blog as its pages and feeds present it."""

    id: int
    org_slug: str
    org_name: str
    title: str
    description: str
    language: str
    author: str
    public_url: str
    podcast_category: str
    podcast_explicit: bool
    podcast_image_url: str
    comments_enabled: bool
    updated_at: datetime


@dataclass(frozen=True)
class PublicFile:
    """An image or audio file of an entry, without its bytes."""

    kind: str
    position: int
    mime_type: str
    alt_text: str
    size: int
    duration_seconds: int | None

    @property
    def extension(self) -> str:
        """The extension of the file's public URL."""
        return EXTENSIONS.get(self.mime_type, "bin") if self.kind == "audio" else "img"


@dataclass(frozen=True)
class PublicEntry:
    """One entry as the pages and feeds show it."""

    id: int
    slug: str
    title: str
    body_text: str
    body_html: str
    published_at: datetime
    images: tuple[PublicFile, ...] = ()
    audio: PublicFile | None = None


@dataclass(frozen=True)
class PublicComment:
    """An approved comment: the name its writer chose, the text, when; `by_org`: the
    organisation's own reply (posted from the inbox, numbered below zero, see blog_store)."""

    display_name: str
    body: str
    created_at: datetime
    by_org: bool = False
    anchor: str = ""


@dataclass
class CommentForm:
    """What a reader typed, kept so a refused comment can be shown again, not lost."""

    display_name: str = ""
    text: str = ""
    errors: list[str] = field(default_factory=list)


def public_blog(session: Session, org_slug: str) -> PublicBlog | None:
    """The organisation's blog, or None when it has none (its pages are then 404)."""
    row = session.execute(
        select(Blog, Organization.slug, Organization.name)
        .join(Organization, Organization.id == Blog.org_id)
        .where(Organization.slug == org_slug)
    ).first()
    if row is None:
        return None
    b, slug, name = row
    return PublicBlog(b.id, slug, name, b.title, b.description, b.language, b.author,
                      b.public_url, b.podcast_category, b.podcast_explicit,
                      b.podcast_image_url, b.comments_enabled, b.updated_at)


def _files(session: Session, entry_ids: list[int]) -> dict[int, list[PublicFile]]:
    found: dict[int, list[PublicFile]] = {i: [] for i in entry_ids}
    if not entry_ids:
        return found
    rows = session.execute(
        select(BlogFile.entry_id, BlogFile.kind, BlogFile.position, BlogFile.mime_type,
               BlogFile.alt_text, BlogFile.size, BlogFile.duration_seconds)
        .where(BlogFile.entry_id.in_(entry_ids))
        .order_by(BlogFile.entry_id, BlogFile.kind, BlogFile.position)
    ).all()
    for entry_id, *rest in rows:
        found[entry_id].append(PublicFile(*rest))
    return found


def _public(e: BlogEntry, files: list[PublicFile]) -> PublicEntry:
    audio = next((f for f in files if f.kind == "audio"), None)
    images = tuple(f for f in files if f.kind == "image")
    return PublicEntry(e.id, e.slug, e.title, e.body_text, e.body_html, e.published_at,
                       images, audio)


def _listing(blog_id: int, audio_only: bool) -> Select[tuple[BlogEntry]]:
    # A drill may go to a blog marked as an alert test channel (to test the delivery), but
    # an exercise must never read as real news: entries delivered for a drill alert (found by
    # their idempotency key) are left out of every page, feed and comment form.
    drills = (select(AlertDelivery.idempotency_key)
              .join(Alert, Alert.id == AlertDelivery.alert_id)
              .where(Alert.drill.is_(True), AlertDelivery.idempotency_key.is_not(None)))
    query = select(BlogEntry).where(BlogEntry.blog_id == blog_id, BlogEntry.deleted_at.is_(None),
                                    BlogEntry.idempotency_key.not_in(drills))
    if audio_only:
        query = query.where(BlogEntry.id.in_(
            select(BlogFile.entry_id).where(BlogFile.kind == "audio")))
    return query


def entries(session: Session, blog_id: int, *, offset: int = 0, limit: int = 10,
            audio_only: bool = False) -> list[PublicEntry]:
    """Entries newest first (only those with audio for the podcast feed)."""
    rows = list(session.execute(
        _listing(blog_id, audio_only)
        .order_by(BlogEntry.published_at.desc(), BlogEntry.id.desc())
        .offset(offset).limit(limit)
    ).scalars())
    files = _files(session, [r.id for r in rows])
    return [_public(r, files[r.id]) for r in rows]


def count_entries(session: Session, blog_id: int) -> int:
    """How many entries the blog shows."""
    sub = _listing(blog_id, False).subquery()
    return int(session.execute(select(func.count()).select_from(sub)).scalar_one())


def entry(session: Session, blog_id: int, slug: str) -> PublicEntry | None:
    """One shown entry by its slug."""
    row = session.execute(
        _listing(blog_id, False).where(BlogEntry.slug == slug)
    ).scalar()
    return None if row is None else _public(row, _files(session, [row.id])[row.id])


def approved_comments(session: Session, entry_id: int) -> list[PublicComment]:
    """The entry's approved comments, oldest first (held and hidden ones never show)."""
    rows = session.execute(
        select(BlogComment).where(BlogComment.entry_id == entry_id,
                                  BlogComment.status == "approved")
        .order_by(BlogComment.created_at, BlogComment.id)  # replies (seq < 0) in time order
    ).scalars()
    return [PublicComment(c.display_name, c.body, c.created_at, c.seq < 0, f"comment-{c.id}")
            for c in rows]


@dataclass(frozen=True)
class FileInfo:
    """Which stored file answers a request, without its bytes."""

    id: int
    mime_type: str
    size: int


def file_info(session: Session, entry_id: int, kind: str, position: int) -> FileInfo | None:
    """One of an entry's files: its id, type and size (the bytes stay in the database)."""
    row = session.execute(
        select(BlogFile.id, BlogFile.mime_type, BlogFile.size)
        .where(BlogFile.entry_id == entry_id, BlogFile.kind == kind,
               BlogFile.position == position)
    ).first()
    return None if row is None else FileInfo(row.id, row.mime_type, row.size)


def file_bytes(session: Session, file_id: int, start: int, length: int) -> bytes:
    """`length` bytes of a stored file from offset `start`, read by the database (SQL substr,
    1-based), so a podcast app seeking in a 50 MB episode never makes us load all of it."""
    data = session.execute(
        select(func.substr(BlogFile.data, start + 1, length)).where(BlogFile.id == file_id)
    ).scalar()
    return bytes(data) if data is not None else b""


def apply_channel_config(session: Session, config: Mapping[str, Any]) -> None:
    """Bring an existing public blog in line with a blog channel's (validated) configuration.

    Called by `channels` when a blog channel is added or reconfigured, in the same
    transaction: otherwise closing comments, say, would only reach the pages on the next
    publish or channel test. A blog not created yet is left to its first publish or test.
    """
    from carepost.connectors.blog.connector import BlogConnector
    from carepost.connectors.blog.schema import BlogConfig

    settings = BlogConnector(BlogConfig.from_mapping(config)).settings()
    if blog_of(session, settings.org_slug) is not None:
        ensure_blog(session, settings)


def _clean(value: str) -> str:
    # Control characters (other than line breaks) have no place in a comment or a name.
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def check_comment(form: CommentForm) -> CommentForm:
    """The form with surrounding space trimmed and one error per broken rule."""
    name = " ".join(_clean(form.display_name).split())
    text = _clean(form.text.replace("\r\n", "\n")).strip()
    errors = []
    if not name:
        errors.append("Please give a name to show with your comment.")
    elif len(name) > NAME_MAX:
        errors.append(f"The name is {len(name)} characters; the limit is {NAME_MAX}.")
    if not text:
        errors.append("The comment is empty.")
    elif len(text) > COMMENT_MAX:
        errors.append(f"The comment is {len(text)} characters; the limit is {COMMENT_MAX}.")
    return CommentForm(name if len(name) <= NAME_MAX else form.display_name,
                       text if text else form.text, errors)


def _count_address(session: Session, address: str | None, now: datetime) -> None:
    if not address:
        return
    session.execute(delete(CommentRate).where(CommentRate.window_start < now - RATE_WINDOW))
    key = "blogc:" + hashlib.sha256(address.encode("utf-8")).hexdigest()[:64]
    row = session.get(CommentRate, key, with_for_update=True)
    if row is None:
        row = CommentRate(key=key, window_start=now, count=0)
        session.add(row)
    if row.count >= RATE_MAX:
        wait = row.window_start + RATE_WINDOW - now
        raise TooManyComments(max(1, int(wait.total_seconds())))
    row.count += 1


def submit_comment(session: Session, org_slug: str, entry_slug: str, form: CommentForm,
                   address: str | None, now: datetime | None = None) -> int:
    """Store a reader's comment, held for triage; return its id.

    Raises ValidationFailed (the form's errors), NotFound or TooManyComments; nothing is stored
    then, and the caller shows the form again with what was typed.
    """
    now = now or utcnow()
    blog = blog_of(session, org_slug, lock=True)  # the lock orders comment numbers
    row = None if blog is None else session.execute(
        _listing(blog.id, False).where(BlogEntry.slug == entry_slug)).scalar()
    if blog is None or row is None:
        raise NotFound("no such blog entry")
    if not blog.comments_enabled:
        raise ValidationFailed("comment", "comments are closed on this blog")
    checked = check_comment(form)
    if checked.errors:
        raise ValidationFailed("comment", " ".join(checked.errors))
    _count_address(session, address, now)
    blog.comment_seq += 1
    comment = BlogComment(blog_id=blog.id, entry_id=row.id, seq=blog.comment_seq,
                          display_name=checked.display_name, body=checked.text,
                          status="held", created_at=now)
    session.add(comment)
    session.flush()
    audit.record(session, SYSTEM, "blog.comment_received", f"blog_comment:{comment.id}",
                 {"entry_id": row.id, "seq": comment.seq, "chars": len(checked.text)},
                 org_id=blog.org_id)
    return comment.id


def _inbox_queue(session: Session, org_id: int, comment_id: int) -> str | None:
    """The queue of the inbox item this comment became (a person may have moved it), if any."""
    from carepost.storage.inbox import InboundItem
    from carepost.storage.publishing import Channel

    return session.execute(
        select(InboundItem.queue)
        .join(Channel, Channel.id == InboundItem.channel_id)
        .where(InboundItem.org_id == org_id, Channel.kind == "blog",
               InboundItem.remote_id == remote_id("comment", comment_id))
        .order_by(InboundItem.id.desc()).limit(1)
    ).scalar()


def _inbox_item_id(session: Session, org_id: int, comment_id: int) -> int | None:
    from carepost.storage.inbox import InboundItem
    from carepost.storage.publishing import Channel

    return session.execute(
        select(InboundItem.id)
        .join(Channel, Channel.id == InboundItem.channel_id)
        .where(InboundItem.org_id == org_id, Channel.kind == "blog",
               InboundItem.remote_id == remote_id("comment", comment_id))
        .order_by(InboundItem.id.desc()).limit(1)
    ).scalar()


def approval_problems(session: Session, comment: BlogComment, org_id: int) -> tuple[str, ...]:
    """Why showing this comment needs a privacy officer: guard labels and rules, the inbox
    queue it sits in; empty when a responder may approve it. Names only, never the text."""
    reasons = list(sensitive_reasons(comment.body))
    queue = _inbox_queue(session, org_id, comment.id)
    if queue in SENSITIVE_QUEUES:
        reasons.append(f"inbox-queue:{queue}")
    return tuple(reasons)


def moderate_comment(session: Session, actor: Actor, comment_id: int, status: str,
                     reason: str | None = None) -> None:
    """Approve (show) or hide one of the organisation's comments; audited.

    Approving publishes the reader's words as the organisation's, so the guard runs again on
    the comment. A comment it flags as exposing health information or as an emergency (or one
    the inbox holds in its PHI or urgent queue) is shown only when a privacy officer approves
    it with a written reason; the reason is kept as a note on the comment's inbox item.
    """
    require(actor, "inbox.triage", session)
    if status not in ("approved", "hidden", "held"):
        raise ValidationFailed("status", "must be approved, hidden or held")
    comment = session.get(BlogComment, comment_id)
    blog = None if comment is None else session.get(Blog, comment.blog_id)
    if comment is None or blog is None or (actor.org_id is not None
                                           and blog.org_id != actor.org_id):
        raise NotFound(f"comment {comment_id} not found")
    problems = approval_problems(session, comment, blog.org_id) if status == "approved" else ()
    note_id = _override(session, actor, comment, blog.org_id, problems, reason)
    previous, comment.status = comment.status, status
    audit.record(session, actor, "blog.comment_moderated", f"blog_comment:{comment.id}",
                 {"from": previous, "to": status, "guard_findings": len(problems)},
                 org_id=blog.org_id)
    if problems:
        audit.record(session, actor, "blog.comment_guard_overridden",
                     f"blog_comment:{comment.id}",
                     {"findings": ",".join(problems)[:200], "note_id": note_id,
                      "reason_chars": len((reason or "").strip())}, org_id=blog.org_id)


def _override(session: Session, actor: Actor, comment: BlogComment, org_id: int,
              problems: tuple[str, ...], reason: str | None) -> int | None:
    """Check a privacy officer's override of `problems`; keep the reason; return its note id."""
    if not problems:
        return None
    flagged = ", ".join(p for p in problems if ":" not in p and "." not in p) or "a finding"
    if not actor.can("post.override_block"):
        audit.record_refusal(session, actor, "blog.comment_approval_refused",
                             f"blog_comment:{comment.id}",
                             {"findings": ",".join(problems)[:200]}, org_id=org_id)
        raise PermissionDenied(
            f"the guard flags this comment ({flagged}): only a privacy officer may show it, "
            "with a written reason")
    text = (reason or "").strip()
    if len(text) < MIN_REASON_CHARS:
        raise ValidationFailed(
            "reason", f"showing a flagged comment needs a written reason "
                      f"(at least {MIN_REASON_CHARS} characters)")
    item_id = _inbox_item_id(session, org_id, comment.id)
    if item_id is None:
        # The reason must be kept somewhere people can read it, and never in the audit log
        # (it may quote the comment): that place is the comment's inbox item.
        raise Conflict("this comment has not reached the inbox yet: poll the blog channel, "
                       "then approve it again")
    from carepost.services.inbox.items import add_note

    return add_note(session, actor, item_id,
                    f"Shown on the blog despite the guard ({flagged}): {text}").id


@dataclass(frozen=True)
class CommentRow:
    """A comment as moderators list it."""

    id: int
    status: str
    entry_slug: str
    display_name: str
    body: str
    created_at: datetime


def list_comments(session: Session, actor: Actor, status: str | None = None,
                  limit: int = 100) -> list[CommentRow]:
    """The organisation's blog comments, newest first, optionally of one status."""
    require(actor, "inbox.view", session)
    query = (select(BlogComment, BlogEntry.slug)
             .join(BlogEntry, BlogEntry.id == BlogComment.entry_id)
             .join(Blog, Blog.id == BlogComment.blog_id)
             .order_by(BlogComment.id.desc()).limit(limit))
    if actor.org_id is not None:
        query = query.where(Blog.org_id == actor.org_id)
    if status is not None:
        query = query.where(BlogComment.status == status)
    return [CommentRow(c.id, c.status, slug, c.display_name, c.body, c.created_at)
            for c, slug in session.execute(query).all()]
