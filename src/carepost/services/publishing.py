"""Publishing due variants exactly once: atomic claims, the key before the call, outcome handling.

The sequence for one variant (see docs/cli/worker.md):

1. claim it atomically (`carepost.worker.claims`: PostgreSQL `FOR UPDATE SKIP LOCKED`,
   SQLite a conditional UPDATE);
2. guard the text again and record an idempotency key, COMMITTED, before any network call;
3. if the outcome of an earlier attempt is unknown, ask the network (`check_status`) first;
4. call the connector (with the same key, which the network de-duplicates on);
5. store the outcome: published (and archived), retry later with backoff and jitter, wait out a
   rate limit for the whole account, flag the channel on an authentication failure, or fail
   with the network's own message.

This module is the one place that decides what a `ConnectorError` means for a post.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.util import identity_key

from carepost.connectors.base import Connector, Media, OutboundItem, Published
from carepost.connectors.email.connector import EmailConnector
from carepost.connectors.errors import ConnectorError
from carepost.connectors.idempotency import new_key
from carepost.core import lifecycle, variants
from carepost.core.lifecycle import Event, State
from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services import (
    archive,
    audit,
    channel_meta,
    channels,
    guard_settings,
    notifications,
    post_media,
    posts,
)
from carepost.services.actor import SYSTEM
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Approval, Channel, Post, PostMedia, Variant

log = logging.getLogger("carepost.publishing")
MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 30.0
BACKOFF_CAP_SECONDS = 3600.0
# Test hook: pause this long at a named point so a test can SIGKILL the worker there.
PAUSE_ENV = "CAREPOST_TEST_PAUSE_AT"
CLAIMABLE = (State.SCHEDULED.value, State.PUBLISHING.value, State.OUTCOME_UNKNOWN.value)
# A claim older than this belongs to a worker that died elsewhere (a publish call is bounded by
# the connectors' timeouts, well under a minute); `deliver` renews it before every call, so a
# long batch never outlives it. Re-exported by `carepost.worker.claims`.
CLAIM_LEASE = timedelta(minutes=10)

# Statements run for every post, built once: building one (SQLAlchemy's coercions and cache
# key) costs several times what running it costs on SQLite (benchmarks/publish_throughput.py).
_WHEN = Variant.claimed_at.type
# A group of outcomes: every row locked in one query, in post order, so two workers' groups
# sharing posts take their locks in the same order and never deadlock (PostgreSQL).
_ROWS = (select(Variant, Post, Channel)
         .join(Post, Post.id == Variant.post_id).join(Channel, Channel.id == Variant.channel_id)
         .where(Variant.id.in_(bindparam("variant_ids", expanding=True)))
         .order_by(Post.id, Variant.id).with_for_update(of=(Variant, Post)))
_STATES = select(Variant.id, Variant.state).where(Variant.post_id == bindparam("post_id"))
_RENEW = (update(Variant)
          .where(Variant.id == bindparam("variant_id"), Variant.claimed_by == bindparam("me"),
                 Variant.claimed_at > bindparam("lease_start", type_=_WHEN),
                 Variant.state.in_(CLAIMABLE))
          .values(claimed_at=bindparam("renewed_at", type_=_WHEN)))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one variant in one attempt."""

    variant_id: int
    state: str
    detail: str = ""


