"""Editing a post's title (the email subject): guarded again, back to review like a text edit,
and the editor may not approve it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import posts
from carepost.services.errors import PermissionDenied, ValidationFailed
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent, utcnow
from tests.conftest import Personas
from tests.services.test_post_subject import (
    PHI_TITLE,
    SAFE_TITLE,
    _clean_inboxes,
    _create,
    certificate,
    mail,
    plain_smtp,
)
from tests.worker.helpers import SAFE_TEXT, post, variant

__all__ = ["_clean_inboxes", "certificate", "mail", "plain_smtp"]  # fixtures used here


def test_editing_the_title_guards_it_and_sends_an_approved_post_back(
    db: sessionmaker[Session], personas: Personas, mail: int
) -> None:
    post_id = _create(db, personas, SAFE_TITLE, (mail,))
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
        posts.review(session, personas.actors["approver"], post_id, "approved")
        posts.schedule(session, personas.actors["approver"], post_id,
                       utcnow() + timedelta(days=1))
    before = post(db, post_id).version
    with transaction(db) as session:
        posts.edit_title(session, personas.actors["approver"], post_id, f"  {PHI_TITLE} ")
    found = post(db, post_id)
    assert found.title == PHI_TITLE and found.state == "in_review"
    assert found.version == before + 1
    assert str(personas.users["approver"].id) in found.editor_ids.split(",")
    assert variant(db, post_id).guard_action == "block"
    with transaction(db) as session:
        detail = session.execute(select(AuditEvent.detail).where(
            AuditEvent.action == "post.edited")).scalars().all()[-1]
    assert json.loads(detail)["field"] == "title" and "John" not in detail
    # The editor may not approve, and the blocking subject needs a privacy officer anyway.
    with transaction(db) as session, pytest.raises(PermissionDenied, match="edited"):
        posts.review(session, personas.actors["approver"], post_id, "approved",
                     override_reason="I checked it and the patient consented in writing.")
    with transaction(db) as session, pytest.raises(PermissionDenied, match="privacy officer"):
        posts.review(session, personas.actors["admin"], post_id, "approved")
    # Back to a clean title: guarded again, allowed.
    with transaction(db) as session:
        posts.edit_title(session, personas.actors["author"], post_id, SAFE_TITLE)
    assert variant(db, post_id).guard_action == "allow"


def test_an_unchanged_title_is_no_edit_and_bad_titles_are_refused(
    db: sessionmaker[Session], personas: Personas, mail: int
) -> None:
    post_id = _create(db, personas, SAFE_TITLE, (mail,))
    with transaction(db) as session:
        posts.edit_title(session, personas.actors["author"], post_id, SAFE_TITLE + " ")
    assert post(db, post_id).version == 1
    for bad, message in (("two\nlines", "one line"), ("x" * 201, "200")):
        with transaction(db) as session, pytest.raises(ValidationFailed, match=message):
            posts.edit_title(session, personas.actors["author"], post_id, bad)
    with transaction(db) as session, pytest.raises(ValidationFailed, match="200"):
        posts.create_post(session, personas.actors["author"], "x" * 201, [(mail, SAFE_TEXT)])
    with transaction(db) as session, pytest.raises(PermissionDenied):
        posts.edit_title(session, personas.actors["viewer"], post_id, "Other")
    found = post(db, post_id)
    assert found.title == SAFE_TITLE and found.version == 1
