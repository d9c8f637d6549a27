"""Polling a real Mastodon-API server: queues, exactly once across restarts, malformed answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.base import InboundItem as Fetched
from carepost.crypto import Box
from carepost.services.inbox import ingest, items, triage
from carepost.storage.db import session_factory, transaction
from carepost.storage.inbox import InboundCursor, InboundItem
from carepost.storage.models import AuditEvent
from tests.conftest import Personas
from tests.services.inbox.conftest import MastodonAccount


def _items(db: sessionmaker[Session]) -> list[InboundItem]:
    with transaction(db) as session:
        return list(session.execute(select(InboundItem).order_by(InboundItem.id)).scalars())


def test_poll_triages_into_queues_and_never_twice(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    me = mastodon_channel.username
    name, patient = mastodon_channel.patient()
    post = mastodon_channel.client().status_post("Flu clinics open next week.")
    patient.status_post(f"@{me} when does the clinic open?", in_reply_to_id=post.id)
    patient.status_post(f"@{me} your staff were rude and I waited four hours, awful service")
    patient.status_post(f"@{me} I want to kill myself tonight")
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert result.error is None and result.new == 3
    stored = _items(db)
    assert [(i.queue, i.kind, i.author) for i in stored] == [
        ("question", "reply", f"@{name}"),
        ("complaint", "mention", f"@{name}"),
        ("urgent", "mention", f"@{name}"),
    ]
    assert stored[0].parent == str(post.id)
    assert stored[2].escalation == "pending"  # escalate=False: left for the next step

    # Nothing new: nothing stored. A restart (new factory, new connector) changes nothing.
    assert ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False).new == 0
    fresh_db = session_factory(db.kw["bind"])
    assert ingest.poll_channel(fresh_db, box, mastodon_channel.channel_id,
                               escalate=False).new == 0
    patient.status_post(f"@{me} thanks!")
    assert ingest.poll_channel(fresh_db, box, mastodon_channel.channel_id,
                               escalate=False).new == 1
    assert len(_items(db)) == 4
    with transaction(db) as session:
        counts = {c.queue: c.open for c in items.counts(session, personas.actors["viewer"])}
        assert counts == {"urgent": 1, "phi": 0, "adverse_event": 0, "complaint": 1,
                          "misinformation": 0, "question": 1, "other": 1}
        ingested = session.execute(select(func.count()).where(
            AuditEvent.action == "inbox.ingested")).scalar()
        assert ingested == 2


def test_the_same_page_stored_twice_counts_once_and_the_cursor_moves_with_it(
    db: sessionmaker[Session], mastodon_channel: MastodonAccount
) -> None:
    from carepost.connectors.base import InboundPage
    from carepost.storage.publishing import Channel

    page = InboundPage((Fetched("1", "comment", "@a", "hello?"),
                        Fetched("2", "comment", "@b", "thanks")), cursor="2")
    now = datetime.now(UTC)
    with transaction(db) as session:
        channel = session.get(Channel, mastodon_channel.channel_id)
        assert channel is not None
        assert ingest.store_page(session, channel, page, now).new == 2
    with transaction(db) as session:
        channel = session.get(Channel, mastodon_channel.channel_id)
        assert channel is not None
        assert ingest.store_page(session, channel, page, now).new == 0
        cursor = session.get(InboundCursor, channel.id)
        assert cursor is not None and cursor.cursor == "2"
    # A store that fails rolls back its items AND its cursor together.
    try:
        with transaction(db) as session:
            channel = session.get(Channel, mastodon_channel.channel_id)
            assert channel is not None
            more = InboundPage((Fetched("3", "comment", "@c", "hi"),), cursor="3")
            ingest.store_page(session, channel, more, now)
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    with transaction(db) as session:
        cursor = session.get(InboundCursor, mastodon_channel.channel_id)
        assert cursor is not None and cursor.cursor == "2"
    assert [i.remote_id for i in _items(db)] == ["1", "2"]


def test_first_poll_backfills_a_bounded_number_of_days(
    db: sessionmaker[Session], mastodon_channel: MastodonAccount
) -> None:
    from carepost.connectors.base import InboundPage
    from carepost.storage.publishing import Channel

    now = datetime.now(UTC)
    page = InboundPage((
        Fetched("old", "comment", "@a", "from last month", created_at=now - timedelta(days=30)),
        Fetched("new", "comment", "@b", "from today", created_at=now - timedelta(hours=1)),
    ), cursor="x")
    with transaction(db) as session:
        channel = session.get(Channel, mastodon_channel.channel_id)
        assert channel is not None
        result = ingest.store_page(session, channel, page, now, now - timedelta(days=7))
    assert (result.new, result.skipped) == (1, 1)
    assert [i.remote_id for i in _items(db)] == ["new"]


def test_malformed_items_are_skipped_and_huge_ones_kept_whole(
    db: sessionmaker[Session], mastodon_channel: MastodonAccount
) -> None:
    huge = "I have a question about parking? " * 7000
    bad = [
        Fetched("", "comment", "@a", "no id"),
        Fetched("x" * 600, "comment", "@a", "id too long"),
        Fetched("ok-1", "comment", None, None, url="u" * 2000),  # type: ignore[arg-type]
        Fetched("big", "comment", "@b", huge),
        "not an item",
    ]
    result = ingest.ingest_items(db, mastodon_channel.channel_id, bad, "c1")  # type: ignore[arg-type]
    assert (result.new, result.skipped) == (2, 3)
    stored = {i.remote_id: i for i in _items(db)}
    assert stored["ok-1"].author == "unknown" and stored["ok-1"].text == ""
    assert stored["ok-1"].url is None
    assert stored["big"].text == huge  # nothing lost
    verdict = items.verdict_of(stored["big"])
    assert verdict["checked_chars"] == triage.GUARD_LIMIT < verdict["total_chars"] == len(huge)
    assert stored["big"].queue == "question"


def test_a_malformed_answer_keeps_the_cursor_and_loses_nothing(
    db: sessionmaker[Session], box: Box, mastodon_channel: MastodonAccount
) -> None:
    me = mastodon_channel.username
    _, patient = mastodon_channel.patient()
    patient.status_post(f"@{me} is the pharmacy open on Sunday?")
    mastodon_channel.fail_next_get("/api/v1/notifications", {"type": "malformed"})
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert result.error is not None and "transient" in result.error
    assert "pharmacy" not in result.error
    with transaction(db) as session:
        cursor = session.get(InboundCursor, mastodon_channel.channel_id)
        assert cursor is not None and cursor.last_ok is False and cursor.cursor is None
    assert _items(db) == []
    assert ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False).new == 1


def test_a_deleted_status_and_a_reply_to_someone_elses_post(
    db: sessionmaker[Session], box: Box, mastodon_channel: MastodonAccount
) -> None:
    me = mastodon_channel.username
    _, patient = mastodon_channel.patient()
    _, stranger = mastodon_channel.patient()
    theirs = stranger.status_post("My own post about the weather")
    patient.status_post(f"@{me} look at this", in_reply_to_id=theirs.id)
    gone = patient.status_post(f"@{me} oops, wrong account")
    patient.status_delete(gone.id)
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert result.error is None
    stored = _items(db)
    assert [i.text for i in stored] == [f"@{me} look at this"]
    assert stored[0].parent == str(theirs.id) and stored[0].parent_ours is False


def test_a_revoked_token_flags_the_channel_and_keeps_the_cursor(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    from carepost.services.channels import update_config
    from carepost.storage.publishing import Channel

    with transaction(db) as session:
        update_config(session, personas.actors["admin"], box, mastodon_channel.channel_id, {
            "api_base_url": mastodon_channel.server.url, "access_token": "revoked-token-x",
            "allow_private_addresses": True})
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert result.error is not None and result.error.startswith("auth_expired")
    assert "revoked-token-x" not in result.error
    with transaction(db) as session:
        channel = session.get(Channel, mastodon_channel.channel_id)
        cursor = session.get(InboundCursor, mastodon_channel.channel_id)
        assert channel is not None and channel.status == "needs_reconnect"
        assert cursor is not None and cursor.last_ok is False and cursor.cursor is None
    # A channel that needs reconnecting is not polled until someone reconnects it.
    again = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert again.error == "the channel needs reconnecting"


def test_urgent_items_notify_everyone_who_can_act(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    from carepost.storage.publishing import Notification

    _, patient = mastodon_channel.patient()
    patient.status_post(f"@{mastodon_channel.username} I want to kill myself tonight")
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    with transaction(db) as session:
        notes = session.execute(select(Notification).where(
            Notification.kind == "inbox.urgent")).scalars().all()
        assert {n.user_id for n in notes} == {personas.users[r].id for r in (
            "responder", "privacy_officer", "admin")}
        assert {n.subject for n in notes} == {f"inbound:{result.urgent_ids[0]}"}


def test_a_failed_first_poll_keeps_the_backfill_window(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    from carepost.services.inbox import config

    with transaction(db) as session:
        config.configure(session, personas.actors["admin"], box, backfill_days=0)
    _, patient = mastodon_channel.patient()
    patient.status_post(f"@{mastodon_channel.username} I want to kill myself (last year)")
    mastodon_channel.fail_next_get("/api/v1/notifications", {"type": "malformed"})
    failed = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert failed.error is not None
    # The first successful poll is still a first poll: history older than the window stays out.
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert result.error is None and (result.new, result.skipped) == (0, 1)
    assert _items(db) == []
    patient.status_post(f"@{mastodon_channel.username} is the pharmacy open today?")
    later = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert later.new == 1 and later.skipped == 0


def test_triage_and_replies_use_the_organisations_guard_settings(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    from carepost.services import guard_settings
    from carepost.services.inbox import actions

    text = "Is the clinic at 1234 Oak Street open on Sunday? My number is 503-555-0142"
    first = ingest.ingest_items(db, mastodon_channel.channel_id, [
        Fetched("before", "comment", "@a", text)], "c1")
    with transaction(db) as session:
        guard_settings.update(session, personas.actors["admin"], "pharma-brand",
                              {"phones": ["503-555-0142"], "addresses": ["1234 Oak Street"]})
    second = ingest.ingest_items(db, mastodon_channel.channel_id, [
        Fetched("after", "comment", "@a", text)], "c2")
    stored = {i.remote_id: i for i in _items(db)}
    # The default guard reads a phone number as a patient's; this one is the organisation's own.
    assert stored["before"].queue == "phi" and first.new == 1
    assert stored["after"].queue == "question" and second.new == 1
    assert items.verdict_of(stored["after"])["policy"] == "pharma-brand"
    with transaction(db) as session:
        outcome = actions.check_reply(session, personas.org.id,
                                      "Call us at 503-555-0142 and we can help.", "comment")
    assert json.loads(outcome.report)["policy"] == "pharma-brand"
    assert not any(k.startswith("identifier:") for k, _ in outcome.blocking)


def test_other_writers_go_on_while_a_poll_triages_its_page(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The guard may take seconds for a big page on a loaded machine: no transaction is open
    # while it runs, so on SQLite nobody waits for the database's write lock meanwhile.
    import threading

    from sqlalchemy import text

    wrote: list[bool] = []
    real = triage.triage_many

    def triage_many(page: Any, check: Any = None) -> Any:
        def write() -> None:
            with transaction(db) as session:  # BEGIN IMMEDIATE on SQLite: the write lock
                session.execute(text("SELECT 1"))
            wrote.append(True)

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(5)  # the lock, if held, would make it wait for the busy timeout (30 s)
        assert wrote, "another writer waited while the page was triaged"
        return real(page, check)

    monkeypatch.setattr(triage, "triage_many", triage_many)
    _, patient = mastodon_channel.patient()
    patient.status_post(f"@{mastodon_channel.username} when is the flu clinic open?")
    result = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert result.error is None and result.new == 1 and wrote == [True]