def backoff(attempt: int, rng: Callable[[], float] = random.random) -> float:
    """Seconds before retry `attempt` (1, 2, ...): exponential, capped, with full jitter."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempt - 1))
    return ceiling / 2 + rng() * ceiling / 2


def _test_pause(point: str) -> None:
    spec = os.environ.get(PAUSE_ENV, "")
    name, _, seconds = spec.partition(":")
    if name == point:
        print(f"carepost-test-paused:{point}", flush=True)
        time.sleep(float(seconds or "60"))


def variant_event(variant: Variant, event: Event) -> None:
    variant.state = lifecycle.transition(
        variant.state, event, actor_id=lifecycle.SYSTEM, author_id="", role=lifecycle.SYSTEM,
        guard_blocked=variant.guard_action == "block",
    ).value


def _override_on_record(session: Session, post: Post) -> bool:
    latest = session.execute(
        select(Approval).where(Approval.post_id == post.id, Approval.post_version == post.version,
                               Approval.decision == "approved")
        .order_by(Approval.id.desc()).limit(1)
    ).scalar()
    return latest is not None and latest.override_reason is not None


@dataclass
class _Job:
    variant_id: int
    channel: Channel
    item: OutboundItem
    key: str
    resolve_first: bool
    delivered: frozenset[str] = frozenset()
    me: str = ""
    # When the claim was last verified in a committed transaction (time.monotonic()).
    checked: float | None = None
    # The archive's image hashes and approval chain, read when the send was prepared.
    archive_facts: tuple[str, str] | None = None


Row = tuple[Variant, Post, Channel]


@dataclass
class Batch:
    """Variants prepared in one transaction: their rows, read in one query, and what each
    preparation defers to the end of the batch (`finish`): one audit append for all of them
    and one roll-up per post instead of one per variant."""

    rows: dict[int, Row] = field(default_factory=dict)
    audit: list[audit.Entry] = field(default_factory=list)
    posts: dict[int, Post] = field(default_factory=dict)
    # the guard as each organisation runs it (guard_settings.checker), read once per batch
    checks: dict[int, guard_settings.Check] = field(default_factory=dict)
    # when the batch's claims were taken (time.monotonic()); None: unknown, so each job's
    # claim is checked again before its call
    verified_at: float | None = None
    # published variants whose archive records are written together, with the detail of each
    # one's "variant.published" event (its archive id is filled in then)
    archived: list[tuple[Variant, Post, tuple[str, str] | None, dict[str, Any]]] = field(
        default_factory=list)

    def check_for(self, session: Session, org_id: int) -> guard_settings.Check:
        """The organisation's guard (pack and profile), read once for the whole batch."""
        check = self.checks.get(org_id)
        if check is None:
            check = self.checks[org_id] = guard_settings.checker(session, org_id)
        return check

    @contextmanager
    def savepoint(self, session: Session) -> Iterator[None]:
        """Prepare one variant under a savepoint; if it breaks, its deferred events go too."""
        kept = len(self.audit)
        try:
            with session.begin_nested():
                yield
        except BaseException:
            del self.audit[kept:]
            raise


def load(session: Session, variant_ids: Sequence[int], verified_at: float | None = None) -> Batch:
    """The claimed variants with their posts and channels, in one query (variants locked).

    `verified_at` is when the claims were taken (time.monotonic() before the claim's
    transaction began), if they were taken in the same transaction.
    """
    rows = session.execute(
        select(Variant, Post, Channel)
        .join(Post, Post.id == Variant.post_id).join(Channel, Channel.id == Variant.channel_id)
        .where(Variant.id.in_(variant_ids)).with_for_update(of=Variant)
        .execution_options(populate_existing=True)
    ).all()  # a Row is a tuple (Result.tuples() is deprecated in SQLAlchemy 2.1)
    batch = Batch(rows={row[0].id: row for row in rows}, verified_at=verified_at)
    _prefetch(session, sorted({row[1].id for row in rows}))
    return batch


def _prefetch(session: Session, post_ids: Sequence[int]) -> None:
    """The images and archive facts of the batch's posts, one query each for all of them,
    into the caches `_media` and `_archive_facts` read (instead of two queries per post)."""
    media: dict[int, tuple[Media, ...]] = session.info.setdefault("carepost.media", {})
    facts: dict[int, tuple[str, str]] = session.info.setdefault("carepost.archive_facts", {})
    wanted = [post_id for post_id in post_ids if post_id not in facts]
    if not wanted:
        return
    found: dict[int, list[Media]] = {post_id: [] for post_id in wanted}
    for image in session.execute(select(PostMedia).where(PostMedia.post_id.in_(wanted))
                                 .order_by(PostMedia.post_id, PostMedia.position)).scalars():
        found[image.post_id].append(Media(image.data, image.mime_type, image.alt_text,
                                          image.filename))
    chains = archive.approval_chains(session, wanted)
    for post_id in wanted:
        media.setdefault(post_id, tuple(found[post_id]))
        facts[post_id] = archive.facts_of(media[post_id], chains[post_id])


