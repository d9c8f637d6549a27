"""The Mastodon connector against a real Mastodon-API server (the pinned `mastodon-mock`)."""

from __future__ import annotations

from base64 import b64decode

import httpx
import pytest
from mastodon import Mastodon

from carepost.connectors import ConnectorError, Media, OutboundItem, create
from carepost.connectors.idempotency import new_key
from carepost.connectors.mastodon.connector import MastodonConnector
from carepost.connectors.mastodon.text import html_to_text, status_length
from tests.connectors.mastodon.conftest import MastodonServer

PNG = b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def _connector(server: MastodonServer, token: str, **extra: object) -> MastodonConnector:
    config = {
        "api_base_url": server.url,
        "access_token": token,
        "allow_private_addresses": True,
        **extra,
    }
    connector = create("mastodon", config)
    assert isinstance(connector, MastodonConnector)
    return connector


def _client(server: MastodonServer, token: str) -> Mastodon:
    return Mastodon(api_base_url=server.url, access_token=token, version_check_mode="none")


def _statuses(server: MastodonServer, token: str) -> list[dict[str, object]]:
    client = _client(server, token)
    return list(client.account_statuses(client.me().id, limit=40))


@pytest.fixture
def account(server: MastodonServer) -> tuple[str, str, MastodonConnector]:
    """A fresh account and a connector holding its token: (username, token, connector)."""
    username, token = server.new_user()
    return username, token, _connector(server, token)


def test_test_connection_reports_account_and_instance_limit(
    account: tuple[str, str, MastodonConnector],
) -> None:
    username, _, connector = account
    check = connector.test_connection()
    assert check.ok
    assert check.account == f"@{username}"
    assert check.detail == "text limit 500 characters"


