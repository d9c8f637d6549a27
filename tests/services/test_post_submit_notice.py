"""Submitting a post for review tells the people who may approve it, never its author."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import posts
from carepost.storage.db import transaction
from carepost.storage.publishing import Notification
from tests.conftest import Personas
from tests.services.test_post_subject import SAFE_TITLE, _create, hook
from tests.worker.helpers import SAFE_TEXT

__all__ = ["hook"]  # the fixture used here


def test_submitting_notifies_the_approvers_never_the_author(
    db: sessionmaker[Session], personas: Personas, hook: int
) -> None:
    post_id = _create(db, personas, SAFE_TITLE, (hook,))
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
    with transaction(db) as session:
        rows = session.execute(select(Notification).where(
            Notification.kind == "post.submitted")).scalars().all()
        told = sorted(r.user_id for r in rows if r.user_id is not None)
        assert {r.subject for r in rows} == {f"post:{post_id}"}
        assert all(r.org_id == personas.org.id for r in rows)
    wanted = sorted(personas.users[r].id for r in ("approver", "privacy_officer", "admin"))
    assert told == wanted
    assert personas.users["author"].id not in told


def test_an_approver_who_wrote_the_post_is_not_told_of_their_own_submission(
    db: sessionmaker[Session], personas: Personas, hook: int
) -> None:
    with transaction(db) as session:
        post_id = posts.create_post(session, personas.actors["approver"], SAFE_TITLE,
                                    [(hook, SAFE_TEXT)]).id
        posts.submit(session, personas.actors["approver"], post_id)
    with transaction(db) as session:
        told = set(session.execute(select(Notification.user_id).where(
            Notification.kind == "post.submitted")).scalars())
    assert told == {personas.users["privacy_officer"].id, personas.users["admin"].id}
