"""The one-time first-run setup link: a random token, single use, expiring.

`carepost serve` creates it on an empty database when nobody is at a terminal to answer
questions, prints `http://HOST:PORT/setup?token=...`, and hands it to the app. Only its SHA-256
is kept, in this process's memory: a restart prints a new link and the old one dies.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

DEFAULT_LIFETIME = 3600


class SetupLink:
    """A single-use, expiring setup token."""

    def __init__(self, lifetime: int = DEFAULT_LIFETIME, now: float | None = None) -> None:
        self.token = secrets.token_urlsafe(32)
        self._digest = hashlib.sha256(self.token.encode()).digest()
        self.expires_at = (time.time() if now is None else now) + lifetime
        self._used = False
        self._lock = threading.Lock()

    def url(self, host: str, port: int) -> str:
        """The link to print."""
        # A wildcard address is not something a browser can open; the local one usually is.
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/setup?token={self.token}"

    def valid(self, token: str | None, now: float | None = None) -> bool:
        """True when `token` is this link's, unused and not expired."""
        if not token or self._used:
            return False
        if (time.time() if now is None else now) > self.expires_at:
            return False
        return hmac.compare_digest(hashlib.sha256(token.encode()).digest(), self._digest)

    def consume(self, token: str | None) -> bool:
        """Use the link up; False when it was not valid (or already used by a racing request)."""
        with self._lock:
            if not self.valid(token):
                return False
            self._used = True
            return True

    def release(self) -> None:
        """Give the link back after a failed setup attempt (e.g. a form error)."""
        with self._lock:
            self._used = False

    @property
    def used(self) -> bool:
        """Whether the link was used."""
        return self._used
