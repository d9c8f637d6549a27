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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

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
    notifications,
    post_media,
    posts,
)
from carepost.services.actor import SYSTEM
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Approval, Channel, Post, Variant

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
    # When the claim was last verified: (this thread's network-call count, monotonic time).
    checked: tuple[int, float] | None = None
    # The archive's image hashes and approval chain, read when the send was prepared.
    archive_facts: tuple[str, str] | None = None


def _prepare(session: Session, variant_id: int, me: str, box: Box) -> _Job | Outcome:
    """Step 2: guard again, then record the key; the caller commits before any network call."""
    variant = session.get(Variant, variant_id, with_for_update=True)
    if variant is None or variant.claimed_by != me:
        return Outcome(variant_id, "lost_claim")
    if variant.state not in CLAIMABLE:
        # Edited (back to review) or unscheduled between the claim and now: not ours to send.
        variant.claimed_by = variant.claimed_at = None
        return Outcome(variant_id, "lost_claim")
    post = session.get(Post, variant.post_id)
    channel = session.get(Channel, variant.channel_id)
    assert post is not None and channel is not None
    if variant.state == State.SCHEDULED.value:
        variant_event(variant, Event.START)
        roll_up(session, post)
        audit.record(session, SYSTEM, "variant.publishing", f"variant:{variant.id}",
                     {"post_id": post.id, "channel_id": channel.id}, org_id=post.org_id)
    resolve_first = variant.state == State.OUTCOME_UNKNOWN.value
    if not resolve_first:
        if channel.status != "active":
            return _fail(session, variant, post, "the channel needs reconnecting")
        result = posts.run_guard(variant.text, posts.subject_of(post, channel))
        variant.guard_action, variant.guard_report = result.action, result.report
        if result.blocking and not _override_on_record(session, post):
            return _fail(session, variant, post,
                         "the guard blocks this text and no privacy officer overrode it")
    try:
        item = outbound_item(variant, channel, _media(session, post.id), post.title)
    except variants.VariantError as exc:
        return _fail(session, variant, post, str(exc))
    if not resolve_first:
        problems = variants.validate(
            variants.Variant(channel.name, channel.kind, (item.text, *item.thread),
                             media=item.media, subject=item.subject, html=item.html),
            channel_meta.metadata_for(channel))
        if problems:
            return _fail(session, variant, post, problems[0].message)
    if not variant.idempotency_key:
        variant.idempotency_key = new_key()
    variant.attempts += 1
    return _Job(variant.id, channel, item, variant.idempotency_key, resolve_first,
                frozenset(json.loads(variant.delivered)), me, _checked_now(),
                _archive_facts(session, post))


def _media(session: Session, post_id: int) -> tuple[Media, ...]:
    """The post's images, read once per transaction (a batch holds all of a post's variants)."""
    cache: dict[int, tuple[Media, ...]] = session.info.setdefault("carepost.media", {})
    if post_id not in cache:
        cache[post_id] = post_media.media_of(session, post_id)
    return cache[post_id]


def _archive_facts(session: Session, post: Post) -> tuple[str, str]:
    """The archive's facts of the post, read once per transaction (as `_media`)."""
    cache: dict[int, tuple[str, str]] = session.info.setdefault("carepost.archive_facts", {})
    if post.id not in cache:
        cache[post.id] = archive.archive_facts(session, post)
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


def _fail(session: Session, variant: Variant, post: Post, message: str) -> Outcome:
    event = (Event.CONFIRM_ABSENT if variant.state == State.OUTCOME_UNKNOWN.value
             else Event.FAIL)
    variant_event(variant, event)
    variant.error = message[:500]
    variant.claimed_by = variant.claimed_at = None
    variant.next_attempt_at = None
    roll_up(session, post)
    audit.record(session, SYSTEM, "variant.failed", f"variant:{variant.id}",
                 {"post_id": post.id, "channel_id": variant.channel_id,
                  "attempts": variant.attempts}, org_id=post.org_id)
    # The author and whoever can reschedule must know: a failed post is not retried by itself.
    publishers = notifications.users_with_roles(session, post.org_id, ("approver", "admin"))
    notifications.notify(session, post.org_id, "variant.failed", f"variant:{variant.id}",
                         [u for u in (post.author_id, *publishers) if u is not None])
    return Outcome(variant.id, State.FAILED.value, message)


def roll_up(session: Session, post: Post) -> None:
    """The post's state from its variants' (the states alone: this runs twice per publish)."""
    states = session.execute(select(Variant.state).where(Variant.post_id == post.id)).scalars()
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


