"""Members and roles of the current organisation (admins)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from carepost.core.permissions import ROLES, role_within
from carepost.services import accounts
from carepost.services.actor import Actor
from carepost.services.errors import Conflict, NotFound, ValidationFailed
from carepost.storage.db import transaction
from carepost.web.deps import CurrentViewer, Viewer, state
from carepost.web.errors import service_status
from carepost.web.templating import ROLE_LABELS, render

router = APIRouter()


@dataclass(frozen=True)
class MemberRow:
    """One row of the member table."""

    user_id: int
    email: str
    display_name: str
    role: str


def member_rows(db: Session, viewer_actor: Actor) -> list[MemberRow]:
    """The organisation's members as rows (the service returns (User, role) pairs)."""
    return [
        MemberRow(user.id, user.email, user.display_name or "", role)
        for user, role in accounts.list_members(db, viewer_actor)
    ]


def _page(
    request: Request, viewer: Viewer, status: int = 200, notices: list | None = None
) -> Response:
    with transaction(state(request).factory) as db:
        members = member_rows(db, viewer.actor)
    return render(
        request,
        "members.html",
        status=status,
        title="Members",
        active="members",
        members=members,
        # Only roles the viewer may grant (services refuse the others anyway).
        roles=[r for r in ROLES if viewer.role and role_within(r, viewer.role)],
        role_labels=ROLE_LABELS,
        manage=viewer.can("user.manage"),
        notices=notices or [],
    )


def _done(message: str) -> Response:
    return RedirectResponse(f"/members?done={message}", status_code=303)


_DONE = {
    "added": "Member added.",
    "role": "Role changed.",
    "removed": "Member removed.",
}


@router.get("/members")
def members_page(request: Request, viewer: CurrentViewer, done: str = "") -> Response:
    """The member list with role controls and the add form."""
    notices = [{"kind": "ok", "text": _DONE[done]}] if done in _DONE else []
    return _page(request, viewer, notices=notices)


def _refused(request: Request, viewer: Viewer, exc: Exception) -> Response:
    # Form mistakes re-show the page with the (safe) service message; permission refusals
    # propagate to the 403 handler instead.
    status, _code = service_status(exc)
    return _page(request, viewer, status=status, notices=[{"kind": "error", "text": str(exc)}])


@router.post("/members")
def add_member(
    request: Request,
    viewer: CurrentViewer,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    role: Annotated[str, Form(max_length=32)] = "author",
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add a person to the organisation with a role."""
    try:
        with transaction(state(request).factory) as db:
            accounts.add_user(
                db, viewer.actor, email.strip(), password, role, display_name.strip() or None
            )
    except (ValidationFailed, Conflict) as exc:
        return _refused(request, viewer, exc)
    return _done("added")


@router.post("/members/{user_id}/role")
def change_role(
    request: Request,
    viewer: CurrentViewer,
    user_id: int,
    role: Annotated[str, Form(max_length=32)],
) -> Response:
    """Change a member's role."""
    try:
        with transaction(state(request).factory) as db:
            accounts.change_role(db, viewer.actor, user_id, role)
    except (ValidationFailed, Conflict, NotFound) as exc:
        return _refused(request, viewer, exc)
    return _done("role")


@router.post("/members/{user_id}/remove")
def remove_member(request: Request, viewer: CurrentViewer, user_id: int) -> Response:
    """Remove a member from the organisation."""
    try:
        with transaction(state(request).factory) as db:
            accounts.remove_member(db, viewer.actor, user_id)
    except (ValidationFailed, Conflict, NotFound) as exc:
        return _refused(request, viewer, exc)
    return _done("removed")
