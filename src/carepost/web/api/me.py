"""`GET /me`: who the token acts as."""

from __future__ import annotations

from fastapi import APIRouter, Request

from carepost.storage.db import read_only
from carepost.storage.models import Organization
from carepost.web.api.schemas import MeOut, OrgOut
from carepost.web.deps import ApiActor, state

router = APIRouter(tags=["identity"])


@router.get("/me", response_model=MeOut)
def me(request: Request, actor: ApiActor) -> MeOut:
    """The token's user, organisation and role."""
    org = None
    if actor.org_id is not None:
        with read_only(state(request).factory) as db:
            row = db.get(Organization, actor.org_id)
            org = OrgOut(id=row.id, slug=row.slug, name=row.name) if row else None
    return MeOut(
        user_id=actor.user_id, label=actor.label, role=actor.role, via=actor.via, organisation=org
    )
