"""Pausing promotional posts: resume releases only what the alert still holds; posts scheduled
into the window after the alert went out are held when the worker would claim them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services import posts
from carepost.services.alerts import pause, send
from carepost.services.errors import Conflict
from carepost.storage.alerts import Alert
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Variant
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.services.alerts.conftest import alert_from_template
from tests.worker.helpers import add_channel, draft, scheduled_now, webhook_config


def _variant(db: sessionmaker[Session], post_id: int) -> Variant:
    with transaction(db) as session:
        return session.execute(select(Variant).where(Variant.post_id == post_id)).scalar_one()


def _resume(db: sessionmaker[Session], personas: Personas, alert_id: int) -> int:
    with transaction(db) as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        return pause.resume(session, personas.actors["responder"], alert)


@pytest.fixture
def promo(db: sessionmaker[Session], personas: Personas, box: Box, receiver: Receiver) -> int:
    return add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET),
                       name="Promo")


def test_resume_leaves_a_post_rescheduled_since_at_its_new_time(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, promo: int,
) -> None:
    moved = scheduled_now(db, personas, promo)
    kept = scheduled_now(db, personas, promo)
    alert_id = alert_from_template(db, personas, [hook], pause_minutes=30)
    send.send(db, box, personas.actors["responder"], alert_id)
    next_week = utcnow() + timedelta(days=7)
    with transaction(db) as session:  # a person picks a new time for one of them
        posts.schedule(session, personas.actors["approver"], moved, next_week)
    assert _resume(db, personas, alert_id) == 1  # only the post still held
    assert _variant(db, moved).next_attempt_at == next_week
    released = _variant(db, kept).next_attempt_at
    assert released is not None and released <= utcnow()
    with pytest.raises(Conflict, match="holds no scheduled posts"):  # a second click
        _resume(db, personas, alert_id)
    assert _variant(db, moved).next_attempt_at == next_week


def test_resume_on_an_alert_whose_pause_is_over_moves_nothing(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, promo: int,
) -> None:
    post_id = scheduled_now(db, personas, promo)
    alert_id = alert_from_template(db, personas, [hook], pause_minutes=30)
    send.send(db, box, personas.actors["responder"], alert_id)
    later = utcnow() + timedelta(days=2)
    with transaction(db) as session:  # the alert went out two hours ago; the post is next
        session.execute(update(Alert).where(Alert.id == alert_id)
                        .values(sent_at=utcnow() - timedelta(hours=2)))
        posts.schedule(session, personas.actors["approver"], post_id, later)
    with pytest.raises(Conflict, match="pause is over"):
        _resume(db, personas, alert_id)
    assert _variant(db, post_id).next_attempt_at == later


def test_a_post_scheduled_into_the_window_after_sending_is_held_until_it_ends(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, promo: int,
    receiver: Receiver,
) -> None:
    alert_id = alert_from_template(db, personas, [hook], pause_minutes=30)
    send.send(db, box, personas.actors["responder"], alert_id)
    assert len(receiver.deliveries) == 1  # the alert itself
    with transaction(db) as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        end = pause.pause_end(alert)
    late = scheduled_now(db, personas, promo)  # scheduled for now, inside the window
    worker = Worker(db=db, box=box)
    assert worker.tick() == []
    assert len(receiver.deliveries) == 1  # nothing promotional went out
    assert _variant(db, late).next_attempt_at == end
    held_id = _variant(db, late).id
    with transaction(db) as session:
        assert [r.variant_id for r in pause.paused(session, alert_id, utcnow())] == [held_id]
    # Released early: it goes out, and a post scheduled after that is not held any more.
    assert _resume(db, personas, alert_id) == 1
    assert [o.state for o in worker.tick()] == ["published"]
    after = draft(db, personas, promo, "Our flu clinic on Elm Street is open Saturday 9-12.")
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], after)
    with transaction(db) as session:
        posts.review(session, personas.actors["approver"], after, "approved")
    with transaction(db) as session:
        posts.schedule(session, personas.actors["approver"], after, utcnow())
    assert [o.state for o in worker.tick()] == ["published"]
    assert len(receiver.deliveries) == 3


def test_a_drill_holds_nothing(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, promo: int,
    receiver: Receiver,
) -> None:
    from carepost.services.alerts import compose

    with transaction(db) as session:
        compose.mark_test_channel(session, personas.actors["admin"], hook, True)
    alert_id = alert_from_template(db, personas, [hook], pause_minutes=30, drill=True)
    send.send(db, box, personas.actors["responder"], alert_id)
    scheduled_now(db, personas, promo)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]


def test_two_workers_at_once_hold_what_fell_due_inside_the_window(
    db: sessionmaker[Session], personas: Personas, box: Box, hook: int, promo: int,
    receiver: Receiver,
) -> None:
    import threading

    alert_id = alert_from_template(db, personas, [hook], pause_minutes=30)
    send.send(db, box, personas.actors["responder"], alert_id)
    late = [scheduled_now(db, personas, promo) for _ in range(3)]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def run() -> None:
        worker = Worker(db=db, box=box)
        barrier.wait()
        outcomes.extend(worker.tick())

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes == [] and len(receiver.deliveries) == 1
    with transaction(db) as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        end = pause.pause_end(alert)
    assert {_variant(db, p).next_attempt_at for p in late} == {end}
