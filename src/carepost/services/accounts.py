"""Accounts: first-run setup, sign-in with throttling, members and their roles, passwords.

Every function runs inside the caller's transaction (`carepost.storage.db.transaction`) except
security failures, which `audit.record_refusal` commits on their own before raising.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from carepost.core.permissions import ROLES, role_within
from carepost.logs import log_event
from carepost.services import passwords, throttle
from carepost.services.actor import Actor, require
from carepost.services.audit import format_ts, lock_chain, record, record_refusal
from carepost.services.errors import (
    AuthenticationFailed,
    Conflict,
    LockedOut,
    NotFound,
    PermissionDenied,
    SetupAlreadyDone,
    ValidationFailed,
)
from carepost.services.orgs import new_org
from carepost.settings import Settings
from carepost.storage.models import ApiToken, Membership, Organization, User, utcnow

log = logging.getLogger("carepost.accounts")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")


def normalise_email(email: str) -> str:
    """Lower-case and trim an email, or raise ValidationFailed (never quoting it)."""
    value = email.strip().lower() if isinstance(email, str) else ""
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValidationFailed("email", "is not a valid email address")
    return value


def validate_role(role: str) -> str:
    """Return `role` if it is one of ROLES, else raise ValidationFailed."""
    if role not in ROLES:
        raise ValidationFailed("role", f"must be one of {', '.join(ROLES)}")
    return role


def _display_name(value: str | None) -> str:
    name = (value or "").strip()
    if len(name) > 200:
        raise ValidationFailed("display_name", "must be at most 200 characters")
    return name


def user_by_email(session: Session, email: str) -> User | None:
    """The user with this email (any case), or None."""
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def needs_setup(session: Session) -> bool:
    """True while the installation has no users at all (first run)."""
    return session.scalar(select(func.count()).select_from(User)) == 0


def _create_user(session: Session, email: str, password: str, display_name: str) -> User:
    passwords.validate(password)
    user = User(
        email=email,
        display_name=display_name,
        password_hash=passwords.hash_password(password),
        disabled=False,
    )
    session.add(user)
    session.flush()
    return user


def setup_first_admin(
    session: Session,
    org_name: str,
    org_slug: str,
    email: str,
    password: str,
    display_name: str | None = None,
) -> tuple[Organization, User]:
    """Create the first organisation and its admin; SetupAlreadyDone once any user exists."""
    lock_chain(session)  # two browsers finishing setup at once: only one wins
    if not needs_setup(session):
        raise SetupAlreadyDone("carepost is already set up; sign in instead")
    email = normalise_email(email)
    org = new_org(session, org_name, org_slug)
    user = _create_user(session, email, password, _display_name(display_name))
    session.add(Membership(user_id=user.id, org_id=org.id, role="admin"))
    session.flush()
    actor = Actor(user_id=user.id, org_id=org.id, role="admin", label=email, via="system")
    record(session, actor, "setup.completed", f"user:{user.id}", {"org_id": org.id,
           "role": "admin"})
    return org, user


def authenticate(
    session: Session,
    email: str,
    password: str,
    remote_addr: str | None,
    settings: Settings,
) -> User:
    """Check a sign-in; audit success, failure and lockout; raise AuthenticationFailed/LockedOut.

    Failures and locks are committed before raising, so the caller's rollback keeps them.
    """
    now = utcnow()
    typed = email.strip().lower() if isinstance(email, str) else ""
    keys = throttle.keys_for(typed, remote_addr)
    user = session.scalar(select(User).where(User.email == typed)) if typed else None
    subject = f"user:{user.id}" if user else "user:unknown"
    actor = Actor(
        user_id=user.id if user else None,
        org_id=None,
        role=None,
        label=user.email if user else "anonymous",
        via="session",
    )
    until = throttle.locked_until(session, keys, now)
    if until is not None:
        record_refusal(session, actor, "auth.login_locked", subject, {"until": format_ts(until)})
        raise LockedOut(until)

    ok = passwords.verify_password(user.password_hash if user else None, password)
    if ok and user is not None and not user.disabled:
        throttle.clear_account(session, typed)
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        record(session, actor, "auth.login", subject)
        log_event(log, "auth.login", outcome="ok", user_id=user.id)
        return user

    reason = "unknown_user" if user is None else ("disabled" if ok else "bad_password")
    session.rollback()
    # Taken before touching the counters: two failures at once must not both insert a row.
    lock_chain(session)
    failures, new_lock = throttle.register_failure(session, keys, settings, now)
    record(session, actor, "auth.login_failed", subject,
           {"reason": reason, "failures": failures})
    if new_lock is not None:
        record(session, actor, "auth.lockout", subject,
               {"until": format_ts(new_lock), "seconds": settings.lockout_seconds})
    session.commit()
    log_event(log, "auth.login", outcome="locked_out" if new_lock else "failed", reason=reason,
              user_id=actor.user_id, failures=failures)
    if new_lock is not None:
        raise LockedOut(new_lock)
    raise AuthenticationFailed("wrong email or password")


def session_still_valid(user: User, issued_at: float) -> bool:
    """Whether a browser session issued at `issued_at` (epoch seconds) was not revoked since."""
    revoked = user.sessions_revoked_at
    return revoked is None or issued_at > revoked.timestamp()


def revoke_sessions(user: User) -> None:
    """End every browser session of this user issued until now (cookies are stateless, so
    this is the only way a copied cookie stops working before its lifetime runs out)."""
    user.sessions_revoked_at = utcnow()


def sign_out(session: Session, user_id: int) -> None:
    """Sign a user out everywhere: every session cookie issued so far stops working."""
    user = session.get(User, user_id)
    if user is None:
        return
    revoke_sessions(user)
    actor = Actor(user_id=user.id, org_id=None, role=None, label=user.email, via="session")
    record(session, actor, "auth.logout", f"user:{user.id}")


def memberships(session: Session, user_id: int) -> list[tuple[Organization, str]]:
    """The organisations a user belongs to, with their role in each, by organisation name."""
    rows = session.execute(
        select(Organization, Membership.role)
        .join(Membership, Membership.org_id == Organization.id)
        .where(Membership.user_id == user_id)
        .order_by(Organization.name)
    ).all()
    return [(org, role) for org, role in rows]


def actor_for(session: Session, user_id: int, org_slug: str) -> Actor:
    """The Actor for a signed-in user working in one organisation (via="session")."""
    user = session.get(User, user_id)
    if user is None or user.disabled:
        raise AuthenticationFailed("this account cannot sign in")
    row = session.execute(
        select(Membership.role, Organization.id)
        .join(Organization, Organization.id == Membership.org_id)
        .where(Membership.user_id == user_id, Organization.slug == org_slug)
    ).first()
    if row is None:
        # Same answer for "no such organisation" and "not a member": no probing for slugs.
        raise NotFound("organisation not found")
    return Actor(user_id=user.id, org_id=row[1], role=row[0], label=user.email, via="session")


def _require_org(actor: Actor) -> int:
    if actor.org_id is None:
        raise ValidationFailed("org", "choose an organisation")
    return actor.org_id


def _check_grant(session: Session, actor: Actor, role: str, subject: str) -> None:
    """Nobody grants a role with powers they do not hold themselves, except admins.

    Admins appoint every role, the privacy officer included (an organisation must be able to
    designate one); the separation of duties is that nobody gives their own role new powers
    (see change_role) and that every appointment is audited.
    """
    if actor.trusted or actor.role == "admin" or (
            actor.role is not None and role_within(role, actor.role)):
        return
    record_refusal(session, actor, "permission.denied", subject,
                   {"action": "role.grant", "role": role})
    raise PermissionDenied(f"your role cannot grant the {role} role")


def _membership(session: Session, org_id: int, user_id: int) -> Membership:
    membership = session.get(Membership, (user_id, org_id))
    if membership is None:
        raise NotFound("member not found in this organisation")
    return membership


def _admin_count(session: Session, org_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.org_id == org_id, Membership.role == "admin")
    ) or 0


def add_user(
    session: Session,
    actor: Actor,
    email: str,
    password: str | None,
    role: str,
    display_name: str | None = None,
) -> User:
    """Add a member to the actor's organisation, creating the account if the email is new.

    For an existing account (a member elsewhere) `password` is ignored: an admin of one
    organisation must never be able to change the password of another's member.
    """
    require(actor, "user.manage", session)
    org_id = _require_org(actor)
    email = normalise_email(email)
    validate_role(role)
    _check_grant(session, actor, role, "user:new")
    user = user_by_email(session, email)
    created = user is None
    if user is None:
        if password is None:
            raise ValidationFailed("password", "is required for a new account")
        user = _create_user(session, email, password, _display_name(display_name))
    elif session.get(Membership, (user.id, org_id)) is not None:
        raise Conflict("that account is already a member of this organisation")
    session.add(Membership(user_id=user.id, org_id=org_id, role=role))
    session.flush()
    record(session, actor, "member.added", f"user:{user.id}",
           {"role": role, "new_account": created})
    return user


def change_role(session: Session, actor: Actor, user_id: int, role: str) -> Membership:
    """Change a member's role; the last admin of an organisation cannot be demoted."""
    require(actor, "user.manage", session)
    org_id = _require_org(actor)
    validate_role(role)
    if (not actor.trusted and actor.user_id == user_id and actor.role is not None
            and not role_within(role, actor.role)):
        # stepping down is fine; taking powers one does not hold needs someone else
        record_refusal(session, actor, "permission.denied", f"user:{user_id}",
                       {"action": "role.change_own", "role": role})
        raise PermissionDenied("nobody can give their own role new powers; ask another admin")
    _check_grant(session, actor, role, f"user:{user_id}")
    membership = _membership(session, org_id, user_id)
    old = membership.role
    if old == role:
        return membership
    lock_chain(session)  # two admins demoting each other at once must not leave none
    if old == "admin" and _admin_count(session, org_id) <= 1:
        raise Conflict("the last admin of an organisation cannot be demoted")
    membership.role = role
    # A token never outranks its owner: tokens above the new role stop working.
    for token in session.scalars(
        select(ApiToken).where(
            ApiToken.org_id == org_id, ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)
        )
    ):
        if not role_within(token.role, role):
            token.revoked_at = utcnow()
    session.flush()
    record(session, actor, "member.role_changed", f"user:{user_id}", {"from": old, "to": role})
    return membership


