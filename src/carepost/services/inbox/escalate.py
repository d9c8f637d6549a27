"""Emergency escalation: the on-call list gets an email and a webhook with the crisis resources.

Called from the ingest path right after the item is committed (within seconds of the fetch, not
on a later poll). An item stays `pending` until every configured route answered; a route that
failed is retried on the next poll, so a crash or an SMTP outage delays the alert, never loses
it. Only the routes that failed are retried: a webhook outage does not page the on-call mailbox
again on every poll.

Polls overlap (the worker's poll thread, "poll now" in the API or CLI, several workers), and
each of them escalates the whole organisation. Before sending, a poll claims the item with a
conditional UPDATE (`escalated_at` doubles as the claim time while the item is still
pending/failed); the others skip it. A claim older than `CLAIM_STALE` (a worker that died
mid-send) can be taken over. Up to `CLAIM_BATCH` items are claimed by one UPDATE and sent by
up to `SENDERS` threads, each over its own SMTP session (one HTTP client for all), each outcome
committed right after its send: a backlog page with dozens of emergencies reaches the on-call
list within seconds of the fetch, even through a relay that takes a while per message.

The message carries the redacted text, the author's handle and a link to the item: enough for
the on-call person to act, without repeating identifiers the guard found.
"""

from __future__ import annotations

import json
import logging
import smtplib
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from email import quoprimime
from email.message import EmailMessage, Message
from email.utils import make_msgid

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from carepost.connectors import http
from carepost.connectors.email.connector import EmailConnector
from carepost.connectors.email.schema import EmailConfig
from carepost.connectors.errors import ConnectorError
from carepost.connectors.webhook import payload
from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services import audit, channels
from carepost.services.actor import SYSTEM
from carepost.services.inbox import config
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundItem
from carepost.storage.models import AuditEvent, utcnow
from carepost.storage.publishing import Channel

log = logging.getLogger("carepost.inbox")
# Short timeouts: the whole escalation must land within seconds of the fetch.
TIMEOUT = httpx.Timeout(4.0, connect=2.0)
SMTP_TIMEOUT = 4.0
EVENT = "inbox.emergency"
# Longer than a whole send (two routes at a few seconds each, with TLS and login) can take.
CLAIM_STALE = timedelta(seconds=120)
# Items claimed in one transaction, by one UPDATE: a backlog page's emergencies at once.
CLAIM_BATCH = 50
# Alerts of a batch in flight at once, each sender with its own SMTP session. A relay across
# the internet takes a few round trips a message (100-200 ms): one after the other, a page of
# 45 emergencies would take 5-9 s. Three: the concurrent connections an SMTP submission
# account commonly gets (Microsoft 365 allows three).
SENDERS = 3
# Longest line EmailMessage.set_content sends as 7bit, and its quoted-printable line length
# (the default policy's max_line_length).
_MAX_7BIT_LINE = 78
# A batch whose sends are slow (a relay that times out) renews the claims it has not sent yet
# this often, so they never look stale to another poll while this one is still going to send.
RENEW_AFTER = CLAIM_STALE.total_seconds() / 4


def _body(item: InboundItem, crisis: str) -> tuple[str, dict[str, object]]:
    verdict = json.loads(item.verdict or "{}")
    redacted = str(verdict.get("redacted") or "")[:2000]
    text = (
        f"Possible emergency in the inbox (item {item.id}, {item.kind} by {item.author}).\n\n"
        f"What they wrote (identifiers removed):\n{redacted}\n\n"
        f"Open it: {item.url or 'no public link'}  (carepost inbox item {item.id})\n\n"
        f"Crisis resources:\n{crisis}\n"
    )
    data: dict[str, object] = {
        "id": f"emergency-{item.id}",
        "type": EVENT,
        "item": {"id": item.id, "channel_id": item.channel_id, "kind": item.kind,
                 "author": item.author, "url": item.url, "redacted": redacted},
        "crisis_resources": crisis,
    }
    return text, data


