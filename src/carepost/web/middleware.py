"""The outermost layers: a generic 500 for anything unhandled, a PHI-free access log, and a
cap on request body sizes.

Starlette's own error middleware re-raises after answering, so the server would log the
exception's message (which may quote user text). This layer swallows it after logging only the
exception's type and the code locations, never its message or the request's query string.

FastAPI reads a JSON body before the bearer-token check runs, and the CSRF check reads a
form before the sign-in check, so without a cap an anonymous client could make the server
read (or spool to disk) a body of any size. `BodyLimitMiddleware` answers 413 first.
"""

from __future__ import annotations

import logging
import re
import time
import traceback

from starlette.responses import Response

from carepost.logs import log_event
from carepost.web.errors import generic_500, is_api, json_error
from carepost.web.security import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("carepost.web")


class SafeServerMiddleware:
    """Answers unhandled exceptions with a generic 500 and logs requests without PHI."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500, "sent": False}

        async def tracking_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["sent"] = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # the last line of defence: no traceback reaches a user
            log_event(
                log,
                "web.unhandled_error",
                level=logging.ERROR,
                error_type=_token(type(exc).__name__),
                where=_locations(exc),
                route=_route(scope),
                method=str(scope.get("method", "")).lower(),
            )
            status["code"] = 500
            if not status["sent"]:
                await generic_500(scope)(scope, receive, send)
        finally:
            log_event(
                log,
                "web.request",
                method=str(scope.get("method", "")).lower(),
                route=_route(scope),
                status=status["code"],
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )


_UNSAFE_CHARS = re.compile(r"[^a-z0-9_.:-]+")


def _token(text: str) -> str:
    """Fold code names into the lowercase token form that `log_event` accepts."""
    folded = _UNSAFE_CHARS.sub("-", text.lower()).strip("-") or "unknown"
    return folded if folded[0].isalpha() else "x" + folded[:63]


def _route(scope: Scope) -> str:
    """The matched route's name (its handler), never the raw path or query string."""
    name = getattr(scope.get("route"), "name", None)
    return _token(name)[:64] if isinstance(name, str) else "unmatched"


def _locations(exc: BaseException) -> str:
    """file:line:function of the innermost frame, enough to find a bug, no values."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "unknown"
    f = frames[-1]
    return _token(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}")[:64]


class BodyTooLarge(Exception):
    """A body without a Content-Length grew past the limit while it was read."""


class BodyLimitMiddleware:
    """Refuse request bodies over `max_body` bytes (`max_upload` for multipart forms) with 413.

    A declared Content-Length over the limit is refused before the app runs. A chunked body is
    read up to the limit first and then handed on, so no handler ever sees part of a body it
    would have to abandon (an oversized form is not mistaken for a missing CSRF token).
    """

    def __init__(self, app: ASGIApp, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body, self.max_upload = max_body, max_upload

    def limit_for(self, scope: Scope) -> int:
        """The cap for this request: multipart forms carry image uploads, the rest is text."""
        content_type = _header(scope, b"content-type").lower()
        return self.max_upload if content_type.startswith("multipart/form-data") else self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _header(scope, b"content-length")
        if declared:
            if not declared.isdigit() or int(declared) > limit:
                await _too_large(scope, limit)(scope, receive, send)
                return
            # The server (h11, httptools) delivers no more than the declared length.
            await self.app(scope, receive, send)
            return
        if "chunked" not in _header(scope, b"transfer-encoding").lower():
            await self.app(scope, receive, send)  # no body
            return
        try:
            body = await _read_up_to(receive, limit)
        except BodyTooLarge:
            await _too_large(scope, limit)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1").strip()
    return ""


async def _read_up_to(receive: Receive, limit: int) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return bytes(body)
        body += message.get("body", b"")
        if len(body) > limit:
            raise BodyTooLarge
        if not message.get("more_body", False):
            return bytes(body)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the client to disconnect

    return replay


def _too_large(scope: Scope, limit: int) -> Response:
    """413 as JSON for the API, a page otherwise; the limit in bytes and MiB."""
    size = f"{limit} bytes" if limit < 1 << 20 else f"{limit / (1 << 20):g} MiB"
    message = (f"The request is too large: the limit is {size}. Send a smaller file or "
               "shorter text.")
    log_event(log, "web.body_too_large", route=_path_token(scope), limit=limit)
    if is_api(str(scope.get("path", ""))):
        return json_error(413, "too_large", message)
    from carepost.web.templating import render_error

    return render_error(None, 413, heading="Too large", message=message)


def _path_token(scope: Scope) -> str:
    # Routes are not matched yet this far out: the first path segment is enough to tell
    # the API from pages and the blog, and carries no identifier.
    first = str(scope.get("path", "")).strip("/").split("/", 1)[0]
    return _token(first or "root")[:32]
