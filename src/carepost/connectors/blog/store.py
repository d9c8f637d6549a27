"""The blog connector's window on the database: a small protocol, plain dataclasses, no ORM.

Every other connector talks to a network over HTTP; the blog's "network" is carepost's own
database. Rather than importing the ORM (STYLE.md: connectors never do), the connector sees only
the operations below; `carepost.storage.blog_store.SqlBlogStore` implements them. That keeps the
connector testable on its own, keeps SQL in `storage/`, and makes plain what the connector may
touch: its own blog's rows, nothing else.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from sqlalchemy import Engine


class BlogUnavailable(Exception):
    """The database behind the blog could not be reached or refused the write."""


class BlogMissing(LookupError):
    """No organisation with the configured slug exists."""


class CommentFlagged(Exception):
    """The guard flags the comment: only a privacy officer may show it (services/blog.py)."""


@dataclass(frozen=True)
class BlogSettings:
    """What the pages and feeds say about the blog (the channel configuration, stored)."""

    org_slug: str
    title: str
    description: str = ""
    language: str = "en"
    author: str = ""
    public_url: str = ""
    podcast_category: str = "Health & Fitness"
    podcast_explicit: bool = False
    podcast_image_url: str = ""
    comments_enabled: bool = True


@dataclass(frozen=True)
class EntryFile:
    """An image (alt text mandatory) or an audio enclosure (duration in seconds)."""

    kind: Literal["image", "audio"]
    data: bytes
    mime_type: str
    filename: str
    alt_text: str = ""
    duration_seconds: int | None = None


@dataclass(frozen=True)
class NewEntry:
    """An entry as the connector prepared it; `key` is the idempotency key."""

    key: str
    title: str
    body_text: str
    body_html: str
    files: tuple[EntryFile, ...] = ()
    post_id: int | None = None


@dataclass(frozen=True)
class StoredEntry:
    """Where an entry lives: its remote id (`entry-<n>`) and its slug."""

    remote_id: str
    slug: str


@dataclass(frozen=True)
class Source:
    """The approved post behind an idempotency key: its organisation, id and podcast audio."""

    org_slug: str
    post_id: int
    audio: EntryFile | None = None


@dataclass(frozen=True)
class StoredComment:
    """One public comment as the inbox receives it; `seq` is the per-blog cursor position."""

    remote_id: str
    seq: int
    entry_remote_id: str
    entry_slug: str
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class StoredReply:
    """The organisation's reply: a public comment (`comment-<n>`) under the entry `entry_slug`."""

    remote_id: str
    entry_slug: str


class ReplyRefused(Exception):
    """No such comment on this blog, or no inbox reply was recorded under the key."""


class BlogStore(Protocol):
    """The operations the blog connector needs; see `carepost.storage.blog_store`."""

    def save_settings(self, settings: BlogSettings) -> None:
        """Create the organisation's blog or update what its pages and feeds say."""
        ...

    def source_of(self, key: str) -> Source | None:
        """The post whose variant recorded this idempotency key, if any."""
        ...

    def put_entry(self, settings: BlogSettings, entry: NewEntry) -> StoredEntry:
        """Store the entry once: a second call with the same key returns the first entry."""
        ...

    def find_entry(self, org_slug: str, key: str) -> StoredEntry | None:
        """The entry stored under this key on this blog, if any."""
        ...

    def delete_entry(self, org_slug: str, remote_id: str) -> bool:
        """Take an entry off the pages and feeds; False when there is no such entry."""
        ...

    def comments_after(self, org_slug: str, seq: int, limit: int) -> list[StoredComment]:
        """Comments numbered above `seq`, oldest first, at most `limit`."""
        ...

    def set_comment_status(self, org_slug: str, remote_id: str, status: str) -> bool:
        """Hide or approve a comment; False when there is no such comment on this blog."""
        ...

    def put_reply(self, org_slug: str, comment_remote_id: str, text: str,
                  key: str) -> StoredReply:
        """Post the organisation's reply under the comment's entry once per key (shown at once)."""
        ...

    def find_reply(self, org_slug: str, key: str) -> StoredReply | None:
        """The reply stored under `key` on this blog, if any."""
        ...


_lock = threading.Lock()
_engines: dict[str, Engine] = {}


def default_store() -> BlogStore:
    """The store on the installation's own database (from the settings, as the CLI reads them).

    Connectors are built from their configuration alone, so the blog finds its database the way
    every carepost process does; one engine per database URL is kept for the process.
    """
    from carepost.settings import load_settings
    from carepost.storage.blog_store import SqlBlogStore
    from carepost.storage.db import make_engine

    url = load_settings().database_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = make_engine(url)
    return SqlBlogStore(engine)


def remote_id(kind: Literal["entry", "comment"], row_id: int) -> str:
    """The stable id the blog hands out: `entry-12`, `comment-34`."""
    return f"{kind}-{row_id}"


def parse_remote_id(kind: Literal["entry", "comment"], value: str) -> int | None:
    """The row id inside a remote id of `kind`, or None when it is not one."""
    prefix, _, number = value.partition("-")
    if prefix != kind or not number.isdigit() or len(number) > 18:
        return None
    return int(number)


def close_engines() -> None:
    """Dispose the engines `default_store` opened (at shutdown, and between tests)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