def finish(session: Session, batch: Batch) -> None:
    """End of a batch: archive records written, each touched post rolled up once (in post
    order, the order rows are locked in), every event appended."""
    if batch.archived:
        ids = archive.archive_many(session, [(v, p, f) for v, p, f, _ in batch.archived])
        for (_, _, _, detail), record_id in zip(batch.archived, ids, strict=True):
            detail["archive_id"] = record_id
    for _, post in sorted(batch.posts.items()):
        roll_up(session, post)
    audit.record_many(session, batch.audit)
    batch.posts.clear()
    batch.audit.clear()
    batch.archived.clear()


def _prepare(session: Session, variant_id: int, me: str, box: Box,
             batch: Batch) -> _Job | Outcome:
    """Step 2: guard again, then record the key; the caller commits before any network call."""
    row = batch.rows.get(variant_id)
    if row is None or row[0].claimed_by != me:
        return Outcome(variant_id, "lost_claim")
    variant, post, channel = row
    if variant.state not in CLAIMABLE:
        # Edited (back to review) or unscheduled between the claim and now: not ours to send.
        variant.claimed_by = variant.claimed_at = None
        return Outcome(variant_id, "lost_claim")
    if variant.state == State.SCHEDULED.value:
        variant_event(variant, Event.START)
        batch.posts[post.id] = post
        batch.audit.append(audit.Entry(SYSTEM, "variant.publishing", f"variant:{variant.id}",
                                       {"post_id": post.id, "channel_id": channel.id},
                                       org_id=post.org_id))
    resolve_first = variant.state == State.OUTCOME_UNKNOWN.value
    if not resolve_first:
        if channel.status != "active":
            return _fail(session, variant, post, "the channel needs reconnecting", batch)
        result = posts.run_guard(variant.text, posts.subject_of(post, channel),
                                 batch.check_for(session, post.org_id))
        variant.guard_action, variant.guard_report = result.action, result.report
        if result.blocking and not _override_on_record(session, post):
            return _fail(session, variant, post,
                         "the guard blocks this text and no privacy officer overrode it", batch)
    media = _media(session, post.id)
    try:
        item = outbound_item(variant, channel, media, post.title)
    except variants.VariantError as exc:
        return _fail(session, variant, post, str(exc), batch)
    if not resolve_first:
        problems = variants.validate(
            variants.Variant(channel.name, channel.kind, (item.text, *item.thread),
                             media=item.media, subject=item.subject, html=item.html),
            channel_meta.metadata_for(channel))
        if problems:
            return _fail(session, variant, post, problems[0].message, batch)
    if not variant.idempotency_key:
        variant.idempotency_key = new_key()
    variant.attempts += 1
    return _Job(variant.id, channel, item, variant.idempotency_key, resolve_first,
                frozenset(json.loads(variant.delivered)), me, batch.verified_at,
                _archive_facts(session, post, media))


def _media(session: Session, post_id: int) -> tuple[Media, ...]:
    """The post's images, read once per transaction (a batch holds all of a post's variants)."""
    cache: dict[int, tuple[Media, ...]] = session.info.setdefault("carepost.media", {})
    if post_id not in cache:
        cache[post_id] = post_media.media_of(session, post_id)
    return cache[post_id]


