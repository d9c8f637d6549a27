"""Deleting a post published as a Bluesky thread removes every part (real local Bluesky network)."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session, sessionmaker

from carepost.services import publishing_ops as ops
from carepost.storage.db import transaction
from carepost.worker.loop import Worker
from tests.bluesky_peer import BlueskyNetwork
from tests.conftest import Personas
from tests.worker.helpers import SAFE_TEXT, add_channel, new_box, scheduled_now, variant
from tests.worker.test_bluesky_publish import LONG, PASSWORD


def test_deleting_a_thread_removes_every_part_and_keeps_other_posts(
    db: sessionmaker[Session], personas: Personas, bluesky_network: BlueskyNetwork
) -> None:
    handle = f"d{secrets.token_hex(5)}.test"
    did = bluesky_network.create_account(handle, PASSWORD)
    box = new_box()
    channel_id = add_channel(db, personas, box, "bluesky", {
        "handle": handle, "app_password": PASSWORD, "service_url": bluesky_network.pds,
        "allow_private_addresses": True,
    })
    keep_id = scheduled_now(db, personas, channel_id, SAFE_TEXT)
    thread_id = scheduled_now(db, personas, channel_id, LONG)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published", "published"]
    kept = variant(db, keep_id).remote_id
    assert len(bluesky_network.list_posts(did)) >= 4  # one post and a thread of 3 or more

    with transaction(db) as session:
        record = ops.delete_published(session, personas.actors["approver"], box, thread_id,
                                      channel_id)
    assert record.deleted_at is not None
    assert [p["uri"] for p in bluesky_network.list_posts(did)] == [kept]
