"""Request dependencies: the app state, the signed-in viewer, CSRF checks and API token actors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Path, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from carepost.core.permissions import allowed
from carepost.services import accounts, audit
from carepost.services.actor import Actor
from carepost.services.errors import AuthenticationFailed, PermissionDenied, ServiceError
from carepost.storage.db import read_only, transaction
from carepost.storage.models import User
from carepost.web.errors import ApiError, CsrfFailed, LoginRequired
from carepost.web.security import CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, csrf_matches
from carepost.web.templating import ROLE_LABELS

if TYPE_CHECKING:  # avoids an import cycle with app.py
    from carepost.web.app import WebState


def state(request: Request) -> WebState:
    """The app's WebState."""
    return request.app.state.carepost


def remote_addr(request: Request) -> str | None:
    """The client address, used only for throttling (hashed by the accounts service)."""
    return request.client.host if request.client else None


@dataclass(frozen=True)
class OrgChoice:
    """One organisation the viewer belongs to."""

    slug: str
    name: str
    role: str


@dataclass(frozen=True)
class NavItem:
    """A navigation link."""

    key: str
    label: str
    href: str


# (key, label, href, action needed): the navigation shows only what the role may do.
_NAV: tuple[tuple[str, str, str, str], ...] = (
    ("home", "Home", "/", "org.view"),
    ("check", "Check a text", "/check", "guard.check"),
    ("guard-settings", "Guard settings", "/settings/guard", "org.view"),
    ("members", "Members", "/members", "org.view"),
    ("tokens", "API tokens", "/tokens", "token.manage"),
    ("audit", "Audit log", "/audit", "audit.view"),
)


@dataclass(frozen=True)
class Viewer:
    """The signed-in person, their current organisation and role, as the pages see them."""

    user_id: int
    email: str
    org_slug: str | None
    org_name: str | None
    role: str | None
    orgs: tuple[OrgChoice, ...]
    actor: Actor
    nav: tuple[NavItem, ...] = field(default=())

    @property
    def role_label(self) -> str:
        """The role as people read it."""
        return ROLE_LABELS.get(self.role or "", "no role")

    def can(self, action: str) -> bool:
        """Whether the navigation should offer `action` (services still decide)."""
        return allowed(self.role, action)


def load_viewer(session: Session, user_id: int, org_slug: str | None,
                issued_at: float | None = None) -> Viewer | None:
    """Build the Viewer for a session's user, or None when the user is gone or disabled, or
    when the session (issued at `issued_at`, seconds since the epoch) was signed out since."""
    user = session.get(User, user_id)
    if user is None or user.disabled:
        return None
    if issued_at is not None and not accounts.session_still_valid(user, issued_at):
        return None
    orgs = tuple(
        OrgChoice(o.slug, o.name, role) for o, role in accounts.memberships(session, user_id)
    )
    current = next((o for o in orgs if o.slug == org_slug), orgs[0] if orgs else None)
    if current is None:
        actor = Actor(user.id, None, None, user.email, "session")
    else:
        actor = accounts.actor_for(session, user.id, current.slug)
    role = current.role if current else None
    nav = tuple(NavItem(k, label, href) for k, label, href, act in _NAV if allowed(role, act))
    return Viewer(
        user_id=user.id,
        email=user.email,
        org_slug=current.slug if current else None,
        org_name=current.name if current else None,
        role=role,
        orgs=orgs,
        actor=actor,
        nav=nav,
    )


def _issued_at(session_data: dict[str, Any]) -> float:
    issued = session_data.get("iat")
    # the cookie codec already refuses a signed-in session without a numeric iat
    return float(issued) if isinstance(issued, int | float) else 0.0