def _archive_facts(session: Session, post: Post, media: tuple[Media, ...]) -> tuple[str, str]:
    """The archive's facts of the post, read once per transaction (as `_media`)."""
    cache: dict[int, tuple[str, str]] = session.info.setdefault("carepost.archive_facts", {})
    if post.id not in cache:
        cache[post.id] = archive.archive_facts(session, post, media)
    return cache[post.id]


def outbound_item(variant: Variant, channel: Channel, media: tuple[Media, ...] = (),
                  title: str = "") -> OutboundItem:
    """What the connector gets: the text split into a thread where the network needs it.

    Derived the same way on every attempt, so a retry after a crash sends the same parts
    under the same key.
    """
    composed = variants.Composed(text=variant.text, media=media, subject=title or None)
    derived = variants.derive(composed, channel.name, channel_meta.metadata_for(channel))
    return derived.item()


def _fail(session: Session, variant: Variant, post: Post, message: str,
          batch: Batch | None = None) -> Outcome:
    event = (Event.CONFIRM_ABSENT if variant.state == State.OUTCOME_UNKNOWN.value
             else Event.FAIL)
    variant_event(variant, event)
    variant.error = message[:500]
    variant.claimed_by = variant.claimed_at = None
    variant.next_attempt_at = None
    entry = audit.Entry(SYSTEM, "variant.failed", f"variant:{variant.id}",
                        {"post_id": post.id, "channel_id": variant.channel_id,
                         "attempts": variant.attempts}, org_id=post.org_id)
    if batch is not None:  # after its "variant.publishing", at the end of the batch
        batch.posts[post.id] = post
        batch.audit.append(entry)
    else:
        roll_up(session, post)
        audit.record_many(session, [entry])
    # The author and whoever can reschedule must know: a failed post is not retried by itself.
    publishers = notifications.users_with_roles(session, post.org_id, ("approver", "admin"))
    notifications.notify(session, post.org_id, "variant.failed", f"variant:{variant.id}",
                         [u for u in (post.author_id, *publishers) if u is not None])
    return Outcome(variant.id, State.FAILED.value, message)


def roll_up(session: Session, post: Post) -> None:
    """The post's state from its variants' (the states alone: this runs twice per publish).

    Read without flushing first (a Core query): a variant this session holds counts with its
    state in memory, so the changes go to the database in one flush later, not one per roll-up.
    """
    rows = session.connection().execute(_STATES, {"post_id": post.id}).all()
    states = []
    for variant_id, state in rows:
        held = session.identity_map.get(identity_key(Variant, variant_id))
        # An expired object has no state in memory: the database's is then the current one.
        states.append(held.__dict__.get("state", state) if held is not None else state)
    post.state = lifecycle.summarise(states).value
    post.updated_at = utcnow()


# Connectors kept between posts, keyed by channel and its sealed configuration (a new
# configuration is a new key): building one costs a TLS context (~50 ms, measured by
# benchmarks/publish_throughput.py) and a fresh connection per post; reusing it keeps the
# network's connection alive and a Bluesky login. Kept a few minutes only, so a long-running
# worker never leans on an old login or on instance limits read long ago. Bounded; locked for
# the in-process worker thread.
_CONNECTORS: OrderedDict[tuple[int, str], tuple[float, Connector]] = OrderedDict()
_CONNECTORS_MAX = 64
CONNECTOR_TTL_SECONDS = 300.0
_CONNECTORS_LOCK = threading.Lock()


def connector_for(channel: Channel, box: Box) -> Connector:
    """The channel's connector, reused for a few minutes while its configuration is unchanged."""
    key = (channel.id, channel.config_sealed)
    now = time.monotonic()
    with _CONNECTORS_LOCK:
        found = _CONNECTORS.get(key)
        if found is not None and now - found[0] < CONNECTOR_TTL_SECONDS:
            _CONNECTORS.move_to_end(key)
            return found[1]
    connector = channels.connector_for(channel, box)
    with _CONNECTORS_LOCK:
        _CONNECTORS[key] = (now, connector)
        _CONNECTORS.move_to_end(key)
        while len(_CONNECTORS) > _CONNECTORS_MAX:
            _CONNECTORS.popitem(last=False)
    return connector


