"""Long lists take the batch path (message built once, bytes filled in per member): same result."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from carepost.connectors.base import OutboundItem
from carepost.connectors.email.batch import Batch
from carepost.connectors.email.connector import BATCH_FROM, EmailConnector
from carepost.connectors.email.message import build, message_id, unsubscribe_link
from carepost.connectors.email.schema import EmailConfig
from tests.connectors.email.conftest import SmtpServer

KEY = "3lb2zzzzzzzzz"
TEXT = ("DRILL — EXERCISE: boil tap water for one minute before drinking. " * 12).strip()


def _config(port: int, recipients: list[str]) -> EmailConfig:
    return EmailConfig.from_mapping({
        "host": "127.0.0.1", "port": port, "security": "none",
        "from_address": "alerts@clinic.example", "recipients": recipients,
        "unsubscribe_url": "https://clinic.example/unsubscribe?t={token}&e={email}",
        "unsubscribe_secret": "unsubscribe-secret-for-tests"})


def _parts(msg: EmailMessage) -> tuple[str, str | None]:
    # Line ends as a mail reader sees them (an 8bit part keeps SMTP's CRLF when parsed raw).
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    return (text.get_content().replace("\r\n", "\n"),
            html.get_content().replace("\r\n", "\n"))


def test_every_member_gets_the_message_build_would_make(plain_smtp: SmtpServer) -> None:
    members = [f"member{i}@example.org" for i in range(BATCH_FROM + 5)]
    config = _config(plain_smtp.port, members)
    item = OutboundItem(text=TEXT, subject="Boil-water notice", html=f"<p>{TEXT}</p>")
    assert Batch(item, KEY, config).template is not None  # the batch path applies here
    EmailConnector(config).publish(item, KEY)
    got = {m.rcpt_tos[0]: m for m in plain_smtp.inbox.messages}
    assert sorted(got) == sorted(members) and len(plain_smtp.inbox.messages) == len(members)
    for address in (members[0], members[-1]):
        received = email.message_from_bytes(got[address].content, policy=email.policy.default)
        expected = build(item, KEY, address, config)
        assert isinstance(received, EmailMessage)
        for header in ("To", "Subject", "Message-ID", "List-Unsubscribe", "From"):
            assert received[header] == expected[header], header
        assert received["Message-ID"] == message_id(KEY, address, config)
        assert _parts(received) == _parts(expected)
        assert unsubscribe_link(config, address) in _parts(received)[0]


def test_an_address_the_batch_cannot_fill_falls_back_to_build(plain_smtp: SmtpServer) -> None:
    config = _config(plain_smtp.port, ["a@example.org"])
    batch = Batch(OutboundItem(text=TEXT, subject="s"), KEY, config)
    assert batch.raw("a@example.org") is not None
    assert batch.raw("zoë@example.org") is None  # non-ASCII address: build() handles it
    huge = Batch(OutboundItem(text="x" * 1200, subject="s"), KEY, config)
    assert huge.raw("a@example.org") is None  # a line longer than SMTP allows
