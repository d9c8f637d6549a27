"""Deleting a post published as a Mastodon thread removes every part (the pinned mastodon-mock)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from carepost.services import publishing_ops as ops
from carepost.storage.db import transaction
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.mastodon import conftest as mastodon_peer
from tests.connectors.mastodon.conftest import MastodonServer
from tests.worker.helpers import SAFE_TEXT, add_channel, new_box, scheduled_now, variant
from tests.worker.test_mastodon_unknown import _config, _statuses

mastodon_server = mastodon_peer.mastodon_server  # the real Mastodon-API emulation
server = mastodon_peer.server

# Over Mastodon's 500 characters: it goes out as a thread of replies.
LONG = " ".join([
    "Our flu clinic is open Saturday 9 to 12 at the main site, walk-ins welcome.",
    "Free blood pressure checks are in the lobby every Tuesday this month.",
    "The east car park is closed for resurfacing; please use the west entrance.",
    "Join our free webinar on healthy sleep habits next Thursday at 7 pm.",
    "Bring a friend: the walking group meets at the main doors on Sundays at 10.",
    "Our café now serves breakfast from 7 am on weekdays, with new vegetarian choices.",
    "Volunteers are welcome at the information desk; ask at reception for a form.",
    "The children's library corner has new books, donated by the local school.",
])


def test_deleting_a_thread_removes_every_part_and_keeps_other_posts(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer
) -> None:
    _, token = server.new_user()
    box = new_box()
    channel_id = add_channel(db, personas, box, "mastodon", _config(server, token))
    keep_id = scheduled_now(db, personas, channel_id, SAFE_TEXT)
    thread_id = scheduled_now(db, personas, channel_id, LONG)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published", "published"]
    assert len(_statuses(server, token)) >= 3  # one post and a thread of 2 or more

    with transaction(db) as session:
        record = ops.delete_published(session, personas.actors["approver"], box, thread_id,
                                      channel_id)
    assert record.deleted_at is not None
    assert [str(s["id"]) for s in _statuses(server, token)] == [variant(db, keep_id).remote_id]