# A claim verified (taken or renewed, and committed) less than this long ago is still ours
# without a second check before the call: while its worker lives, a claim is only taken from it
# when its lease (CLAIM_LEASE, 10 minutes, counted from the verification) has run out, and a
# call that starts inside this bound ends, bounded by the connectors' timeouts, long before
# that. A batch of quick calls then needs no transaction between them; a slow call pushes the
# next job past the bound, and that job is checked (and renewed) first.
FRESH_SECONDS = 30.0
assert FRESH_SECONDS * 10 <= CLAIM_LEASE.total_seconds()


def _fresh(job: _Job) -> bool:
    """The claim was verified in a committed transaction less than `FRESH_SECONDS` ago."""
    return job.checked is not None and time.monotonic() - job.checked < FRESH_SECONDS


def _call(job: _Job, box: Box) -> Published | None:
    """Steps 3 and 4, outside any transaction: ask first when unsure, then publish (same key)."""
    connector = connector_for(job.channel, box)
    if job.resolve_first:
        try:
            found = connector.check_status(job.key, job.item)
        except ConnectorError as exc:
            if exc.kind != "unsupported":
                raise
            found = None  # cannot tell: the network's de-duplication on the key is the net
        if found is not None:
            return found
    _test_pause("before_call")
    if isinstance(connector, EmailConnector) and job.delivered:
        # Resume a partly sent list: the members already mailed are not mailed again.
        rest = [r for r in connector.config.recipients if r not in job.delivered]
        published = connector.publish_to(job.item, job.key, rest)
    else:
        published = connector.publish(job.item, job.key)
    _test_pause("after_call")
    return published


def _succeed(session: Session, variant: Variant, post: Post, published: Published,
             facts: tuple[str, str] | None = None, group: Batch | None = None) -> Outcome:
    event = (Event.CONFIRM_PUBLISHED if variant.state == State.OUTCOME_UNKNOWN.value
             else Event.SUCCEED)
    variant_event(variant, event)
    variant.remote_id, variant.url = published.remote_id[:500], (published.url or None)
    variant.published_at = utcnow()
    variant.error = None
    variant.claimed_by = variant.claimed_at = variant.next_attempt_at = None
    if group is not None:
        # Written with the group's other records and events by `finish`, in this transaction.
        detail = {"post_id": post.id, "channel_id": variant.channel_id, "archive_id": None,
                  "attempts": variant.attempts}
        group.archived.append((variant, post, facts, detail))
        group.posts[post.id] = post
        group.audit.append(audit.Entry(SYSTEM, "variant.published", f"variant:{variant.id}",
                                       detail, org_id=post.org_id))
        return Outcome(variant.id, State.PUBLISHED.value)
    roll_up(session, post)
    record = archive.archive_variant(session, variant, post, facts)  # flushes it all at once
    audit.record(session, SYSTEM, "variant.published", f"variant:{variant.id}",
                 {"post_id": post.id, "channel_id": variant.channel_id,
                  "archive_id": record.id, "attempts": variant.attempts}, org_id=post.org_id)
    return Outcome(variant.id, State.PUBLISHED.value)


LATE_STATES = (State.PUBLISHING.value, State.OUTCOME_UNKNOWN.value)


