"""The review workflow: guard on save, two-person rule, overrides, edits, slots and reminders."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import posts
from carepost.services.errors import Conflict, PermissionDenied, ValidationFailed
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent, utcnow
from carepost.storage.publishing import Approval, Notification, Post
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import (
    PHI_TEXT,
    add_channel,
    draft,
    new_box,
    post,
    variant,
    webhook_config,
)

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


@pytest.fixture
def channel_id(db: sessionmaker[Session], personas: Personas, receiver: Receiver) -> int:
    return add_channel(db, personas, new_box(), "webhook", webhook_config(receiver.url, SECRET))


def _actions(db: sessionmaker[Session]) -> list[str]:
    with transaction(db) as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def test_guard_runs_on_save_and_report_holds_no_text(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    post_id = draft(db, personas, channel_id, PHI_TEXT)
    found = variant(db, post_id)
    assert found.guard_action == "block"
    report = json.loads(found.guard_report)
    assert report["findings"] and "text" not in report
    assert "post.created" in _actions(db)


def test_nobody_approves_their_own_post(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    with transaction(db) as session:
        post_id = posts.create_post(session, personas.actors["approver"], "t",
                                    [(channel_id, "Flu shots this Saturday, all welcome.")]).id
        posts.submit(session, personas.actors["approver"], post_id)
    with transaction(db) as session, pytest.raises(PermissionDenied, match="own post"):
        posts.review(session, personas.actors["approver"], post_id, "approved")
    with transaction(db) as session:
        posts.review(session, personas.actors["admin"], post_id, "approved")
    assert post(db, post_id).state == "approved"


def test_blocking_finding_needs_privacy_officer_with_reason(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    post_id = draft(db, personas, channel_id, PHI_TEXT)
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
    with transaction(db) as session, pytest.raises(PermissionDenied, match="privacy officer"):
        posts.review(session, personas.actors["approver"], post_id, "approved")
    with transaction(db) as session, pytest.raises(PermissionDenied, match="reason"):
        posts.review(session, personas.actors["privacy_officer"], post_id, "approved",
                     override_reason="ok")
    reason = "Patient gave written HIPAA authorisation, form on file."
    with transaction(db) as session:
        approval = posts.review(session, personas.actors["privacy_officer"], post_id,
                                "approved", override_reason=reason)
        approval_id = approval.id
    with transaction(db) as session:
        stored = session.get(Approval, approval_id)
        assert stored is not None and stored.override_reason == reason
        assert json.loads(stored.guard_report)[str(channel_id)]["action"] == "block"
        override = session.execute(select(AuditEvent).where(
            AuditEvent.action == "post.guard_overridden")).scalar_one()
        assert reason not in override.detail
    assert post(db, post_id).state == "approved"


def test_changes_requested_needs_comment_and_returns_to_draft(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    post_id = draft(db, personas, channel_id)
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
    with transaction(db) as session, pytest.raises(ValidationFailed, match="comment"):
        posts.review(session, personas.actors["approver"], post_id, "changes_requested")
    with transaction(db) as session:
        posts.review(session, personas.actors["approver"], post_id, "changes_requested",
                     comment="Add the clinic's hours.")
    assert post(db, post_id).state == "draft"
    assert variant(db, post_id).state == "draft"


def test_editing_an_approved_post_sends_it_back_and_editor_cannot_approve(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    post_id = draft(db, personas, channel_id)
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
        posts.review(session, personas.actors["approver"], post_id, "approved")
        posts.schedule(session, personas.actors["approver"], post_id,
                       utcnow() + timedelta(days=1))
    with transaction(db) as session:
        posts.edit_variant(session, personas.actors["approver"], post_id, channel_id,
                           "Flu clinic moved to Sunday 10 to 2.")
    assert post(db, post_id).state == "in_review"
    assert post(db, post_id).version == 2
    with transaction(db) as session, pytest.raises(PermissionDenied, match="edited"):
        posts.review(session, personas.actors["approver"], post_id, "approved")
    with transaction(db) as session:
        posts.review(session, personas.actors["admin"], post_id, "approved")


def test_schedule_needs_approval_and_a_future_time(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    post_id = draft(db, personas, channel_id)
    with transaction(db) as session, pytest.raises(Conflict):
        posts.schedule(session, personas.actors["approver"], post_id, utcnow())
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
        posts.review(session, personas.actors["approver"], post_id, "approved")
    with transaction(db) as session, pytest.raises(ValidationFailed, match="past"):
        posts.schedule(session, personas.actors["approver"], post_id,
                       utcnow() - timedelta(hours=1))
    with transaction(db) as session, pytest.raises(PermissionDenied):
        posts.schedule(session, personas.actors["author"], post_id, utcnow())


def test_unapproved_post_near_its_slot_reminds_approvers_once(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    with transaction(db) as session:
        post_id = posts.create_post(session, personas.actors["author"], "t",
                                    [(channel_id, "Flu shots Saturday.")],
                                    slot_at=utcnow() + timedelta(minutes=30)).id
        posts.submit(session, personas.actors["author"], post_id)
    with transaction(db) as session:
        assert posts.remind_unapproved(session, utcnow(), timedelta(hours=1)) == 1
    with transaction(db) as session:
        assert posts.remind_unapproved(session, utcnow(), timedelta(hours=1)) == 0
        notified = set(session.execute(select(Notification.user_id).where(
            Notification.kind == "post.approval_due")).scalars())
    assert notified == {personas.users[r].id for r in ("approver", "privacy_officer", "admin")}


def test_slot_passed_before_approval_is_never_published_late(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    with transaction(db) as session:
        post_id = posts.create_post(session, personas.actors["author"], "t",
                                    [(channel_id, "Flu shots Saturday.")],
                                    slot_at=utcnow() + timedelta(minutes=30)).id
        posts.submit(session, personas.actors["author"], post_id)
    with transaction(db) as session:  # the slot passes while the post waits for review
        row = session.get(Post, post_id)
        assert row is not None
        row.slot_at = utcnow() - timedelta(minutes=5)
    with transaction(db) as session:
        posts.review(session, personas.actors["approver"], post_id, "approved")
    found = post(db, post_id)
    assert found.state == "approved" and found.slot_at is None
    assert variant(db, post_id).next_attempt_at is None
    assert "post.slot_missed" in _actions(db)


def test_approval_with_slot_ahead_schedules_it(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    slot = utcnow() + timedelta(hours=3)
    with transaction(db) as session:
        post_id = posts.create_post(session, personas.actors["author"], "t",
                                    [(channel_id, "Flu shots Saturday.")], slot_at=slot).id
        posts.submit(session, personas.actors["author"], post_id)
        posts.review(session, personas.actors["approver"], post_id, "approved")
    assert post(db, post_id).state == "scheduled"
    assert variant(db, post_id).next_attempt_at == slot


def test_images_are_checked_stripped_of_metadata_and_counted(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    import hashlib
    import io

    from PIL import Image

    from carepost.services import post_media
    from carepost.storage.publishing import PostMedia
    from tests.worker.helpers import jpeg_with_gps

    photo = jpeg_with_gps()
    with Image.open(io.BytesIO(photo)) as original:
        assert original.getexif().get_ifd(0x8825)  # the fixture really carries GPS
    post_id = draft(db, personas, channel_id)
    with transaction(db) as session, pytest.raises(ValidationFailed, match="alt_text"):
        post_media.add_image(session, personas.actors["author"], post_id, photo, "photo",
                             "IMG_0001.jpg")
    with transaction(db) as session, pytest.raises(ValidationFailed, match="image"):
        post_media.add_image(session, personas.actors["author"], post_id, b"%PDF-1.4",
                             "Nurses at the front desk", "x.pdf")
    with transaction(db) as session:
        post_media.add_image(session, personas.actors["author"], post_id, photo,
                             "Nurses at the flu clinic front desk", "IMG_0001.jpg")
    with transaction(db) as session:
        row = session.execute(select(PostMedia)).scalar_one()
        assert row.sha256 == hashlib.sha256(row.data).hexdigest()
        with Image.open(io.BytesIO(row.data)) as stored:
            assert not stored.getexif()
    assert post(db, post_id).version == 2
    with transaction(db) as session:
        for n in range(3):
            post_media.add_image(session, personas.actors["author"], post_id, photo,
                                 f"Nurses at the front desk, view {n}", "a.jpg")
    with transaction(db) as session, pytest.raises(ValidationFailed, match="at most 4"):
        post_media.add_image(session, personas.actors["author"], post_id, photo,
                             "Nurses at the front desk, view 5", "a.jpg")
    with transaction(db) as session:  # webhooks take images (as metadata): submit passes
        posts.submit(session, personas.actors["author"], post_id)


def test_saved_variants_are_guarded_with_the_organisations_pack(
    db: sessionmaker[Session], personas: Personas, channel_id: int
) -> None:
    from carepost.services import guard_settings

    promo = "Zentrava cuts migraine days in half. Ask your doctor today."
    before = json.loads(variant(db, draft(db, personas, channel_id, promo)).guard_report)
    assert before["policy"] == "us-provider" and not before["disclaimer"]
    with transaction(db) as session:
        guard_settings.update(session, personas.actors["privacy_officer"], "pharma-brand", {})
    after = json.loads(variant(db, draft(db, personas, channel_id, promo)).guard_report)
    assert after["policy"] == "pharma-brand"
    assert "Fair balance" in after["disclaimer"]
