"""Bluesky connector: posts with caller-chosen record keys, so a retry can never post twice."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

import httpx
from atproto import Client, models
from atproto_client import exceptions as atx
from atproto_client.request import Request

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
from carepost.connectors.bluesky.richtext import facets
from carepost.connectors.bluesky.schema import BlueskyConfig
from carepost.connectors.errors import ConnectorError
from carepost.connectors.http import GuardedTransport, error_for_status
from carepost.connectors.idempotency import tid_for
from carepost.connectors.rules import check_item

POST = "app.bsky.feed.post"
GATE = "app.bsky.feed.threadgate"
INBOUND_PAGES = 10  # 1000 notifications a fetch at most; anything older than that is skipped
MAX_BYTES = 3000  # the post lexicon also caps UTF-8 size: 300 long emoji can exceed it
T = TypeVar("T")


def _translate(exc: Exception, doing: str) -> ConnectorError:
    """Turn an atproto client exception into a ConnectorError; the post text is never included."""
    if isinstance(exc, ConnectorError):
        return exc
    response = getattr(exc, "response", None)
    if response is None:
        # Transport failures: only a failed connection proves nothing was sent.
        cause = exc.__cause__
        sent = not isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout)
        return ConnectorError(
            "transient", f"{doing}: {type(cause or exc).__name__}", permanent=False, maybe_sent=sent
        )
    content = response.content
    error = getattr(content, "error", None) or ""
    message = getattr(content, "message", None) or ""
    network = ": ".join(part for part in (error, message) if part)[:200]
    if error in ("ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"):
        return ConnectorError("auth_expired", f"{doing}: {network}", permanent=True)
    retry_after = response.headers.get("retry-after")
    if retry_after is None and response.headers.get("ratelimit-reset"):
        reset = datetime.fromtimestamp(int(response.headers["ratelimit-reset"]), UTC)
        retry_after = reset.isoformat()
    mapped = error_for_status(response.status_code, network, retry_after)
    if mapped is None:
        return ConnectorError("transient", f"{doing}: unexpected answer", permanent=False)
    if mapped.kind == "disconnected" and response.status_code == 404:
        return ConnectorError("rejected", f"{doing}: {mapped.message}", permanent=True)
    mapped.message = f"{doing}: {mapped.message}"
    mapped.args = (mapped.message,)
    return mapped


class BlueskyConnector(BaseConnector):
    """Publishes to one Bluesky account through its PDS (the `atproto` client)."""

    metadata: ClassVar[ConnectorMetadata] = ConnectorMetadata(
        kind="bluesky",
        display_name="Bluesky",
        text_limit=300,
        text_unit="graphemes",
        media=MediaRules(
            mime_types=("image/jpeg", "image/png", "image/webp", "image/gif"),
            max_bytes=1_000_000,
            max_count=4,
        ),
        capabilities=frozenset(
            {"publish", "reply", "thread", "media", "inbound", "metrics", "hide", "link"}
        ),
        notes="300 graphemes a post; links and @mentions become facets; 4 images with alt text.",
    )

    def __init__(self, config: BlueskyConfig, session: str | None = None) -> None:
        self.config = config
        # A stored session saves a login: the PDS limits logins per account (30 per 5 minutes).
        self._saved_session = session
        transport = GuardedTransport(allow_private=config.allow_private_addresses)
        request = Request(
            transport=transport, timeout=httpx.Timeout(config.timeout_seconds, connect=5.0)
        )
        self._client = Client(base_url=config.service_url, request=request)
        self._did: str | None = None
        self._handle: str | None = None

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> BlueskyConnector:
        """Build from stored configuration."""
        return cls(BlueskyConfig.from_mapping(data))

    def _call(self, doing: str, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except Exception as exc:  # the client raises many types; all become one ConnectorError
            if isinstance(exc, atx.AtProtocolError | httpx.HTTPError | ConnectorError):
                raise _translate(exc, doing) from None
            raise

    @property
    def session(self) -> str | None:
        """The logged-in session, for the service to store encrypted and pass back next time."""
        return self._client.export_session_string() if self._did is not None else None

    def _resume(self) -> bool:
        if not self._saved_session:
            return False
        try:
            self._client.login(session_string=self._saved_session, fetch_bsky_profile=False)
            session = self._client.com.atproto.server.get_session()
        except (atx.AtProtocolError, ValueError):
            self._saved_session = None  # expired or unreadable: log in with the app password
            return False
        self._did, self._handle = session.did, session.handle
        return True

    def _login(self) -> str:
        if self._did is None and not self._resume():
            self._call(
                "login",
                lambda: self._client.login(
                    self.config.handle, self.config.app_password, fetch_bsky_profile=False
                ),
            )
            session = self._call("login", self._client.com.atproto.server.get_session)
            self._did, self._handle = session.did, session.handle
        return self._did

    def _url(self, rkey: str) -> str:
        return f"{self.config.web_url}/profile/{self._handle or self._did}/post/{rkey}"

    def _post_url(self, author: str, uri: str) -> str:
        return f"{self.config.web_url}/profile/{author}/post/{uri.rsplit('/', 1)[-1]}"

    def _get(self, repo: str, rkey: str) -> models.ComAtprotoRepoGetRecord.Response | None:
        params = models.ComAtprotoRepoGetRecord.Params(repo=repo, collection=POST, rkey=rkey)
        try:
            return self._client.com.atproto.repo.get_record(params)
        except atx.BadRequestError as exc:
            content = exc.response.content if exc.response else None
            if getattr(content, "error", None) == "RecordNotFound":
                return None
            raise _translate(exc, "checking a post") from None
        except Exception as exc:
            if isinstance(exc, atx.AtProtocolError | httpx.HTTPError | ConnectorError):
                raise _translate(exc, "checking a post") from None
            raise

    def _resolve(self, handle: str) -> str | None:
        try:
            return self._client.resolve_handle(handle).did
        except atx.AtProtocolError:
            return None

    def _split(self, uri: str) -> tuple[str, str]:
        repo, _, rkey = uri.removeprefix("at://").partition(f"/{POST}/")
        return repo, rkey

    def _reply_ref(self, parent_uri: str) -> models.AppBskyFeedPost.ReplyRef:
        found = self._get(*self._split(parent_uri))
        if found is None:
            raise ConnectorError("rejected", "the post to reply to does not exist", permanent=True)
        parent = models.ComAtprotoRepoStrongRef.Main(uri=found.uri, cid=found.cid)
        reply = getattr(found.value, "reply", None)
        root = (
            parent
            if reply is None
            else models.ComAtprotoRepoStrongRef.Main(uri=reply.root.uri, cid=reply.root.cid)
        )
        return models.AppBskyFeedPost.ReplyRef(root=root, parent=parent)

    def _images(self, item: OutboundItem) -> models.AppBskyEmbedImages.Main | None:
        if not item.media:
            return None
        images = []
        for media in item.media:
            blob = self._call(
                "uploading an image", lambda m=media: self._client.upload_blob(m.data)
            ).blob
            images.append(models.AppBskyEmbedImages.Image(alt=media.alt_text, image=blob))
        return models.AppBskyEmbedImages.Main(images=images)

    def _create(
        self, rkey: str, build: Callable[[], models.AppBskyFeedPost.Record]
    ) -> models.ComAtprotoRepoStrongRef.Main:
        """Create the record under `rkey` unless it exists; `build` runs (uploads) only then."""
        did = self._login()
        existing = self._get(did, rkey)
        if existing is None:
            data = models.ComAtprotoRepoCreateRecord.Data(
                repo=did, collection=POST, rkey=rkey, record=build()
            )
            try:
                created = self._client.com.atproto.repo.create_record(data)
                return models.ComAtprotoRepoStrongRef.Main(uri=created.uri, cid=created.cid)
            except Exception as exc:
                if not isinstance(exc, atx.AtProtocolError | httpx.HTTPError | ConnectorError):
                    raise
                # The PDS refuses a second record under the same key (with a 500): a concurrent or
                # earlier attempt won, which is exactly-once working. Anything else is an error.
                existing = self._get(did, rkey)
                if existing is None:
                    raise _translate(exc, "publishing") from None
        return models.ComAtprotoRepoStrongRef.Main(uri=existing.uri, cid=existing.cid)

    def _record(
        self,
        text: str,
        reply: models.AppBskyFeedPost.ReplyRef | None,
        embed: models.AppBskyEmbedImages.Main | None,
    ) -> models.AppBskyFeedPost.Record:
        return models.AppBskyFeedPost.Record(
            text=text,
            created_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            facets=facets(text, self._resolve) or None,
            reply=reply,
            embed=embed,
            langs=None,
        )

    def _check(self, item: OutboundItem) -> None:
        check_item(item, self.metadata)
        for index, part in enumerate((item.text, *item.thread)):
            size = len(part.encode("utf-8"))
            if size > MAX_BYTES:
                where = "text" if index == 0 else f"thread part {index}"
                raise ConnectorError(
                    "rejected",
                    f"Bluesky: {where} is {size} bytes, the limit is {MAX_BYTES}",
                    permanent=True,
                )

    def _publish(
        self, item: OutboundItem, key: str, reply: models.AppBskyFeedPost.ReplyRef | None
    ) -> Published:
        text = item.text
        if item.link and item.link not in text:
            text = f"{text}\n{item.link}" if text else item.link
        first = self._create(tid_for(key, 0), lambda: self._record(text, reply, self._images(item)))
        root = reply.root if reply is not None else first
        parent = first
        for index, part in enumerate(item.thread, start=1):
            ref = models.AppBskyFeedPost.ReplyRef(root=root, parent=parent)
            parent = self._create(
                tid_for(key, index), lambda p=part, r=ref: self._record(p, r, None)
            )
        return Published(remote_id=first.uri, url=self._url(first.uri.rsplit("/", 1)[-1]))

    def publish(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Post (and its thread parts) under record keys derived from the idempotency key."""
        if item.reply_to:
            return self.reply(item, idempotency_key)
        self._check(item)
        self._login()
        return self._publish(item, idempotency_key, None)

    def reply(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Reply to the post whose AT-URI is `item.reply_to`."""
        if not item.reply_to or not item.reply_to.startswith("at://"):
            raise ConnectorError(
                "rejected", "reply_to must be the AT-URI of a post", permanent=True
            )
        self._check(item)
        self._login()
        return self._publish(item, idempotency_key, self._reply_ref(item.reply_to))

    def check_status(
        self, idempotency_key: str, item: OutboundItem | None = None
    ) -> Published | None:
        """Look up the record the key maps to; None when the PDS does not have it."""
        did = self._login()
        rkey = tid_for(idempotency_key, 0)
        if self._get(did, rkey) is None:
            return None
        return Published(remote_id=f"at://{did}/{POST}/{rkey}", url=self._url(rkey))

    def test_connection(self) -> ConnectionCheck:
        """Log in with the app password and report the account's handle."""
        self._did = None
        try:
            self._login()
        except ConnectorError as exc:
            return ConnectionCheck(ok=False, detail=str(exc))
        return ConnectionCheck(
            ok=True, account=f"@{self._handle}", detail=f"logged in as {self._did}"
        )

    def _notifications(self, since: str | None) -> list[Any]:
        """Notifications newest first, paging back until `since` (bounded: a first run is short)."""
        found: list[Any] = []
        cursor: str | None = None
        for _ in range(INBOUND_PAGES):
            params = models.AppBskyNotificationListNotifications.Params(limit=100, cursor=cursor)
            page = self._call(
                "fetching notifications",
                lambda p=params: self._client.app.bsky.notification.list_notifications(p),
            )
            fresh = [n for n in page.notifications if since is None or n.indexed_at > since]
            found.extend(fresh)
            cursor = page.cursor
            if since is None or len(fresh) < len(page.notifications) or not cursor:
                break
        return found

    def fetch_inbound(self, since: str | None) -> InboundPage:
        """Replies, mentions and quotes from notifications newer than `since` (an ISO time)."""
        self._login()
        items: list[InboundItem] = []
        newest = since
        for note in self._notifications(since):
            if newest is None or note.indexed_at > newest:
                newest = note.indexed_at
            if note.reason not in ("reply", "mention", "quote"):
                continue
            reply = getattr(note.record, "reply", None)
            items.append(
                InboundItem(
                    remote_id=note.uri,
                    kind=note.reason,
                    author=f"@{note.author.handle}",
                    text=getattr(note.record, "text", "") or "",
                    created_at=datetime.fromisoformat(note.indexed_at.replace("Z", "+00:00")),
                    in_reply_to=reply.parent.uri if reply is not None else None,
                    url=self._post_url(note.author.handle, note.uri),
                )
            )
        items.sort(key=lambda i: i.created_at or datetime.min.replace(tzinfo=UTC))
        return InboundPage(items=tuple(items), cursor=newest)

    def hide(self, remote_id: str) -> None:
        """Hide a reply under one of the account's own threads (the threadgate's hiddenReplies).

        Used for replies that disclose PHI: they stay on the author's repo, but Bluesky's apps
        hide them from the thread. Replies in other people's threads cannot be hidden.
        """
        did = self._login()
        reply = self._get(*self._split(remote_id))
        ref = getattr(reply.value, "reply", None) if reply is not None else None
        if ref is None:
            raise ConnectorError("rejected", "only replies can be hidden", permanent=True)
        root_repo, root_rkey = self._split(ref.root.uri)
        if root_repo != did:
            raise ConnectorError(
                "rejected",
                "only replies in the account's own threads can be hidden",
                permanent=True,
            )
        params = models.ComAtprotoRepoGetRecord.Params(repo=did, collection=GATE, rkey=root_rkey)
        try:
            gate = self._client.com.atproto.repo.get_record(params)
        except atx.BadRequestError:
            gate = None  # no threadgate yet: anyone may reply, and that stays so (`allow` unset)
        except atx.AtProtocolError as exc:
            raise _translate(exc, "hiding a reply") from None
        if gate is not None:
            record = gate.value
            hidden = list(record.hidden_replies or [])
            if remote_id in hidden:
                return
            record = record.model_copy(update={"hidden_replies": [*hidden, remote_id]})
        else:
            record = models.AppBskyFeedThreadgate.Record(
                post=ref.root.uri,
                created_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                hidden_replies=[remote_id],
            )
        data = models.ComAtprotoRepoPutRecord.Data(
            repo=did,
            collection=GATE,
            rkey=root_rkey,
            record=record,
            swap_record=gate.cid if gate is not None else None,
        )
        self._call("hiding a reply", lambda: self._client.com.atproto.repo.put_record(data))

    def fetch_metrics(self, remote_id: str) -> dict[str, int]:
        """Likes, reposts, replies and quotes the AppView counts for one post."""
        self._login()
        posts = self._call("fetching metrics", lambda: self._client.get_posts([remote_id])).posts
        if not posts:
            return {}
        post = posts[0]
        return {
            "likes": post.like_count or 0,
            "reposts": post.repost_count or 0,
            "replies": post.reply_count or 0,
            "quotes": post.quote_count or 0,
        }
