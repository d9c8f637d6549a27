"""Sending an alert to every chosen channel at once, exactly once, and the delivery board.

The sequence mirrors `carepost.services.publishing` for one variant, per delivery:

1. one transaction flips the alert from approved to sending (a conditional UPDATE, so a second
   "send" click, even a simultaneous one, gets a clear refusal) and records an idempotency key
   on every delivery, COMMITTED before any network call;
2. the deliveries go out in parallel threads, each calling its connector with its key (the
   network de-duplicates on it: AT Protocol record key, Mastodon Idempotency-Key, email
   Message-ID, webhook delivery id); long texts become threads where the network has them;
3. "acknowledged" means the network confirms the post exists (`check_status`), or, where it
   cannot be asked (SMTP, webhooks), that the server accepted it; a failure is recorded with
   the network's own words and does not stop the other channels;
4. `retry` sends failed deliveries again with the SAME key (an email list resumes after the
   members already mailed; an unknown outcome is looked up first).

The web page and the API use `send_in_background`/`retry_in_background`: step 1 runs in the
request (so a refusal is immediate), steps 2-3 on a thread while the board refreshes itself.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors import registry
from carepost.connectors.base import OutboundItem, Published
from carepost.connectors.email.connector import EmailConnector
from carepost.connectors.errors import ConnectorError
from carepost.connectors.idempotency import new_key
from carepost.core import variants
from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services import audit, channels, notifications
from carepost.services.actor import SYSTEM, Actor, require
from carepost.services.alerts import approvals
from carepost.services.alerts.compose import deliveries, get_alert
from carepost.services.alerts.pause import pause_promotions
from carepost.services.errors import Conflict, NotFound
from carepost.storage.alerts import Alert, AlertDelivery
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Channel

log = logging.getLogger("carepost.alerts")
MAX_PARALLEL = 8
RETRYABLE = ("failed", "unknown")
# A delivery still "sending" after this was cut off (the process died mid-call): retry takes it
# up, looking it up on the network first. Connector calls are bounded well below this.
STALE_SENDING = timedelta(minutes=10)


@dataclass(frozen=True)
class _Job:
    delivery_id: int
    channel: Channel
    item: OutboundItem
    key: str
    resolve_first: bool
    delivered: frozenset[str]
    pin: bool = False  # an alert stays on top of the profile where the network can pin
    unpin: str | None = None  # the all-clear takes the first alert's post off the top


@dataclass(frozen=True)
class Result:
    """What happened to one delivery in this round."""

    delivery_id: int
    channel_id: int
    status: str
    detail: str = ""


def item_for(alert: Alert, channel: Channel, link: str | None = None) -> OutboundItem:
    """The connector's input: the headline is the email subject, long text becomes a thread."""
    composed = variants.Composed(text=alert.text, link=link, subject=alert.headline)
    return variants.derive(composed, channel.name, registry.metadata(channel.kind)).item()


def _refuse_send(session: Session, alert: Alert) -> Conflict:
    if alert.status == "awaiting_approval":
        still = approvals.missing(approvals.of_alert(session, alert.id))
        return Conflict(f"alert {alert.id} still needs approval by {' and '.join(still)}")
    return Conflict(f"alert {alert.id} was already sent ({alert.status}); nothing was sent "
                    "twice. Use retry for failed deliveries.")


def send(db: sessionmaker[Session], box: Box, actor: Actor, alert_id: int,
         link: str | None = None) -> list[Result]:
    """Send an approved alert to all its channels in parallel; return each delivery's result."""
    return _run(db, box, alert_id, _start(db, actor, alert_id), link)


def send_in_background(db: sessionmaker[Session], box: Box, actor: Actor, alert_id: int,
                       link: str | None = None) -> None:
    """As `send`, but return once the alert and its keys are committed; the fan-out runs on.

    For the web: a list of thousands keeps SMTP busy for minutes, which a request must not wait
    for. A second click is still refused here, before this returns (the claim is step 1).
    """
    _background(db, box, alert_id, _start(db, actor, alert_id), link)