def test_limits_and_media_types_come_from_the_instance(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, _, connector = account
    advertised = httpx.get(f"{server.url}/api/v2/instance", timeout=10).json()["configuration"]
    metadata = connector.instance_metadata()
    assert metadata.text_limit == advertised["statuses"]["max_characters"]
    assert metadata.media.max_count == advertised["statuses"]["max_media_attachments"]
    assert metadata.media.max_bytes == advertised["media_attachments"]["image_size_limit"]
    images = [
        m for m in advertised["media_attachments"]["supported_mime_types"] if m.startswith("image/")
    ]
    assert list(metadata.media.mime_types) == images  # video types are left out: images only


def test_a_revoked_token_is_auth_expired(server: MastodonServer) -> None:
    connector = _connector(server, "not-a-real-token")
    check = connector.test_connection()
    assert not check.ok and check.detail.startswith("auth_expired:")
    with pytest.raises(ConnectorError) as info:
        connector.publish(OutboundItem(text="Clinic closed Monday."), new_key())
    assert info.value.kind == "auth_expired" and info.value.permanent


def test_retry_with_the_same_idempotency_key_posts_once(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, token, connector = account
    key = new_key()
    item = OutboundItem(text="Flu shots are available at all clinics this week.")
    assert connector.check_status(key, item) is None
    first = connector.publish(item, key)
    again = _connector(server, token).publish(item, key)
    assert again == first
    statuses = _statuses(server, token)
    assert [str(s["id"]) for s in statuses] == [first.remote_id]
    assert connector.check_status(key, item) == first
    assert first.url and first.remote_id in first.url


def test_check_status_needs_the_item_on_mastodon(
    account: tuple[str, str, MastodonConnector],
) -> None:
    _, _, connector = account
    with pytest.raises(ConnectorError) as info:
        connector.check_status(new_key())
    assert info.value.kind == "unsupported" and info.value.permanent


def test_a_timeout_is_outcome_unknown_and_resolved_without_a_second_post(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, token, _ = account
    impatient = _connector(server, token, timeout_seconds=0.3)
    server.add_fault("/api/v1/statuses", {"type": "latency", "delay_ms": 1500})
    key = new_key()
    item = OutboundItem(text="Road closure near the east entrance today.")
    with pytest.raises(ConnectorError) as info:
        impatient.publish(item, key)
    assert info.value.kind == "transient" and info.value.maybe_sent and not info.value.permanent
    # What the service does with "outcome unknown": ask first, publish (same key) only if absent.
    # (mastodon-mock drops a request whose client went away, so here the post does not exist.)
    found = impatient.check_status(key, item)
    if found is None:
        found = impatient.publish(item, key)
    assert impatient.check_status(key, item) == found
    assert impatient.publish(item, key) == found
    assert [str(s["id"]) for s in _statuses(server, token)] == [found.remote_id]


def test_an_unreadable_answer_is_outcome_unknown(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, token, connector = account
    server.add_fault("/api/v1/statuses", {"type": "malformed"})
    key = new_key()
    item = OutboundItem(text="Blood drive moved to the gym.")
    with pytest.raises(ConnectorError) as info:
        connector.publish(item, key)
    assert info.value.kind == "transient" and info.value.maybe_sent
    assert connector.check_status(key, item) is None  # the emulation answered without posting
    published = connector.publish(item, key)
    assert [str(s["id"]) for s in _statuses(server, token)] == [published.remote_id]


def test_nothing_listening_is_transient_and_not_sent() -> None:
    from tests.connectors.helpers import free_port

    connector = create(
        "mastodon",
        {
            "api_base_url": f"http://127.0.0.1:{free_port()}",
            "access_token": "t",
            "allow_private_addresses": True,
        },
    )
    with pytest.raises(ConnectorError) as info:
        connector.publish(OutboundItem(text="Clinic open"), new_key())
    assert info.value.kind == "transient" and not info.value.maybe_sent


def test_rate_limit_carries_retry_after(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, token, connector = account
    server.add_fault("/api/v1/statuses", {"type": "ratelimit", "headers": {"Retry-After": "120"}})
    with pytest.raises(ConnectorError) as info:
        connector.publish(OutboundItem(text="Vaccination drive on Saturday."), new_key())
    assert info.value.kind == "rate_limited" and not info.value.permanent
    assert info.value.retry_after == 120
    assert _statuses(server, token) == []


@pytest.mark.parametrize(
    ("status", "kind", "permanent"),
    [
        (500, "transient", False),
        (503, "transient", False),
        (422, "rejected", True),
        (403, "rejected", True),
    ],
)
def test_failures_are_classified_with_the_networks_own_message(
    server: MastodonServer,
    account: tuple[str, str, MastodonConnector],
    status: int,
    kind: str,
    permanent: bool,
) -> None:
    _, _, connector = account
    server.add_fault(
        "/api/v1/statuses",
        {"type": "status", "status": status, "body": {"error": f"instance says {status}"}},
    )
    text = "Pharmacy hours extended for the holidays."
    with pytest.raises(ConnectorError) as info:
        connector.publish(OutboundItem(text=text), new_key())
    assert (info.value.kind, info.value.permanent) == (kind, permanent)
    assert f"instance says {status}" in info.value.message
    assert text not in str(info.value)


def test_over_the_limit_is_rejected_before_the_network(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, token, connector = account
    with pytest.raises(ConnectorError) as info:
        connector.publish(OutboundItem(text="z" * 501), new_key())
    assert info.value.kind == "rejected"
    assert "501 characters, the limit is 500" in info.value.message
    assert "zzz" not in str(info.value)
    assert _statuses(server, token) == []


def test_urls_count_as_23_characters() -> None:
    url = "https://clinic.example/" + "a" * 100
    assert status_length(f"Read {url}") == 5 + 23
    assert status_length("Hi @nurse@health.example!") == len("Hi @nurse!")


def test_image_goes_up_with_its_alt_text(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, token, connector = account
    media = Media(
        data=PNG, mime_type="image/png", alt_text="Floor plan of the new wing", filename="plan.png"
    )
    published = connector.publish(OutboundItem(text="Our new wing", media=(media,)), new_key())
    status = _client(server, token).status(published.remote_id)
    assert [m["description"] for m in status["media_attachments"]] == ["Floor plan of the new wing"]


def test_thread_is_a_chain_of_replies_and_a_retry_adds_none(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, token, connector = account
    item = OutboundItem(
        text="Heat advisory (1/3)", thread=("Drink water (2/3)", "Check on neighbours (3/3)")
    )
    key = new_key()
    first = connector.publish(item, key)
    connector.publish(item, key)
    records = _statuses(server, token)
    assert len(records) == 3
    statuses = {html_to_text(str(s["content"])): s for s in records}
    assert sorted(statuses) == sorted((item.text, *item.thread))
    second = statuses["Drink water (2/3)"]
    assert str(second["in_reply_to_id"]) == first.remote_id
    assert statuses["Check on neighbours (3/3)"]["in_reply_to_id"] == second["id"]


def test_inbound_mentions_and_replies_then_metrics(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    username, _, connector = account
    post = connector.publish(OutboundItem(text="Ask us about flu shots."), new_key())
    patient_name, patient_token = server.new_user()
    patient = _client(server, patient_token)
    patient.status_post(f"@{username} when is the next clinic?", in_reply_to_id=post.remote_id)
    patient.status_post(f"Thanks @{username} for the info")
    patient.status_favourite(post.remote_id)
    patient.status_reblog(post.remote_id)

    page = connector.fetch_inbound(None)
    got = [(i.kind, i.author, i.text) for i in page.items]
    assert got == [
        ("reply", f"@{patient_name}", f"@{username} when is the next clinic?"),
        ("mention", f"@{patient_name}", f"Thanks @{username} for the info"),
    ]
    assert page.items[0].in_reply_to == post.remote_id
    assert connector.fetch_inbound(page.cursor).items == ()

    answer = connector.reply(
        OutboundItem(text="Tuesday at 9.", reply_to=page.items[0].remote_id), new_key()
    )
    assert str(patient.status(answer.remote_id)["in_reply_to_id"]) == page.items[0].remote_id
    assert connector.fetch_metrics(post.remote_id) == {"likes": 1, "reposts": 1, "replies": 1}


def test_private_addresses_are_refused_unless_allowed(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]
) -> None:
    _, token, _ = account
    connector = _connector(server, token, allow_private_addresses=False)
    check = connector.test_connection()
    assert not check.ok
    assert check.detail.startswith("disconnected:") and "private or loopback" in check.detail