def current_viewer(request: Request) -> Viewer:
    """The signed-in viewer; redirects to the login page (with a reason) otherwise."""
    cached = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    session_data: dict[str, Any] = request.scope["session"]
    uid = session_data.get("uid")
    if not isinstance(uid, int):
        raise LoginRequired(expired=bool(request.scope.get("carepost.session_expired")))
    with read_only(state(request).factory) as db:
        viewer = load_viewer(db, uid, session_data.get("org"), _issued_at(session_data))
    if viewer is None:
        session_data.clear()
        raise LoginRequired()
    if viewer.org_slug != session_data.get("org"):
        session_data["org"] = viewer.org_slug
    request.state.viewer = viewer
    return viewer


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]


def _anonymous_actor() -> Actor:
    return Actor(None, None, None, "anonymous", "session")


def audit_security(
    request: Request, actor: Actor | None, action: str, detail: dict[str, Any]
) -> None:
    """Record a security refusal in its own transaction, so a rollback cannot lose it."""
    with transaction(state(request).factory) as db:
        # The route's name, not the raw path: a forged path could carry anything.
        route = getattr(request.scope.get("route"), "name", None) or "unmatched"
        audit.record(db, actor or _anonymous_actor(), action, f"route:{route}", detail)


async def verify_csrf(request: Request) -> None:
    """On unsafe methods, demand the session's CSRF token (form field or X-CSRF-Token header)."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.scope["session"].get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            try:
                form = await request.form()
            except Exception:  # an unreadable body is just a missing token
                form = None
            value = form.get(CSRF_FIELD) if form is not None else None
            given = value if isinstance(value, str) else None
    if csrf_matches(expected, given):
        return
    if request.scope.get("carepost.session_expired"):
        # The form was signed by a session that has since expired: that is an expiry to
        # explain on the login page, not a forgery (and nothing is done either way).
        raise LoginRequired(expired=True)
    viewer = getattr(request.state, "viewer", None)
    actor = viewer.actor if viewer is not None else _actor_from_session(request)
    audit_security(
        request,
        actor,
        "security.csrf_rejected",
        {"method": request.method, "missing": given is None},
    )
    raise CsrfFailed()


def _actor_from_session(request: Request) -> Actor | None:
    uid = request.scope["session"].get("uid")
    if not isinstance(uid, int):
        return None
    try:
        with read_only(state(request).factory) as db:
            viewer = load_viewer(db, uid, request.scope["session"].get("org"),
                                 _issued_at(request.scope["session"]))
    except ServiceError:
        return None
    return viewer.actor if viewer else None


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "unauthenticated", "Send an API token as 'Authorization: Bearer <token>'."
        )
    return token.strip()


def _token_actor(request: Request, org_slug: str | None) -> Actor:
    """Authenticate the bearer token (the service audits every refusal)."""
    from carepost.services.tokens import authenticate_token

    token = _bearer(request)
    try:
        with transaction(state(request).factory) as db:
            return authenticate_token(db, token, org_slug=org_slug)
    except PermissionDenied:
        raise ApiError(
            403, "wrong_organisation", "This API token belongs to another organisation."
        ) from None
    except AuthenticationFailed:
        raise ApiError(
            401, "invalid_token", "The API token is unknown, revoked or malformed."
        ) from None


# Declared so the OpenAPI document shows the bearer scheme; the header is parsed in _bearer.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="apiToken",
    description="An API token (`cp_...`) created on the API tokens page or with `carepost token`.",
)
BearerDeclared = Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)]


def api_actor(request: Request, _declared: BearerDeclared) -> Actor:
    """The Actor behind an `Authorization: Bearer` API token; 401 JSON otherwise."""
    return _token_actor(request, None)


ApiActor = Annotated[Actor, Depends(api_actor)]


def org_actor(
    request: Request, org: Annotated[str, Path(max_length=64)], _declared: BearerDeclared
) -> Actor:
    """The token's Actor, refused (403, audited) when the token belongs to another organisation."""
    return _token_actor(request, org)


OrgActor = Annotated[Actor, Depends(org_actor)]


def require_action(request: Request, actor: Actor, action: str) -> None:
    """Refuse (403, audited) unless `actor` may do `action`; no transaction when allowed."""
    if actor.can(action):
        return
    from carepost.services.actor import require

    with transaction(state(request).factory) as db:
        require(actor, action, db)
