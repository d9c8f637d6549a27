"""The webhook connector against a real loopback HTTP receiver that verifies signatures."""

from __future__ import annotations

import pytest

from carepost.connectors import ConnectorError, Media, OutboundItem, create
from carepost.connectors.idempotency import new_key
from carepost.connectors.webhook.connector import WebhookConnector
from carepost.connectors.webhook.payload import sign, verify
from tests.connectors.webhook.conftest import SECRET, Receiver

ITEM = OutboundItem(
    text="Flu clinic: Monday <8am> & Tuesday",
    subject="Flu clinic",
    link="https://clinic.example/flu",
    media=(Media(b"\x89PNG....", "image/png", "Clinic entrance", filename="door.png"),),
)


def _connector(receiver: Receiver, **extra: object) -> WebhookConnector:
    config = {"url": receiver.url, "secret": SECRET, "allow_private_addresses": True, **extra}
    connector = create("webhook", config)
    assert isinstance(connector, WebhookConnector)
    return connector


def test_json_delivery_is_signed_and_carries_the_delivery_id(receiver: Receiver) -> None:
    key = new_key()
    published = _connector(receiver).publish(ITEM, key)
    assert published.remote_id == key
    (delivery,) = receiver.deliveries
    assert delivery.method == "POST" and delivery.path == "/hooks/carepost"
    assert delivery.signature_ok
    assert delivery.headers["X-Carepost-Delivery"] == key
    assert delivery.headers["Idempotency-Key"] == key
    assert delivery.headers["Content-Type"] == "application/json; charset=utf-8"
    body = delivery.json()
    assert isinstance(body, dict)
    assert body["id"] == key and body["type"] == "post.published"
    assert body["post"]["text"] == ITEM.text
    assert body["post"]["link"] == "https://clinic.example/flu"
    assert body["post"]["media"] == [
        {
            "alt_text": "Clinic entrance",
            "mime_type": "image/png",
            "filename": "door.png",
            "bytes": len(ITEM.media[0].data),
        }
    ]


def test_a_retry_sends_the_same_delivery_id(receiver: Receiver) -> None:
    key = new_key()
    connector = _connector(receiver)
    connector.publish(ITEM, key)
    connector.publish(ITEM, key)
    ids = {d.headers["X-Carepost-Delivery"] for d in receiver.deliveries}
    assert ids == {key}  # the receiver keeps the first and drops the second


def test_the_signature_helpers_agree_with_the_receiver(receiver: Receiver) -> None:
    _connector(receiver).publish(ITEM, new_key())
    (delivery,) = receiver.deliveries
    timestamp = delivery.headers["X-Carepost-Timestamp"]
    signature = delivery.headers["X-Carepost-Signature"]
    assert verify(SECRET, timestamp, signature, delivery.body, now=int(timestamp))
    assert not verify(SECRET, timestamp, signature, delivery.body + b" ", now=int(timestamp))
    assert not verify(
        "another-secret-0123456", timestamp, signature, delivery.body, now=int(timestamp)
    )
    assert not verify(SECRET, timestamp, signature, delivery.body, now=int(timestamp) + 301)
    assert sign(SECRET, int(timestamp), delivery.body) == signature


def test_slack_payload(receiver: Receiver) -> None:
    _connector(receiver, format="slack").publish(ITEM, new_key())
    (delivery,) = receiver.deliveries
    assert delivery.signature_ok
    text = (
        "*Flu clinic*\nFlu clinic: Monday &lt;8am&gt; &amp; Tuesday\n\nhttps://clinic.example/flu"
    )
    assert delivery.json() == {
        "text": text,
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def test_teams_payload(receiver: Receiver) -> None:
    _connector(receiver, format="teams").publish(ITEM, new_key())
    body = receiver.deliveries[0].json()
    assert isinstance(body, dict) and body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert [b["text"] for b in card["body"]] == [
        "Flu clinic",
        "Flu clinic: Monday <8am> & Tuesday\n\nhttps://clinic.example/flu",
    ]


@pytest.mark.parametrize(
    ("status", "headers", "kind", "permanent", "retry_after"),
    [
        (429, {"Retry-After": "7"}, "rate_limited", False, 7.0),
        (503, {"Retry-After": "30"}, "transient", False, 30.0),
        (500, {}, "transient", False, None),
        (401, {}, "auth_expired", True, None),
        (410, {}, "disconnected", True, None),
        (400, {}, "rejected", True, None),
        (302, {"Location": "http://127.0.0.1:1/elsewhere"}, "rejected", True, None),
    ],
)
def test_answers_are_classified(
    receiver: Receiver,
    status: int,
    headers: dict[str, str],
    kind: str,
    permanent: bool,
    retry_after: float | None,
) -> None:
    receiver.answer(
        status, {"Content-Type": "application/json", **headers}, b'{"error": "receiver says no"}'
    )
    with pytest.raises(ConnectorError) as info:
        _connector(receiver).publish(ITEM, new_key())
    assert (info.value.kind, info.value.permanent, info.value.retry_after) == (
        kind,
        permanent,
        retry_after,
    )
    assert ITEM.text not in str(info.value)
    assert (
        len(receiver.deliveries) == 1
    )  # nothing retried inside the connector, no redirect followed
    if status >= 400:
        assert "receiver says no" in info.value.message


def test_a_slow_receiver_is_outcome_unknown(receiver: Receiver) -> None:
    receiver.answer(200, delay=1.0)
    with pytest.raises(ConnectorError) as info:
        _connector(receiver, timeout_seconds=0.2).publish(ITEM, new_key())
    assert info.value.kind == "transient" and info.value.maybe_sent
    assert len(receiver.deliveries) == 1


def test_nothing_listening_is_transient_and_not_sent() -> None:
    from tests.connectors.helpers import free_port

    connector = create(
        "webhook",
        {
            "url": f"http://127.0.0.1:{free_port()}/x",
            "secret": SECRET,
            "allow_private_addresses": True,
        },
    )
    with pytest.raises(ConnectorError) as info:
        connector.publish(ITEM, new_key())
    assert info.value.kind == "transient" and not info.value.maybe_sent


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hooks",
        "http://localhost:{port}/hooks",
        "http://[::1]:{port}/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/hook",
        "http://0.0.0.0:{port}/hooks",
    ],
)
def test_private_and_loopback_addresses_are_refused_by_default(
    receiver: Receiver, url: str
) -> None:
    port = receiver.url.split(":")[2].split("/")[0]
    connector = create("webhook", {"url": url.format(port=port), "secret": SECRET})
    with pytest.raises(ConnectorError) as info:
        connector.publish(ITEM, new_key())
    assert info.value.kind == "disconnected" and "private or loopback" in info.value.message
    check = connector.test_connection()
    assert not check.ok and "private or loopback" in check.detail
    assert receiver.deliveries == []


def test_test_connection_pings_a_json_receiver(receiver: Receiver) -> None:
    check = _connector(receiver).test_connection()
    assert check.ok
    (delivery,) = receiver.deliveries
    assert delivery.signature_ok
    body = delivery.json()
    assert isinstance(body, dict) and body["type"] == "ping"


def test_test_connection_does_not_post_into_a_slack_channel(receiver: Receiver) -> None:
    receiver.answer(400, body=b"invalid_payload")
    check = _connector(receiver, format="slack").test_connection()
    assert check.ok
    assert [d.method for d in receiver.deliveries] == ["GET"]
    receiver.answer(404)
    gone = _connector(receiver, format="slack").test_connection()
    assert not gone.ok and gone.detail.startswith("disconnected:")
