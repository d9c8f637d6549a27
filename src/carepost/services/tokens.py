"""API tokens for the JSON API: one organisation, one role, hashed at rest, revocable.

A token reads `cp_<prefix>_<secret>`. The prefix (public, unique) finds the row; only the
SHA-256 of the whole token is stored, which is enough for 256-bit random secrets (no slow
hash needed). A token's role never exceeds its owner's current role in its organisation.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.core.permissions import allowed, role_within
from carepost.services.accounts import validate_role
from carepost.services.actor import Actor, require
from carepost.services.audit import record, record_refusal
from carepost.services.errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from carepost.storage.models import ApiToken, Membership, Organization, User, utcnow

_TOKEN = re.compile(r"^cp_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


def hash_token(plaintext: str) -> str:
    """SHA-256 hex digest of a token's full text."""
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def _new_plaintext() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"cp_{prefix}_{secrets.token_urlsafe(32)}"


def create_token(
    session: Session, actor: Actor, name: str, role: str, user_id: int | None = None
) -> tuple[str, ApiToken]:
    """Create a token in the actor's organisation; return (plaintext shown once, row).

    The owner is the actor; the CLI operator names the owner with `user_id`. The role may not
    allow anything the owner's own role does not.
    """
    require(actor, "token.manage", session)
    if actor.org_id is None:
        raise ValidationFailed("org", "choose an organisation")
    clean_name = name.strip() if isinstance(name, str) else ""
    if not clean_name or len(clean_name) > 100:
        raise ValidationFailed("name", "must be 1-100 characters")
    validate_role(role)
    owner_id = user_id if actor.trusted else actor.user_id
    if owner_id is None:
        raise ValidationFailed("user", "a token needs an owner")
    membership = session.get(Membership, (owner_id, actor.org_id))
    if membership is None:
        raise NotFound("member not found in this organisation")
    if not role_within(role, membership.role):
        record_refusal(session, actor, "permission.denied", f"user:{owner_id}",
                       {"action": "token.create", "role": role})
        raise PermissionDenied(f"a token cannot have more rights than its owner ({role})")
    prefix, plaintext = _new_plaintext()
    token = ApiToken(
        org_id=actor.org_id, user_id=owner_id, name=clean_name, role=role, prefix=prefix,
        token_hash=hash_token(plaintext),
    )
    session.add(token)
    session.flush()
    record(session, actor, "token.created", f"token:{token.id}",
           {"role": role, "owner_id": owner_id, "prefix": prefix})
    return plaintext, token


def _sees_all(actor: Actor) -> bool:
    return actor.trusted or allowed(actor.role, "user.manage")


def list_tokens(session: Session, actor: Actor, include_revoked: bool = True) -> list[ApiToken]:
    """Tokens of the actor's organisation: all for admins and the operator, else their own."""
    require(actor, "token.manage", session)
    query = select(ApiToken).where(ApiToken.org_id == actor.org_id).order_by(ApiToken.id)
    if not _sees_all(actor):
        query = query.where(ApiToken.user_id == actor.user_id)
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    return list(session.scalars(query))


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    """Revoke a token (idempotent): one's own, or any in the organisation for admins."""
    require(actor, "token.manage", session)
    token = session.get(ApiToken, token_id)
    if token is None or token.org_id != actor.org_id or not (
        _sees_all(actor) or token.user_id == actor.user_id
    ):
        raise NotFound("token not found")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
        record(session, actor, "token.revoked", f"token:{token.id}", {"prefix": token.prefix})
    return token


def _fail(session: Session, reason: str, token: ApiToken | None) -> AuthenticationFailed:
    actor = Actor(
        user_id=token.user_id if token else None,
        org_id=token.org_id if token else None,
        role=None,
        label=f"token:{token.prefix}" if token else "anonymous",
        via="token",
        token_id=token.id if token else None,
    )
    subject = f"token:{token.id}" if token else "token:unknown"
    record_refusal(session, actor, "auth.token_failed", subject, {"reason": reason})
    return AuthenticationFailed("invalid or revoked API token")


def authenticate_token(session: Session, plaintext: str, org_slug: str | None = None) -> Actor:
    """Turn a presented token into an Actor (via="token"); audit and refuse anything amiss.

    With `org_slug` (the organisation in the request's URL), a token of another organisation
    is refused with PermissionDenied.
    """
    match = _TOKEN.match(plaintext.strip()) if isinstance(plaintext, str) else None
    token = None
    if match:
        token = session.scalar(select(ApiToken).where(ApiToken.prefix == match.group(1)))
    if token is None:
        raise _fail(session, "unknown", None)
    if not hmac.compare_digest(token.token_hash, hash_token(plaintext.strip())):
        raise _fail(session, "bad_secret", token)
    if token.revoked_at is not None:
        raise _fail(session, "revoked", token)
    user = session.get(User, token.user_id)
    membership = session.get(Membership, (token.user_id, token.org_id))
    if user is None or user.disabled or membership is None:
        raise _fail(session, "owner_gone", token)
    if not role_within(token.role, membership.role):
        raise _fail(session, "owner_demoted", token)
    actor = Actor(
        user_id=token.user_id, org_id=token.org_id, role=token.role,
        label=f"token:{token.prefix}", via="token", token_id=token.id,
    )
    if org_slug is not None:
        org = session.get(Organization, token.org_id)
        if org is None or org.slug != org_slug.strip().lower():
            record_refusal(session, actor, "permission.denied", f"token:{token.id}",
                           {"action": "token.other_org"})
            raise PermissionDenied("this API token belongs to another organisation")
    token.last_used_at = utcnow()
    session.flush()
    return actor
