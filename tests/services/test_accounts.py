"""Accounts: setup, sign-in throttling and lockout, members and roles, passwords."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import accounts, tokens
from carepost.services.actor import cli_actor
from carepost.services.errors import (
    AuthenticationFailed,
    Conflict,
    LockedOut,
    NotFound,
    PermissionDenied,
    SetupAlreadyDone,
    ValidationFailed,
)
from carepost.settings import Settings
from carepost.storage.db import transaction
from carepost.storage.models import (
    AuditEvent,
    LoginThrottle,
    Membership,
    Organization,
    User,
    utcnow,
)
from tests.conftest import PASSWORD, Personas


def _actions(db: sessionmaker[Session]) -> list[str]:
    with transaction(db) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _last(db: sessionmaker[Session]) -> AuditEvent:
    with transaction(db) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event is not None
    return event


def test_first_run_setup_then_refused(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        assert accounts.needs_setup(session)
        org, user = accounts.setup_first_admin(session, "Plainview", "plainview",
                                               "Boss@Plainview.example", PASSWORD, "Boss")
    with transaction(db) as session:
        assert not accounts.needs_setup(session)
        assert accounts.memberships(session, user.id)[0][1] == "admin"
        assert session.get(User, user.id).email == "boss@plainview.example"
        with pytest.raises(SetupAlreadyDone):
            accounts.setup_first_admin(session, "Other", "other", "x@y.example", PASSWORD)
    with transaction(db) as session:
        assert session.scalar(select(func.count()).select_from(Organization)) == 1
    assert _actions(db) == ["setup.completed"]


def test_setup_with_bad_input_saves_nothing(db: sessionmaker[Session]) -> None:
    with pytest.raises(ValidationFailed, match="^password"):
        with transaction(db) as session:
            accounts.setup_first_admin(session, "Plainview", "plainview", "a@b.example", "short")
    with transaction(db) as session:
        assert accounts.needs_setup(session)
        assert session.scalar(select(func.count()).select_from(Organization)) == 0


def test_sign_in_success_is_audited(db: sessionmaker[Session], personas: Personas,
                                    settings: Settings) -> None:
    with transaction(db) as session:
        user = accounts.authenticate(session, " Author@Plainview.example ", PASSWORD, "10.0.0.1",
                                     settings)
    assert user.id == personas.users["author"].id
    event = _last(db)
    assert (event.action, event.actor_id, event.via) == ("auth.login", user.id, "session")


def test_wrong_password_is_audited_and_survives_the_callers_rollback(
    db: sessionmaker[Session], personas: Personas, settings: Settings
) -> None:
    with pytest.raises(AuthenticationFailed) as err:
        with transaction(db) as session:
            accounts.authenticate(session, personas.email("author"), "wrong password!",
                                  None, settings)
    assert str(err.value) == "wrong email or password"
    event = _last(db)
    assert event.action == "auth.login_failed"
    assert json.loads(event.detail) == {"reason": "bad_password", "failures": 1}
    assert "wrong password" not in event.detail


def test_unknown_email_fails_the_same_way_without_storing_it(
    db: sessionmaker[Session], personas: Personas, settings: Settings
) -> None:
    with pytest.raises(AuthenticationFailed, match="^wrong email or password$"):
        with transaction(db) as session:
            accounts.authenticate(session, "jane.patient@gmail.example", PASSWORD, None, settings)
    event = _last(db)
    assert (event.subject, event.actor_label) == ("user:unknown", "anonymous")
    with transaction(db) as session:
        keys = session.scalars(select(LoginThrottle.key)).all()
    assert keys and all("jane" not in k for k in keys)


def test_repeated_failures_lock_the_account_until_the_lock_expires(
    db: sessionmaker[Session], personas: Personas, settings: Settings
) -> None:
    strict = dataclasses.replace(settings, login_max_failures=3, lockout_seconds=600)
    email = personas.email("viewer")
    for attempt in range(3):
        expected = LockedOut if attempt == 2 else AuthenticationFailed
        with pytest.raises(expected):
            with transaction(db) as session:
                accounts.authenticate(session, email, "not the password", None, strict)
    assert _actions(db)[-4:] == ["auth.login_failed", "auth.login_failed", "auth.login_failed",
                                 "auth.lockout"]
    # Even the right password is refused while locked, and that is audited too.
    with pytest.raises(LockedOut) as err:
        with transaction(db) as session:
            accounts.authenticate(session, email, PASSWORD, None, strict)
    assert err.value.until > utcnow() + timedelta(seconds=590)
    assert _actions(db)[-1] == "auth.login_locked"
    # Other accounts are unaffected.
    with transaction(db) as session:
        accounts.authenticate(session, personas.email("author"), PASSWORD, None, strict)
    # Once the lock has run out (moved into the past here), the right password works and the
    # counter is cleared.
    with transaction(db) as session:
        session.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    with transaction(db) as session:
        accounts.authenticate(session, email, PASSWORD, None, strict)
    with transaction(db) as session:
        assert session.get(LoginThrottle, accounts.throttle.account_key(email)) is None


def test_one_address_guessing_many_accounts_is_locked(
    db: sessionmaker[Session], personas: Personas, settings: Settings
) -> None:
    strict = dataclasses.replace(settings, login_max_failures=2)
    emails = [f"nobody{i}@plainview.example" for i in range(8)]  # 2 * 4 failures from one address
    outcomes = []
    for email in emails:
        try:
            with transaction(db) as session:
                accounts.authenticate(session, email, "guess-guess", "203.0.113.9", strict)
        except LockedOut:
            outcomes.append("locked")
        except AuthenticationFailed:
            outcomes.append("failed")
    assert outcomes == ["failed"] * 7 + ["locked"]
    with pytest.raises(LockedOut):
        with transaction(db) as session:
            accounts.authenticate(session, personas.email("admin"), PASSWORD, "203.0.113.9",
                                  strict)
    with transaction(db) as session:
        accounts.authenticate(session, personas.email("admin"), PASSWORD, "198.51.100.1", strict)


def test_disabled_accounts_cannot_sign_in(db: sessionmaker[Session], personas: Personas,
                                          settings: Settings) -> None:
    with transaction(db) as session:
        session.get(User, personas.users["viewer"].id).disabled = True
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            accounts.authenticate(session, personas.email("viewer"), PASSWORD, None, settings)
    assert json.loads(_last(db).detail)["reason"] == "disabled"
    with transaction(db) as session:
        with pytest.raises(AuthenticationFailed):
            accounts.actor_for(session, personas.users["viewer"].id, "plainview")


def test_actor_for_needs_a_membership(db: sessionmaker[Session], personas: Personas) -> None:
    with transaction(db) as session:
        actor = accounts.actor_for(session, personas.users["approver"].id, "plainview")
        assert (actor.role, actor.org_id, actor.via) == ("approver", personas.org.id, "session")
        for slug in ("riverside", "no-such-org"):
            with pytest.raises(NotFound, match="organisation not found"):
                accounts.actor_for(session, personas.users["approver"].id, slug)


def test_author_cannot_grant_themselves_admin(db: sessionmaker[Session],
                                              personas: Personas) -> None:
    author = personas.actors["author"]
    with pytest.raises(PermissionDenied):
        with transaction(db) as session:
            accounts.change_role(session, author, author.user_id, "admin")
    event = _last(db)
    assert (event.action, event.actor_id) == ("permission.denied", author.user_id)
    assert json.loads(event.detail) == {"action": "user.manage"}
    with transaction(db) as session:
        assert session.get(Membership, (author.user_id, personas.org.id)).role == "author"


def test_admin_appoints_a_privacy_officer_but_never_changes_their_own_role(
        db: sessionmaker[Session], personas: Personas) -> None:
    admin = personas.actors["admin"]
    with transaction(db) as session:
        new = accounts.add_user(session, admin, "po2@plainview.example", PASSWORD, "viewer", "P")
        accounts.change_role(session, admin, new.id, "privacy_officer")
    assert json.loads(_last(db).detail) == {"from": "viewer", "to": "privacy_officer"}
    with pytest.raises(PermissionDenied, match="their own role"):
        with transaction(db) as session:
            accounts.change_role(session, admin, admin.user_id, "privacy_officer")
    assert json.loads(_last(db).detail) == {"action": "role.change_own", "role": "privacy_officer"}
    with transaction(db) as session:
        assert session.get(Membership, (admin.user_id, personas.org.id)).role == "admin"


def test_approver_cannot_grant_a_role_above_their_own(db: sessionmaker[Session],
                                                     personas: Personas) -> None:
    approver = personas.actors["approver"]
    with pytest.raises(PermissionDenied):
        with transaction(db) as session:
            accounts.add_user(session, approver, "x@plainview.example", PASSWORD, "admin")


def test_admin_adds_members_and_changes_roles(db: sessionmaker[Session],
                                              personas: Personas) -> None:
    admin = personas.actors["admin"]
    with transaction(db) as session:
        new = accounts.add_user(session, admin, "New@Plainview.example", PASSWORD, "author", "N")
        accounts.change_role(session, admin, new.id, "approver")
    with transaction(db) as session:
        assert session.get(Membership, (new.id, personas.org.id)).role == "approver"
    assert _actions(db)[-2:] == ["member.added", "member.role_changed"]
    assert json.loads(_last(db).detail) == {"from": "author", "to": "approver"}


def test_add_user_validation_and_conflicts(db: sessionmaker[Session], personas: Personas) -> None:
    admin = personas.actors["admin"]
    cases = [
        (("not-an-email", PASSWORD, "author"), ValidationFailed, "^email"),
        (("x@plainview.example", PASSWORD, "owner"), ValidationFailed, "^role"),
        (("x@plainview.example", "short", "author"), ValidationFailed, "^password"),
        (("x@plainview.example", None, "author"), ValidationFailed, "^password"),
        ((personas.email("author"), PASSWORD, "viewer"), Conflict, "already a member"),
    ]
    for args, error, pattern in cases:
        with pytest.raises(error, match=pattern):
            with transaction(db) as session:
                accounts.add_user(session, admin, *args)
    with transaction(db) as session:
        assert accounts.user_by_email(session, "x@plainview.example") is None


def test_existing_account_joins_another_org_without_password_change(
    db: sessionmaker[Session], personas: Personas, settings: Settings
) -> None:
    with transaction(db) as session:
        joined = accounts.add_user(session, personas.other_actor, personas.email("author"),
                                   "an attempt to take over", "viewer")
    assert joined.id == personas.users["author"].id
    with transaction(db) as session:
        accounts.authenticate(session, personas.email("author"), PASSWORD, None, settings)
        orgs = [(o.slug, r) for o, r in accounts.memberships(session, joined.id)]
    assert orgs == [("plainview", "author"), ("riverside", "viewer")]


def test_the_last_admin_cannot_be_demoted_or_removed(db: sessionmaker[Session],
                                                     personas: Personas) -> None:
    admin = personas.actors["admin"]
    with pytest.raises(Conflict, match="last admin"):
        with transaction(db) as session:
            accounts.change_role(session, admin, admin.user_id, "viewer")
    with pytest.raises(Conflict, match="last admin"):
        with transaction(db) as session:
            accounts.remove_member(session, cli_actor(personas.org.id), admin.user_id)
    # With a second admin, the first may step down.
    with transaction(db) as session:
        accounts.change_role(session, admin, personas.users["approver"].id, "admin")
        accounts.change_role(session, admin, admin.user_id, "viewer")
    with transaction(db) as session:
        assert session.get(Membership, (admin.user_id, personas.org.id)).role == "viewer"


def test_members_of_other_orgs_are_not_found(db: sessionmaker[Session],
                                             personas: Personas) -> None:
    with pytest.raises(NotFound):
        with transaction(db) as session:
            accounts.change_role(session, personas.other_actor, personas.users["author"].id,
                                 "viewer")
    with pytest.raises(NotFound):
        with transaction(db) as session:
            accounts.remove_member(session, personas.other_actor, personas.users["author"].id)


def test_remove_member_revokes_their_tokens_here(db: sessionmaker[Session],
                                                 personas: Personas) -> None:
    author = personas.actors["author"]
    with transaction(db) as session:
        plaintext, _ = tokens.create_token(session, author, "mine", "author")
    with transaction(db) as session:
        accounts.remove_member(session, personas.actors["admin"], author.user_id)
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            tokens.authenticate_token(session, plaintext)
    with transaction(db) as session:
        members = [u.email for u, _ in accounts.list_members(session, personas.actors["viewer"])]
    assert personas.email("author") not in members and len(members) == 5


def test_change_password(db: sessionmaker[Session], personas: Personas,
                         settings: Settings) -> None:
    me = personas.actors["responder"]
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            accounts.change_password(session, me, "not my password", "a brand new password")
    assert _last(db).action == "user.password_change_failed"
    with pytest.raises(ValidationFailed, match="^new_password"):
        with transaction(db) as session:
            accounts.change_password(session, me, PASSWORD, "short")
    with transaction(db) as session:
        accounts.change_password(session, me, PASSWORD, "a brand new password")
    with transaction(db) as session:
        accounts.authenticate(session, personas.email("responder"), "a brand new password", None,
                              settings)


def test_only_the_operator_resets_passwords(db: sessionmaker[Session], personas: Personas,
                                            settings: Settings) -> None:
    with pytest.raises(PermissionDenied):
        with transaction(db) as session:
            accounts.set_password(session, personas.actors["admin"], personas.email("viewer"),
                                  "hijacked password")
    with transaction(db) as session:
        accounts.set_password(session, cli_actor(), personas.email("viewer"), "operator reset pw")
    with transaction(db) as session:
        accounts.authenticate(session, personas.email("viewer"), "operator reset pw", None,
                              settings)
    with transaction(db) as session:
        hashes = session.scalars(select(User.password_hash)).all()
    assert all(h.startswith("$argon2id$") for h in hashes)


def test_sign_in_logs_carry_outcomes_and_ids_never_emails(
    db: sessionmaker[Session], personas: Personas, settings: Settings
) -> None:
    import io
    import logging

    from carepost.logs import configure_logging

    root = logging.getLogger("carepost")
    saved = (list(root.handlers), root.level, root.propagate)
    stream = io.StringIO()
    configure_logging(settings, stream=stream)
    try:
        with transaction(db) as session:
            accounts.authenticate(session, personas.email("author"), PASSWORD, "10.1.2.3",
                                  settings)
        with pytest.raises(AuthenticationFailed):
            with transaction(db) as session:
                accounts.authenticate(session, "mary.patient@mail.example", "wrong password",
                                      "10.1.2.3", settings)
    finally:
        root.handlers[:], root.level, root.propagate = saved
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    logins = [x for x in lines if x["event"] == "auth.login"]
    assert [(x["outcome"], x["user_id"]) for x in logins] == [
        ("ok", personas.users["author"].id), ("failed", None)
    ]
    text_out = stream.getvalue()
    for secret in ("plainview.example", "mary", "10.1.2.3", "wrong password", PASSWORD):
        assert secret not in text_out


def test_simultaneous_failures_are_all_counted(db: sessionmaker[Session], personas: Personas,
                                               settings: Settings) -> None:
    import threading

    strict = dataclasses.replace(settings, login_max_failures=100)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            with transaction(db) as session:
                accounts.authenticate(session, personas.email("author"), "wrong password",
                                      "192.0.2.7", strict)
        except AuthenticationFailed:
            outcomes.append("failed")
        except BaseException as exc:  # anything else is the bug this test looks for
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["failed"] * 6
    with transaction(db) as session:
        row = session.get(LoginThrottle, accounts.throttle.account_key(personas.email("author")))
    assert row is not None and row.failures == 6


def test_operator_disables_and_enables_accounts(db: sessionmaker[Session], personas: Personas,
                                                settings: Settings) -> None:
    email = personas.email("approver")
    with transaction(db) as session:
        plaintext, _ = tokens.create_token(session, personas.actors["approver"], "t", "viewer")
    with pytest.raises(PermissionDenied):
        with transaction(db) as session:
            accounts.set_disabled(session, personas.actors["admin"], email, True)
    with transaction(db) as session:
        accounts.set_disabled(session, cli_actor(), email, True)
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            accounts.authenticate(session, email, PASSWORD, None, settings)
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            tokens.authenticate_token(session, plaintext)
    with transaction(db) as session:
        accounts.set_disabled(session, cli_actor(), email, False)
    with transaction(db) as session:
        accounts.authenticate(session, email, PASSWORD, None, settings)
        assert tokens.authenticate_token(session, plaintext).role == "viewer"
    assert "user.disabled" in _actions(db) and "user.enabled" in _actions(db)


def test_stale_throttle_rows_are_pruned(db: sessionmaker[Session], personas: Personas,
                                        settings: Settings) -> None:
    for i in range(3):
        with pytest.raises(AuthenticationFailed):
            with transaction(db) as session:
                accounts.authenticate(session, f"random{i}@x.example", "guess guess", None,
                                      settings)
    with transaction(db) as session:
        session.execute(update(LoginThrottle).values(
            first_failure_at=utcnow() - timedelta(seconds=settings.lockout_seconds + 1)))
    with pytest.raises(AuthenticationFailed):
        with transaction(db) as session:
            accounts.authenticate(session, "random9@x.example", "guess guess", None, settings)
    with transaction(db) as session:
        assert session.scalar(select(func.count()).select_from(LoginThrottle)) == 1
