"""Sending against real peers: parallel fan-out, a channel down, retry, second click, drills."""

from __future__ import annotations

import secrets
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services.alerts import compose, pause, send
from carepost.services.errors import Conflict, PermissionDenied, ValidationFailed
from carepost.storage.alerts import Alert, AlertDelivery
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent, utcnow
from carepost.storage.publishing import Variant
from tests.bluesky_peer import BlueskyNetwork
from tests.conftest import Personas
from tests.connectors.email.conftest import SmtpServer
from tests.connectors.mastodon.conftest import MastodonServer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.services.alerts.conftest import alert_from_template, email_config
from tests.worker.helpers import add_channel, scheduled_now, webhook_config

LIST = ["ann@example.org", "bob@example.org", "cat@example.org"]


def _board(db: sessionmaker[Session], alert_id: int) -> dict[int, AlertDelivery]:
    with transaction(db) as session:
        return {d.channel_id: d for d in compose.deliveries(session, alert_id)}


def _status(db: sessionmaker[Session], alert_id: int) -> str:
    with transaction(db) as session:
        row = session.get(Alert, alert_id)
        assert row is not None
        return row.status


def test_all_channels_at_once_then_a_second_click_sends_nothing(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
    plain_smtp: SmtpServer, server: MastodonServer, bluesky_network: BlueskyNetwork,
) -> None:
    mail = add_channel(db, personas, box, "email", email_config(plain_smtp.port, LIST),
                       name="Patients list")
    _, token = server.new_user()
    masto = add_channel(db, personas, box, "mastodon", {
        "api_base_url": server.url, "access_token": token, "allow_private_addresses": True},
        name="Mastodon")
    handle = f"a{secrets.token_hex(5)}.test"
    did = bluesky_network.create_account(handle, "correct-horse-battery")
    sky = add_channel(db, personas, box, "bluesky", {
        "handle": handle, "app_password": "correct-horse-battery",
        "service_url": bluesky_network.pds, "allow_private_addresses": True}, name="Bluesky")
    alert_id = alert_from_template(db, personas, [hook, mail, masto, sky])
    results = send.send(db, box, personas.actors["responder"], alert_id)
    assert {r.status for r in results} == {"acknowledged"}
    assert _status(db, alert_id) == "sent"
    board = _board(db, alert_id)
    assert all(d.idempotency_key and d.acknowledged_at for d in board.values())
    assert board[sky].remote_id in {r["uri"] for r in bluesky_network.list_posts(did)}
    assert len(receiver.deliveries) == 1
    assert receiver.deliveries[0].headers["Idempotency-Key"] == board[hook].idempotency_key
    assert Counter(r for m in plain_smtp.inbox.messages for r in m.rcpt_tos) == Counter(LIST)
    with pytest.raises(Conflict, match="already sent"):
        send.send(db, box, personas.actors["responder"], alert_id)
    assert len(receiver.deliveries) == 1 and len(plain_smtp.inbox.messages) == 3
    assert len(bluesky_network.list_posts(did)) == 1


def test_a_channel_down_does_not_stop_the_others_and_retry_sends_it_once(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
    plain_smtp: SmtpServer,
) -> None:
    mail = add_channel(db, personas, box, "email", email_config(plain_smtp.port, LIST),
                       name="Patients list")
    receiver.answer(503)  # the partner's endpoint is down
    alert_id = alert_from_template(db, personas, [hook, mail])
    send.send(db, box, personas.actors["responder"], alert_id)
    board = _board(db, alert_id)
    assert board[mail].status == "acknowledged"
    assert board[hook].status in ("failed", "unknown") and board[hook].error
    assert _status(db, alert_id) == "partial"
    first_key = board[hook].idempotency_key
    results = send.retry(db, box, personas.actors["responder"], alert_id)
    assert [(r.channel_id, r.status) for r in results] == [(hook, "acknowledged")]
    assert _status(db, alert_id) == "sent"
    # The same key both times: the receiver drops a duplicate if the first one did arrive.
    assert [d.headers["Idempotency-Key"] for d in receiver.deliveries] == [first_key] * 2
    assert len(plain_smtp.inbox.messages) == 3  # the list was not mailed again
    with pytest.raises(Conflict, match="no failed delivery"):
        send.retry(db, box, personas.actors["responder"], alert_id)


