"""The Bluesky connector against a real local AT Protocol network (PDS, AppView on PostgreSQL)."""

from __future__ import annotations

import secrets
from base64 import b64decode
from collections.abc import Callable

import pytest
from atproto import Client, client_utils, models

from carepost.connectors import ConnectorError, Media, OutboundItem, create
from carepost.connectors.bluesky.connector import BlueskyConnector
from carepost.connectors.idempotency import new_key, tid_for
from tests.bluesky_peer import BlueskyNetwork

PASSWORD = "correct-horse-battery"
# A 1x1 transparent PNG.
PNG = b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def _handle() -> str:
    return f"c{secrets.token_hex(5)}.test"


def _connector(network: BlueskyNetwork, handle: str, **extra: object) -> BlueskyConnector:
    config = {
        "handle": handle,
        "app_password": PASSWORD,
        "service_url": network.pds,
        "web_url": "https://bsky.example",
        "allow_private_addresses": True,
        **extra,
    }
    connector = create("bluesky", config)
    assert isinstance(connector, BlueskyConnector)
    return connector


Account = tuple[str, str, BlueskyConnector]


@pytest.fixture
def account(bluesky_network: BlueskyNetwork) -> Account:
    """A fresh account on the PDS and a connector logged into it: (handle, did, connector)."""
    handle = _handle()
    did = bluesky_network.create_account(handle, PASSWORD)
    return handle, did, _connector(bluesky_network, handle)


@pytest.fixture
def other_client(bluesky_network: BlueskyNetwork) -> Callable[[], tuple[Client, str, str]]:
    """Make a second account (a patient, a follower) driven with the plain atproto client."""

    def make() -> tuple[Client, str, str]:
        handle = _handle()
        did = bluesky_network.create_account(handle, PASSWORD)
        client = Client(base_url=bluesky_network.pds)
        client.login(handle, PASSWORD, fetch_bsky_profile=False)
        return client, handle, did

    return make


def test_test_connection_reports_the_account(account: Account) -> None:
    handle, did, connector = account
    check = connector.test_connection()
    assert check.ok
    assert check.account == f"@{handle}"
    assert did in check.detail


def test_wrong_password_is_auth_expired_and_never_echoes_the_password(
    bluesky_network: BlueskyNetwork, account: Account
) -> None:
    handle, _, _ = account
    connector = _connector(bluesky_network, handle, app_password="wrong-password-xyz")
    check = connector.test_connection()
    assert not check.ok
    assert check.detail.startswith("auth_expired:")
    assert "wrong-password-xyz" not in check.detail
    with pytest.raises(ConnectorError) as info:
        connector.publish(OutboundItem(text="Flu clinic opens Monday."), new_key())
    assert info.value.kind == "auth_expired" and info.value.permanent


def test_a_stored_session_saves_a_login(bluesky_network: BlueskyNetwork, account: Account) -> None:
    handle, did, connector = account
    assert connector.session is None  # nothing logged in yet
    connector.test_connection()
    stored = connector.session
    assert stored is not None and connector.config.app_password not in stored
    # The stored session works even when the password no longer would: no login was made.
    config = _connector(bluesky_network, handle, app_password="revoked-app-password").config
    resumed = BlueskyConnector(config, session=stored)
    published = resumed.publish(OutboundItem(text="Resumed session"), new_key())
    assert published.remote_id.startswith(f"at://{did}/")
    # An unreadable session falls back to the app password.
    fallback = BlueskyConnector(connector.config, session="not-a-session")
    assert fallback.test_connection().ok


def test_retry_with_the_same_key_creates_exactly_one_post(
    bluesky_network: BlueskyNetwork, account: Account
) -> None:
    handle, did, connector = account
    key = new_key()
    item = OutboundItem(text="Flu shots are available at all clinics this week.")
    assert connector.check_status(key) is None
    first = connector.publish(item, key)
    # A crash after the network call: the service retries with the same key, on a new connector.
    second = _connector(bluesky_network, handle).publish(item, key)
    assert first == second
    assert first.remote_id == f"at://{did}/app.bsky.feed.post/{key}"
    assert first.url == f"https://bsky.example/profile/{handle}/post/{key}"
    posts = bluesky_network.list_posts(did)
    assert [p["uri"] for p in posts] == [first.remote_id]
    assert posts[0]["value"]["text"] == item.text  # type: ignore[index]
    assert connector.check_status(key) == first
    assert connector.check_status(new_key()) is None


def test_a_non_tid_key_maps_to_one_stable_record_key(
    bluesky_network: BlueskyNetwork, account: Account
) -> None:
    _, did, connector = account
    item = OutboundItem(text="Visiting hours change on Friday.")
    first = connector.publish(item, "post-17-variant-3")
    assert connector.publish(item, "post-17-variant-3") == first
    assert first.remote_id.endswith("/" + tid_for("post-17-variant-3"))
    assert len(bluesky_network.list_posts(did)) == 1


