"""One account on a PDS: login or a resumed session, guarded calls, record reads, error mapping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
from atproto import Client, models
from atproto_client import exceptions as atx
from atproto_client.request import Request

from carepost.connectors.bluesky.schema import BlueskyConfig
from carepost.connectors.errors import ConnectorError
from carepost.connectors.http import GuardedTransport, error_for_status

POST = "app.bsky.feed.post"
T = TypeVar("T")
# What the client and the guarded transport under it raise; anything else is a bug, not the network.
CLIENT_ERRORS = (atx.AtProtocolError, httpx.HTTPError, ConnectorError)


def translate(exc: Exception, doing: str) -> ConnectorError:
    """Turn an atproto client exception into a ConnectorError; the post text is never included."""
    if isinstance(exc, ConnectorError):
        return exc
    response = getattr(exc, "response", None)
    if response is None:
        # Transport failures: only a failed connection proves nothing was sent.
        cause = exc.__cause__
        sent = not isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout)
        return ConnectorError(
            "transient", f"{doing}: {type(cause or exc).__name__}", permanent=False, maybe_sent=sent
        )
    content = response.content
    error = getattr(content, "error", None) or ""
    message = getattr(content, "message", None) or ""
    network = ": ".join(part for part in (error, message) if part)[:200]
    if error in ("ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"):
        return ConnectorError("auth_expired", f"{doing}: {network}", permanent=True)
    retry_after = response.headers.get("retry-after")
    if retry_after is None and response.headers.get("ratelimit-reset"):
        reset = datetime.fromtimestamp(int(response.headers["ratelimit-reset"]), UTC)
        retry_after = reset.isoformat()
    mapped = error_for_status(response.status_code, network, retry_after)
    if mapped is None:
        return ConnectorError("transient", f"{doing}: unexpected answer", permanent=False)
    if mapped.kind == "disconnected" and response.status_code == 404:
        return ConnectorError("rejected", f"{doing}: {mapped.message}", permanent=True)
    mapped.message = f"{doing}: {mapped.message}"
    mapped.args = (mapped.message,)
    return mapped


def split(uri: str) -> tuple[str, str]:
    """(repo, record key) of an AT-URI of a post."""
    repo, _, rkey = uri.removeprefix("at://").partition(f"/{POST}/")
    return repo, rkey


class Pds:
    """The account's PDS, reached through the SSRF-guarded transport."""

    def __init__(self, config: BlueskyConfig, session: str | None = None) -> None:
        self.config = config
        # A stored session saves a login: the PDS limits logins per account (30 per 5 minutes).
        self._saved_session = session
        transport = GuardedTransport(allow_private=config.allow_private_addresses)
        request = Request(
            transport=transport, timeout=httpx.Timeout(config.timeout_seconds, connect=5.0)
        )
        self.client = Client(base_url=config.service_url, request=request)
        self.did: str | None = None
        self.handle: str | None = None

    def call(self, doing: str, fn: Callable[[], T]) -> T:
        """Run one client call; every failure comes out as a ConnectorError."""
        try:
            return fn()
        except CLIENT_ERRORS as exc:
            raise translate(exc, doing) from None

    @property
    def session_string(self) -> str | None:
        """The logged-in session, for the service to store encrypted and pass back next time."""
        return self.client.export_session_string() if self.did is not None else None

    def _resume(self) -> bool:
        if not self._saved_session:
            return False
        try:
            self.client.login(session_string=self._saved_session, fetch_bsky_profile=False)
            session = self.client.com.atproto.server.get_session()
        except (atx.AtProtocolError, ValueError):
            self._saved_session = None  # expired or unreadable: log in with the app password
            return False
        self.did, self.handle = session.did, session.handle
        return True

    def login(self, again: bool = False) -> str:
        """Log in (once) and return the account's DID."""
        if again:
            self.did = None
        if self.did is None and not self._resume():
            self.call(
                "login",
                lambda: self.client.login(
                    self.config.handle, self.config.app_password, fetch_bsky_profile=False
                ),
            )
            session = self.call("login", self.client.com.atproto.server.get_session)
            self.did, self.handle = session.did, session.handle
        return self.did

    def get(self, repo: str, rkey: str, collection: str = POST) -> Any | None:
        """A record, or None when the repo has no record under that key."""
        params = models.ComAtprotoRepoGetRecord.Params(repo=repo, collection=collection, rkey=rkey)
        try:
            return self.client.com.atproto.repo.get_record(params)
        except atx.BadRequestError as exc:
            content = exc.response.content if exc.response else None
            if getattr(content, "error", None) == "RecordNotFound":
                return None
            raise translate(exc, "reading a record") from None
        except CLIENT_ERRORS as exc:
            raise translate(exc, "reading a record") from None

    def resolve(self, handle: str) -> str | None:
        """The DID of a handle, or None when it does not resolve."""
        try:
            return self.client.resolve_handle(handle).did
        except atx.AtProtocolError:
            return None

    def url(self, author: str | None, uri: str) -> str:
        """The web URL of a post."""
        return f"{self.config.web_url}/profile/{author or self.did}/post/{uri.rsplit('/', 1)[-1]}"
