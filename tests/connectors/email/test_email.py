"""The email connector against real SMTP servers (aiosmtpd): plain, STARTTLS + login, TLS."""

from __future__ import annotations

from base64 import b64decode
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from carepost.connectors import ConnectorError, Media, OutboundItem, create
from carepost.connectors.config import ConfigError
from carepost.connectors.email.connector import EmailConnector
from carepost.connectors.email.message import unsubscribe_token
from carepost.connectors.idempotency import new_key
from tests.connectors.email.conftest import PASSWORD, USER, SmtpServer

SECRET = "unsubscribe-secret-for-tests"
LIST = ["ana@example.org", "ben@example.org", "cy@example.net"]
ITEM = OutboundItem(
    text="The flu clinic opens Monday at 8.",
    subject="Flu clinic opens Monday",
    html="<html><body><p>The flu clinic opens <b>Monday</b> at 8.</p></body></html>",
)
PNG = b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def _config(server: SmtpServer, **extra: object) -> dict[str, object]:
    return {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "none",
        "from_address": "news@clinic.example",
        "from_name": "Clinic News",
        "recipients": LIST,
        "unsubscribe_url": "https://clinic.example/unsubscribe?t={token}&e={email}",
        "unsubscribe_secret": SECRET,
        "list_id": "news.clinic.example",
        "timeout_seconds": 10,
        **extra,
    }


def _connector(server: SmtpServer, **extra: object) -> EmailConnector:
    connector = create("email", _config(server, **extra))
    assert isinstance(connector, EmailConnector)
    return connector


def _parse(raw: bytes) -> EmailMessage:
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def test_each_member_gets_one_message_with_own_unsubscribe_link(plain_smtp: SmtpServer) -> None:
    key = new_key()
    published = _connector(plain_smtp).publish(ITEM, key)
    received = plain_smtp.inbox.messages
    assert [m.rcpt_tos for m in received] == [[a] for a in LIST]
    ids = set()
    for got, address in zip(received, LIST, strict=True):
        msg = _parse(got.content)
        assert got.mail_from == "news@clinic.example"
        assert msg["To"] == address
        assert msg["Subject"] == "Flu clinic opens Monday"
        assert msg["List-Id"] == "<news.clinic.example>"
        token = unsubscribe_token(SECRET, address)
        link = f"https://clinic.example/unsubscribe?t={token}&e={address.replace('@', '%40')}"
        assert msg["List-Unsubscribe"] == f"<{link}>"
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        plain = msg.get_body(("plain",))
        html = msg.get_body(("html",))
        assert plain is not None and html is not None
        assert ITEM.text in plain.get_content() and link in plain.get_content()
        html_text = html.get_content()
        assert "<b>Monday</b>" in html_text
        assert link.replace("&", "&amp;") in html_text
        assert html_text.index("Unsubscribe") < html_text.index("</body>")
        ids.add(msg["Message-ID"])
    assert len(ids) == len(LIST)
    assert all(key in i and i.endswith("@clinic.example>") for i in ids)
    assert published.remote_id in ids


def test_a_retry_reuses_the_same_message_ids(plain_smtp: SmtpServer) -> None:
    key = new_key()
    connector = _connector(plain_smtp)
    connector.publish(ITEM, key)
    connector.publish(ITEM, key)
    connector.publish(ITEM, new_key())
    ids = [_parse(m.content)["Message-ID"] for m in plain_smtp.inbox.messages]
    # Same key: the same id per recipient, so mail clients and list archives drop the copy.
    assert ids[:3] == ids[3:6]
    assert not set(ids[6:]) & set(ids[:3])


def test_a_long_list_goes_out_over_several_connections(plain_smtp: SmtpServer) -> None:
    _connector(plain_smtp, messages_per_connection=2).publish(ITEM, new_key())
    peers = [m.peer for m in plain_smtp.inbox.messages]
    assert [m.rcpt_tos[0] for m in plain_smtp.inbox.messages] == LIST
    assert peers[0] == peers[1] != peers[2]  # a new connection (client port) for the third


def test_check_status_is_unsupported_over_smtp(plain_smtp: SmtpServer) -> None:
    with pytest.raises(ConnectorError) as info:
        _connector(plain_smtp).check_status(new_key(), ITEM)
    assert info.value.kind == "unsupported"


def test_starttls_and_login(starttls_smtp: SmtpServer) -> None:
    connector = _connector(
        starttls_smtp,
        security="starttls",
        username=USER,
        password=PASSWORD,
        ca_file=starttls_smtp.ca_file,
    )
    check = connector.test_connection()
    assert check.ok and "STARTTLS" in check.detail
    connector.publish(ITEM, new_key())
    assert len(starttls_smtp.inbox.messages) == 3
    assert all(m.tls and m.authenticated for m in starttls_smtp.inbox.messages)


def test_implicit_tls_and_login(tls_smtp: SmtpServer) -> None:
    connector = _connector(
        tls_smtp, security="tls", username=USER, password=PASSWORD, ca_file=tls_smtp.ca_file
    )
    connector.publish(ITEM, new_key())
    assert len(tls_smtp.inbox.messages) == 3
    assert all(m.tls and m.authenticated for m in tls_smtp.inbox.messages)


