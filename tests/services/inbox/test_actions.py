"""Replies, templates, hiding and permissions against the Mastodon-API server."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services.errors import Conflict, PermissionDenied, ValidationFailed
from carepost.services.inbox import actions, ingest, items
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundItem, InboxReply
from carepost.storage.models import AuditEvent
from tests.conftest import Personas
from tests.services.inbox.conftest import MastodonAccount

CLEAN = "Thanks for asking! Our flu clinics run Tuesdays 9 to 12 at every site."


def _one_item(db: sessionmaker[Session], box: Box, account: MastodonAccount, text: str) -> int:
    _, patient = account.patient()
    patient.status_post(f"@{account.username} {text}")
    result = ingest.poll_channel(db, box, account.channel_id, escalate=False)
    assert result.new == 1
    return result.new_ids[0]


def _replies_on_network(account: MastodonAccount, status_id: str) -> list[str]:
    context = account.client().status_context(status_id)
    return [str(s["content"]) for s in context["descendants"]]


def test_a_template_reply_appears_in_the_thread_once(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    item_id = _one_item(db, box, mastodon_channel, "when are the flu clinics?")
    responder = personas.actors["responder"]
    with transaction(db) as session:
        template = actions.add_template(session, responder, "Flu clinic hours", CLEAN)
    row = actions.reply(db, box, responder, item_id, template_id=template.id)
    assert row.state == "sent" and row.remote_id
    with transaction(db) as session:
        item = session.get(InboundItem, item_id)
        assert item is not None
        assert item.replied and item.status == "waiting"
        remote = item.remote_id
        # Answered: no longer overdue, however old.
        late = timedelta(hours=items.target(session, item.org_id).total_seconds() / 3600 + 1)
        assert not items.is_overdue(item, items.target(session, item.org_id),
                                    item.fetched_at + late)
    replies = _replies_on_network(mastodon_channel, remote)
    assert len(replies) == 1 and "Tuesdays 9 to 12" in replies[0]
    # Our own reply is not a new inbound item, and a reply to it counts as "ours".
    assert ingest.poll_channel(db, box, mastodon_channel.channel_id, escalate=False).new == 0


def test_the_guard_blocks_a_reply_that_confirms_a_patient(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    item_id = _one_item(db, box, mastodon_channel, "did my MRI results come back?")
    text = "Sorry to hear about your visit, John. Your MRI results are fine."
    with pytest.raises(actions.GuardBlocked) as info:
        actions.reply(db, box, personas.actors["responder"], item_id, text)
    assert "MRI" not in str(info.value) and "John" not in str(info.value)
    assert {k for k, _ in info.value.findings} >= {"patient_relationship"}
    with transaction(db) as session:
        assert session.execute(select(InboxReply)).first() is None
        item = session.get(InboundItem, item_id)
        assert item is not None
        blocked = session.execute(select(AuditEvent).where(
            AuditEvent.action == "inbox.reply_blocked")).scalar_one()
        assert "MRI" not in blocked.detail
    assert _replies_on_network(mastodon_channel, item.remote_id) == []


def test_templates_must_be_guard_clean_and_uniquely_named(
    db: sessionmaker[Session], personas: Personas
) -> None:
    responder = personas.actors["responder"]
    with transaction(db) as session, pytest.raises(actions.GuardBlocked):
        actions.add_template(session, responder, "Bad", "Hi Maria, your biopsy is benign.")
    with transaction(db) as session:
        actions.add_template(session, responder, "Hours", CLEAN)
    with transaction(db) as session, pytest.raises(Conflict):
        actions.add_template(session, responder, "Hours", CLEAN)
    with transaction(db) as session, pytest.raises(PermissionDenied):
        actions.add_template(session, personas.actors["viewer"], "Other", CLEAN)


def test_mastodon_cannot_hide_and_says_what_to_do_instead(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    item_id = _one_item(db, box, mastodon_channel, "my MRN is 12345678, please check it")
    with pytest.raises(ValidationFailed) as info:
        actions.hide(db, box, personas.actors["responder"], item_id)
    assert "reply" in str(info.value) and "report" in str(info.value)


def test_move_to_private_invites_without_confirming_anything(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    item_id = _one_item(db, box, mastodon_channel, "I was in room 4 last week with my cancer")
    row = actions.move_private(db, box, personas.actors["responder"], item_id)
    assert row.state == "sent"
    assert "privacy" in row.text and "contact" in row.text
    verdict = json.loads(row.guard_report)
    assert verdict["action"] == "allow"


def test_roles_and_other_organisations(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    item_id = _one_item(db, box, mastodon_channel, "question about parking?")
    with pytest.raises(PermissionDenied):
        actions.reply(db, box, personas.actors["viewer"], item_id, CLEAN)
    with transaction(db) as session:
        assert items.get_item(session, personas.actors["viewer"], item_id).id == item_id
    assert personas.other_actor is not None
    with transaction(db) as session, pytest.raises(Exception) as info:
        items.get_item(session, personas.other_actor, item_id)
    assert "not found" in str(info.value)


def test_assign_note_resolve_are_audited(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    item_id = _one_item(db, box, mastodon_channel, "where do I park?")
    responder = personas.actors["responder"]
    with transaction(db) as session:
        items.assign(session, responder, item_id, personas.users["responder"].id)
        items.add_note(session, responder, item_id, "Asked facilities; answer tomorrow.")
        items.set_status(session, responder, item_id, "resolved")
    with transaction(db) as session:
        with pytest.raises(ValidationFailed):
            items.assign(session, responder, item_id, personas.users["author"].id)
    with transaction(db) as session:
        item = session.get(InboundItem, item_id)
        assert item is not None and item.status == "resolved" and item.resolved_at is not None
        actions_ = [e.action for e in session.execute(select(AuditEvent).where(
            AuditEvent.subject == f"inbound:{item_id}").order_by(AuditEvent.seq)).scalars()]
        assert actions_ == ["inbox.assigned", "inbox.note_added", "inbox.status_changed"]
        notes = items.notes_of(session, item_id)
        assert [n.text for n in notes] == ["Asked facilities; answer tomorrow."]
        assert "facilities" not in "".join(e.detail for e in session.execute(
            select(AuditEvent)).scalars())


def test_a_reply_whose_answer_was_lost_is_retried_under_the_same_key(
    db: sessionmaker[Session], box: Box, personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    from carepost.services.channels import update_config

    item_id = _one_item(db, box, mastodon_channel, "is the lab open late?")
    with transaction(db) as session:
        update_config(session, personas.actors["admin"], box, mastodon_channel.channel_id, {
            "api_base_url": mastodon_channel.server.url, "access_token": mastodon_channel.token,
            "allow_private_addresses": True, "timeout_seconds": 0.5})
    mastodon_channel.server.add_fault("/api/v1/statuses", {"type": "latency", "delay_ms": 2000})
    responder = personas.actors["responder"]
    first = actions.reply(db, box, responder, item_id, CLEAN)
    assert first.state == "unknown" and "transient" in (first.error or "")
    again = actions.reply(db, box, responder, item_id, CLEAN)
    assert again.state == "sent" and again.id == first.id
    assert again.idempotency_key == first.idempotency_key
    with transaction(db) as session:
        item = session.get(InboundItem, item_id)
        assert item is not None
        remote = item.remote_id
    assert len(_replies_on_network(mastodon_channel, remote)) == 1
