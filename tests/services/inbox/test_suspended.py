"""A suspended account: the person who wrote, or the organisation's own account."""

from __future__ import annotations

from mastodon import Mastodon
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services.inbox import actions, ingest
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundCursor, InboundItem
from tests.conftest import Personas
from tests.services.inbox.conftest import MastodonAccount

CLEAN = "Thanks for asking! Our flu clinics run Tuesdays 9 to 12 at every site."


def _suspend(moderator: Mastodon, username: str) -> str:
    """Suspend an account and return its id (the mock does not check the moderator's role, so
    any active account can act as the instance's moderator)."""
    target = str(moderator.account_lookup(username)["id"])
    moderator.admin_account_moderate(target, action="suspend")
    return target


def _items(db: sessionmaker[Session]) -> list[InboundItem]:
    with transaction(db) as session:
        return list(session.execute(select(InboundItem).order_by(InboundItem.id)).scalars())


def test_a_suspended_author_keeps_their_item_and_the_answer_is_recorded(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    name, patient = mastodon_channel.patient()
    patient.status_post(f"@{mastodon_channel.username} is the pharmacy open on Sunday?")
    first = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert first.new == 1
    _suspend(mastodon_channel.client(), name)
    again = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert again.error is None and again.new == 0
    assert [i.text for i in _items(db)] == [
        f"@{mastodon_channel.username} is the pharmacy open on Sunday?"]
    # Answering: a clear outcome either way (this instance still takes replies to the
    # suspended account's status), never an exception.
    sent = actions.reply(db, box, personas.actors["responder"], first.new_ids[0], CLEAN)
    assert sent.state == "sent" or (sent.state == "failed" and sent.error)


def test_a_suspended_organisation_account_says_so_and_skips_nothing(
    db: sessionmaker[Session], box: Box, mastodon_channel: MastodonAccount
) -> None:
    me = mastodon_channel.username
    _, patient = mastodon_channel.patient()
    patient.status_post(f"@{me} is the pharmacy open on Sunday?")
    assert ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False).new == 1
    with transaction(db) as session:
        cursor = session.get(InboundCursor, mastodon_channel.channel_id)
        assert cursor is not None
        before = cursor.cursor
    suspended = _suspend(patient, me)
    patient.status_post(f"@{me} and is there parking?")  # written while we cannot read
    failed = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert failed.error is not None and "403" in failed.error and "disabled" in failed.error
    assert "parking" not in failed.error
    with transaction(db) as session:
        cursor = session.get(InboundCursor, mastodon_channel.channel_id)
        assert cursor is not None and cursor.cursor == before and cursor.last_ok is False
        assert "disabled" in cursor.last_result  # what the inbox page shows for the channel
    patient.admin_account_unsuspend(suspended)
    back = ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False)
    assert back.error is None and back.new == 1
    assert [i.text for i in _items(db)] == [f"@{me} is the pharmacy open on Sunday?",
                                            f"@{me} and is there parking?"]


