"""The outermost layer: a generic 500 for anything unhandled, and a PHI-free access log.

Starlette's own error middleware re-raises after answering, so the server would log the
exception's message (which may quote user text). This layer swallows it after logging only the
exception's type and the code locations, never its message or the request's query string.
"""

from __future__ import annotations

import logging
import re
import time
import traceback

from carepost.logs import log_event
from carepost.web.errors import generic_500
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
