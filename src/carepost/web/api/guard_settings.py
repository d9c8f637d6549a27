"""The organisation's guard settings: `GET`/`PUT /orgs/{org}/guard-settings`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from carepost.services import guard_settings
from carepost.storage.db import read_only, transaction
from carepost.web.api.publishing_schemas import PUBLISHING_ERRORS
from carepost.web.deps import OrgActor, require_action, state

router = APIRouter(prefix="/orgs/{org}/guard-settings", tags=["guard"],
                   responses=PUBLISHING_ERRORS)


class GuardSettingsBody(BaseModel):
    """The policy pack and what the organisation publishes on purpose.

    `profile` holds lists of texts under names, phones, faxes, emails, addresses, zips, domains,
    handles, staff and public_events, plus `extra_terms` (blocked, warned, products, claims,
    crisis, brands). An unknown key is refused by name."""

    policy: str = Field(max_length=64, examples=["us-provider"])
    profile: dict = Field(default_factory=dict, examples=[{"staff": ["Dr. Amal Green"]}])


class GuardSettingsOut(GuardSettingsBody):
    """The settings in force; `saved` is false while the defaults apply."""

    saved: bool


@router.get("", response_model=GuardSettingsOut)
def get_settings(request: Request, actor: OrgActor) -> GuardSettingsOut:
    """The pack and profile the guard uses for this organisation."""
    require_action(request, actor, "org.view")
    with read_only(state(request).factory) as db:
        current = guard_settings.get(db, actor.org_id)  # type: ignore[arg-type]
    return GuardSettingsOut(policy=current.policy, profile=current.profile, saved=current.saved)


@router.put("", response_model=GuardSettingsOut)
def put_settings(request: Request, actor: OrgActor, body: GuardSettingsBody) -> GuardSettingsOut:
    """Replace the settings (privacy officers and admins); audited."""
    with transaction(state(request).factory) as db:
        saved = guard_settings.update(db, actor, body.policy, body.profile)
    return GuardSettingsOut(policy=saved.policy, profile=saved.profile, saved=True)