# Network calls made by this thread: a claim verified with no call since (and only seconds
# ago) needs no second check before the next call (see `_fresh`).
_CALLS = threading.local()
FRESH_SECONDS = 30.0


def _checked_now() -> tuple[int, float]:
    return getattr(_CALLS, "count", 0), time.monotonic()


def _fresh(job: _Job) -> bool:
    """The claim was verified in a committed transaction with no network call since, just now.

    The lease (10 minutes) can only run out during a long wait, and the waits are the network
    calls; the time bound covers a slow database as well.
    """
    if job.checked is None:
        return False
    count, at = job.checked
    return count == getattr(_CALLS, "count", 0) and time.monotonic() - at < FRESH_SECONDS


def _call(job: _Job, box: Box) -> Published | None:
    """Steps 3 and 4, outside any transaction: ask first when unsure, then publish (same key)."""
    _CALLS.count = getattr(_CALLS, "count", 0) + 1
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
             facts: tuple[str, str] | None = None) -> Outcome:
    event = (Event.CONFIRM_PUBLISHED if variant.state == State.OUTCOME_UNKNOWN.value
             else Event.SUCCEED)
    variant_event(variant, event)
    variant.remote_id, variant.url = published.remote_id[:500], (published.url or None)
    variant.published_at = utcnow()
    variant.error = None
    variant.claimed_by = variant.claimed_at = variant.next_attempt_at = None
    roll_up(session, post)
    session.flush()
    record = archive.archive_variant(session, variant, post, facts)
    audit.record(session, SYSTEM, "variant.published", f"variant:{variant.id}",
                 {"post_id": post.id, "channel_id": variant.channel_id,
                  "archive_id": record.id, "attempts": variant.attempts}, org_id=post.org_id)
    return Outcome(variant.id, State.PUBLISHED.value)


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


def prepare(session: Session, variant_id: int, me: str, box: Box) -> _Job | Outcome:
    """Step 2 for one claimed variant in the caller's transaction, which must commit before
    `deliver` (the key is then on record before any network call)."""
    return _prepare(session, variant_id, me, box)


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
    now = utcnow()
    result = session.execute(
        update(Variant)
        .where(Variant.id == job.variant_id, Variant.claimed_by == job.me,
               Variant.claimed_at > now - CLAIM_LEASE, Variant.state.in_(CLAIMABLE))
        .values(claimed_at=now).execution_options(synchronize_session=False)
    )
    held = result.rowcount == 1  # type: ignore[attr-defined]
    job.checked = _checked_now() if held else None
    return held


def deliver(db: sessionmaker[Session], box: Box, job: _Job, renew: _Job | None = None) -> Outcome:
    """Steps 3 to 5 for a prepared job: the network call outside transactions, then its outcome.

    The claim is re-checked (and renewed) first unless it was verified with no network call
    since (`_fresh`): a variant another worker took over is skipped. `renew`, the batch's next
    job, has its claim renewed in this job's outcome transaction, after the call, which saves
    it a transaction of its own (one commit less per post).
    """
    if job.me and not _fresh(job) and not renew_claim(db, job):
        log_event(log, "variant.attempt", variant_id=job.variant_id, outcome="lost_claim")
        return Outcome(job.variant_id, "lost_claim")
    error: ConnectorError | None = None
    published: Published | None = None
    try:
        published = _call(job, box)
    except ConnectorError as exc:
        error = exc
    with transaction(db) as session:
        # One query for the three rows (the variant locked): this runs once per post.
        variant, post, channel = session.execute(
            select(Variant, Post, Channel)
            .join(Post, Post.id == Variant.post_id).join(Channel, Channel.id == Variant.channel_id)
            .where(Variant.id == job.variant_id).with_for_update(of=Variant)
        ).one()
        if published is not None:
            outcome = _succeed(session, variant, post, published, job.archive_facts)
        else:
            assert error is not None
            outcome = _handle_error(session, variant, post, channel, error)
        if renew is not None and renew.me:
            _renew(session, renew)
    log_event(log, "variant.attempt", variant_id=job.variant_id, outcome=outcome.state,
              error=error.kind if error else None)
    return outcome


def publish_one(db: sessionmaker[Session], box: Box, variant_id: int, me: str) -> Outcome:
    """Publish one claimed variant: key committed first, network call outside transactions."""
    with transaction(db) as session:
        job = _prepare(session, variant_id, me, box)
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