def test_thread_parts_chain_as_replies_and_retry_adds_none(
    bluesky_network: BlueskyNetwork, account: Account
) -> None:
    _, did, connector = account
    key = new_key()
    item = OutboundItem(
        text="Heat advisory (1/3)", thread=("Drink water (2/3)", "Check on neighbours (3/3)")
    )
    first = connector.publish(item, key)
    connector.publish(item, key)
    records = bluesky_network.list_posts(did)
    assert len(records) == 3
    posts = {p["value"]["text"]: p for p in records}  # type: ignore[index]
    assert sorted(posts) == sorted((item.text, *item.thread))
    second, third = posts["Drink water (2/3)"], posts["Check on neighbours (3/3)"]
    assert second["value"]["reply"]["root"]["uri"] == first.remote_id  # type: ignore[index]
    assert second["value"]["reply"]["parent"]["uri"] == first.remote_id  # type: ignore[index]
    assert third["value"]["reply"]["root"]["uri"] == first.remote_id  # type: ignore[index]
    assert third["value"]["reply"]["parent"]["uri"] == second["uri"]  # type: ignore[index]


def test_links_and_mentions_become_facets_with_byte_offsets(
    bluesky_network: BlueskyNetwork,
    account: Account,
    other_client: Callable[[], tuple[Client, str, str]],
) -> None:
    _, did, connector = account
    _, other_handle, other_did = other_client()
    text = f"Café hours → https://clinic.example/hours thanks @{other_handle} and @nobody.test"
    connector.publish(OutboundItem(text=text), new_key())
    (post,) = bluesky_network.list_posts(did)
    facets = post["value"]["facets"]  # type: ignore[index]
    raw = text.encode("utf-8")
    by_kind = {f["features"][0]["$type"]: f for f in facets}
    link = by_kind["app.bsky.richtext.facet#link"]
    assert link["features"][0]["uri"] == "https://clinic.example/hours"
    assert (
        raw[link["index"]["byteStart"] : link["index"]["byteEnd"]]
        == b"https://clinic.example/hours"
    )
    mention = by_kind["app.bsky.richtext.facet#mention"]
    assert mention["features"][0]["did"] == other_did
    assert (
        raw[mention["index"]["byteStart"] : mention["index"]["byteEnd"]]
        == f"@{other_handle}".encode()
    )
    assert len(facets) == 2  # the unknown handle stays plain text


def test_image_is_uploaded_with_its_alt_text(
    bluesky_network: BlueskyNetwork, account: Account
) -> None:
    _, did, connector = account
    media = Media(data=PNG, mime_type="image/png", alt_text="Map of the new clinic entrance")
    connector.publish(OutboundItem(text="New entrance", media=(media,)), new_key())
    (post,) = bluesky_network.list_posts(did)
    images = post["value"]["embed"]["images"]  # type: ignore[index]
    assert [i["alt"] for i in images] == ["Map of the new clinic entrance"]
    assert images[0]["image"]["mimeType"] == "image/png"


@pytest.mark.parametrize(
    ("item", "fragment"),
    [
        (OutboundItem(text="x" * 301), "text is 301 graphemes, the limit is 300"),
        (OutboundItem(text="ok", thread=("y" * 301,)), "thread part 1 is 301 graphemes"),
        (OutboundItem(text="ok", media=(Media(PNG, "image/png", " "),)), "image 1 has no alt text"),
        (
            OutboundItem(text="ok", media=(Media(PNG, "image/bmp", "a map"),)),
            "image 1 has type image/bmp",
        ),
        (OutboundItem(text="   "), "the post is empty"),
        # 200 graphemes, but 3600 bytes: over the lexicon's byte cap.
        (
            OutboundItem(text="\U0001f468\u200d\U0001f469\u200d\U0001f467" * 200),
            "text is 3600 bytes",
        ),
    ],
)
def test_items_breaking_the_rules_are_rejected_before_any_network_call(
    bluesky_network: BlueskyNetwork, account: Account, item: OutboundItem, fragment: str
) -> None:
    _, did, connector = account
    with pytest.raises(ConnectorError) as info:
        connector.publish(item, new_key())
    assert info.value.kind == "rejected" and info.value.permanent
    assert fragment in info.value.message
    assert "xxxx" not in str(info.value) and "yyyy" not in str(info.value)
    assert bluesky_network.list_posts(did) == []


def test_300_emoji_graphemes_fit_although_they_are_many_code_points(
    bluesky_network: BlueskyNetwork, account: Account
) -> None:
    _, did, connector = account
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one grapheme, five code points
    connector.publish(OutboundItem(text=family * 100 + "a" * 200), new_key())
    assert len(bluesky_network.list_posts(did)) == 1


def test_private_addresses_are_refused_unless_allowed(
    bluesky_network: BlueskyNetwork, account: Account
) -> None:
    handle, _, _ = account
    connector = _connector(bluesky_network, handle, allow_private_addresses=False)
    check = connector.test_connection()
    assert not check.ok
    assert check.detail.startswith("disconnected:")
    assert "private or loopback" in check.detail


