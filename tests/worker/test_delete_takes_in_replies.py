"""Deleting a published Bluesky post takes in the replies waiting for the inbox first.

Bluesky's AppView drops the notifications of replies to a deleted post, so a reply written since
the last poll would never reach the inbox; `delete_published` polls the channel before it
deletes (real local Bluesky network with its AppView).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import publishing_ops
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundItem
from carepost.worker.loop import Worker
from tests.bluesky_peer import BlueskyNetwork
from tests.conftest import Personas
from tests.services.inbox.test_bluesky import Org, _patient, _reply
from tests.worker.helpers import SAFE_TEXT, new_box, scheduled_now, variant


@pytest.fixture
def org(appview: BlueskyNetwork, db: sessionmaker[Session], personas: Personas) -> Org:
    return Org(appview, db, new_box(), personas)


def test_a_reply_not_yet_polled_reaches_the_inbox_when_its_post_is_deleted(
    org: Org, personas: Personas
) -> None:
    assert org.poll().error is None  # the channel's cursor is set: later replies are news
    post_id = scheduled_now(org.db, personas, org.channel_id, SAFE_TEXT)
    assert [o.state for o in Worker(db=org.db, box=org.box).tick()] == ["published"]
    uri = variant(org.db, post_id).remote_id
    assert uri is not None
    org.network.process_all()
    patient, did = _patient(org.network)
    reply = _reply(patient, did, uri, "Is the clinic open on Saturday?")
    org.network.process_all()
    with transaction(org.db) as session:  # no poll in between: the deletion takes it in
        publishing_ops.delete_published(session, personas.actors["approver"], org.box,
                                        post_id, org.channel_id)
    assert org.poll().new == 0  # nothing twice
    with transaction(org.db) as session:
        item = session.execute(select(InboundItem)).scalar_one()
        assert item.remote_id == reply and item.parent == uri
