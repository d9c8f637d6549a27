"""Publishing to the real local Bluesky network: a long text goes out as one numbered thread."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session, sessionmaker

from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.bluesky import conftest as bluesky_peer
from tests.connectors.bluesky.conftest import BlueskyNetwork
from tests.worker.helpers import add_channel, new_box, scheduled_now, variant

bluesky_network = bluesky_peer.bluesky_network  # the real local AT Protocol network
PASSWORD = "correct-horse-battery"
LONG = " ".join(
    f"Tip {n}: wash your hands before visiting anyone in hospital, and stay home when ill."
    for n in range(1, 9)
)


def test_long_text_is_published_once_as_a_thread(
    db: sessionmaker[Session], personas: Personas, bluesky_network: BlueskyNetwork
) -> None:
    assert len(LONG) > 600
    handle = f"t{secrets.token_hex(5)}.test"
    did = bluesky_network.create_account(handle, PASSWORD)
    box = new_box()
    channel_id = add_channel(db, personas, box, "bluesky", {
        "handle": handle, "app_password": PASSWORD, "service_url": bluesky_network.pds,
        "allow_private_addresses": True,
    })
    post_id = scheduled_now(db, personas, channel_id, LONG)
    worker = Worker(db=db, box=box)
    assert [o.state for o in worker.tick()] == ["published"]
    assert worker.tick() == []
    records = bluesky_network.list_posts(did)
    texts = sorted(str(r["value"]["text"]) for r in records)  # type: ignore[index]
    assert len(records) >= 3
    assert all(t.endswith(f"/{len(records)}") for t in texts)
    found = variant(db, post_id)
    assert found.remote_id in {r["uri"] for r in records}
