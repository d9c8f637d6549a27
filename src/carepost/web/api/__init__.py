"""The JSON API under /api/v1: API-token authentication, JSON errors, an OpenAPI document."""

from __future__ import annotations

from fastapi import APIRouter

from carepost.web.api import (
    alerts,
    archive,
    audit,
    channels,
    check,
    guard_settings,
    inbox,
    me,
    members,
    notifications,
    posts,
    tokens,
)
from carepost.web.api.schemas import ERROR_RESPONSES

router = APIRouter(responses=ERROR_RESPONSES)
router.include_router(inbox.router)  # the inbox (issue 6)
router.include_router(alerts.router)  # emergency alerts (issue 7)
for _module in (me, members, tokens, audit, check, guard_settings, channels, posts, archive,
                notifications):
    router.include_router(_module.router)
