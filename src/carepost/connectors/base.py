"""The connector contract: plain dataclasses in and out, one small protocol, safe defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal, Protocol, runtime_checkable

from carepost.connectors.errors import unsupported

Capability = Literal["publish", "reply", "thread", "media", "inbound", "metrics", "hide", "link"]


@dataclass(frozen=True)
class MediaRules:
    """What images a network accepts: types, size, count; alt text is always mandatory here."""

    mime_types: tuple[str, ...] = ()
    max_bytes: int = 0
    max_count: int = 0


@dataclass(frozen=True)
class ConnectorMetadata:
    """What the composer and validator need to know about a network before posting to it."""

    kind: str
    display_name: str
    text_limit: int | None
    text_unit: Literal["graphemes", "characters", "bytes"] = "characters"
    media: MediaRules = field(default_factory=MediaRules)
    capabilities: frozenset[Capability] = frozenset({"publish"})
    formats: tuple[str, ...] = ("text",)
    notes: str = ""


@dataclass(frozen=True)
class Media:
    """One image to attach; `alt_text` is mandatory (accessibility, and reviewers read it too)."""

    data: bytes
    mime_type: str
    alt_text: str
    filename: str = "image"


@dataclass(frozen=True)
class OutboundItem:
    """One post (or reply, or email) as it leaves carepost, already approved and guarded."""

    text: str
    media: tuple[Media, ...] = ()
    reply_to: str | None = None
    thread: tuple[str, ...] = ()
    subject: str | None = None
    html: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Published:
    """Where the network put the post: its own id and a URL a person can open."""

    remote_id: str
    url: str | None = None


@dataclass(frozen=True)
class ConnectionCheck:
    """The result of a channel's "test connection" action, for the settings page."""

    ok: bool
    account: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class InboundItem:
    """A comment, reply or mention that came back from the network, for the inbox."""

    remote_id: str
    kind: str
    author: str
    text: str
    created_at: datetime | None = None
    in_reply_to: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class InboundPage:
    """A batch of inbound items and the opaque cursor to pass as `since` next time."""

    items: tuple[InboundItem, ...]
    cursor: str | None


@runtime_checkable
class Connector(Protocol):
    """What every network connector provides; see docs/connectors.md."""

    metadata: ClassVar[ConnectorMetadata]

    def publish(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Post `item`; a second call with the same key must not create a second post."""
        ...

    def check_status(
        self, idempotency_key: str, item: OutboundItem | None = None
    ) -> Published | None:
        """Ask the network whether the post made with this key exists; None when it does not."""
        ...

    def test_connection(self) -> ConnectionCheck:
        """Check the credentials and the network are usable, without posting anything."""
        ...

    def reply(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Reply to `item.reply_to` (a remote id this connector returned or fetched)."""
        ...

    def fetch_inbound(self, since: str | None) -> InboundPage:
        """Replies, mentions and comments newer than the cursor `since`."""
        ...

    def fetch_metrics(self, remote_id: str) -> dict[str, int]:
        """Counts the network reports for one post (likes, reposts, replies...)."""
        ...

    def hide(self, remote_id: str) -> None:
        """Hide or remove an inbound item (e.g. a comment that discloses PHI)."""
        ...

    def delete(self, remote_id: str) -> None:
        """Delete one of the account's own posts (a remote id `publish` returned)."""
        ...

    def pin(self, remote_id: str) -> None:
        """Pin one of the account's own posts to its profile (an emergency alert stays on top)."""
        ...

    def unpin(self, remote_id: str) -> None:
        """Unpin that post again; one not pinned (any more) is fine."""
        ...


class BaseConnector:
    """Safe defaults for the optional capabilities; connectors override what they support."""

    metadata: ClassVar[ConnectorMetadata]

    def reply(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Replying is not supported unless the connector overrides this."""
        raise unsupported("reply")

    def fetch_inbound(self, since: str | None) -> InboundPage:
        """No inbound items unless the connector overrides this."""
        return InboundPage(items=(), cursor=since)

    def fetch_metrics(self, remote_id: str) -> dict[str, int]:
        """No metrics unless the connector overrides this."""
        return {}

    def hide(self, remote_id: str) -> None:
        """Hiding is not supported unless the connector overrides this."""
        raise unsupported("hide")

    def delete(self, remote_id: str) -> None:
        """Deleting a published post is not supported unless the connector overrides this."""
        raise unsupported("delete")

    def pin(self, remote_id: str) -> None:
        """Pinning is not supported unless the connector overrides this."""
        raise unsupported("pin")

    def unpin(self, remote_id: str) -> None:
        """Unpinning is not supported unless the connector overrides this."""
        raise unsupported("unpin")