def test_a_list_cut_off_half_way_resumes_with_the_rest(
    db: sessionmaker[Session], personas: Personas, box: Box, plain_smtp: SmtpServer,
) -> None:
    mail = add_channel(db, personas, box, "email", email_config(plain_smtp.port, LIST),
                       name="Patients list")
    plain_smtp.inbox.defer.add("bob@example.org")
    alert_id = alert_from_template(db, personas, [mail])
    send.send(db, box, personas.actors["responder"], alert_id)
    assert _board(db, alert_id)[mail].status == "failed"
    plain_smtp.inbox.defer.clear()
    send.retry(db, box, personas.actors["responder"], alert_id)
    assert _board(db, alert_id)[mail].status == "acknowledged"
    assert Counter(r for m in plain_smtp.inbox.messages for r in m.rcpt_tos) == Counter(LIST)


def test_a_new_alert_needs_two_people_before_it_can_go(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
) -> None:
    with transaction(db) as session:
        alert_id = compose.create_alert(
            session, personas.actors["admin"], [hook], headline="Water main break",
            text="The water supply to the Eastgate clinic is cut. Patients are seen at the "
                 "Main Street clinic today.", kind="facility_closure").id
    with pytest.raises(Conflict, match="still needs approval by a privacy officer and an"):
        send.send(db, box, personas.actors["admin"], alert_id)
    with pytest.raises(PermissionDenied, match="own alert"):
        with transaction(db) as session:
            compose.approve_alert(session, personas.actors["admin"], alert_id)
    with transaction(db) as session:
        compose.approve_alert(session, personas.actors["privacy_officer"], alert_id)
    with transaction(db) as session:
        compose.approve_alert(session, personas.actors["approver"], alert_id)
    assert _status(db, alert_id) == "approved"
    assert [r.status for r in send.send(db, box, personas.actors["admin"], alert_id)] == [
        "acknowledged"]
    assert len(receiver.deliveries) == 1


def test_updates_and_the_all_clear_link_back_to_the_first_alert(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
) -> None:
    first = alert_from_template(db, personas, [hook])
    with pytest.raises(Conflict, match="has not been sent"):
        with transaction(db) as session:
            compose.create_alert(session, personas.actors["responder"], [hook],
                                 parent_id=first, msg_type="all_clear", headline="x", text="y")
    send.send(db, box, personas.actors["responder"], first)
    with transaction(db) as session:
        clear = compose.create_alert(
            session, personas.actors["responder"], [hook], parent_id=first,
            msg_type="all_clear", headline="Tap water is safe again",
            text="Tap water in the Northside district is safe to drink again.")
        assert clear.parent_id == first and clear.text.startswith("ALL CLEAR: ")
        clear_id = clear.id
    for role in ("privacy_officer", "approver"):
        with transaction(db) as session:
            compose.approve_alert(session, personas.actors[role], clear_id)
    send.send(db, box, personas.actors["responder"], clear_id)
    with transaction(db) as session:
        assert [a.id for a in compose.chain(session, first)] == [first, clear_id]
    assert receiver.deliveries[-1].json()["post"]["text"].startswith("ALL CLEAR")  # type: ignore[index]


def test_a_drill_goes_to_test_channels_only_and_says_so(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
) -> None:
    with pytest.raises(ValidationFailed, match="not a test channel"):
        alert_from_template(db, personas, [hook], drill=True)
    with transaction(db) as session:
        compose.mark_test_channel(session, personas.actors["admin"], hook, True)
    alert_id = alert_from_template(db, personas, [hook], drill=True)
    send.send(db, box, personas.actors["responder"], alert_id)
    text = receiver.deliveries[-1].json()["post"]["text"]  # type: ignore[index]
    assert text.startswith("DRILL — EXERCISE: ")


def test_promotional_posts_pause_for_the_window_and_nothing_is_lost(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
) -> None:
    promo_channel = add_channel(db, personas, box, "webhook",
                                webhook_config(receiver.url, SECRET), name="Promo")
    post_id = scheduled_now(db, personas, promo_channel)
    alert_id = alert_from_template(db, personas, [hook], pause_minutes=30)
    send.send(db, box, personas.actors["responder"], alert_id)
    with transaction(db) as session:
        variant = session.execute(select(Variant).where(Variant.post_id == post_id)).scalar_one()
        assert variant.state == "scheduled" and variant.next_attempt_at is not None
        held_minutes = (variant.next_attempt_at - utcnow()).total_seconds() / 60
        assert 29 < held_minutes <= 30
    with transaction(db) as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert pause.resume(session, personas.actors["responder"], alert) == 1
    with transaction(db) as session:
        variant = session.execute(select(Variant).where(Variant.post_id == post_id)).scalar_one()
        assert variant.next_attempt_at is not None and variant.next_attempt_at <= utcnow()
        actions = set(session.execute(select(AuditEvent.action)).scalars())
    assert {"alert.sent", "alert.posts_paused", "alert.posts_resumed"} <= actions