def _message(smtp_config: EmailConfig, recipients: list[str], subject: str, text: str,
             item_id: int) -> Message:
    to = ", ".join(recipients)
    # One Message-ID per item: a retried escalation is recognisable as the same alert.
    message_id = make_msgid(f"emergency-{item_id}", "carepost.invalid")
    if not (subject.isascii() and smtp_config.from_address.isascii() and to.isascii()):
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = smtp_config.from_address
        message["To"] = to
        message["Message-ID"] = message_id
        message.set_content(text)
        return message
    # ASCII headers (as they always are: carepost's subject, addresses checked when saved):
    # the headers and body EmailMessage.set_content writes, without its header registry,
    # which parses every header it is given (0.6-0.8 ms a message; a backlog page can hold
    # dozens of emergencies). The body is 7bit when it can be, else quoted-printable (where
    # set_content may choose 8bit or base64: the same text once decoded, and readable raw).
    lines = text.encode("utf-8").splitlines()
    body = b"\n".join(lines) + b"\n"
    plain = Message()
    plain["Subject"] = subject
    plain["From"] = smtp_config.from_address
    plain["To"] = to
    plain["Message-ID"] = message_id
    plain["Content-Type"] = 'text/plain; charset="utf-8"'
    if body.isascii() and max(map(len, lines), default=0) <= _MAX_7BIT_LINE:
        plain["Content-Transfer-Encoding"] = "7bit"
        plain.set_payload(body.decode("ascii"))
    else:
        plain["Content-Transfer-Encoding"] = "quoted-printable"
        plain.set_payload(quoprimime.body_encode(body.decode("latin-1"), _MAX_7BIT_LINE))
    plain["MIME-Version"] = "1.0"
    return plain


class Links:
    """One SMTP connection and one HTTP client for a batch of alerts, opened on first use.

    A backlog page can hold dozens of emergencies; a new SMTP session (TLS, login) and a new
    HTTP client for each made the last alert of a 500-item page land 10 s after the fetch.
    """

    def __init__(self, share: Links | None = None) -> None:
        self._smtp: smtplib.SMTP | None = None
        self._http: httpx.Client | None = None
        # Senders working in parallel each hold an SMTP session (smtplib is not thread-safe)
        # and use the HTTP client of the Links they `share` (httpx clients are).
        self._share = share
        self._lock = threading.Lock()

    def email(self, smtp_config: EmailConfig, recipients: list[str], subject: str, text: str,
              item_id: int) -> None:
        """Send one alert email; raises ConnectorError (transient) when it did not go."""
        message = _message(smtp_config, recipients, subject, text, item_id)
        reused = self._smtp is not None
        try:
            try:
                self._send(smtp_config, message, recipients)
            except smtplib.SMTPServerDisconnected:
                self._drop()
                if not reused:
                    raise
                self._send(smtp_config, message, recipients)  # the server closed an idle link
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise ConnectorError("transient", f"on-call email: {type(exc).__name__}",
                                 permanent=False) from None

    def _send(self, smtp_config: EmailConfig, message: Message,
              recipients: list[str]) -> None:
        if self._smtp is None:
            # The channel's relay, TLS and login, exactly as it posts.
            self._smtp = EmailConnector(smtp_config)._connect()
            if self._smtp.sock is not None:
                self._smtp.sock.settimeout(SMTP_TIMEOUT)
        self._smtp.send_message(message, from_addr=smtp_config.from_address,
                                to_addrs=recipients)

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def webhook(self, hook: config.Webhook, data: dict[str, object]) -> None:
        """Post one signed alert to the webhook; raises ConnectorError when it did not go."""
        owner = self._share or self
        with owner._lock:
            if owner._http is None:
                owner._http = http.client(allow_private=hook.allow_private_addresses,
                                          timeout=TIMEOUT)
            client = owner._http
        _webhook(client, hook, data)

    def close(self) -> None:
        """Say goodbye to the SMTP server and close the HTTP client."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None
        if self._http is not None:
            self._http.close()
            self._http = None


def _webhook(client: httpx.Client, hook: config.Webhook, data: dict[str, object]) -> None:
    body = payload.encode(data)
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        payload.DELIVERY_HEADER: str(data["id"]),
        payload.TIMESTAMP_HEADER: str(stamp),
        payload.SIGNATURE_HEADER: payload.sign(hook.secret, stamp, body),
    }
    http.send(client, "POST", hook.url, content=body, headers=headers)


@dataclass
class Alert:
    """Everything needed to send one item's alert, read before any network call."""

    item_id: int
    org_id: int
    subject: str
    text: str
    data: dict[str, object]
    recipients: list[str]
    smtp: EmailConfig | None
    smtp_problem: str | None
    hook: config.Webhook | None

    @property
    def routes(self) -> int:
        """How many routes are configured."""
        return int(bool(self.recipients)) + int(self.hook is not None)


@dataclass(frozen=True)
class Routes:
    """An organisation's on-call routes, read and unsealed once for a batch of alerts."""

    crisis: str
    recipients: list[str]
    smtp: EmailConfig | None
    smtp_problem: str | None
    hook: config.Webhook | None


def routes_of(session: Session, box: Box, org_id: int) -> Routes:
    """Read the organisation's on-call list, SMTP relay, webhook and crisis text."""
    row = config.settings_of(session, org_id)
    recipients = config.oncall_emails(row)
    smtp: EmailConfig | None = None
    problem: str | None = None
    if recipients:
        channel = session.get(Channel, row.smtp_channel_id) if row.smtp_channel_id else None
        if channel is None:
            problem = "no_smtp_channel"
        else:
            try:
                smtp = EmailConfig.from_mapping(channels.open_config(channel, box))
            except ValueError:
                problem = "smtp_config_invalid"
    return Routes(config.crisis_text(row), recipients, smtp, problem, config.open_webhook(row, box))


