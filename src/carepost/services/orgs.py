"""Organisations: several per installation, each with its own members, tokens and audit trail."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carepost.services.actor import Actor, require
from carepost.services.audit import record, record_refusal
from carepost.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from carepost.storage.models import Membership, Organization

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
# The public pages live at /alerts/<slug>/ and /blog/<slug>/ beside staff pages such as
# /alerts/new, /alerts/templates and /alerts/<id>: a slug equal to one of those words, or made
# of digits only, would make the organisation's public page unreachable.
RESERVED_SLUGS = frozenset({"new", "templates", "static", "api", "login", "logout", "setup"})


def validate_slug(slug: str) -> str:
    """Return a valid slug (lowercase letters, digits, inner hyphens) or raise ValidationFailed."""
    value = slug.strip().lower() if isinstance(slug, str) else ""
    if not _SLUG.match(value):
        raise ValidationFailed("slug", "use 1-64 lowercase letters, digits and inner hyphens")
    if value in RESERVED_SLUGS or value.isdigit():
        raise ValidationFailed(
            "slug", "this slug is taken by carepost's own pages; add a letter or a word")
    return value


def new_org(session: Session, name: str, slug: str) -> Organization:
    """Insert an organisation after validation (no permission check; callers do that)."""
    clean_name = name.strip() if isinstance(name, str) else ""
    if not clean_name or len(clean_name) > 200:
        raise ValidationFailed("name", "must be 1-200 characters")
    clean_slug = validate_slug(slug)
    if session.scalar(select(Organization.id).where(Organization.slug == clean_slug)):
        raise Conflict("that slug is already taken")
    org = Organization(name=clean_name, slug=clean_slug)
    session.add(org)
    session.flush()
    return org


def create_org(session: Session, actor: Actor, name: str, slug: str) -> Organization:
    """Create an organisation: the CLI operator, the system, or an admin of another one."""
    if not (actor.trusted or actor.role == "admin"):
        record_refusal(session, actor, "permission.denied", "org:new", {"action": "org.create"})
        raise PermissionDenied("only an admin or the installation operator can add organisations")
    org = new_org(session, name, slug)
    if actor.user_id is not None:
        # An admin who creates an organisation runs it; otherwise it would have no members.
        session.add(Membership(user_id=actor.user_id, org_id=org.id, role="admin"))
        session.flush()
    record(session, actor, "org.created", f"org:{org.id}", {"slug": org.slug}, org_id=org.id)
    return org


def get_org(session: Session, slug: str) -> Organization:
    """The organisation with this slug, or NotFound."""
    org = session.scalar(select(Organization).where(Organization.slug == slug.strip().lower()))
    if org is None:
        raise NotFound("organisation not found")
    return org


def list_orgs(session: Session, actor: Actor) -> list[tuple[Organization, int]]:
    """Organisations with member counts: all for trusted actors, else the actor's memberships."""
    query = (
        select(Organization, func.count(Membership.user_id))
        .outerjoin(Membership, Membership.org_id == Organization.id)
        .group_by(Organization.id)
        .order_by(Organization.slug)
    )
    if not actor.trusted:
        require(actor, "org.view", session)
        if actor.user_id is None:
            return []
        mine = select(Membership.org_id).where(Membership.user_id == actor.user_id)
        query = query.where(Organization.id.in_(mine))
    return [(org, count) for org, count in session.execute(query).all()]
