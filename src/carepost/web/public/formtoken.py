"""The comment form's signed token: which entry the form was for, and when it was shown.

The comment form is public and anonymous, so there is no session for a cross-site request to
ride on, and CSRF protection (which defends a signed-in person's cookies) has nothing to
protect. What the form needs instead is proof that a submission comes from a form this site
rendered for this entry, not long ago and not a moment ago: a bot that posts straight to the
URL has no token, and one that fetches the page and answers within a second is refused as too
fast. The token is an HMAC (itsdangerous) under a subkey of the installation's secret.
"""

from __future__ import annotations

import time
from enum import Enum

from itsdangerous import BadSignature, URLSafeSerializer

MIN_SECONDS = 3  # people read before they write; scripts answer at once
MAX_SECONDS = 6 * 3600  # long enough to write a careful comment


class TokenProblem(Enum):
    """Why a token was refused."""

    INVALID = "invalid"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"


def _serializer(key: bytes) -> URLSafeSerializer:
    return URLSafeSerializer(key, salt="carepost.blog-comment")


def issue(key: bytes, entry_id: int, now: float | None = None) -> str:
    """A token for the comment form of `entry_id`, stamped with the time it was shown."""
    issued = int(now if now is not None else time.time())
    return _serializer(key).dumps({"e": entry_id, "t": issued})


def check(key: bytes, token: str, entry_id: int, now: float | None = None) -> TokenProblem | None:
    """None when the token is genuine, for this entry, and neither too fresh nor too old."""
    try:
        data = _serializer(key).loads(token)
    except BadSignature:
        return TokenProblem.INVALID
    if (not isinstance(data, dict) or data.get("e") != entry_id
            or not isinstance(data.get("t"), int)):
        return TokenProblem.INVALID
    age = (now if now is not None else time.time()) - data["t"]
    if age < MIN_SECONDS:
        return TokenProblem.TOO_FAST
    if age > MAX_SECONDS:
        return TokenProblem.EXPIRED
    return None
