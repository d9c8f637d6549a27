"""Browser sessions in signed cookies, and the per-session CSRF token.

The session is a small dict (user id, current organisation, CSRF token, issue time) signed with a
subkey of the installation's secret, never encrypted: it holds ids only, no PHI. Every visitor
gets one (anonymous until login) so that the login form itself carries a CSRF token.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE_NAME = "carepost_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SESSIONLESS_PREFIXES = ("/api/", "/static/", "/healthz")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SessionCodec:
    """Signs and checks session cookies; a session older than `max_age` seconds is expired."""

    def __init__(self, key: bytes, max_age: int) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt="carepost.session")
        self.max_age = max_age

    def dumps(self, data: dict[str, Any]) -> str:
        """Serialise and sign a session dict."""
        return self._serializer.dumps(data)

    def loads(self, cookie: str, now: float | None = None) -> tuple[dict[str, Any], bool]:
        """Return (session, expired); a forged or unreadable cookie gives an empty session."""
        try:
            data = self._serializer.loads(cookie)
        except BadSignature:
            return {}, False
        if not isinstance(data, dict):
            return {}, False
        issued = data.get("iat")
        now = time.time() if now is None else now
        # Absolute lifetime counted from sign-in, so activity cannot keep a stolen cookie alive.
        if data.get("uid") is not None and (
            not isinstance(issued, int | float) or now - issued > self.max_age
        ):
            return {}, True
        return data, False


def new_csrf_token() -> str:
    """A fresh random CSRF token."""
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Compare tokens in constant time; a missing token never matches."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def login_session(session: dict[str, Any], user_id: int, org_slug: str | None) -> None:
    """Turn the (anonymous) session into a signed-in one with a fresh CSRF token."""
    session.clear()
    # sub-second issue time: a sign-in right after a sign-out must outlive the revocation
    session.update(uid=user_id, org=org_slug, csrf=new_csrf_token(), iat=time.time())


class SessionMiddleware:
    """Loads the session cookie into `scope["session"]` and writes it back when it changed.

    Sets `scope["carepost.session_expired"]` when a signed-in session ran past its lifetime, so
    pages can redirect to the login page with a clear message.
    """

    def __init__(self, app: ASGIApp, codec: SessionCodec, secure: bool) -> None:
        self.app = app
        self.codec = codec
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if str(scope.get("path", "")).startswith(SESSIONLESS_PREFIXES):
            # The API authenticates with tokens, static files need nothing: no cookie at all.
            scope["session"] = {}
            scope["carepost.session_expired"] = False
            await self.app(scope, receive, send)
            return
        raw = _cookie_from_headers(scope.get("headers", []))
        session, expired = self.codec.loads(raw) if raw else ({}, False)
        if "csrf" not in session:
            session["csrf"] = new_csrf_token()
        before = dict(session)
        scope["session"] = session
        scope["carepost.session_expired"] = expired
        had_cookie = raw is not None

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = scope["session"]
                if current != before or not had_cookie or expired:
                    headers = list(message.get("headers", []))
                    headers.append((b"set-cookie", self._cookie(current).encode("latin-1")))
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, session: dict[str, Any]) -> str:
        parts = [
            f"{COOKIE_NAME}={self.codec.dumps(session)}",
            "Path=/",
            f"Max-Age={self.codec.max_age}",
            "HttpOnly",
            "SameSite=Lax",
        ]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)


def _cookie_from_headers(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed Cookie header is treated as no cookie
                continue
            if COOKIE_NAME in jar:
                return jar[COOKIE_NAME].value
    return None


# Scripts and styles only from this site (htmx is vendored), no framing (clickjacking on the
# login page), forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


class SecurityHeadersMiddleware:
    """Adds CSP and friends to every response, and `no-store` to everything but static files
    (pages show member lists, audit events and checked texts that must not linger in caches)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if not static:
                    extra.append((b"cache-control", b"no-store"))
                headers += [(k, v) for k, v in extra if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