def remove_member(session: Session, actor: Actor, user_id: int) -> None:
    """Remove a member and revoke their tokens here; the last admin cannot be removed."""
    require(actor, "user.manage", session)
    org_id = _require_org(actor)
    membership = _membership(session, org_id, user_id)
    lock_chain(session)
    if membership.role == "admin" and _admin_count(session, org_id) <= 1:
        raise Conflict("the last admin of an organisation cannot be removed")
    old = membership.role
    session.delete(membership)
    session.execute(
        update(ApiToken)
        .where(ApiToken.org_id == org_id, ApiToken.user_id == user_id,
               ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    session.flush()
    record(session, actor, "member.removed", f"user:{user_id}", {"role": old})


def list_members(session: Session, actor: Actor) -> list[tuple[User, str]]:
    """Members of the actor's organisation with their roles, by email."""
    require(actor, "org.view", session)
    org_id = _require_org(actor)
    rows = session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.org_id == org_id)
        .order_by(User.email)
    ).all()
    return [(user, role) for user, role in rows]


def change_password(
    session: Session, actor: Actor, current_password: str, new_password: str
) -> None:
    """Let a signed-in user change their own password, proving the current one first."""
    if actor.user_id is None:
        raise ValidationFailed("user", "only a signed-in user can change their password")
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound("account not found")
    if not passwords.verify_password(user.password_hash, current_password):
        record_refusal(session, actor, "user.password_change_failed", f"user:{user.id}")
        raise AuthenticationFailed("the current password is wrong")
    passwords.validate(new_password, "new_password")
    user.password_hash = passwords.hash_password(new_password)
    revoke_sessions(user)  # the page signs the person in afresh; other devices must sign in
    record(session, actor, "user.password_changed", f"user:{user.id}")


