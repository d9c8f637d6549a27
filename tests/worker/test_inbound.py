"""The inbound poller beside the publishing loop: claims, intervals, and the in-process worker."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from mastodon import Mastodon
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services.channels import channel_box
from carepost.settings import load_settings
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundCursor, InboundItem
from carepost.storage.models import utcnow
from carepost.worker import start_in_process_worker
from carepost.worker.inbound import InboundPoller, claim_due
from tests.conftest import Personas
from tests.connectors.mastodon.conftest import (  # noqa: F401  (fixtures)
    MastodonServer,
    mastodon_server,
    server,
)
from tests.worker.helpers import add_channel, new_box

KEY = "inbound-poller-secret-key-0123456789abc"
WAIT = 60.0  # an upper bound for a busy machine, not a speed requirement


def _mastodon(server: MastodonServer) -> tuple[str, dict[str, object]]:  # noqa: F811
    username, token = server.new_user()
    return username, {"api_base_url": server.url, "access_token": token,
                      "allow_private_addresses": True}


def _patient(server: MastodonServer) -> Mastodon:  # noqa: F811
    _, token = server.new_user()
    return Mastodon(api_base_url=server.url, access_token=token, version_check_mode="none")


def test_a_channel_is_claimed_once_per_interval_and_paused_at_zero(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer  # noqa: F811
) -> None:
    _, config = _mastodon(server)
    channel_id = add_channel(db, personas, new_box(), "mastodon", config)
    add_channel(db, personas, new_box(), "webhook", {"url": "https://hooks.example/x",
                                                     "secret": "0123456789abcdef0"})
    now = utcnow()
    with transaction(db) as session:
        assert claim_due(session, now) == [channel_id]  # webhooks have no inbound items
    with transaction(db) as session:
        assert claim_due(session, now) == []  # a second worker finds nothing due
    with transaction(db) as session:
        assert claim_due(session, now + timedelta(seconds=61)) == [channel_id]
        cursor = session.get(InboundCursor, channel_id)
        assert cursor is not None
        cursor.poll_seconds = 0
    with transaction(db) as session:
        assert claim_due(session, now + timedelta(hours=1)) == []


def test_poller_tick_ingests_and_a_second_tick_waits_for_the_interval(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer  # noqa: F811
) -> None:
    username, config = _mastodon(server)
    box = new_box()
    add_channel(db, personas, box, "mastodon", config)
    _patient(server).status_post(f"@{username} is parking free?")
    poller = InboundPoller(db, box)
    results = poller.tick()
    assert [r.new for r in results] == [1]
    _patient(server).status_post(f"@{username} and on Sundays?")
    assert poller.tick() == []  # not due again for poll_seconds


def test_the_in_process_worker_polls_the_inbox(
    db: sessionmaker[Session], engine: Engine, personas: Personas,
    server: MastodonServer, database_url: str, tmp_path: Path,  # noqa: F811
) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path), secret_key=KEY,
                             database_url=database_url, worker_poll_seconds=1)
    username, config = _mastodon(server)
    add_channel(db, personas, channel_box(settings), "mastodon", config)
    _patient(server).status_post(f"@{username} where is the pharmacy?")
    handle = start_in_process_worker(settings, engine)
    try:
        deadline = time.monotonic() + WAIT
        found: list[InboundItem] = []
        while not found and time.monotonic() < deadline:
            with transaction(db) as session:
                found = list(session.execute(select(InboundItem)).scalars())
            time.sleep(0.2)
        assert [i.queue for i in found] == ["question"]
    finally:
        handle.stop()
    assert handle.thread is not None and not handle.thread.is_alive()


def test_the_poller_keeps_one_connector_per_channel_until_its_config_changes(
    db: sessionmaker[Session], personas: Personas, server: MastodonServer  # noqa: F811
) -> None:
    from sqlalchemy import update

    from carepost.services.channels import update_config

    username, config = _mastodon(server)
    box = new_box()
    channel_id = add_channel(db, personas, box, "mastodon", config)
    poller = InboundPoller(db, box)

    def due_now() -> None:
        with transaction(db) as session:
            session.execute(update(InboundCursor).values(next_poll_at=None))

    assert [r.error for r in poller.tick()] == [None]
    first = poller._connectors[channel_id][1]
    due_now()
    _patient(server).status_post(f"@{username} second question?")
    assert [r.new for r in poller.tick()] == [1]
    assert poller._connectors[channel_id][1] is first  # reused: no new login
    with transaction(db) as session:
        update_config(session, personas.actors["admin"], box, channel_id,
                      {**config, "timeout_seconds": 20})
    due_now()
    poller.tick()
    assert poller._connectors[channel_id][1] is not first  # new credentials, new connector
