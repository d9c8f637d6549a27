"""A Mastodon channel's own text limit: learnt from the instance when "test connection"
succeeds, then used by the checks before review and by the worker's derivation (real
mastodon-mock; it reports 500, so the use is shown with a different stored limit)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.core import variants
from carepost.crypto import Box
from carepost.services import channel_meta, channels, posts
from carepost.services.errors import ValidationFailed
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.mastodon import conftest as mastodon_peer
from tests.connectors.mastodon.conftest import MastodonServer
from tests.worker.helpers import add_channel, new_box, post

mastodon_server = mastodon_peer.mastodon_server
server = mastodon_peer.server

LONG = " ".join(["Our flu clinic is open on Saturday from nine to noon at the main site."] * 6)


def _mastodon(db: sessionmaker[Session], people: Personas, box: Box,
              server: MastodonServer) -> int:
    _, token = server.new_user()
    return add_channel(db, people, box, "mastodon", {
        "api_base_url": server.url, "access_token": token, "allow_private_addresses": True,
    }, name="Toots")


def _limit(db: sessionmaker[Session], channel_id: int) -> object:
    with transaction(db) as session:
        return channel_meta.stored(session, channel_id).get("text_limit")


def test_a_successful_test_stores_the_instance_limit(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer
) -> None:
    box = new_box()
    channel_id = _mastodon(db, personas, box, server)
    assert _limit(db, channel_id) is None
    with transaction(db) as session:
        channel_meta.record_text_limit(session, channel_id, 1000)  # an earlier instance's
    with transaction(db) as session:
        result = channels.test_channel(session, personas.actors["admin"], box, channel_id)
    assert result.ok and result.detail == "text limit 500 characters"
    assert _limit(db, channel_id) == 500  # what the instance says now
    # A failed test (refused token) learns nothing and keeps what was stored.
    with transaction(db) as session:
        channel_meta.record_text_limit(session, channel_id, 1000)
        channels.update_config(session, personas.actors["admin"], box, channel_id, {
            "api_base_url": server.url, "access_token": "not-a-token",
            "allow_private_addresses": True})
    with transaction(db) as session:
        assert not channels.test_channel(session, personas.actors["admin"], box,
                                         channel_id).ok
    assert _limit(db, channel_id) == 1000


def test_implausible_limits_are_not_stored(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer
) -> None:
    channel_id = _mastodon(db, personas, new_box(), server)
    with transaction(db) as session:
        channel_meta.record_text_limit(session, channel_id, 3)
        channel_meta.record_text_limit(session, channel_id, 10**9)
    assert _limit(db, channel_id) is None


def test_the_stored_limit_is_what_the_checks_before_review_use(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer
) -> None:
    channel_id = _mastodon(db, personas, new_box(), server)
    # A hashtag is never cut: longer than a whole post, the network would refuse it.
    text = "Join us at the clinic #" + "Flu" * 40
    with transaction(db) as session:
        post_id = posts.create_post(session, personas.actors["author"], "t",
                                    [(channel_id, text)]).id
        channel_meta.record_text_limit(session, channel_id, 100)
    with transaction(db) as session, pytest.raises(ValidationFailed, match="longer than one"):
        posts.submit(session, personas.actors["author"], post_id)
    assert post(db, post_id).state == "draft"
    with transaction(db) as session:
        channel_meta.record_text_limit(session, channel_id, 500)
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
    assert post(db, post_id).state == "in_review"


def test_the_worker_threads_by_the_stored_limit(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer
) -> None:
    """Stored 300 (the mock would allow 500): a 431-character text goes out as two statuses,
    the second replying to the first, exactly as the composer showed it."""
    from mastodon import Mastodon

    from carepost.connectors import registry
    from carepost.connectors.mastodon.text import html_to_text

    box = new_box()
    _, token = server.new_user()
    channel_id = add_channel(db, personas, box, "mastodon", {
        "api_base_url": server.url, "access_token": token, "allow_private_addresses": True,
    }, name="Toots")
    with transaction(db) as session:
        channel_meta.record_text_limit(session, channel_id, 300)
        post_id = posts.create_post(session, personas.actors["author"], "t",
                                    [(channel_id, LONG)]).id
        posts.submit(session, personas.actors["author"], post_id)
    with transaction(db) as session:
        posts.review(session, personas.actors["approver"], post_id, "approved")
        posts.schedule(session, personas.actors["approver"], post_id, utcnow())
    expected = variants.derive(variants.Composed(text=LONG), "Toots", replace(
        registry.metadata("mastodon"), text_limit=300)).parts
    assert len(expected) == 2 and len(LONG) > 300
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]
    client = Mastodon(api_base_url=server.url, access_token=token, version_check_mode="none")
    statuses = sorted(client.account_statuses(client.me().id, limit=40), key=lambda s: s.id)
    assert len(statuses) == 2
    assert statuses[1].in_reply_to_id == statuses[0].id
    assert [html_to_text(s.content) for s in statuses] == list(expected)
