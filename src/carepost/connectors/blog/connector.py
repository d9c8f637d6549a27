"""Blog connector: entries on the organisation's own blog, served by carepost, exactly once.

The "network" is carepost's database, reached through the small `BlogStore` protocol
(store.py). Publishing stores an entry under the idempotency key (unique in the database), so a
retry returns the entry the first attempt stored. Comments from the public form come back to the
inbox through `fetch_inbound`; `hide` is the blog's moderation. `reply` posts the organisation's
answer as a public comment under the entry, marked as the organisation's and shown at once (the
inbox service guarded it before it gets here), once per idempotency key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from carepost.connectors.base import (
    BaseConnector,
    ConnectionCheck,
    ConnectorMetadata,
    InboundItem,
    InboundPage,
    MediaRules,
    OutboundItem,
    Published,
)
from carepost.connectors.blog import render
from carepost.connectors.blog.schema import BlogConfig
from carepost.connectors.blog.store import (
    BlogMissing,
    BlogSettings,
    BlogStore,
    BlogUnavailable,
    CommentFlagged,
    EntryFile,
    NewEntry,
    ReplyRefused,
    StoredEntry,
    StoredReply,
    default_store,
)
from carepost.connectors.errors import ConnectorError
from carepost.connectors.rules import check_item

INBOUND_PAGE = 100


def _rejected(message: str) -> ConnectorError:
    return ConnectorError("rejected", f"Blog: {message}", permanent=True)


def _unavailable(exc: BlogUnavailable, *, maybe_sent: bool = False) -> ConnectorError:
    return ConnectorError("transient", f"Blog: {exc}", permanent=False, maybe_sent=maybe_sent)


class BlogConnector(BaseConnector):
    """Publishes to `/blog/<org>/`, its RSS, Atom and podcast feeds; reads back its comments."""

    metadata: ClassVar[ConnectorMetadata] = ConnectorMetadata(
        kind="blog",
        display_name="Blog",
        text_limit=100_000,
        media=MediaRules(
            mime_types=("image/jpeg", "image/png", "image/gif", "image/webp"),
            max_bytes=10_000_000,
            max_count=4,
        ),
        capabilities=frozenset({"publish", "media", "inbound", "hide", "link", "reply"}),
        formats=("text",),
        notes="The organisation's blog on this carepost site; the text's first line is the "
              "entry's title; podcast episodes carry audio attached to the post.",
    )

    def __init__(self, config: BlogConfig, store: BlogStore | None = None) -> None:
        self.config = config
        self._store = store

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> BlogConnector:
        """Build from stored configuration (the database is opened on first use, not here)."""
        return cls(BlogConfig.from_mapping(data))

    @property
    def store(self) -> BlogStore:
        """The store given at construction, else the installation's own database."""
        if self._store is None:
            self._store = default_store()
        return self._store

    def settings(self) -> BlogSettings:
        """The configuration as the pages and feeds need it."""
        c = self.config
        return BlogSettings(
            org_slug=c.org, title=c.title, description=c.description, language=c.language,
            author=c.author or c.title, public_url=c.public_url,
            podcast_category=c.podcast_category, podcast_explicit=c.podcast_explicit,
            podcast_image_url=c.podcast_image_url, comments_enabled=c.comments_enabled)

    def _published(self, entry: StoredEntry) -> Published:
        path = f"/blog/{self.config.org}/{entry.slug}"
        return Published(remote_id=entry.remote_id, url=f"{self.config.public_url}{path}")

    def publish(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Store the entry once under the key; a retry returns the entry already stored."""
        check_item(item, self.metadata)
        try:
            source = self.store.source_of(idempotency_key)
        except BlogUnavailable as exc:
            raise _unavailable(exc) from None
        if source is not None and source.org_slug != self.config.org:
            # A channel may only write to its own organisation's blog (channels.py checks the
            # configuration when it is saved; this holds even if it was not).
            raise _rejected("this post belongs to another organisation than the blog")
        files = [EntryFile("image", m.data, m.mime_type, m.filename, alt_text=m.alt_text.strip())
                 for m in item.media]
        if source is not None and source.audio is not None:
            files.append(source.audio)
        body = render.body_of(item)
        entry = NewEntry(key=idempotency_key, title=render.title_of(item), body_text=body,
                         body_html=render.to_html(body), files=tuple(files),
                         post_id=source.post_id if source else None)
        try:
            stored = self.store.put_entry(self.settings(), entry)
        except BlogMissing:
            raise _rejected(f"no organisation {self.config.org!r} for this blog") from None
        except BlogUnavailable as exc:
            # The commit may have happened before the connection dropped: check_status knows.
            raise _unavailable(exc, maybe_sent=True) from None
        return self._published(stored)

    def check_status(
        self, idempotency_key: str, item: OutboundItem | None = None
    ) -> Published | None:
        """The entry stored under this key, or None: the blog always knows for certain."""
        try:
            found = self.store.find_entry(self.config.org, idempotency_key)
        except BlogUnavailable as exc:
            raise _unavailable(exc) from None
        return None if found is None else self._published(found)

    def test_connection(self) -> ConnectionCheck:
        """The organisation exists and its blog row is written with this configuration."""
        try:
            self.store.save_settings(self.settings())
        except BlogMissing:
            return ConnectionCheck(ok=False,
                                   detail=f"rejected: no organisation {self.config.org!r}")
        except BlogUnavailable as exc:
            return ConnectionCheck(ok=False, detail=f"transient: {exc}")
        return ConnectionCheck(ok=True, account=f"/blog/{self.config.org}/",
                               detail="the blog is served by this carepost site")

    def fetch_inbound(self, since: str | None) -> InboundPage:
        """Comments numbered after the cursor (the per-blog comment number), oldest first."""
        if since is None or since == "":
            after = 0
        elif since.isdigit() and len(since) <= 18:
            after = int(since)
        else:
            raise _rejected("the inbound cursor is not a blog comment number")
        try:
            comments = self.store.comments_after(self.config.org, after, INBOUND_PAGE)
        except BlogUnavailable as exc:
            raise _unavailable(exc) from None
        base = f"{self.config.public_url}/blog/{self.config.org}"
        items = tuple(
            InboundItem(remote_id=c.remote_id, kind="comment", author=c.author, text=c.text,
                        created_at=c.created_at, in_reply_to=c.entry_remote_id,
                        url=f"{base}/{c.entry_slug}")
            for c in comments
        )
        cursor = str(comments[-1].seq) if comments else (since or None)
        return InboundPage(items=items, cursor=cursor)

    def _reply_published(self, stored: StoredReply) -> Published:
        path = f"/blog/{self.config.org}/{stored.entry_slug}#{stored.remote_id}"
        return Published(remote_id=stored.remote_id, url=f"{self.config.public_url}{path}")

    def reply(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Answer the comment `item.reply_to` under its entry; a retry returns the first reply."""
        if not item.reply_to:
            raise _rejected("reply_to must be a blog comment id")
        text = item.text.strip()
        if not text:
            raise _rejected("a reply needs text")
        if len(text) > self.metadata.text_limit:
            raise _rejected(f"a reply is limited to {self.metadata.text_limit} characters")
        try:
            stored = self.store.put_reply(self.config.org, item.reply_to, text, idempotency_key)
        except ReplyRefused as exc:
            raise _rejected(str(exc)) from None
        except BlogUnavailable as exc:
            raise _unavailable(exc, maybe_sent=True) from None
        return self._reply_published(stored)

    def _set_status(self, remote_id: str, status: str) -> None:
        try:
            found = self.store.set_comment_status(self.config.org, remote_id, status)
        except BlogUnavailable as exc:
            raise _unavailable(exc) from None
        except CommentFlagged:
            raise _rejected("the guard flags this comment: only a privacy officer may show it "
                            "(carepost blog approve --reason)") from None
        if not found:
            raise _rejected("no such comment on this blog")

    def hide(self, remote_id: str) -> None:
        """Hide a comment: it never shows on the page (it stays in the inbox's record)."""
        self._set_status(remote_id, "hidden")

    def approve(self, remote_id: str) -> None:
        """Show a held comment on the entry's page (blog only; the inbox calls it after triage)."""
        self._set_status(remote_id, "approved")

    def delete(self, remote_id: str) -> None:
        """Take an entry off the blog and its feeds (the archive keeps what was published)."""
        try:
            found = self.store.delete_entry(self.config.org, remote_id)
        except BlogUnavailable as exc:
            raise _unavailable(exc) from None
        if not found:
            raise _rejected("no such entry on this blog")
