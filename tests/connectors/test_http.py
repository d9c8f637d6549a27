"""The HTTP chokepoint: address rules, status mapping, Retry-After, the guard on a real socket."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from carepost.connectors import http
from carepost.connectors.errors import ConnectorError
from tests.connectors.helpers import free_port


@pytest.mark.parametrize(
    ("address", "forbidden"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),  # cloud metadata
        ("100.64.0.1", True),  # carrier-grade NAT
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", True),
        ("2002:7f00:1::", True),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", True),  # NAT64 around 169.254.169.254
        ("64:ff9b::808:808", False),  # NAT64 around 8.8.8.8
        ("8.8.8.8", False),
        ("1.1.1.1", False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_forbidden_addresses(address: str, forbidden: bool) -> None:
    assert http.forbidden_address(ipaddress.ip_address(address)) is forbidden


@pytest.mark.parametrize(
    ("status", "kind", "permanent"),
    [
        (400, "rejected", True),
        (401, "auth_expired", True),
        (403, "rejected", True),
        (404, "disconnected", True),
        (408, "transient", False),
        (410, "disconnected", True),
        (413, "rejected", True),
        (422, "rejected", True),
        (429, "rate_limited", False),
        (500, "transient", False),
        (502, "transient", False),
        (503, "transient", False),
        (504, "transient", False),
    ],
)
def test_status_mapping(status: int, kind: str, permanent: bool) -> None:
    error = http.error_for_status(status, "the network's words")
    assert error is not None
    assert (error.kind, error.permanent) == (kind, permanent)
    assert error.message == f"HTTP {status}: the network's words"


def test_success_is_no_error() -> None:
    assert http.error_for_status(201, "") is None


def test_retry_after_in_seconds_and_as_a_date() -> None:
    now = datetime(2026, 11, 25, 6, 0, 0, tzinfo=UTC)
    assert http.parse_retry_after("120", now) == 120.0
    assert http.parse_retry_after("Wed, 25 Nov 2026 06:01:30 GMT", now) == 90.0
    assert http.parse_retry_after("2026-11-25T06:00:45Z", now) == 45.0
    assert http.parse_retry_after("Wed, 25 Nov 2026 05:00:00 GMT", now) == 0.0  # past: retry now
    assert http.parse_retry_after("soon", now) is None
    assert http.parse_retry_after(None, now) is None


def test_rate_limited_error_carries_retry_after() -> None:
    error = http.error_for_status(429, "slow down", "30")
    assert error is not None and error.retry_after == 30.0
    assert str(error) == "rate_limited: HTTP 429: slow down (retry after 30s)"


@pytest.fixture(scope="module")
def local_server() -> Iterator[str]:
    """A loopback HTTP server answering 200 "ok" with the Host header it saw."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = f"ok {self.headers['Host']}".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_guarded_client_refuses_loopback_before_connecting(local_server: str) -> None:
    with http.client() as client, pytest.raises(ConnectorError) as info:
        http.send(client, "GET", local_server)
    assert info.value.kind == "disconnected" and info.value.permanent


def test_allowed_loopback_keeps_the_host_header(local_server: str) -> None:
    with http.client(allow_private=True) as client:
        response = http.send(client, "GET", local_server)
    # Connected to the checked IP, but the request still names the host it was meant for.
    port = local_server.rsplit(":", 1)[1].rstrip("/")
    assert response.text == f"ok localhost:{port}"


def test_only_http_and_https() -> None:
    with http.client(allow_private=True) as client, pytest.raises(ConnectorError) as info:
        client.send(httpx.Request("GET", "ftp://127.0.0.1/file"))
    assert info.value.kind == "rejected"


def test_unresolvable_host_is_transient() -> None:
    with http.client() as client, pytest.raises(ConnectorError) as info:
        http.send(client, "GET", "http://no-such-host.invalid/")
    assert info.value.kind == "transient" and not info.value.maybe_sent


def test_refused_connection_is_transient_and_not_sent() -> None:
    with http.client(allow_private=True) as client, pytest.raises(ConnectorError) as info:
        http.send(client, "GET", f"http://127.0.0.1:{free_port()}/")
    assert info.value.kind == "transient" and not info.value.maybe_sent


def test_clients_share_one_verifying_tls_context():
    """The CA bundle is loaded once per process, and sharing it never turns verification off."""
    import ssl

    from carepost.connectors.http import _tls_context
    ctx = _tls_context()
    assert ctx is _tls_context()
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    a, b = http.client(), http.client()
    try:
        pools = [c._transport._inner._pool for c in (a, b)]  # type: ignore[attr-defined]
        assert pools[0]._ssl_context is pools[1]._ssl_context is ctx
    finally:
        a.close()
        b.close()
