"""A post's title is the email subject: the guard checks it on every save, at review and before
sending, and a blocking finding in it blocks approval like one in the text."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import posts
from carepost.services.errors import PermissionDenied
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Approval
from tests.conftest import Personas
from tests.connectors.email import conftest as email_peer
from tests.connectors.email.conftest import SmtpServer
from tests.worker.helpers import SAFE_TEXT, add_channel, new_box, post, variant, webhook_config

certificate = email_peer.certificate  # the real aiosmtpd server and its certificate
plain_smtp = email_peer.plain_smtp
_clean_inboxes = email_peer._clean_inboxes

PHI_TITLE = "Get well soon John Smith, room 412"
SAFE_TITLE = "Flu clinic this Saturday"


def email_config(port: int) -> dict[str, object]:
    """A mailing list on the local aiosmtpd server."""
    return {"host": "127.0.0.1", "port": port, "security": "none",
            "from_address": "news@clinic.example", "recipients": ["ann@example.org"],
            "unsubscribe_url": "https://clinic.example/unsubscribe?t={token}&e={email}",
            "unsubscribe_secret": "unsubscribe-secret-for-tests"}


@pytest.fixture
def mail(db: sessionmaker[Session], personas: Personas,
         plain_smtp: SmtpServer) -> Iterator[int]:
    """An email channel (the title is its subject)."""
    yield add_channel(db, personas, new_box(), "email", email_config(plain_smtp.port),
                      name="Newsletter")


@pytest.fixture
def hook(db: sessionmaker[Session], personas: Personas) -> int:
    """A webhook channel (no subject): its address is never called in these tests."""
    return add_channel(db, personas, new_box(), "webhook",
                       webhook_config("http://127.0.0.1:9/hook", "a-webhook-secret-0123"),
                       name="Hook")


def _create(db: sessionmaker[Session], people: Personas, title: str,
            channel_ids: tuple[int, ...]) -> int:
    with transaction(db) as session:
        return posts.create_post(session, people.actors["author"], title,
                                 [(c, SAFE_TEXT) for c in channel_ids]).id


def _reports(db: sessionmaker[Session], post_id: int) -> dict[int, dict[str, object]]:
    with transaction(db) as session:
        return {v.channel_id: json.loads(v.guard_report)
                for v in posts.variants_of(session, post_id)}


def test_the_subject_is_guarded_on_save_with_offsets_of_its_own(
    db: sessionmaker[Session], personas: Personas, mail: int, hook: int
) -> None:
    post_id = _create(db, personas, PHI_TITLE, (mail, hook))
    reports = _reports(db, post_id)
    subject = reports[mail]["subject"]
    assert isinstance(subject, dict) and subject["action"] == "block"
    # Offsets point into the subject, not the body: the name is at "John Smith" of the title.
    name = next(f for f in subject["findings"] if f["kind"] == "identifier:NAME")
    start, end = name["evidence"][0]
    assert PHI_TITLE[start:end] == "John Smith"
    assert "text" not in subject
    # The body alone is clean; the email variant's action is the worse of the two.
    assert reports[mail]["action"] == "allow"
    with transaction(db) as session:
        actions = {v.channel_id: v.guard_action for v in posts.variants_of(session, post_id)}
    assert actions == {mail: "block", hook: "allow"}
    # A network without a subject never sends the title: no subject report there.
    assert "subject" not in reports[hook]


def test_a_blocking_subject_blocks_approval_like_a_blocking_body(
    db: sessionmaker[Session], personas: Personas, mail: int
) -> None:
    post_id = _create(db, personas, PHI_TITLE, (mail,))
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
    with transaction(db) as session, pytest.raises(PermissionDenied, match="privacy officer"):
        posts.review(session, personas.actors["approver"], post_id, "approved")
    assert post(db, post_id).state == "in_review"
    reason = "The patient asked in writing for this message; form on file."
    with transaction(db) as session:
        approval_id = posts.review(session, personas.actors["privacy_officer"], post_id,
                                   "approved", override_reason=reason).id
    with transaction(db) as session:
        stored = session.get(Approval, approval_id)
        assert stored is not None and stored.override_reason == reason
        report = json.loads(stored.guard_report)[str(mail)]
        assert report["subject"]["action"] == "block"
        assert any(f["severity"] == "block" for f in report["subject"]["findings"])


def test_a_clean_subject_changes_nothing(
    db: sessionmaker[Session], personas: Personas, mail: int
) -> None:
    post_id = _create(db, personas, SAFE_TITLE, (mail,))
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
        posts.review(session, personas.actors["approver"], post_id, "approved")
    assert post(db, post_id).state == "approved"
    assert _reports(db, post_id)[mail]["subject"]["action"] == "allow"


def test_the_worker_guards_the_subject_again_before_sending(
    db: sessionmaker[Session], personas: Personas, plain_smtp: SmtpServer
) -> None:
    """Approved with a clean subject, the stored title then changes behind the workflow's
    back (a bug or a direct database edit): the worker's last check refuses to send it; a
    clean one goes out with the title as its subject (real SMTP server)."""
    from email import message_from_bytes

    from sqlalchemy import update

    from carepost.storage.publishing import Post
    from carepost.worker.loop import Worker

    box = new_box()
    mail = add_channel(db, personas, box, "email", email_config(plain_smtp.port))
    ids = []
    for _ in range(2):
        post_id = _create(db, personas, SAFE_TITLE, (mail,))
        with transaction(db) as session:
            posts.submit(session, personas.actors["author"], post_id)
            posts.review(session, personas.actors["approver"], post_id, "approved")
            posts.schedule(session, personas.actors["approver"], post_id, utcnow())
        ids.append(post_id)
    with transaction(db) as session:
        session.execute(update(Post).where(Post.id == ids[0]).values(title=PHI_TITLE))
    outcomes = Worker(db=db, box=box).tick()
    assert sorted(o.state for o in outcomes) == ["failed", "published"]
    assert variant(db, ids[0]).error == (
        "the guard blocks this text and no privacy officer overrode it")
    assert json.loads(variant(db, ids[0]).guard_report)["subject"]["action"] == "block"
    assert len(plain_smtp.inbox.messages) == 1
    sent = message_from_bytes(plain_smtp.inbox.messages[0].content)
    assert sent["Subject"] == SAFE_TITLE