def test_two_simultaneous_send_clicks_send_once(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
) -> None:
    import threading

    alert_id = alert_from_template(db, personas, [hook])
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def click() -> None:
        barrier.wait()
        try:
            send.send(db, box, personas.actors["responder"], alert_id)
            outcomes.append("sent")
        except Conflict:
            outcomes.append("refused")

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["refused", "sent"]
    assert len(receiver.deliveries) == 1


def test_a_long_alert_goes_out_as_one_thread_on_bluesky(
    db: sessionmaker[Session], personas: Personas, box: Box, bluesky_network: BlueskyNetwork,
) -> None:
    handle = f"l{secrets.token_hex(5)}.test"
    did = bluesky_network.create_account(handle, "correct-horse-battery")
    sky = add_channel(db, personas, box, "bluesky", {
        "handle": handle, "app_password": "correct-horse-battery",
        "service_url": bluesky_network.pds, "allow_private_addresses": True}, name="Bluesky")
    text = " ".join(f"Step {n}: boil tap water for one minute before you drink it or cook with "
                    "it, until the all-clear." for n in range(1, 9))
    assert len(text) > 600
    with transaction(db) as session:
        alert_id = compose.create_alert(session, personas.actors["responder"], [sky],
                                        headline="Boil-water notice", text=text,
                                        kind="boil_water").id
    for role in ("privacy_officer", "approver"):
        with transaction(db) as session:
            compose.approve_alert(session, personas.actors[role], alert_id)
    assert [r.status for r in send.send(db, box, personas.actors["responder"], alert_id)] == [
        "acknowledged"]
    records = bluesky_network.list_posts(did)
    assert len(records) >= 3
    assert _board(db, alert_id)[sky].remote_id in {r["uri"] for r in records}


def test_a_send_cut_off_mid_call_is_taken_up_by_retry_after_the_lease(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    alert_id = alert_from_template(db, personas, [hook])
    send.send(db, box, personas.actors["responder"], alert_id)
    # As if the process had died between recording the key and hearing back.
    with transaction(db) as session:
        session.execute(update(AlertDelivery).values(status="sending", updated_at=utcnow()))
    with pytest.raises(Conflict, match="no failed delivery"):
        send.retry(db, box, personas.actors["responder"], alert_id)
    with transaction(db) as session:
        session.execute(update(AlertDelivery).values(
            updated_at=utcnow() - send.STALE_SENDING - timedelta(seconds=1)))
    assert [r.status for r in send.retry(db, box, personas.actors["responder"], alert_id)] == [
        "acknowledged"]
    keys = [d.headers["Idempotency-Key"] for d in receiver.deliveries]
    assert len(keys) == 2 and keys[0] == keys[1]  # the same key: the receiver drops the copy


def test_refused_credentials_flag_the_channel(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
) -> None:
    from carepost.storage.publishing import Channel

    receiver.answer(401)
    alert_id = alert_from_template(db, personas, [hook])
    assert [r.status for r in send.send(db, box, personas.actors["responder"], alert_id)] == [
        "failed"]
    with transaction(db) as session:
        channel = session.get(Channel, hook)
        assert channel is not None and channel.status == "needs_reconnect"


def test_approvers_are_told_an_alert_waits_and_the_sender_that_a_delivery_failed(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, receiver: Receiver,
) -> None:
    from carepost.storage.publishing import Notification

    with transaction(db) as session:
        alert_id = compose.create_alert(session, personas.actors["responder"], [hook],
                                        headline="Clinic closed",
                                        text="The Eastgate clinic is closed today.").id
        told = {n.user_id for n in session.execute(select(Notification).where(
            Notification.kind == "alert.approval_needed")).scalars()}
    assert told == {personas.users[r].id for r in ("privacy_officer", "approver", "admin")}
    for role in ("privacy_officer", "approver"):
        with transaction(db) as session:
            compose.approve_alert(session, personas.actors[role], alert_id)
    receiver.answer(503)
    send.send(db, box, personas.actors["responder"], alert_id)
    with transaction(db) as session:
        told = {n.user_id for n in session.execute(select(Notification).where(
            Notification.kind == "alert.delivery_failed")).scalars()}
    assert told == {personas.users["responder"].id, personas.users["admin"].id}