def prepare(session: Session, box: Box, item: InboundItem, routes: Routes | None = None
            ) -> Alert:
    """Build the alert for `item` (the organisation's routes are read unless given)."""
    routes = routes or routes_of(session, box, item.org_id)
    text, data = _body(item, routes.crisis)
    return Alert(item.id, item.org_id, f"[carepost] Possible emergency: item {item.id}", text,
                 data, routes.recipients, routes.smtp, routes.smtp_problem, routes.hook)


def send(alert: Alert, done: frozenset[str] = frozenset(), links: Links | None = None
         ) -> dict[str, str]:
    """Send the alert on every route not in `done` (outside any transaction); each outcome."""
    own = links is None
    links = links or Links()
    routes: dict[str, str] = {route: "sent" for route in done}
    try:
        if alert.recipients and "email" not in done:
            if alert.smtp is None:
                routes["email"] = alert.smtp_problem or "no_smtp_channel"
            else:
                try:
                    links.email(alert.smtp, alert.recipients, alert.subject, alert.text,
                                alert.item_id)
                    routes["email"] = "sent"
                except ConnectorError as exc:
                    routes["email"] = exc.kind
        if alert.hook is not None and "webhook" not in done:
            try:
                links.webhook(alert.hook, alert.data)
                routes["webhook"] = "sent"
            except ConnectorError as exc:
                routes["webhook"] = exc.kind
    finally:
        if own:
            links.close()
    return routes


def record(session: Session, item: InboundItem, routes: dict[str, str]) -> bool:
    """Store and audit the outcome; True when every configured route took the alert."""
    ok = bool(routes) and all(v == "sent" for v in routes.values())
    item.escalation = "sent" if ok else "failed"
    # Sent: when it went out. Failed: release the claim, so the next poll retries at once.
    item.escalated_at = utcnow() if ok else None
    _audit(session, item.id, item.org_id, routes, ok)
    return ok


def _audit(session: Session, item_id: int, org_id: int, routes: dict[str, str], ok: bool
           ) -> None:
    audit.record(session, SYSTEM, "inbox.escalated", f"inbound:{item_id}",
                 {"ok": ok, "routes": len(routes),
                  **{f"route_{k}": v for k, v in routes.items()}}, org_id=org_id)
    log_event(log, "inbox.escalated", item_id=item_id, ok=ok, routes=len(routes))


def _record_outcome(db: sessionmaker[Session], item_id: int, org_id: int,
                    routes: dict[str, str]) -> bool:
    """`record` in a transaction of its own, by a conditional UPDATE (no ORM load): nothing is
    written if the item is already `sent`. True when every route took the alert."""
    ok = bool(routes) and all(v == "sent" for v in routes.values())
    with transaction(db) as session:
        changed = session.execute(
            update(InboundItem)
            .where(InboundItem.id == item_id, InboundItem.escalation != "sent")
            .values(escalation="sent" if ok else "failed", escalated_at=utcnow() if ok else None)
            .execution_options(synchronize_session=False))
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            return False
        _audit(session, item_id, org_id, routes, ok)
    return ok


def routes_sent(session: Session, item_id: int) -> frozenset[str]:
    """The routes that already took this item's alert, from its audited attempts."""
    found: set[str] = set()
    for detail in session.execute(select(AuditEvent.detail).where(
            AuditEvent.action == "inbox.escalated",
            AuditEvent.subject == f"inbound:{item_id}")).scalars():
        data = json.loads(detail or "{}")
        found |= {k.removeprefix("route_") for k, v in data.items()
                  if k.startswith("route_") and v == "sent"}
    return frozenset(found)


def claim(session: Session, item_id: int) -> bool:
    """Take the item for this poll (conditional UPDATE); False when another poll holds it."""
    return item_id in claim_many(session, [item_id])


def claim_many(session: Session, item_ids: list[int]) -> set[int]:
    """Take the items for this poll in one conditional UPDATE; the ids it got (another poll
    holds the rest)."""
    if not item_ids:
        return set()
    now = utcnow()
    return set(session.execute(
        update(InboundItem)
        .where(InboundItem.id.in_(item_ids), InboundItem.escalation.in_(("pending", "failed")),
               or_(InboundItem.escalated_at.is_(None),
                   InboundItem.escalated_at < now - CLAIM_STALE))
        .values(escalated_at=now)
        .returning(InboundItem.id)
        .execution_options(synchronize_session=False)).scalars())


