"""Public pages served without login: the organisations' blogs and their feeds.

Kept apart from `web/pages` on purpose: those pages all demand the session's CSRF token, while
the blog's comment form is anonymous and carries its own signed form token instead
(see `formtoken.py`).
"""

from __future__ import annotations

from fastapi import APIRouter

from carepost.web.public import alerts, blog

router = APIRouter(include_in_schema=False)
router.include_router(blog.router)
router.include_router(alerts.router)  # public alert pages and CAP feed (issue 7)
