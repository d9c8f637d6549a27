"""Bluesky connector: posts with caller-chosen record keys, so a retry can never post twice."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from atproto import models

from carepost.connectors.base import (
    BaseConnector,
    ConnectionCheck,
    ConnectorMetadata,
    InboundPage,
    MediaRules,
    OutboundItem,
    Published,
)
from carepost.connectors.bluesky import inbox
from carepost.connectors.bluesky.richtext import facets
from carepost.connectors.bluesky.schema import BlueskyConfig
from carepost.connectors.bluesky.session import CLIENT_ERRORS, POST, Pds, split, translate
from carepost.connectors.errors import ConnectorError
from carepost.connectors.idempotency import tid_for
from carepost.connectors.rules import check_item, posted_text

MAX_BYTES = 3000  # the post lexicon also caps UTF-8 size: 300 long emoji can exceed it
StrongRef = models.ComAtprotoRepoStrongRef.Main
PROFILE = "app.bsky.actor.profile"


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
            {"publish", "reply", "thread", "media", "inbound", "metrics", "hide", "link", "delete",
             "pin"}
        ),
        notes="300 graphemes a post; links and @mentions become facets; 4 images with alt text.",
    )

    def __init__(self, config: BlueskyConfig, session: str | None = None) -> None:
        self.config = config
        self._pds = Pds(config, session)

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> BlueskyConnector:
        """Build from stored configuration."""
        return cls(BlueskyConfig.from_mapping(data))

    @property
    def session(self) -> str | None:
        """The logged-in session, for the service to store encrypted and pass back next time."""
        return self._pds.session_string

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

    def _reply_ref(self, parent_uri: str) -> models.AppBskyFeedPost.ReplyRef:
        found = self._pds.get(*split(parent_uri))
        if found is None:
            raise ConnectorError("rejected", "the post to reply to does not exist", permanent=True)
        parent = StrongRef(uri=found.uri, cid=found.cid)
        reply = getattr(found.value, "reply", None)
        root = parent if reply is None else StrongRef(uri=reply.root.uri, cid=reply.root.cid)
        return models.AppBskyFeedPost.ReplyRef(root=root, parent=parent)

    def _images(self, item: OutboundItem) -> models.AppBskyEmbedImages.Main | None:
        if not item.media:
            return None
        images = []
        for media in item.media:
            blob = self._pds.call(
                "uploading an image", lambda m=media: self._pds.client.upload_blob(m.data)
            ).blob
            images.append(models.AppBskyEmbedImages.Image(alt=media.alt_text, image=blob))
        return models.AppBskyEmbedImages.Main(images=images)

    def _record(
        self,
        text: str,
        reply: models.AppBskyFeedPost.ReplyRef | None,
        embed: models.AppBskyEmbedImages.Main | None,
    ) -> models.AppBskyFeedPost.Record:
        return models.AppBskyFeedPost.Record(
            text=text,
            created_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            facets=facets(text, self._pds.resolve) or None,
            reply=reply,
            embed=embed,
            langs=None,
        )

    def _create(self, rkey: str, build: Callable[[], models.AppBskyFeedPost.Record]) -> StrongRef:
        """Create the record under `rkey` unless it exists; `build` runs (uploads) only then."""
        did = self._pds.login()
        existing = self._pds.get(did, rkey)
        if existing is None:
            data = models.ComAtprotoRepoCreateRecord.Data(
                repo=did, collection=POST, rkey=rkey, record=build()
            )
            try:
                created = self._pds.client.com.atproto.repo.create_record(data)
                return StrongRef(uri=created.uri, cid=created.cid)
            except CLIENT_ERRORS as exc:
                # The PDS refuses a second record under the same key (with a 500): a concurrent or
                # earlier attempt won, which is exactly-once working. Anything else is an error.
                existing = self._pds.get(did, rkey)
                if existing is None:
                    raise translate(exc, "publishing") from None
        return StrongRef(uri=existing.uri, cid=existing.cid)

    def _publish(
        self, item: OutboundItem, key: str, reply: models.AppBskyFeedPost.ReplyRef | None
    ) -> Published:
        text = posted_text(item)
        first = self._create(tid_for(key, 0), lambda: self._record(text, reply, self._images(item)))
        root = reply.root if reply is not None else first
        parent = first
        for index, part in enumerate(item.thread, start=1):
            ref = models.AppBskyFeedPost.ReplyRef(root=root, parent=parent)
            parent = self._create(
                tid_for(key, index), lambda p=part, r=ref: self._record(p, r, None)
            )
        return Published(remote_id=first.uri, url=self._pds.url(self._pds.handle, first.uri))

    def publish(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Post (and its thread parts) under record keys derived from the idempotency key."""
        if item.reply_to:
            return self.reply(item, idempotency_key)
        self._check(item)
        self._pds.login()
        return self._publish(item, idempotency_key, None)

    def reply(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Reply to the post whose AT-URI is `item.reply_to`."""
        if not item.reply_to or not item.reply_to.startswith("at://"):
            raise ConnectorError(
                "rejected", "reply_to must be the AT-URI of a post", permanent=True
            )
        self._check(item)
        self._pds.login()
        return self._publish(item, idempotency_key, self._reply_ref(item.reply_to))

    def check_status(
        self, idempotency_key: str, item: OutboundItem | None = None
    ) -> Published | None:
        """Look up the record the key maps to; None when the PDS does not have it."""
        did = self._pds.login()
        found = self._pds.get(did, tid_for(idempotency_key, 0))
        if found is None:
            return None
        return Published(remote_id=found.uri, url=self._pds.url(self._pds.handle, found.uri))

    def test_connection(self) -> ConnectionCheck:
        """Log in (or resume the stored session) and report the account's handle."""
        try:
            did = self._pds.login(again=True)
        except ConnectorError as exc:
            return ConnectionCheck(ok=False, detail=str(exc))
        return ConnectionCheck(
            ok=True, account=f"@{self._pds.handle}", detail=f"logged in as {did}"
        )

    def fetch_inbound(self, since: str | None) -> InboundPage:
        """Replies, mentions and quotes newer than `since` (the cursor of the previous page)."""
        return inbox.fetch_inbound(self._pds, since)

    def hide(self, remote_id: str) -> None:
        """Hide a reply in one of the account's own threads from everyone but its author."""
        inbox.hide(self._pds, remote_id)

    def fetch_metrics(self, remote_id: str) -> dict[str, int]:
        """Likes, reposts, replies and quotes the AppView counts for one post."""
        return inbox.fetch_metrics(self._pds, remote_id)

    def _own(self, remote_id: str) -> tuple[str, str]:
        """(DID, record key) of one of this account's posts, or a permanent rejection."""
        if not remote_id.startswith("at://"):
            raise ConnectorError("rejected", "the remote id is not an AT-URI of a post",
                                 permanent=True)
        did = self._pds.login()
        repo, rkey = split(remote_id)
        if repo != did or not rkey:
            raise ConnectorError("rejected", "the post belongs to another account",
                                 permanent=True)
        return did, rkey

    def _set_pinned(self, did: str, pinned: StrongRef | None, only_if: str | None) -> None:
        """Rewrite the profile record's `pinnedPost`, keeping every other field as it is.

        `swapRecord` makes it compare-and-swap: a profile edited meanwhile (a new avatar) is
        refused rather than overwritten, and the caller may try again.
        """
        current = self._pds.get(did, "self", PROFILE)
        if current is None:
            if pinned is None:
                return
            record = models.AppBskyActorProfile.Record(pinned_post=pinned)
        else:
            value = current.value
            now = getattr(getattr(value, "pinned_post", None), "uri", None)
            if only_if is not None and now != only_if:
                return  # another post is pinned now (by a person): leave it
            record = value.model_copy(update={"pinned_post": pinned})
        data = models.ComAtprotoRepoPutRecord.Data(
            repo=did, collection=PROFILE, rkey="self", record=record,
            swap_record=current.cid if current is not None else None)
        self._pds.call("pinning a post",
                       lambda: self._pds.client.com.atproto.repo.put_record(data))

    def pin(self, remote_id: str) -> None:
        """Pin one of the account's posts to its profile (`app.bsky.actor.profile` pinnedPost)."""
        did, rkey = self._own(remote_id)
        post = self._pds.get(did, rkey)
        if post is None:
            raise ConnectorError("rejected", "the post to pin does not exist", permanent=True)
        self._set_pinned(did, StrongRef(uri=post.uri, cid=post.cid), None)

    def unpin(self, remote_id: str) -> None:
        """Unpin the post if it is still the pinned one (a post pinned since stays)."""
        did, _ = self._own(remote_id)
        self._set_pinned(did, None, remote_id)

    def delete(self, remote_id: str) -> None:
        """Delete one of the account's posts (`deleteRecord`); an already absent one is fine.

        Only the record named by `remote_id` goes: thread parts stay, as on the Bluesky app
        (`delete_thread` removes a whole thread carepost published).
        """
        did, rkey = self._own(remote_id)
        self._delete_record(did, rkey)

    def _delete_record(self, did: str, rkey: str) -> None:
        data = models.ComAtprotoRepoDeleteRecord.Data(repo=did, collection=POST, rkey=rkey)
        self._pds.call("deleting a post",
                       lambda: self._pds.client.com.atproto.repo.delete_record(data))

    def delete_thread(self, remote_id: str, idempotency_key: str, parts: int) -> int:
        """Delete a post and every part of the thread it opened; return how many were asked.

        The parts were created under record keys derived from the idempotency key
        (`tid_for(key, n)`), so they are found without stored ids; parts beyond `parts` that
        exist (a thread derived longer at publish time) go too. The last part goes first, so an
        interrupted delete leaves a shorter thread that a retry finishes (absent records are
        fine). A post not made under that key (its first record key differs) is deleted alone.
        """
        did, rkey = self._own(remote_id)
        if rkey != tid_for(idempotency_key, 0):
            self._delete_record(did, rkey)
            return 1
        keys = [tid_for(idempotency_key, n) for n in range(1, max(1, parts))]
        extra = max(1, parts)
        while self._pds.get(did, tid_for(idempotency_key, extra)) is not None:
            keys.append(tid_for(idempotency_key, extra))
            extra += 1
        for part in reversed(keys):
            self._delete_record(did, part)
        self._delete_record(did, rkey)
        return len(keys) + 1