def test_wrong_password_is_auth_expired(starttls_smtp: SmtpServer) -> None:
    connector = _connector(
        starttls_smtp,
        security="starttls",
        username=USER,
        password="nope-nope",
        ca_file=starttls_smtp.ca_file,
    )
    with pytest.raises(ConnectorError) as info:
        connector.publish(ITEM, new_key())
    assert info.value.kind == "auth_expired" and info.value.permanent
    assert "nope-nope" not in str(info.value)
    assert starttls_smtp.inbox.messages == []


def test_an_untrusted_certificate_fails_the_connection_test(starttls_smtp: SmtpServer) -> None:
    connector = _connector(starttls_smtp, security="starttls", username=USER, password=PASSWORD)
    check = connector.test_connection()
    assert not check.ok and check.detail.startswith("disconnected: connecting: TLS failed")


def test_skipping_starttls_is_refused_by_the_server(starttls_smtp: SmtpServer) -> None:
    with pytest.raises(ConnectorError) as info:
        _connector(starttls_smtp).publish(ITEM, new_key())
    assert info.value.kind == "rejected" and "SMTP 530" in info.value.message


def test_a_refused_member_does_not_stop_the_others(plain_smtp: SmtpServer) -> None:
    plain_smtp.inbox.refuse.add("ben@example.org")
    with pytest.raises(ConnectorError) as info:
        _connector(plain_smtp).publish(ITEM, new_key())
    assert info.value.kind == "rejected" and info.value.permanent
    assert info.value.message == "sending: 1 of 3 recipients refused"
    assert info.value.done == ("ana@example.org", "cy@example.net")
    assert [m.rcpt_tos for m in plain_smtp.inbox.messages] == [
        ["ana@example.org"],
        ["cy@example.net"],
    ]


def test_a_deferral_is_transient_and_the_service_can_resume(plain_smtp: SmtpServer) -> None:
    plain_smtp.inbox.defer.add("ben@example.org")
    key = new_key()
    connector = _connector(plain_smtp)
    with pytest.raises(ConnectorError) as info:
        connector.publish(ITEM, key)
    assert info.value.kind == "transient" and not info.value.permanent
    assert "SMTP 451" in info.value.message and ITEM.text not in str(info.value)
    assert info.value.done == ("ana@example.org",)
    plain_smtp.inbox.defer.clear()
    remaining = [a for a in LIST if a not in info.value.done]
    connector.publish_to(ITEM, key, remaining)
    assert sorted(m.rcpt_tos[0] for m in plain_smtp.inbox.messages) == sorted(LIST)


def test_a_connection_lost_mid_message_is_outcome_unknown(plain_smtp: SmtpServer) -> None:
    plain_smtp.inbox.drop.add("ben@example.org")
    with pytest.raises(ConnectorError) as info:
        _connector(plain_smtp).publish(ITEM, new_key())
    assert info.value.kind == "transient" and info.value.maybe_sent
    assert info.value.done == ("ana@example.org",)  # ben's message is the unknown one


def test_nothing_listening_is_transient(plain_smtp: SmtpServer) -> None:
    from tests.connectors.helpers import free_port

    check = _connector(plain_smtp, port=free_port()).test_connection()
    assert not check.ok and check.detail.startswith("transient: connecting: ConnectionRefusedError")


def test_images_are_attached_with_alt_text(plain_smtp: SmtpServer) -> None:
    item = OutboundItem(
        text="See the map.",
        subject="New entrance",
        media=(Media(PNG, "image/png", "Map of the new entrance", filename="map.png"),),
    )
    _connector(plain_smtp).publish(item, new_key())
    msg = _parse(plain_smtp.inbox.messages[0].content)
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content_type() == "image/png"
    assert attachment["Content-Description"] == "Map of the new entrance"
    assert attachment.get_content() == PNG


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (OutboundItem(text="No subject"), "Email: a subject is required"),
        (OutboundItem(text="x", subject="Two\nlines"), "Email: the subject must be one line"),
        (
            OutboundItem(text="x", subject="s", media=(Media(PNG, "image/png", ""),)),
            "image 1 has no alt text",
        ),
    ],
)
def test_bad_items_are_rejected_before_connecting(
    plain_smtp: SmtpServer, item: OutboundItem, message: str
) -> None:
    with pytest.raises(ConnectorError) as info:
        _connector(plain_smtp).publish(item, new_key())
    assert info.value.kind == "rejected" and message in info.value.message
    assert plain_smtp.inbox.messages == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "blue"}, "unknown configuration key(s): colour"),
        ({"unsubscribe_url": "https://clinic.example/u"}, "unsubscribe_url must contain {token}"),
        ({"username": "u", "password": "p"}, "a password is never sent without TLS"),
        ({"recipients": ["not an address"]}, "recipients[0] must be a plain email address"),
        ({"port": "25"}, "port must be a number"),
        ({"security": "ssl"}, "security must be one of starttls, tls, none"),
    ],
)
def test_bad_configuration_names_the_key(
    plain_smtp: SmtpServer, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        create("email", {**_config(plain_smtp), **change})
    assert message in str(info.value)
