"""API tokens: hashed at rest, scoped to an organisation and a role, revocable."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import accounts, tokens
from carepost.services.actor import cli_actor
from carepost.services.errors import AuthenticationFailed, NotFound, PermissionDenied
from carepost.storage.db import transaction
from carepost.storage.models import ApiToken, AuditEvent
from tests.conftest import Personas


def _last(db: sessionmaker[Session]) -> AuditEvent:
    with transaction(db) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event is not None
    return event


def test_token_round_trip_and_only_its_hash_is_stored(db: sessionmaker[Session],
                                                      personas: Personas) -> None:
    author = personas.actors["author"]
    with transaction(db) as session:
        plaintext, row = tokens.create_token(session, author, "scheduler", "author")
    assert plaintext.startswith(f"cp_{row.prefix}_")
    with transaction(db) as session:
        dump = " ".join(str(v) for v in session.execute(text("SELECT * FROM api_tokens")).one())
        secret = plaintext.rsplit("_", 1)[1]
        assert secret not in dump and tokens.hash_token(plaintext) in dump
        actor = tokens.authenticate_token(session, plaintext, org_slug="plainview")
    assert (actor.user_id, actor.org_id, actor.role, actor.via, actor.token_id) == (
        author.user_id, personas.org.id, "author", "token", row.id
    )
    with transaction(db) as session:
        assert session.get(ApiToken, row.id).last_used_at is not None


def test_a_token_may_have_less_but_never_more_than_its_owner(
    db: sessionmaker[Session], personas: Personas
) -> None:
    author = personas.actors["author"]
    with transaction(db) as session:
        _, row = tokens.create_token(session, author, "read-only", "viewer")
    assert row.role == "viewer"
    with pytest.raises(PermissionDenied, match="more rights than its owner"):
        with transaction(db) as session:
            tokens.create_token(session, author, "escalate", "admin")
    assert json.loads(_last(db).detail) == {"action": "token.create", "role": "admin"}
    with pytest.raises(PermissionDenied):
        with transaction(db) as session:
            tokens.create_token(session, cli_actor(personas.org.id), "x", "approver",
                                user_id=personas.users["responder"].id)


def test_token_for_another_org_is_refused_and_audited(db: sessionmaker[Session],
                                                      personas: Personas) -> None:
    with transaction(db) as session:
        plaintext, row = tokens.create_token(session, personas.actors["admin"], "ci", "viewer")
    with pytest.raises(PermissionDenied, match="another organisation"):
        with transaction(db) as session:
            tokens.authenticate_token(session, plaintext, org_slug="riverside")
    event = _last(db)
    assert (event.action, event.subject, event.via) == ("permission.denied", f"token:{row.id}",
                                                        "token")


@pytest.mark.parametrize("presented", ["", "garbage", "cp_000000000000_" + "A" * 43])
def test_unknown_tokens_fail_and_are_audited(db: sessionmaker[Session], personas: Personas,
                                             presented: str) -> None:
    with pytest.raises(AuthenticationFailed, match="invalid or revoked"):
        with transaction(db) as session:
            tokens.authenticate_token(session, presented)
    event = _last(db)
    assert event.action == "auth.token_failed" and json.loads(event.detail) == {"reason": "unknown"}


def test_right_prefix_wrong_secret_fails(db: sessionmaker[Session], personas: Personas) -> None:
    with transaction(db) as session:
        plaintext, _ = tokens.create_token(session, personas.actors["author"], "t", "author")
    forged = plaintext[:-4] + ("AAAA" if not plaintext.endswith("AAAA") else "BBBB")
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            tokens.authenticate_token(session, forged)
    assert json.loads(_last(db).detail) == {"reason": "bad_secret"}


def test_revoked_tokens_stop_working(db: sessionmaker[Session], personas: Personas) -> None:
    author = personas.actors["author"]
    with transaction(db) as session:
        plaintext, row = tokens.create_token(session, author, "t", "author")
    with transaction(db) as session:
        tokens.revoke_token(session, author, row.id)
        tokens.revoke_token(session, author, row.id)  # idempotent: audited once
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            tokens.authenticate_token(session, plaintext)
    with transaction(db) as session:
        revoked = session.scalars(select(AuditEvent).where(AuditEvent.action == "token.revoked"))
        assert len(revoked.all()) == 1


def test_demoting_the_owner_revokes_tokens_above_the_new_role(
    db: sessionmaker[Session], personas: Personas
) -> None:
    approver = personas.actors["approver"]
    with transaction(db) as session:
        high, _ = tokens.create_token(session, approver, "high", "approver")
        low, _ = tokens.create_token(session, approver, "low", "viewer")
    with transaction(db) as session:
        accounts.change_role(session, personas.actors["admin"], approver.user_id, "author")
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            tokens.authenticate_token(session, high)
    with transaction(db) as session:
        assert tokens.authenticate_token(session, low).role == "viewer"


def test_listing_and_revoking_respect_ownership(db: sessionmaker[Session],
                                                personas: Personas) -> None:
    with transaction(db) as session:
        _, mine = tokens.create_token(session, personas.actors["author"], "a", "author")
        _, theirs = tokens.create_token(session, personas.actors["responder"], "r", "responder")
        _, other_org = tokens.create_token(session, personas.other_actor, "o", "viewer")
    with transaction(db) as session:
        assert [t.id for t in tokens.list_tokens(session, personas.actors["author"])] == [mine.id]
        all_here = [t.id for t in tokens.list_tokens(session, personas.actors["admin"])]
        assert all_here == [mine.id, theirs.id]
    for actor, token_id in ((personas.actors["author"], theirs.id),
                            (personas.actors["admin"], other_org.id)):
        with pytest.raises(NotFound):
            with transaction(db) as session:
                tokens.revoke_token(session, actor, token_id)
    with transaction(db) as session:
        tokens.revoke_token(session, personas.actors["admin"], theirs.id)
        active = tokens.list_tokens(session, personas.actors["admin"], include_revoked=False)
    assert [t.id for t in active] == [mine.id]
