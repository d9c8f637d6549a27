"""Members of an organisation: list, add, change role, remove."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from carepost.services import accounts
from carepost.storage.db import transaction
from carepost.web.api.schemas import MemberIn, MemberOut, RoleIn
from carepost.web.deps import OrgActor, state

router = APIRouter(prefix="/orgs/{org}/members", tags=["members"])


def member_out(user: Any, role: str) -> MemberOut:
    """A (User, role) pair from the accounts service as the API shows it."""
    return MemberOut(
        user_id=user.id, email=user.email, display_name=user.display_name or "", role=role
    )


@router.get("", response_model=list[MemberOut])
def list_members(request: Request, actor: OrgActor) -> list[MemberOut]:
    """Everyone in the organisation with their role."""
    with transaction(state(request).factory) as db:
        return [member_out(user, role) for user, role in accounts.list_members(db, actor)]


@router.post("", response_model=MemberOut, status_code=201)
def add_member(request: Request, actor: OrgActor, body: MemberIn) -> MemberOut:
    """Add a person (created if new) with a role."""
    with transaction(state(request).factory) as db:
        user = accounts.add_user(db, actor, body.email, body.password, body.role, body.display_name)
        return member_out(user, body.role)


@router.patch("/{user_id}", response_model=MemberOut)
def change_role(request: Request, actor: OrgActor, user_id: int, body: RoleIn) -> MemberOut:
    """Change a member's role (never above the caller's; the last admin stays)."""
    with transaction(state(request).factory) as db:
        membership = accounts.change_role(db, actor, user_id, body.role)
        return member_out(membership.user, membership.role)


@router.delete("/{user_id}", status_code=204)
def remove_member(request: Request, actor: OrgActor, user_id: int) -> Response:
    """Remove a member from the organisation."""
    with transaction(state(request).factory) as db:
        accounts.remove_member(db, actor, user_id)
    return Response(status_code=204)
