"""A real HTTP receiver on loopback (stdlib http.server in a thread) that checks HMAC signatures."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SECRET = "webhook-secret-for-tests-0123"


@dataclass
class Delivery:
    """One request the receiver got, and whether its signature checked out."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool

    def json(self) -> object:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the receiver got, and the answers it will give next (status, headers, body, delay)."""

    url: str
    deliveries: list[Delivery] = field(default_factory=list)
    answers: list[tuple[int, dict[str, str], bytes, float]] = field(default_factory=list)

    def answer(
        self,
        status: int,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        delay: float = 0.0,
    ) -> None:
        """Queue the answer to the next request (default: 200 with an empty body)."""
        self.answers.append((status, headers or {}, body, delay))


def _signature_ok(headers: dict[str, str], body: bytes) -> bool:
    # Written from the documented scheme, independently of carepost's own `sign`.
    timestamp = headers.get("X-Carepost-Timestamp", "")
    expected = (
        "sha256="
        + hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )
    fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300
    return fresh and hmac.compare_digest(expected, headers.get("X-Carepost-Signature", ""))


@pytest.fixture(scope="session")
def _receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = dict(self.headers.items())
            state.deliveries.append(
                Delivery(self.command, self.path, headers, body, _signature_ok(headers, body))
            )
            status, extra, reply, delay = (
                state.answers.pop(0) if state.answers else (200, {}, b"", 0.0)
            )
            if delay:
                time.sleep(delay)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        do_POST = do_GET = _handle  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/carepost"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver(_receiver: Receiver) -> Iterator[Receiver]:
    """The receiver, emptied after each test."""
    yield _receiver
    _receiver.deliveries.clear()
    _receiver.answers.clear()