def _late(session: Session, variant: Variant, post: Post, job: _Job,
          published: Published | None, error: ConnectorError | None,
          group: Batch | None = None) -> Outcome:
    """The result of a call whose claim was lost meanwhile (its lease ran out during the call
    and another worker recovered the variant): kept, and recorded once.

    A post that went out is recorded as published unless it already is (then another
    worker's attempt under the same key found or made it; a different remote id means the
    network did not de-duplicate, which the audit log then says). An error changes nothing:
    the variant is already outcome unknown (recovered) and whoever holds it now asks the
    network; only list members already mailed are kept, so they are never mailed again.
    """
    subject = f"variant:{variant.id}"
    if error is not None:
        if error.done:
            variant.delivered = json.dumps(
                sorted(set(json.loads(variant.delivered)) | set(error.done)))
        return Outcome(variant.id, "lost_claim", error.kind)
    assert published is not None
    if variant.state == State.SCHEDULED.value:
        # A person confirmed it absent and chose a new time: it is out after all, and sending
        # it again would post it twice.
        variant_event(variant, Event.START)
    if variant.state in LATE_STATES:
        return _succeed(session, variant, post, published, job.archive_facts, group)
    remote_id = published.remote_id[:200]
    if variant.state == State.PUBLISHED.value:
        if variant.remote_id is not None and variant.remote_id[:200] != remote_id:
            audit.record(session, SYSTEM, "variant.published_twice", subject,
                         {"post_id": post.id, "remote_id": remote_id,
                          "recorded_remote_id": variant.remote_id[:200]}, org_id=post.org_id)
        return Outcome(variant.id, "lost_claim", "already published")
    # A person moved it on meanwhile (failed it, or edited it back into review): the post is
    # out all the same; the record says where, their decision stands.
    audit.record(session, SYSTEM, "variant.published_late", subject,
                 {"post_id": post.id, "remote_id": remote_id, "state": variant.state},
                 org_id=post.org_id)
    return Outcome(variant.id, "lost_claim", "published after the variant moved on")


def _retry_later(session: Session, variant: Variant, post: Post, delay: float,
                 reason: str) -> Outcome:
    variant.claimed_by = variant.claimed_at = None
    variant.next_attempt_at = utcnow() + timedelta(seconds=delay)
    roll_up(session, post)
    audit.record(session, SYSTEM, "variant.retry_scheduled", f"variant:{variant.id}",
                 {"reason": reason, "attempts": variant.attempts, "delay_s": round(delay, 1)},
                 org_id=post.org_id)
    return Outcome(variant.id, variant.state, reason)


def _handle_error(session: Session, variant: Variant, post: Post, channel: Channel,
                  exc: ConnectorError) -> Outcome:
    """Step 5 for failures: the one place a ConnectorError becomes a decision."""
    if exc.done:
        variant.delivered = json.dumps(sorted(set(json.loads(variant.delivered)) | set(exc.done)))
    if exc.maybe_sent and variant.state == State.PUBLISHING.value:
        variant_event(variant, Event.LOSE_ANSWER)
        audit.record(session, SYSTEM, "variant.outcome_unknown", f"variant:{variant.id}",
                     {"reason": exc.kind}, org_id=post.org_id)
    if exc.kind == "rate_limited":
        delay = exc.retry_after if exc.retry_after is not None else backoff(variant.attempts)
        until = utcnow() + timedelta(seconds=delay)
        # Limits the account; `claim_due` also pauses every channel on the same network (kind
        # and host), since the limit may be per IP, which all of this installation shares.
        channel.rate_limited_until = until
        return _retry_later(session, variant, post, delay, "rate_limited")
    if exc.kind == "auth_expired":
        channels.mark_needs_reconnecting(session, channel, exc.kind)
    if not exc.permanent and variant.attempts < MAX_ATTEMPTS:
        return _retry_later(session, variant, post, backoff(variant.attempts), exc.kind)
    if variant.state == State.OUTCOME_UNKNOWN.value and exc.maybe_sent:
        # Still unsure after every attempt: leave it unknown for a person, never guess.
        variant.claimed_by = variant.claimed_at = variant.next_attempt_at = None
        roll_up(session, post)
        return Outcome(variant.id, variant.state, exc.kind)
    # The network's own words (connectors never put the post's text in them).
    return _fail(session, variant, post, exc.message)


