"""Outcome unknown on Mastodon (the pinned mastodon-mock): ask the instance, never post blindly."""

from __future__ import annotations

import httpx
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors import create
from carepost.services.publishing import outbound_item
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Channel, Variant
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.mastodon import conftest as mastodon_peer
from tests.connectors.mastodon.conftest import MastodonServer
from tests.worker.helpers import add_channel, new_box, scheduled_now, variant

mastodon_server = mastodon_peer.mastodon_server  # the real Mastodon-API emulation
server = mastodon_peer.server


def _statuses(server: MastodonServer, token: str) -> list[dict[str, object]]:
    headers = {"Authorization": f"Bearer {token}"}
    me = httpx.get(f"{server.url}/api/v1/accounts/verify_credentials", headers=headers,
                   timeout=10).json()
    return list(httpx.get(f"{server.url}/api/v1/accounts/{me['id']}/statuses",
                          headers=headers, timeout=10).json())


def _config(server: MastodonServer, token: str, **extra: object) -> dict[str, object]:
    return {"api_base_url": server.url, "access_token": token, "allow_private_addresses": True,
            **extra}


def test_timeout_then_absent_is_published_once_with_the_same_key(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer
) -> None:
    _, token = server.new_user()
    box = new_box()
    channel_id = add_channel(db, personas, box, "mastodon",
                             _config(server, token, timeout_seconds=0.3))
    post_id = scheduled_now(db, personas, channel_id)
    server.add_fault("/api/v1/statuses", {"type": "latency", "delay_ms": 1500})
    worker = Worker(db=db, box=box)
    assert [o.state for o in worker.tick()] == ["outcome_unknown"]
    with transaction(db) as session:
        session.execute(update(Variant).values(next_attempt_at=utcnow()))
    assert [o.state for o in worker.tick()] == ["published"]
    assert [str(s["id"]) for s in _statuses(server, token)] == [variant(db, post_id).remote_id]


def test_a_post_that_did_arrive_is_found_not_posted_again(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer
) -> None:
    _, token = server.new_user()
    box = new_box()
    channel_id = add_channel(db, personas, box, "mastodon", _config(server, token))
    post_id = scheduled_now(db, personas, channel_id)
    key = "3lcarepostkey2"
    with transaction(db) as session:  # a worker recorded the key, posted, and died
        row = session.get(Variant, variant(db, post_id).id)
        channel = session.get(Channel, channel_id)
        assert row is not None and channel is not None
        create("mastodon", _config(server, token)).publish(outbound_item(row, channel), key)
        session.execute(update(Variant).values(state="outcome_unknown", idempotency_key=key))
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]
    statuses = _statuses(server, token)
    assert [str(s["id"]) for s in statuses] == [variant(db, post_id).remote_id]
