"""Server-rendered pages; every unsafe request on them must carry the session's CSRF token."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from carepost.web.deps import verify_csrf
from carepost.web.pages import (
    account,
    alerts,
    audit,
    auth,
    calendar,
    channels,
    check,
    guard_settings,
    home,
    inbox,
    members,
    notifications,
    posts,
    review,
    setup,
    tokens,
)

MODULES = (auth, setup, home, account, members, tokens, audit, check)
# Publishing pages (issue 5): composer, approval queue, calendar, channels, notifications.
MODULES += (posts, review, calendar, channels, notifications)
MODULES += (alerts,)  # emergency alerts (issue 7)
MODULES += (inbox,)  # the inbox (issue 6)
MODULES += (guard_settings,)  # the organisation's guard settings (issue 4, part 4)

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
for _module in MODULES:
    router.include_router(_module.router)