def prepare(session: Session, variant_id: int, me: str, box: Box,
            batch: Batch) -> _Job | Outcome:
    """Step 2 for one claimed variant of a `load`ed batch in the caller's transaction, which
    calls `finish` and must commit before `deliver` (the key is then on record before any
    network call).

    Without autoflush: the preparation only reads rows it does not change (settings, images,
    approvals), and a flush before each of those reads cost more than the rest of it; the
    batch's changes go to the database in one flush at `finish`.
    """
    with session.no_autoflush:
        return _prepare(session, variant_id, me, box, batch)


def renew_claim(db: sessionmaker[Session], job: _Job) -> bool:
    """Re-check and extend this worker's claim just before the network call; False if lost.

    A batch is prepared up front and delivered one by one, so a slow send can push a later
    variant past `CLAIM_LEASE`, when another worker may recover and publish it. One conditional
    UPDATE (still ours, lease not run out, still due for publishing) both checks and extends the
    lease atomically: a recovering worker either sees the fresh lease or has already taken it.
    """
    with transaction(db) as session:
        return _renew(session, job)


def _renew(session: Session, job: _Job) -> bool:
    now, verified_at = utcnow(), time.monotonic()
    result = session.connection().execute(_RENEW, {
        "variant_id": job.variant_id, "me": job.me, "lease_start": now - CLAIM_LEASE,
        "renewed_at": now})
    held = result.rowcount == 1
    job.checked = verified_at if held else None
    return held


# Outcomes of quick calls are recorded together, in one transaction for up to a batch of calls
# made within this many seconds: a post that went out but whose outcome a crash kept from the
# record is "outcome unknown" (never sent again blindly), so this bounds how many can be.
GROUP_SECONDS = 0.5


@dataclass(slots=True)
class _Sent:
    job: _Job
    published: Published | None
    error: ConnectorError | None


class Sender:
    """Steps 3 to 5 for the prepared jobs of a batch, one `send` each, then `flush`.

    Each call is made outside any transaction. Its outcome is recorded with the others made in
    the last `GROUP_SECONDS` (one transaction, one archive INSERT, one audit append, one
    roll-up per post) instead of one transaction per post: the keys were committed before any
    call, so a crash before the outcomes are recorded leaves those variants "outcome unknown",
    asked about or resolved by a person, never posted twice. A job whose claim was verified
    too long ago (`_fresh`), or whose earlier outcome is unknown, is checked and renewed first,
    in the same transaction as the outcomes recorded so far.
    """

    def __init__(self, db: sessionmaker[Session], box: Box) -> None:
        self.db = db
        self.box = box
        self._pending: list[_Sent] = []
        self._since = 0.0

    def send(self, job: _Job) -> list[Outcome]:
        """Call the network for `job`; return the outcomes recorded meanwhile (maybe its own).

        An unknown outcome is always re-checked: the worker that lost it may still record its
        late result meanwhile (`_late`). An unexpected error from the call propagates; the
        outcomes already pending stay pending.
        """
        recorded: list[Outcome] = []
        if job.me and (job.resolve_first or not _fresh(job)):
            recorded, held = self._record(renew=job)
            if not held:
                log_event(log, "variant.attempt", variant_id=job.variant_id,
                          outcome="lost_claim")
                return [*recorded, Outcome(job.variant_id, "lost_claim")]
        if not self._pending:
            self._since = time.monotonic()
        error: ConnectorError | None = None
        published: Published | None = None
        try:
            published = _call(job, self.box)
        except ConnectorError as exc:
            error = exc
        self._pending.append(_Sent(job, published, error))
        if time.monotonic() - self._since >= GROUP_SECONDS:
            recorded.extend(self.flush())
        return recorded

    def flush(self) -> list[Outcome]:
        """Record the pending outcomes now; return them."""
        return self._record()[0]

    def _record(self, renew: _Job | None = None) -> tuple[list[Outcome], bool]:
        sent, self._pending = self._pending, []
        held = True
        try:
            with transaction(self.db) as session:
                outcomes = _outcomes(session, sent)
                if renew is not None:
                    held = _renew(session, renew)
        except Exception:
            if not sent:
                raise  # the renewal alone: the caller treats it as this job's error
            # A bug in one outcome must not lose the others' record: one transaction each.
            outcomes = [self._record_alone(one) for one in sent]
            if renew is not None:
                held = renew_claim(self.db, renew)
        for one, outcome in zip(sent, outcomes, strict=True):
            log_event(log, "variant.attempt", variant_id=one.job.variant_id,
                      outcome=outcome.state, error=one.error.kind if one.error else None)
        return outcomes, held

    def _record_alone(self, sent: _Sent) -> Outcome:
        try:
            with transaction(self.db) as session:
                return _outcomes(session, [sent])[0]
        except Exception as exc:  # a bug: logged by type only (no post content)
            log_event(log, "variant.record_failed", level=logging.ERROR,
                      variant_id=sent.job.variant_id, error=type(exc).__name__.lower())
            release_after_error(self.db, sent.job.variant_id, sent.job.me)
            return Outcome(sent.job.variant_id, "error", type(exc).__name__)