def set_password(session: Session, actor: Actor, email: str, new_password: str) -> User:
    """Reset any account's password: only the local operator (CLI) or the system may."""
    if not actor.trusted:
        record_refusal(session, actor, "permission.denied", "user:any",
                       {"action": "user.set_password"})
        raise PermissionDenied("only the installation operator can reset passwords")
    user = user_by_email(session, normalise_email(email))
    if user is None:
        raise NotFound("account not found")
    passwords.validate(new_password)
    user.password_hash = passwords.hash_password(new_password)
    throttle.clear_account(session, user.email)
    revoke_sessions(user)
    record(session, actor, "user.password_reset", f"user:{user.id}")
    return user


def set_disabled(session: Session, actor: Actor, email: str, disabled: bool) -> User:
    """Disable or re-enable an account everywhere: only the local operator or the system may.

    A disabled account cannot sign in, its sessions stop working and its tokens are refused.
    """
    if not actor.trusted:
        record_refusal(session, actor, "permission.denied", "user:any",
                       {"action": "user.set_disabled"})
        raise PermissionDenied("only the installation operator can disable accounts")
    user = user_by_email(session, normalise_email(email))
    if user is None:
        raise NotFound("account not found")
    if user.disabled != disabled:
        user.disabled = disabled
        session.flush()
        record(session, actor, "user.disabled" if disabled else "user.enabled", f"user:{user.id}")
    return user
