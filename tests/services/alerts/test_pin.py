"""An alert is pinned where the network can pin, and its all-clear unpins it (real peers)."""

from __future__ import annotations

import json
import secrets

from mastodon import Mastodon
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services.alerts import compose, send
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent
from tests.bluesky_peer import BlueskyNetwork
from tests.conftest import Personas
from tests.connectors.mastodon.conftest import MastodonServer
from tests.connectors.webhook.conftest import Receiver
from tests.services.alerts.conftest import alert_from_template
from tests.worker.helpers import add_channel


def _pinned_on_bluesky(network: BlueskyNetwork, did: str) -> str | None:
    records = network.list_records(did, "app.bsky.actor.profile")
    pinned = records[0]["value"].get("pinnedPost") if records else None  # type: ignore[attr-defined]
    return pinned["uri"] if pinned else None


def _pinned_on_mastodon(server: MastodonServer, token: str) -> list[str]:
    client = Mastodon(api_base_url=server.url, access_token=token, version_check_mode="none")
    return [str(s["id"]) for s in client.account_statuses(client.me().id, pinned=True)]


def test_an_alert_is_pinned_and_its_all_clear_unpins_it(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
    server: MastodonServer, bluesky_network: BlueskyNetwork,
) -> None:
    _, token = server.new_user()
    masto = add_channel(db, personas, box, "mastodon", {
        "api_base_url": server.url, "access_token": token, "allow_private_addresses": True},
        name="Mastodon")
    handle = f"p{secrets.token_hex(5)}.test"
    did = bluesky_network.create_account(handle, "correct-horse-battery")
    sky = add_channel(db, personas, box, "bluesky", {
        "handle": handle, "app_password": "correct-horse-battery",
        "service_url": bluesky_network.pds, "allow_private_addresses": True}, name="Bluesky")
    first = alert_from_template(db, personas, [hook, masto, sky])
    results = send.send(db, box, personas.actors["responder"], first)
    assert {r.status for r in results} == {"acknowledged"}  # the webhook cannot pin: still fine
    with transaction(db) as session:
        board = {d.channel_id: d.remote_id for d in compose.deliveries(session, first)}
        pins = {json.loads(a.detail).get("pin") for a in session.execute(
            select(AuditEvent).where(AuditEvent.action == "alert.delivery_acknowledged"))
            .scalars()}
    assert _pinned_on_bluesky(bluesky_network, did) == board[sky]
    assert _pinned_on_mastodon(server, token) == [board[masto]]
    assert pins == {"pinned", None}  # None: the webhook
    with transaction(db) as session:
        clear_id = compose.create_alert(
            session, personas.actors["responder"], [hook, masto, sky], parent_id=first,
            msg_type="all_clear", headline="Tap water is safe again",
            text="Tap water in the Northside district is safe to drink again.").id
    for role in ("privacy_officer", "approver"):
        with transaction(db) as session:
            compose.approve_alert(session, personas.actors[role], clear_id)
    assert {r.status for r in send.send(db, box, personas.actors["responder"], clear_id)} == {
        "acknowledged"}
    assert _pinned_on_bluesky(bluesky_network, did) is None
    assert _pinned_on_mastodon(server, token) == []