def _renew(db: sessionmaker[Session], item_ids: list[int]) -> None:
    """Refresh this poll's claims on items it has yet to send."""
    with transaction(db) as session:
        session.execute(
            update(InboundItem)
            .where(InboundItem.id.in_(item_ids),
                   InboundItem.escalation.in_(("pending", "failed")))
            .values(escalated_at=utcnow())
            .execution_options(synchronize_session=False))


def escalate_pending(db: sessionmaker[Session], box: Box, org_id: int) -> int:
    """Escalate the organisation's urgent items still waiting; how many went out on every route.

    A `failed` item is retried only while at least one route is configured, so an organisation
    without an on-call list gets one audited failure per item, not one per poll.
    """
    with transaction(db) as session:
        ids = list(session.execute(
            select(InboundItem.id).where(InboundItem.org_id == org_id,
                                         InboundItem.escalation.in_(("pending", "failed")))
            .order_by(InboundItem.id)).scalars())
    sent = 0
    routes: Routes | None = None
    links = Links()
    # The other senders' SMTP sessions, kept from one claimed batch to the next.
    helpers = [Links(share=links) for _ in range(SENDERS - 1)]
    try:
        for start in range(0, len(ids), CLAIM_BATCH):
            claimed: list[tuple[int, Alert, frozenset[str]]] = []
            with transaction(db) as session:
                items = session.execute(
                    select(InboundItem).where(
                        InboundItem.id.in_(ids[start:start + CLAIM_BATCH]),
                        InboundItem.escalation.in_(("pending", "failed")))
                    .order_by(InboundItem.id)).scalars().all()
                if not items:
                    continue
                routes = routes or routes_of(session, box, org_id)
                alerts = [(item, prepare(session, box, item, routes)) for item in items]
                alerts = [(item, alert) for item, alert in alerts
                          if item.escalation != "failed" or alert.routes]
                # Another poll may be sending some of them right now: those are left to it.
                taken = claim_many(session, [item.id for item, _ in alerts])
                for item, alert in alerts:
                    if item.id not in taken:
                        continue
                    # Only a failed attempt leaves audited routes (a pending item has none):
                    # no search of the audit log for a first attempt.
                    done = (routes_sent(session, item.id) if item.escalation == "failed"
                            else frozenset())
                    claimed.append((item.id, alert, done))
            sent += _Batch(db, claimed).send(links, helpers)
    finally:
        for each in (links, *helpers):
            each.close()
    return sent


class _Batch:
    """Claimed alerts sent by up to SENDERS threads, each taking the next one in turn.

    Each sender commits an alert's outcome right after sending it: a crash resends at most the
    alerts in flight (one per sender), never one recorded as sent. Claims not yet taken are
    renewed while sends are slow, so no other poll takes them over meanwhile.
    """

    def __init__(self, db: sessionmaker[Session], claimed: list[tuple[int, Alert, frozenset[str]]]
                 ) -> None:
        self.db = db
        self.claimed = claimed
        self.next = 0
        self.sent = 0
        self.claimed_at = time.monotonic()
        self.error: BaseException | None = None
        self.lock = threading.Lock()

    def send(self, links: Links, helpers: list[Links]) -> int:
        """Send every claimed alert over `links` and, in parallel, `helpers`; how many went
        out on every route."""
        bind = self.db.kw.get("bind")
        # One SQLite connection shared by every thread (an in-memory database) cannot hold a
        # transaction per sender: there, one sender.
        single = isinstance(getattr(bind, "pool", None), StaticPool)
        senders = 1 if single else min(1 + len(helpers), len(self.claimed))
        if senders <= 1:
            self._run(links)
            return self.sent
        threads = [threading.Thread(target=self._run_own, args=(each,),
                                    name="carepost-escalate", daemon=True)
                   for each in (links, *helpers)[:senders]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if self.error is not None:
            raise self.error
        return self.sent

    def _take(self) -> tuple[int, Alert, frozenset[str]] | None:
        with self.lock:
            if self.error is not None or self.next >= len(self.claimed):
                return None
            if time.monotonic() - self.claimed_at > RENEW_AFTER:
                _renew(self.db, [i for i, _, _ in self.claimed[self.next:]])
                self.claimed_at = time.monotonic()
            self.next += 1
            return self.claimed[self.next - 1]

    def _run(self, links: Links) -> None:
        while (entry := self._take()) is not None:
            item_id, alert, done = entry
            outcome = send(alert, done, links)
            ok = _record_outcome(self.db, item_id, alert.org_id, outcome)
            with self.lock:
                self.sent += ok

    def _run_own(self, links: Links) -> None:
        try:
            self._run(links)
        except BaseException as exc:  # handed to the poll, which raises it after the join
            with self.lock:
                self.error = self.error or exc