def _start(db: sessionmaker[Session], actor: Actor, alert_id: int) -> list[int]:
    """Step 1: claim the alert and commit every delivery's key; the deliveries to send."""
    with transaction(db) as session:
        require(actor, "alert.send", session)
        alert = get_alert(session, actor, alert_id)
        now = utcnow()
        claimed = session.execute(
            update(Alert).where(Alert.id == alert.id, Alert.status == "approved")
            .values(status="sending", sent_at=now, sent_by=actor.user_id)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if claimed != 1:
            session.refresh(alert)
            raise _refuse_send(session, alert)
        session.refresh(alert)
        ids = []
        for row in deliveries(session, alert.id):
            row.idempotency_key = row.idempotency_key or new_key()
            row.status, row.attempts, row.updated_at = "sending", row.attempts + 1, now
            ids.append(row.id)
        held = 0 if alert.drill else pause_promotions(session, alert, now)
        audit.record(session, actor, "alert.sent", f"alert:{alert.id}",
                     {"deliveries": len(ids), "drill": alert.drill, "posts_paused": held,
                      "msg_type": alert.msg_type})
    return ids


def retry(db: sessionmaker[Session], box: Box, actor: Actor, alert_id: int,
          delivery_ids: Sequence[int] | None = None, link: str | None = None) -> list[Result]:
    """Send failed (or unknown) deliveries again with their own keys; others stay as they are."""
    return _run(db, box, alert_id, _take_retries(db, actor, alert_id, delivery_ids), link)


def retry_in_background(db: sessionmaker[Session], box: Box, actor: Actor, alert_id: int,
                        delivery_ids: Sequence[int] | None = None,
                        link: str | None = None) -> None:
    """As `retry`, but returns once the deliveries are taken (as `send_in_background`)."""
    _background(db, box, alert_id, _take_retries(db, actor, alert_id, delivery_ids), link)


def _take_retries(db: sessionmaker[Session], actor: Actor, alert_id: int,
                  delivery_ids: Sequence[int] | None) -> list[int]:
    with transaction(db) as session:
        require(actor, "alert.send", session)
        alert = get_alert(session, actor, alert_id)
        if alert.sent_at is None:
            raise Conflict(f"alert {alert.id} has not been sent yet")
        rows = deliveries(session, alert.id)
        if delivery_ids:
            known = {r.id for r in rows}
            for wanted in delivery_ids:
                if wanted not in known:
                    raise NotFound(f"alert {alert.id} has no delivery {wanted}")
        ids = []
        for row in rows:
            if delivery_ids and row.id not in delivery_ids:
                continue
            # Conditional, so two retry clicks cannot both send the same delivery.
            stale = and_(AlertDelivery.status == "sending",
                         AlertDelivery.updated_at < utcnow() - STALE_SENDING)
            took = session.execute(
                update(AlertDelivery)
                .where(AlertDelivery.id == row.id,
                       or_(AlertDelivery.status.in_(RETRYABLE), stale))
                .values(status="sending", attempts=AlertDelivery.attempts + 1,
                        updated_at=utcnow())
                .execution_options(synchronize_session=False)
            ).rowcount  # type: ignore[attr-defined]
            if took == 1:
                ids.append(row.id)
        if not ids:
            raise Conflict(f"alert {alert.id} has no failed delivery to retry")
        alert.status = "sending"
        audit.record(session, actor, "alert.retried", f"alert:{alert.id}",
                     {"deliveries": len(ids)})
    return ids


# Fan-outs running in this process, with their alert ids (`wait` joins them).
_running: list[tuple[int, threading.Thread]] = []
_running_lock = threading.Lock()


def _background(db: sessionmaker[Session], box: Box, alert_id: int, ids: Sequence[int],
                link: str | None) -> None:
    def work() -> None:
        try:
            _run(db, box, alert_id, ids, link)
        except Exception as exc:  # the database went away: the rows stay "sending" and
            # retry takes them up after STALE_SENDING, looking each up on the network first
            log_event(log, "alert.background_failed", level=logging.ERROR, alert_id=alert_id,
                      error=type(exc).__name__.lower())

    # Not a daemon: a server shutting down finishes the round (connector calls are bounded)
    # rather than leaving deliveries "sending" until the stale lease runs out.
    thread = threading.Thread(target=work, name=f"alert-{alert_id}")
    with _running_lock:
        _running[:] = [(k, t) for k, t in _running if t.is_alive()]
        _running.append((alert_id, thread))
        thread.start()  # under the lock: a thread not yet started is not "alive" to a pruner


def wait(alert_id: int | None = None, timeout: float = 60.0) -> bool:
    """Wait for background fan-outs (one alert's, or all); True when none is still running."""
    with _running_lock:
        threads = [t for k, t in _running if alert_id is None or k == alert_id]
    for thread in threads:
        thread.join(timeout)
    return not any(t.is_alive() for t in threads)


def _prepare(db: sessionmaker[Session], alert_id: int, delivery_id: int,
             link: str | None) -> _Job:
    with transaction(db) as session:
        alert = session.get(Alert, alert_id)
        row = session.get(AlertDelivery, delivery_id)
        assert alert is not None and row is not None
        channel = session.get(Channel, row.channel_id)
        assert channel is not None
        if row.idempotency_key is None:
            row.idempotency_key = new_key()
        unpin = None
        if alert.msg_type == "all_clear" and alert.parent_id is not None:
            unpin = session.execute(select(AlertDelivery.remote_id).where(
                AlertDelivery.alert_id == alert.parent_id,
                AlertDelivery.channel_id == row.channel_id)).scalar()
        # Any earlier attempt may have reached the network: look before posting again.
        return _Job(row.id, channel, item_for(alert, channel, link), row.idempotency_key,
                    resolve_first=row.remote_id is None and row.attempts > 1,
                    delivered=frozenset(json.loads(row.delivered)),
                    pin=alert.msg_type == "alert", unpin=unpin)


def _acknowledge(connector: object, job: _Job, published: Published) -> tuple[str, Published]:
    """Ask the network whether the post exists; servers that cannot be asked accepted it."""
    try:
        found = connector.check_status(job.key, job.item)  # type: ignore[attr-defined]
    except ConnectorError as exc:
        if exc.kind == "unsupported":
            return "acknowledged", published  # SMTP 250 / HTTP 2xx: the server took it
        return "sent", published
    if found is None:
        return "sent", published
    return "acknowledged", Published(found.remote_id or published.remote_id,
                                     found.url or published.url)


def _pin(connector: object, job: _Job, published: Published) -> str | None:
    """Pin an alert (or unpin the first alert on its all-clear) where the network can.

    Best effort: the alert is out either way, so a refusal is logged and audited, never a
    failed delivery. Returns what was done ("pinned", "unpinned"), or None.
    """
    try:
        if job.pin:
            connector.pin(published.remote_id)  # type: ignore[attr-defined]
            return "pinned"
        if job.unpin:
            connector.unpin(job.unpin)  # type: ignore[attr-defined]
            return "unpinned"
    except ConnectorError as exc:
        if exc.kind != "unsupported":
            log_event(log, "alert.pin_failed", delivery_id=job.delivery_id, error=exc.kind)
    return None


def _call(job: _Job, box: Box) -> tuple[str, Published, str | None]:
    connector = channels.connector_for(job.channel, box)
    status, published = _post(connector, job)
    return status, published, _pin(connector, job, published)


def _post(connector: Any, job: _Job) -> tuple[str, Published]:
    if job.resolve_first:
        try:
            found = connector.check_status(job.key, job.item)
        except ConnectorError as exc:
            if exc.kind != "unsupported":
                raise
            found = None  # cannot tell: the network's de-duplication on the key is the net
        if found is not None:
            return "acknowledged", found
    if isinstance(connector, EmailConnector):
        # Resume a partly sent list: members already mailed are not mailed again.
        rest = [r for r in connector.config.recipients if r not in job.delivered]
        published = connector.publish_to(job.item, job.key, rest)
    else:
        published = connector.publish(job.item, job.key)
    return _acknowledge(connector, job, published)


def _record(db: sessionmaker[Session], job: _Job, status: str, published: Published | None,
            error: ConnectorError | None, internal: str | None,
            pinned: str | None = None) -> Result:
    with transaction(db) as session:
        row = session.get(AlertDelivery, job.delivery_id, with_for_update=True)
        assert row is not None
        now = utcnow()
        row.status, row.updated_at = status, now
        if published is not None:
            row.remote_id, row.url = published.remote_id[:500], (published.url or None)
            row.sent_at, row.error = row.sent_at or now, None
            if status == "acknowledged":
                row.acknowledged_at = now
        if error is not None:
            row.error = error.message[:500]
            if error.done:
                row.delivered = json.dumps(sorted(set(json.loads(row.delivered))
                                                  | set(error.done)))
        if internal is not None:
            row.error = internal
        alert = session.get(Alert, row.alert_id)
        assert alert is not None
        if error is not None and error.kind == "auth_expired":
            # As for posts: flag the channel and tell its owner and the admins.
            channel = session.get(Channel, row.channel_id)
            if channel is not None:
                channels.mark_needs_reconnecting(session, channel, error.kind)
        if status in RETRYABLE:
            # Whoever sent it must know: a failed delivery is retried only by a person.
            admins = notifications.users_with_roles(session, alert.org_id, ("admin",))
            notifications.notify(session, alert.org_id, "alert.delivery_failed",
                                 f"alert:{alert.id}", [alert.sent_by, *admins])
        audit.record(session, SYSTEM, f"alert.delivery_{status}", f"alert_delivery:{row.id}",
                     {"alert_id": row.alert_id, "channel_id": row.channel_id,
                      "attempts": row.attempts, "error": error.kind if error else None,
                      "pin": pinned},
                     org_id=alert.org_id)
        return Result(row.id, row.channel_id, status, row.error or "")


def _fail_early(db: sessionmaker[Session], delivery_id: int, message: str) -> Result:
    """Nothing reached the network (the text breaks the network's rules): a plain failure."""
    with transaction(db) as session:
        row = session.get(AlertDelivery, delivery_id, with_for_update=True)
        assert row is not None
        row.status, row.error, row.updated_at = "failed", message[:500], utcnow()
        return Result(row.id, row.channel_id, "failed", row.error)


def _deliver(db: sessionmaker[Session], box: Box, alert_id: int, delivery_id: int,
             link: str | None) -> Result:
    try:
        job = _prepare(db, alert_id, delivery_id, link)
    except variants.VariantError as exc:
        return _fail_early(db, delivery_id, str(exc))
    problems = variants.validate(
        variants.Variant(job.channel.name, job.channel.kind, (job.item.text, *job.item.thread),
                         subject=job.item.subject, link=job.item.link),
        registry.metadata(job.channel.kind))
    if problems:
        return _fail_early(db, delivery_id, problems[0].message)
    try:
        status, published, pinned = _call(job, box)
    except ConnectorError as exc:
        # Possibly posted (a timeout after sending): unknown, and a retry looks it up first.
        return _record(db, job, "unknown" if exc.maybe_sent else "failed", None, exc, None)
    except Exception as exc:  # a bug or an unexpected library error: never lose the delivery
        log_event(log, "alert.delivery_error", delivery_id=delivery_id,
                  error=type(exc).__name__)
        return _record(db, job, "unknown", None, None,
                       f"internal error ({type(exc).__name__}); retry checks before sending")
    return _record(db, job, status, published, None, None, pinned)


def _run(db: sessionmaker[Session], box: Box, alert_id: int, ids: Sequence[int],
         link: str | None) -> list[Result]:
    with ThreadPoolExecutor(max_workers=max(1, min(MAX_PARALLEL, len(ids))),
                            thread_name_prefix="alert") as pool:
        results = list(pool.map(lambda d: _deliver(db, box, alert_id, d, link), ids))
    with transaction(db) as session:
        alert = session.get(Alert, alert_id, with_for_update=True)
        assert alert is not None
        alert.status = roll_up([r.status for r in deliveries(session, alert_id)])
    log_event(log, "alert.round", alert_id=alert_id, deliveries=len(results),
              failed=sum(r.status in RETRYABLE for r in results))
    return results


def roll_up(statuses: Sequence[str]) -> str:
    """The alert's status from its deliveries'."""
    if any(s in ("sending", "pending") for s in statuses):
        return "sending"
    bad = sum(s in RETRYABLE for s in statuses)
    if bad == 0:
        return "sent"
    return "failed" if bad == len(statuses) else "partial"


def refresh(db: sessionmaker[Session], box: Box, actor: Actor, alert_id: int) -> int:
    """Ask the networks again about deliveries sent but not yet acknowledged; count confirmed."""
    with transaction(db) as session:
        require(actor, "alert.send", session)
        get_alert(session, actor, alert_id)
    return refresh_unconfirmed(db, box, alert_id)


def refresh_unconfirmed(db: sessionmaker[Session], box: Box, alert_id: int) -> int:
    """`refresh` without a person: the worker's periodic look (services/alerts/acks.py)."""
    with transaction(db) as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            return 0
        waiting = [(r.id, session.get(Channel, r.channel_id), r.idempotency_key)
                   for r in deliveries(session, alert.id) if r.status == "sent"]
        items = {d: item_for(alert, c) for d, c, _ in waiting if c is not None}
    confirmed = 0
    for delivery_id, channel, key in waiting:
        if channel is None or key is None:
            continue
        try:
            found = channels.connector_for(channel, box).check_status(key, items[delivery_id])
        except ConnectorError:
            continue
        if found is None:
            continue
        with transaction(db) as session:
            row = session.get(AlertDelivery, delivery_id, with_for_update=True)
            if row is not None and row.status == "sent":
                row.status, row.acknowledged_at = "acknowledged", utcnow()
                row.url = row.url or found.url
                confirmed += 1
    return confirmed
