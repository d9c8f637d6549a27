"""The one outbound HTTP chokepoint: timeouts, connect-only retries, an SSRF guard, status mapping.

Every connector that speaks HTTP goes through here (directly, or by handing `guarded_transport`
to its client library), so the address rules and the error classification live in one place.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import socket
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from carepost.connectors.errors import ConnectorError

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
CONNECT_RETRIES = 2  # only connection failures are retried: nothing was sent, so it is safe
USER_AGENT = "carepost-connector"
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def forbidden_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is private, loopback, link-local, reserved or multicast."""
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address are judged by that address.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return forbidden_address(embedded)
    return not ip.is_global or ip.is_multicast


def resolve_allowed(host: str, port: int, allow_private: bool) -> list[str]:
    """Resolve `host` and return its addresses, refusing the lot if any is not public."""
    try:  # a literal address needs no lookup (the worker sends to such hosts per post)
        addresses = [str(ipaddress.ip_address(host.strip("[]").split("%")[0]))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise ConnectorError(
                "transient", f"cannot resolve host {host}: {exc}", permanent=False
            ) from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            # A host with one private answer is refused outright: the next lookup may pick it.
            if forbidden_address(ipaddress.ip_address(address.split("%")[0])):
                raise ConnectorError(
                    "disconnected",
                    f"host {host} resolves to a private or loopback address; "
                    "refused unless private addresses are allowed for this channel",
                    permanent=True,
                )
    return addresses


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The CA bundle, loaded once per process: loading it costs ~28 ms of CPU, and every client
    (each alert's webhook, each connector call) used to load its own."""
    return httpx.create_ssl_context()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that checks the resolved address, then connects to exactly that one.

    Connecting to the checked IP (with the original Host header and TLS server name) closes the
    DNS-rebinding gap between the check and the connection.
    """

    def __init__(self, allow_private: bool = False, retries: int = CONNECT_RETRIES) -> None:
        self.allow_private = allow_private
        self._inner = httpx.HTTPTransport(verify=_tls_context(), retries=retries)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Check the request's host and send it to the checked address."""
        url = request.url
        if url.scheme not in ("http", "https"):
            raise ConnectorError("rejected", f"scheme {url.scheme} is not allowed", permanent=True)
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        address = resolve_allowed(host, port, self.allow_private)[0]
        if address != host:
            if url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
            request.url = url.copy_with(host=address)
        return self._inner.handle_request(request)

    def close(self) -> None:
        """Close pooled connections."""
        self._inner.close()


def client(allow_private: bool = False, timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> httpx.Client:
    """An httpx client whose every request passes the SSRF guard; redirects are not followed."""
    return httpx.Client(
        transport=GuardedTransport(allow_private),
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
    )


def send(http: httpx.Client, method: str, url: str, **kwargs: object) -> httpx.Response:
    """Send one request, turning transport failures into ConnectorErrors and statuses into kinds."""
    try:
        response = http.request(method, url, **kwargs)  # type: ignore[arg-type]
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise ConnectorError(
            "transient", f"cannot connect: {type(exc).__name__}", permanent=False
        ) from None
    except httpx.TimeoutException as exc:
        raise ConnectorError(
            "transient",
            f"no answer in time: {type(exc).__name__}",
            permanent=False,
            maybe_sent=True,
        ) from None
    except httpx.TransportError as exc:
        raise ConnectorError(
            "transient",
            f"connection failed: {type(exc).__name__}",
            permanent=False,
            maybe_sent=True,
        ) from None
    if 300 <= response.status_code < 400:
        # Following a redirect would skip the address check and re-send the body elsewhere.
        raise ConnectorError(
            "rejected", f"HTTP {response.status_code}: redirects are not followed", permanent=True
        )
    error = error_for_status(
        response.status_code, network_message(response), response.headers.get("Retry-After")
    )
    if error is not None:
        raise error
    return response


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def error_for_status(
    status: int, message: str, retry_after: str | None = None
) -> ConnectorError | None:
    """Map an HTTP status to a ConnectorError (None for success); `message` is the network's own."""
    if status < 400:
        return None
    text = f"HTTP {status}" + (f": {message}" if message else "")
    if status == 429:
        return ConnectorError(
            "rate_limited", text, permanent=False, retry_after=parse_retry_after(retry_after)
        )
    if status == 401:
        return ConnectorError("auth_expired", text, permanent=True)
    if status in (404, 410):
        return ConnectorError("disconnected", text, permanent=True)
    if status in (408, 425) or status >= 500:
        wait = parse_retry_after(retry_after) if status == 503 else None
        return ConnectorError("transient", text, permanent=False, retry_after=wait, maybe_sent=True)
    return ConnectorError("rejected", text, permanent=True)


def network_message(response: httpx.Response, limit: int = 200) -> str:
    """The network's short error text from a JSON body, never the raw body (it may echo a post)."""
    if response.status_code < 400:
        return ""
    try:
        body = json.loads(response.content)
    except ValueError:
        return response.reason_phrase
    if isinstance(body, dict):
        for key in ("error_description", "error", "message", "detail"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value[:limit]
    return response.reason_phrase


def guarded_session(allow_private: bool = False) -> Any:
    """A `requests` session (for client libraries built on it) whose requests pass the SSRF guard.

    Unlike `GuardedTransport` it checks the address but lets `requests` connect by name, so a DNS
    answer that changes between check and connect is not caught; prefer httpx-based clients.
    The last response is kept on `session.last_response` so callers can read Retry-After.
    """
    import requests
    from requests.adapters import HTTPAdapter

    class _GuardedAdapter(HTTPAdapter):
        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            parts = httpx.URL(request.url)
            if parts.scheme not in ("http", "https"):
                raise ConnectorError(
                    "rejected", f"scheme {parts.scheme} is not allowed", permanent=True
                )
            port = parts.port or (443 if parts.scheme == "https" else 80)
            resolve_allowed(parts.host, port, allow_private)
            return super().send(request, *args, **kwargs)

    session = requests.Session()
    session.mount("http://", _GuardedAdapter())
    session.mount("https://", _GuardedAdapter())
    session.headers["User-Agent"] = USER_AGENT
    session.last_response = None  # type: ignore[attr-defined]

    def keep(response: Any, *args: Any, **kwargs: Any) -> Any:
        session.last_response = response  # type: ignore[attr-defined]
        return response

    session.hooks["response"].append(keep)
    return session
