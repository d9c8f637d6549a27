"""The guard the worker runs before each publish is the organisation's, as it stands then."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from carepost.services import guard_settings
from carepost.storage.db import transaction
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import add_channel, new_box, scheduled_now, variant, webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


def test_a_term_blocked_after_approval_stops_the_post_at_publish_time(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    text = "Tour our new Project Bluebird wing this Saturday, 10am-2pm. All welcome!"
    held = scheduled_now(db, personas, channel_id, text)
    # The privacy officer learns the project is still confidential after the post was approved.
    with transaction(db) as session:
        guard_settings.update(session, personas.actors["privacy_officer"], "us-provider",
                              {"extra_terms": {"blocked": ["project bluebird"]}})
    other = scheduled_now(db, personas, channel_id, "Flu shots on Saturday, 9am-1pm. No "
                                                       "appointment needed.")
    states = {o.variant_id: o.state for o in Worker(db=db, box=box).tick()}
    assert variant(db, held).state == "failed"
    assert "guard blocks" in (variant(db, held).error or "")
    assert variant(db, other).state == "published"
    assert len(receiver.deliveries) == 1 and states