def test_reply_to_a_missing_post_is_rejected(account: Account) -> None:
    _, did, connector = account
    missing = f"at://{did}/app.bsky.feed.post/{new_key()}"
    with pytest.raises(ConnectorError) as info:
        connector.reply(OutboundItem(text="Thanks!", reply_to=missing), new_key())
    assert info.value.kind == "rejected"


def _ref(client: Client, uri: str) -> models.ComAtprotoRepoStrongRef.Main:
    repo, _, rkey = uri.removeprefix("at://").partition("/app.bsky.feed.post/")
    return models.create_strong_ref(client.get_post(rkey, repo))


def test_inbound_replies_and_mentions_reach_the_inbox_once(
    appview: BlueskyNetwork, account: Account, other_client: Callable[[], tuple[Client, str, str]]
) -> None:
    handle, did, connector = account
    post = connector.publish(OutboundItem(text="Ask us about flu shots."), new_key())
    # Index the parent before the reply exists: otherwise no reply notification is ever made.
    appview.process_all()
    patient, patient_handle, patient_did = other_client()
    parent = _ref(patient, post.remote_id)
    patient.send_post(
        "When is the next clinic?",
        profile_identify=patient_did,
        reply_to=models.AppBskyFeedPost.ReplyRef(root=parent, parent=parent),
    )
    mention = client_utils.TextBuilder().text("Hello ").mention(f"@{handle}", did)
    patient.send_post(mention, profile_identify=patient_did)
    appview.process_all()

    page = connector.fetch_inbound(None)
    kinds = sorted((i.kind, i.text, i.author) for i in page.items)
    assert kinds == [
        ("mention", f"Hello @{handle}", f"@{patient_handle}"),
        ("reply", "When is the next clinic?", f"@{patient_handle}"),
    ]
    reply = next(i for i in page.items if i.kind == "reply")
    assert reply.in_reply_to == post.remote_id
    assert connector.fetch_inbound(page.cursor).items == ()

    # The service answers in the thread: the patient's reply is the parent, our post the root.
    answer = connector.reply(
        OutboundItem(text="Tuesday at 9.", reply_to=reply.remote_id), new_key()
    )
    record = patient.get_post(answer.remote_id.rsplit("/", 1)[-1], did)
    assert record.value.reply.parent.uri == reply.remote_id
    assert record.value.reply.root.uri == post.remote_id


def test_metrics_count_likes_and_reposts(
    appview: BlueskyNetwork, account: Account, other_client: Callable[[], tuple[Client, str, str]]
) -> None:
    _, _, connector = account
    post = connector.publish(OutboundItem(text="We are hiring nurses."), new_key())
    appview.process_all()
    fan, _, fan_did = other_client()
    ref = _ref(fan, post.remote_id)
    now = fan.get_current_time_iso()
    fan.app.bsky.feed.like.create(
        fan_did, models.AppBskyFeedLike.Record(subject=ref, created_at=now)
    )
    fan.app.bsky.feed.repost.create(
        fan_did, models.AppBskyFeedRepost.Record(subject=ref, created_at=now)
    )
    appview.process_all()
    assert connector.fetch_metrics(post.remote_id) == {
        "likes": 1,
        "reposts": 1,
        "replies": 0,
        "quotes": 0,
    }


def test_hide_puts_a_reply_in_the_threadgate(
    appview: BlueskyNetwork, account: Account, other_client: Callable[[], tuple[Client, str, str]]
) -> None:
    _, did, connector = account
    post = connector.publish(OutboundItem(text="Share your flu shot experience."), new_key())
    appview.process_all()
    patient, _, patient_did = other_client()
    root = _ref(patient, post.remote_id)
    thread = models.AppBskyFeedPost.ReplyRef(root=root, parent=root)
    first = patient.send_post(
        "My chart number is 12345", profile_identify=patient_did, reply_to=thread
    )
    second = patient.send_post("Got mine today", profile_identify=patient_did, reply_to=thread)
    appview.process_all()

    connector.hide(first.uri)
    connector.hide(first.uri)  # hiding twice changes nothing
    gates = appview.list_records(did, "app.bsky.feed.threadgate")
    assert len(gates) == 1
    gate = gates[0]["value"]
    assert gate["post"] == post.remote_id  # type: ignore[index]
    assert gate["hiddenReplies"] == [first.uri]  # type: ignore[index]
    assert "allow" not in gate  # type: ignore[operator]  # everyone may still reply

    appview.process_all()
    # Everyone but its author sees the thread without the hidden reply (it moves to "other").
    bystander, _, _ = other_client()
    unspecced = bystander.app.bsky.unspecced
    shown = unspecced.get_post_thread_v2(
        models.AppBskyUnspeccedGetPostThreadV2.Params(anchor=post.remote_id)
    )
    assert [t.uri for t in shown.thread if t.uri != post.remote_id] == [second.uri]
    other = unspecced.get_post_thread_other_v2(
        models.AppBskyUnspeccedGetPostThreadOtherV2.Params(anchor=post.remote_id)
    )
    assert [t.uri for t in other.thread] == [first.uri]

    with pytest.raises(ConnectorError) as info:
        connector.hide(post.remote_id)
    assert info.value.kind == "rejected"
