"""Mastodon connector: `Mastodon.py` with the network's own Idempotency-Key on every post."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, ClassVar, TypeVar

import requests
from mastodon import Mastodon
from mastodon import errors as mx
from urllib3.exceptions import NewConnectionError

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
from carepost.connectors.errors import ConnectorError, unsupported
from carepost.connectors.http import error_for_status, guarded_session
from carepost.connectors.mastodon.schema import MastodonConfig
from carepost.connectors.mastodon.text import html_to_text, same_text, status_length
from carepost.connectors.rules import check_item, posted_text

T = TypeVar("T")
INBOUND_PAGES = 10  # 400 notifications a fetch at most; the rest come on the next poll
RECENT = 40  # statuses scanned by check_status: a post whose outcome is unknown is recent


def _never_sent(cause: BaseException | None) -> bool:
    """Whether a `requests` failure happened before anything reached the instance."""
    if isinstance(cause, requests.ConnectTimeout):
        return True
    if isinstance(cause, requests.ConnectionError) and cause.args:
        reason = getattr(cause.args[0], "reason", cause.args[0])
        # Refused, unreachable or unresolvable; not "connection aborted" after sending.
        return isinstance(reason, NewConnectionError)
    return False


class MastodonConnector(BaseConnector):
    """Publishes to one Mastodon account; limits are read from the instance itself."""

    metadata: ClassVar[ConnectorMetadata] = ConnectorMetadata(
        kind="mastodon",
        display_name="Mastodon",
        text_limit=500,
        text_unit="characters",
        media=MediaRules(
            mime_types=("image/jpeg", "image/png", "image/gif", "image/webp"),
            max_bytes=10 * 1024 * 1024,
            max_count=4,
        ),
        capabilities=frozenset(
            {"publish", "reply", "thread", "media", "inbound", "metrics", "link", "delete", "pin"}
        ),
        notes="500 characters unless the instance says otherwise; every URL counts as 23.",
    )

    def __init__(self, config: MastodonConfig) -> None:
        self.config = config
        self._session = guarded_session(config.allow_private_addresses)
        self._api = Mastodon(
            api_base_url=config.api_base_url,
            access_token=config.access_token,
            request_timeout=config.timeout_seconds,
            ratelimit_method="throw",  # never sleep inside a connector: the service decides
            version_check_mode="none",
            session=self._session,
        )
        self._limits: tuple[ConnectorMetadata, int] | None = None
        self._me: Any = None

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> MastodonConnector:
        """Build from stored configuration."""
        return cls(MastodonConfig.from_mapping(data))

    def _translate(self, exc: Exception, doing: str) -> ConnectorError:
        cause = exc.__context__
        if isinstance(cause, ConnectorError):
            return cause
        if isinstance(exc, mx.MastodonRatelimitError):
            last = self._session.last_response
            headers = last.headers if last is not None else {}
            wait = headers.get("Retry-After") or headers.get("X-RateLimit-Reset")
            error = error_for_status(429, "rate limited", wait)
            assert error is not None
            error.message = f"{doing}: {error.message}"
            return error
        if isinstance(exc, mx.MastodonNetworkError):
            name = type(cause).__name__ if cause is not None else type(exc).__name__
            return ConnectorError(
                "transient", f"{doing}: {name}", permanent=False, maybe_sent=not _never_sent(cause)
            )
        if isinstance(exc, mx.MastodonAPIError) and len(exc.args) >= 4:
            status, network = int(exc.args[1]), str(exc.args[3] or exc.args[2] or "")[:200]
            error = error_for_status(status, network)
            if error is not None:
                if isinstance(exc, mx.MastodonNotFoundError) and doing != "checking the account":
                    error = ConnectorError("rejected", error.message, permanent=True)
                error.message = f"{doing}: {error.message}"
                return error
        # An answer that could not be read (e.g. malformed JSON after a 200): it may have worked.
        return ConnectorError(
            "transient", f"{doing}: unreadable answer", permanent=False, maybe_sent=True
        )

    def _call(self, doing: str, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except mx.MastodonError as exc:
            raise self._translate(exc, doing) from None

    def instance_metadata(self) -> ConnectorMetadata:
        """The metadata with this instance's own text limit and media rules."""
        if self._limits is None:
            instance = self._call("reading the instance", self._api.instance_v2)
            conf = instance.configuration
            rules = MediaRules(
                mime_types=tuple(
                    m for m in conf.media_attachments.supported_mime_types if m.startswith("image/")
                ),
                max_bytes=int(conf.media_attachments.image_size_limit),
                max_count=int(conf.statuses.max_media_attachments),
            )
            metadata = replace(
                self.metadata, text_limit=int(conf.statuses.max_characters), media=rules
            )
            self._limits = (metadata, int(conf.statuses.characters_reserved_per_url))
        return self._limits[0]

    def _check(self, item: OutboundItem) -> None:
        metadata = self.instance_metadata()
        assert self._limits is not None and metadata.text_limit is not None
        for index, part in enumerate((self._text(item), *item.thread)):
            length = status_length(part, self._limits[1])
            if length > metadata.text_limit:
                where = "text" if index == 0 else f"thread part {index}"
                raise ConnectorError(
                    "rejected",
                    f"Mastodon: {where} is {length} characters, the limit is {metadata.text_limit}",
                    permanent=True,
                )
        check_item(item, replace(metadata, text_limit=None))

    def _text(self, item: OutboundItem) -> str:
        return posted_text(item)

    def _post(self, text: str, key: str, reply_to: str | None, media_ids: list[Any] | None) -> Any:
        return self._call(
            "publishing",
            lambda: self._api.status_post(
                text,
                in_reply_to_id=reply_to,
                media_ids=media_ids,
                visibility=self.config.visibility,
                idempotency_key=key,
            ),
        )

    def publish(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Post the item (and its thread), each with an Idempotency-Key derived from the key."""
        self._check(item)
        media_ids = [
            # An upload that is never attached is harmless: the instance deletes it.
            self._call(
                "uploading an image",
                lambda m=m: self._api.media_post(
                    m.data, mime_type=m.mime_type, description=m.alt_text, file_name=m.filename
                ),
            ).id
            for m in item.media
        ] or None
        first = self._post(self._text(item), idempotency_key, item.reply_to, media_ids)
        parent = first.id
        for index, part in enumerate(item.thread, start=1):
            parent = self._post(part, f"{idempotency_key}:{index}", parent, None).id
        return Published(remote_id=str(first.id), url=first.url)

    def reply(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Reply to the status whose id is `item.reply_to`."""
        if not item.reply_to:
            raise ConnectorError("rejected", "reply_to must be a status id", permanent=True)
        return self.publish(item, idempotency_key)

    def _account(self) -> Any:
        if self._me is None:
            self._me = self._call("checking the account", self._api.account_verify_credentials)
        return self._me

    def check_status(
        self, idempotency_key: str, item: OutboundItem | None = None
    ) -> Published | None:
        """Find the post among the account's recent statuses by its text and reply target.

        Mastodon cannot look a post up by its Idempotency-Key, so this needs the item. (Within
        the instance's idempotency window, one hour on Mastodon, publishing again with the same
        key is also safe: the instance returns the first status instead of a new one.)
        """
        if item is None:
            raise unsupported("check_status without the item on Mastodon")
        me = self._account()
        statuses = self._call(
            "checking a post", lambda: self._api.account_statuses(me.id, limit=RECENT)
        )
        text = self._text(item)
        for status in statuses:
            if str(status.in_reply_to_id or "") != str(item.reply_to or ""):
                continue
            if same_text(html_to_text(status.content), text):
                return Published(remote_id=str(status.id), url=status.url)
        return None

    def test_connection(self) -> ConnectionCheck:
        """Verify the token and report the account and the instance's text limit."""
        self._me = None
        try:
            me = self._account()
            metadata = self.instance_metadata()
        except ConnectorError as exc:
            return ConnectionCheck(ok=False, detail=str(exc))
        return ConnectionCheck(
            ok=True, account=f"@{me.acct}", detail=f"text limit {metadata.text_limit} characters"
        )

    def _notifications(self, since: str | None) -> list[Any]:
        """Mention notifications after `since`, oldest pages first.

        `min_id` pages forward from the cursor; `since_id` would return only the newest page
        and silently skip whatever lay between it and the cursor.
        """
        found: list[Any] = []
        cursor = since
        for _ in range(INBOUND_PAGES):
            page = self._call(
                "fetching notifications",
                lambda c=cursor: self._api.notifications(types=["mention"], min_id=c, limit=40),
            )
            if not page:
                break
            found.extend(page)
            cursor = str(max(int(n.id) for n in page))
            if len(page) < 40:
                break
        return found

    def fetch_inbound(self, since: str | None) -> InboundPage:
        """Mentions and replies newer than `since` (a notification id)."""
        me = self._account()
        items = []
        cursor = since
        for note in self._notifications(since):
            if cursor is None or int(note.id) > int(cursor):
                cursor = str(note.id)
            status = note.status
            if status is None:
                continue  # the status was deleted before we saw it: nothing to triage
            is_reply = str(status.in_reply_to_account_id or "") == str(me.id)
            items.append(
                InboundItem(
                    remote_id=str(status.id),
                    kind="reply" if is_reply else "mention",
                    author=f"@{note.account.acct}",
                    text=html_to_text(status.content or ""),
                    created_at=status.created_at,
                    in_reply_to=str(status.in_reply_to_id) if status.in_reply_to_id else None,
                    url=status.url,
                )
            )
        items.sort(key=lambda i: int(i.remote_id))
        return InboundPage(items=tuple(items), cursor=cursor)

    def fetch_metrics(self, remote_id: str) -> dict[str, int]:
        """Favourites, boosts and replies the instance counts for one status."""
        status = self._call("fetching metrics", lambda: self._api.status(remote_id))
        return {
            "likes": int(status.favourites_count),
            "reposts": int(status.reblogs_count),
            "replies": int(status.replies_count),
        }

    def pin(self, remote_id: str) -> None:
        """Pin one of the account's statuses to its profile (POST /api/v1/statuses/:id/pin)."""
        self._call("pinning a post", lambda: self._api.status_pin(remote_id))

    def unpin(self, remote_id: str) -> None:
        """Unpin a status; one gone or not pinned counts as unpinned."""
        try:
            self._api.status_unpin(remote_id)
        except mx.MastodonNotFoundError:
            return
        except mx.MastodonError as exc:
            raise self._translate(exc, "unpinning a post") from None

    def delete_thread(self, remote_id: str, idempotency_key: str, parts: int) -> int:
        """Delete a status and every part of the thread it opened; return how many were asked.

        The parts are the account's replies to itself, each to the part before (as `publish`
        posts them); their ids are not stored, so they are found in the status's context: at
        each step the account's earliest reply to the part before. The last part goes first,
        so an interrupted delete leaves a shorter thread that a retry finishes. Other people's
        replies are not the account's to delete and stay. (`idempotency_key` is for networks
        that derive the parts' ids from it; Mastodon assigns its own.)
        """
        chain: list[str] = []
        if parts > 1:
            try:
                context = self._api.status_context(remote_id)
            except mx.MastodonNotFoundError:
                return 1  # the first part goes last: with it gone, the thread is gone
            except mx.MastodonError as exc:
                raise self._translate(exc, "finding a thread's parts") from None
            me = str(self._account().id)
            parent = str(remote_id)
            for _ in range(parts - 1):
                replies = [str(s.id) for s in context.descendants
                           if str(s.in_reply_to_id) == parent and str(s.account.id) == me]
                if not replies:
                    break
                parent = min(replies, key=lambda i: (len(i), i))  # ids grow with time
                chain.append(parent)
        for status_id in (*reversed(chain), remote_id):
            self.delete(status_id)
        return len(chain) + 1

    def delete(self, remote_id: str) -> None:
        """Delete one of the account's statuses; one already gone counts as deleted."""
        try:
            self._api.status_delete(remote_id)
        except mx.MastodonNotFoundError:
            return  # nothing left to delete, which is what was asked
        except mx.MastodonError as exc:
            raise self._translate(exc, "deleting a post") from None
