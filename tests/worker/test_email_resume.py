"""A mailing interrupted half-way resumes with the members not yet mailed (real SMTP server)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Variant
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.email import conftest as email_peer
from tests.connectors.email.conftest import SmtpServer
from tests.worker.helpers import add_channel, new_box, scheduled_now, variant

certificate = email_peer.certificate  # the real aiosmtpd server and its certificate
plain_smtp = email_peer.plain_smtp
_clean_inboxes = email_peer._clean_inboxes
LIST = ["ann@example.org", "bob@example.org", "cat@example.org"]


def test_each_member_gets_exactly_one_message_across_a_deferral(
    db: sessionmaker[Session], personas: Personas, plain_smtp: SmtpServer
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "email", {
        "host": "127.0.0.1", "port": plain_smtp.port, "security": "none",
        "from_address": "news@clinic.example", "recipients": LIST,
        "unsubscribe_url": "https://clinic.example/unsubscribe?t={token}&e={email}",
        "unsubscribe_secret": "unsubscribe-secret-for-tests",
    })
    post_id = scheduled_now(db, personas, channel_id)
    plain_smtp.inbox.defer.add("bob@example.org")
    worker = Worker(db=db, box=box)
    first = worker.tick()
    assert [(o.state, o.detail) for o in first] == [("publishing", "transient")]  # retry later
    assert variant(db, post_id).delivered == '["ann@example.org"]'
    plain_smtp.inbox.defer.clear()
    with transaction(db) as session:
        session.execute(update(Variant).where(Variant.post_id == post_id)
                        .values(next_attempt_at=utcnow()))
    assert [o.state for o in worker.tick()] == ["published"]
    got = Counter(r for m in plain_smtp.inbox.messages for r in m.rcpt_tos)
    assert got == {address: 1 for address in LIST}