def _outcomes(session: Session, sent: Sequence[_Sent]) -> list[Outcome]:
    """Step 5 for calls made: each outcome, in the caller's transaction (rows read in one go)."""
    if not sent:
        return []
    rows: dict[int, Row] = {row[0].id: (row[0], row[1], row[2]) for row in session.execute(
        _ROWS, {"variant_ids": [one.job.variant_id for one in sent]})}
    group = Batch(rows=rows)
    outcomes = []
    for one in sent:
        job = one.job
        variant, post, channel = rows[job.variant_id]
        if job.me and variant.claimed_by != job.me:
            outcomes.append(_late(session, variant, post, job, one.published, one.error, group))
        elif one.published is not None:
            outcomes.append(_succeed(session, variant, post, one.published, job.archive_facts,
                                     group))
        else:
            assert one.error is not None
            outcomes.append(_handle_error(session, variant, post, channel, one.error))
    finish(session, group)
    return outcomes


def deliver(db: sessionmaker[Session], box: Box, job: _Job) -> Outcome:
    """Steps 3 to 5 for one prepared job: the network call outside transactions, then its
    outcome in one transaction (`Sender` for a batch of them)."""
    sender = Sender(db, box)
    outcomes = sender.send(job)
    return [*outcomes, *sender.flush()][-1]


def publish_one(db: sessionmaker[Session], box: Box, variant_id: int, me: str) -> Outcome:
    """Publish one claimed variant: key committed first, network call outside transactions."""
    with transaction(db) as session:
        batch = load(session, [variant_id])
        job = prepare(session, variant_id, me, box, batch)
        finish(session, batch)
    if isinstance(job, Outcome):
        return job
    _test_pause("after_key")
    return deliver(db, box, job)


def release_after_error(db: sessionmaker[Session], variant_id: int, me: str) -> None:
    """An unexpected error mid-publish: free the claim; with a key recorded the outcome is unknown.

    Without this the variant would stay claimed by a live worker until the lease ran out.
    """
    with transaction(db) as session:
        variant = session.get(Variant, variant_id, with_for_update=True)
        if variant is None or variant.claimed_by != me:
            return
        post = session.get(Post, variant.post_id)
        assert post is not None
        if variant.state == State.PUBLISHING.value and variant.idempotency_key:
            variant_event(variant, Event.LOSE_ANSWER)
        variant.claimed_by = variant.claimed_at = None
        variant.next_attempt_at = utcnow() + timedelta(seconds=backoff(variant.attempts))
        roll_up(session, post)
        audit.record(session, SYSTEM, "variant.retry_scheduled", f"variant:{variant.id}",
                     {"reason": "internal_error", "attempts": variant.attempts},
                     org_id=post.org_id)
