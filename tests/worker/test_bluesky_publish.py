"""Publishing to the real local Bluesky network: a long text goes out as one numbered thread."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session, sessionmaker

from carepost.worker.loop import Worker
from tests.bluesky_peer import BlueskyNetwork
from tests.conftest import Personas
from tests.worker.helpers import add_channel, new_box, scheduled_now, variant

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


def test_image_goes_out_stripped_and_its_hash_is_archived(
    db: sessionmaker[Session], personas: Personas, bluesky_network: BlueskyNetwork
) -> None:
    import hashlib
    import json

    from sqlalchemy import select

    from carepost.services import post_media, posts
    from carepost.storage.db import transaction
    from carepost.storage.models import utcnow
    from carepost.storage.publishing import ArchiveRecord
    from tests.worker.helpers import draft, jpeg_with_gps

    handle = f"i{secrets.token_hex(5)}.test"
    did = bluesky_network.create_account(handle, PASSWORD)
    box = new_box()
    channel_id = add_channel(db, personas, box, "bluesky", {
        "handle": handle, "app_password": PASSWORD, "service_url": bluesky_network.pds,
        "allow_private_addresses": True,
    })
    post_id = draft(db, personas, channel_id)
    with transaction(db) as session:
        row = post_media.add_image(session, personas.actors["author"], post_id,
                                   jpeg_with_gps(), "Red square on the clinic poster", "a.jpg")
        stored = hashlib.sha256(row.data).hexdigest()
        posts.submit(session, personas.actors["author"], post_id)
        posts.review(session, personas.actors["approver"], post_id, "approved")
        posts.schedule(session, personas.actors["approver"], post_id, utcnow())
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]
    records = bluesky_network.list_posts(did)
    assert len(records) == 1
    embed = records[0]["value"]["embed"]  # type: ignore[index]
    assert embed["images"][0]["alt"] == "Red square on the clinic poster"
    with transaction(db) as session:
        archived = session.execute(select(ArchiveRecord)).scalar_one()
        assert json.loads(archived.media_hashes) == [stored]
