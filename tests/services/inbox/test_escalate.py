"""Emergency escalation from the ingest path: a real SMTP server and a real loopback webhook."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import timedelta
from email import message_from_bytes
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.base import InboundItem as Fetched
from carepost.connectors.webhook import payload
from carepost.crypto import Box
from carepost.services.inbox import config, escalate, ingest
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundItem
from carepost.storage.models import AuditEvent, utcnow
from tests.conftest import Personas
from tests.services.inbox.conftest import MastodonAccount, Sink

SECRET = "on-call-webhook-secret-1234"
CRISIS = "Call 911 now. In the US, call or text 988."


def _configure(db: sessionmaker[Session], box: Box, personas: Personas, smtp_channel: int,
               sink: Sink) -> None:
    with transaction(db) as session:
        config.configure(
            session, personas.actors["admin"], box, oncall_emails_=["oncall@plainview.example"],
            smtp_channel_id=smtp_channel, crisis_text_=CRISIS,
            webhook={"url": sink.url, "secret": SECRET, "allow_private_addresses": True},
        )


def test_an_emergency_reaches_email_and_webhook_during_the_poll(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount,
    email_channel: Callable[[], int], plain_smtp: Any, webhook_sink: Sink,
) -> None:
    _configure(db, box, personas, email_channel(), webhook_sink)
    me = mastodon_channel.username
    name, patient = mastodon_channel.patient()
    patient.status_post(f"@{me} I can't go on, I want to kill myself tonight. Call me 617-555-0134")
    patient.status_post(f"@{me} when is the flu clinic?")
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id)
    assert result.new == 2 and len(result.urgent_ids) == 1 and result.escalated == 1
    # Sent inside poll_channel: nothing waits for a later poll.
    assert len(plain_smtp.inbox.messages) == 1
    mail = plain_smtp.inbox.messages[0]
    assert mail.rcpt_tos == ["oncall@plainview.example"]
    body = mail.content.decode()
    assert CRISIS in body and f"@{name}" in body
    assert "617-555-0134" not in body  # the guard's redacted text, not the identifiers
    assert len(webhook_sink.received) == 1
    _, headers, data = webhook_sink.received[0]
    assert data["type"] == "inbox.emergency" and data["crisis_resources"] == CRISIS
    raw = payload.encode(data)
    stamp = int(headers[payload.TIMESTAMP_HEADER])
    assert headers[payload.SIGNATURE_HEADER] == payload.sign(SECRET, stamp, raw)
    with transaction(db) as session:
        item = session.get(InboundItem, result.urgent_ids[0])
        assert item is not None and item.escalation == "sent" and item.escalated_at is not None
        event = session.execute(select(AuditEvent).where(
            AuditEvent.action == "inbox.escalated")).scalar_one()
        assert json.loads(event.detail)["ok"] is True
    # The next poll does not alert again.
    assert ingest.poll_channel(db, box, mastodon_channel.channel_id).escalated == 0
    assert len(plain_smtp.inbox.messages) == 1 and len(webhook_sink.received) == 1


def test_a_failed_route_is_retried_on_the_next_poll(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount,
    email_channel: Callable[[], int], plain_smtp: Any, webhook_sink: Sink,
) -> None:
    _configure(db, box, personas, email_channel(), webhook_sink)
    webhook_sink.status = 503
    _, patient = mastodon_channel.patient()
    patient.status_post(f"@{mastodon_channel.username} I took all my pills, I want to die")
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id)
    assert result.escalated == 0
    with transaction(db) as session:
        item = session.get(InboundItem, result.urgent_ids[0])
        assert item is not None and item.escalation == "failed"
    webhook_sink.status = 200
    assert ingest.poll_channel(db, box, mastodon_channel.channel_id).escalated == 1
    assert len(webhook_sink.received) == 2  # the 503 and the retry
    # Only the failed route was retried: the on-call mailbox got one message, not one per poll.
    assert len(plain_smtp.inbox.messages) == 1
    assert ingest.poll_channel(db, box, mastodon_channel.channel_id).escalated == 0
    assert len(plain_smtp.inbox.messages) == 1 and len(webhook_sink.received) == 2


def test_without_an_on_call_list_the_failure_is_recorded_once(
    db: sessionmaker[Session], box: Box, mastodon_channel: MastodonAccount
) -> None:
    _, patient = mastodon_channel.patient()
    patient.status_post(f"@{mastodon_channel.username} I want to kill myself")
    ingest.poll_channel(db, box, mastodon_channel.channel_id)
    ingest.poll_channel(db, box, mastodon_channel.channel_id)
    with transaction(db) as session:
        events = session.execute(select(AuditEvent).where(
            AuditEvent.action == "inbox.escalated")).scalars().all()
        assert [json.loads(e.detail)["routes"] for e in events] == [0]


def _urgent(db: sessionmaker[Session], channel_id: int, remote_id: str = "1") -> int:
    result = ingest.ingest_items(db, channel_id, [Fetched(
        remote_id, "mention", "@p", "I want to kill myself tonight, I have the pills here")], "1")
    assert len(result.urgent_ids) == 1, "not triaged urgent"
    return result.urgent_ids[0]


def test_overlapping_polls_alert_the_on_call_list_once(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount,
    email_channel: Callable[[], int], plain_smtp: Any, webhook_sink: Sink,
) -> None:
    # The worker's poll thread, "poll now" and a second worker all escalate the whole org.
    _configure(db, box, personas, email_channel(), webhook_sink)
    webhook_sink.delay = 0.5  # the first sender is still busy while the others look
    item_id = _urgent(db, mastodon_channel.channel_id)
    barrier = threading.Barrier(3)
    counts: list[int] = []

    def poll() -> None:
        barrier.wait()
        counts.append(escalate.escalate_pending(db, box, personas.org.id))

    threads = [threading.Thread(target=poll) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    webhook_sink.wait(2, timeout=2)  # give a duplicate every chance to arrive
    assert len(webhook_sink.received) == 1 and len(plain_smtp.inbox.messages) == 1
    assert sorted(counts) == [0, 0, 1]
    with transaction(db) as session:
        item = session.get(InboundItem, item_id)
        assert item is not None and item.escalation == "sent"


def test_a_claim_held_by_a_live_poll_is_left_alone_and_a_stale_one_is_taken_over(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount,
    webhook_sink: Sink,
) -> None:
    from sqlalchemy import update

    with transaction(db) as session:
        config.configure(session, personas.actors["admin"], box, webhook={
            "url": webhook_sink.url, "secret": SECRET, "allow_private_addresses": True})
    item_id = _urgent(db, mastodon_channel.channel_id)
    with transaction(db) as session:  # another poll claimed it a moment ago
        session.execute(update(InboundItem).where(InboundItem.id == item_id)
                        .values(escalated_at=utcnow() - timedelta(seconds=5)))
    assert escalate.escalate_pending(db, box, personas.org.id) == 0
    assert webhook_sink.received == []
    with transaction(db) as session:  # ... and died mid-send
        session.execute(update(InboundItem).where(InboundItem.id == item_id)
                        .values(escalated_at=utcnow() - escalate.CLAIM_STALE * 2))
    assert escalate.escalate_pending(db, box, personas.org.id) == 1
    assert len(webhook_sink.received) == 1


def test_a_page_of_emergencies_goes_out_once_each_over_a_few_smtp_sessions(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount,
    email_channel: Callable[[], int], plain_smtp: Any, webhook_sink: Sink,
) -> None:
    _configure(db, box, personas, email_channel(), webhook_sink)
    count = escalate.CLAIM_BATCH + 2  # more than one claim batch
    page = [Fetched(f"e{i}", "comment", "@a", f"I want to kill myself tonight ({i})")
            for i in range(count)] + [Fetched("q", "comment", "@b", "is parking free?")]
    stored = ingest.ingest_items(db, mastodon_channel.channel_id, page, "c1")
    assert len(stored.urgent_ids) == count
    assert escalate.escalate_pending(db, box, personas.org.id) == count
    messages = plain_smtp.inbox.messages
    assert len(messages) == count and len(webhook_sink.received) == count
    ids = {message_from_bytes(m.content)["Message-ID"] for m in messages}
    assert len(ids) == count  # one alert per item, none twice
    # A few SMTP sessions for the whole page, not one per alert.
    assert 1 <= len({m.peer for m in messages}) <= escalate.SENDERS
    assert {d["item"]["id"] for _, _, d in webhook_sink.received} == set(stored.urgent_ids)
    with transaction(db) as session:
        states = session.execute(select(InboundItem.escalation).where(
            InboundItem.id.in_(stored.urgent_ids))).scalars().all()
    assert set(states) == {"sent"}
    assert escalate.escalate_pending(db, box, personas.org.id) == 0
    assert len(plain_smtp.inbox.messages) == count


def _reference(config_: Any, recipients: list[str], subject: str, text: str, msgid: str) -> Any:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"], message["From"] = subject, config_.from_address
    message["To"], message["Message-ID"] = ", ".join(recipients), msgid
    message.set_content(text)
    return message


def test_an_alert_email_reads_as_email_message_writes_it() -> None:
    from email import policy

    from carepost.connectors.email.schema import EmailConfig

    smtp = EmailConfig.from_mapping({
        "host": "127.0.0.1", "port": 25, "security": "none",
        "from_address": "alerts@plainview.example", "recipients": ["x@plainview.example"],
        "unsubscribe_url": "https://plainview.example/u/{token}",
        "unsubscribe_secret": "0123456789abcdef0123"})
    recipients = ["oncall@plainview.example", "second.oncall.person@plainview.example",
                  "third.oncall.person.with.a.long.name@plainview.example"]
    texts = [
        "Possible emergency (item 7, comment by @ann).\n\nCall 911 now.\n",  # 7bit
        "Line\r\nwith CRLF\rand CR\nand no newline at the end",
        "x" * 200 + "\nA long line, = signs, trailing space \n" + "word " * 40,  # QP
        "Ünïcode from @jürgen: I can't go on\n" + "é" * 100,
        "",
    ]
    for text in texts:
        built = escalate._message(smtp, recipients, "[carepost] Possible emergency: item 7",
                                  text, 7)
        reference = _reference(smtp, recipients, "[carepost] Possible emergency: item 7", text,
                               str(built["Message-ID"]))
        got = message_from_bytes(built.as_bytes(), policy=policy.default)
        want = message_from_bytes(reference.as_bytes(), policy=policy.default)
        # The same headers, except that a body 7bit cannot carry is always quoted-printable
        # (set_content may pick 8bit or base64): the same text once decoded.
        assert [(k, v) for k, v in got.items() if k != "Content-Transfer-Encoding"] == \
            [(k, v) for k, v in want.items() if k != "Content-Transfer-Encoding"], text[:40]
        assert got["Content-Transfer-Encoding"] in ("7bit", "quoted-printable")
        if want["Content-Transfer-Encoding"] == "7bit":
            assert got["Content-Transfer-Encoding"] == "7bit"
        assert got.get_content() == want.get_content(), text[:40]
    assert "emergency-7" in str(built["Message-ID"])


def test_a_slow_receiver_gets_a_page_of_alerts_in_parallel_each_once(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount,
    email_channel: Callable[[], int], plain_smtp: Any, webhook_sink: Sink,
) -> None:
    # A relay or receiver that takes a while per alert: one after the other, a page of
    # emergencies would reach the on-call list a long time after the fetch.
    import time

    _configure(db, box, personas, email_channel(), webhook_sink)
    webhook_sink.delay = 0.4
    count = 2 * escalate.SENDERS
    page = [Fetched(f"s{i}", "comment", "@a", f"I want to kill myself tonight ({i})")
            for i in range(count)]
    stored = ingest.ingest_items(db, mastodon_channel.channel_id, page, "c1")
    assert len(stored.urgent_ids) == count
    start = time.monotonic()
    assert escalate.escalate_pending(db, box, personas.org.id) == count
    took = time.monotonic() - start
    arrived = sorted(at for at, _, _ in webhook_sink.received)
    assert len(arrived) == count and len(plain_smtp.inbox.messages) == count
    # The second alert arrived while the first was still being answered ...
    assert arrived[1] - arrived[0] < webhook_sink.delay
    # ... and the page took less than one after the other would (count delays at least).
    assert took < count * webhook_sink.delay, took
    assert {d["item"]["id"] for _, _, d in webhook_sink.received} == set(stored.urgent_ids)
    with transaction(db) as session:
        states = session.execute(select(InboundItem.escalation).where(
            InboundItem.id.in_(stored.urgent_ids))).scalars().all()
        events = session.execute(select(AuditEvent).where(
            AuditEvent.action == "inbox.escalated")).scalars().all()
    assert set(states) == {"sent"} and len(events) == count
    assert escalate.escalate_pending(db, box, personas.org.id) == 0
    assert len(webhook_sink.received) == count
