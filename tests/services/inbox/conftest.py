"""Inbox fixtures: real peers only. A Mastodon-API server (mastodon-mock), an SMTP server
(aiosmtpd), a loopback webhook sink (http.server), and carepost channels connected to them.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from mastodon import Mastodon
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services.channels import add_channel
from carepost.storage.db import transaction
from tests.conftest import Personas
from tests.connectors.email.conftest import (  # noqa: F401  (fixtures)
    _clean_inboxes,
    certificate,
    plain_smtp,
)
from tests.connectors.mastodon.conftest import (  # noqa: F401  (fixtures)
    MastodonServer,
    mastodon_server,
    server,
)
from tests.worker.helpers import new_box


@dataclass
class Sink:
    """A real HTTP server on loopback that keeps every POST it gets (and when it got it)."""

    url: str
    received: list[tuple[float, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0  # seconds before answering: a slow receiver keeps a sender busy

    def wait(self, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until `count` requests arrived."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)


@pytest.fixture
def webhook_sink() -> Iterator[Sink]:
    """A loopback webhook receiver."""
    sink = Sink("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            sink.received.append((time.monotonic(), dict(self.headers), json.loads(body)))
            time.sleep(sink.delay)
            self.send_response(sink.status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    sink.url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    yield sink
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def box() -> Box:
    """A channel box with a fresh key."""
    return new_box()


@dataclass
class MastodonAccount:
    """The organisation's Mastodon account as a carepost channel, and a way to make patients."""

    server: MastodonServer
    username: str
    token: str
    channel_id: int

    def patient(self) -> tuple[str, Mastodon]:
        """A second account (a patient, a follower) driven with the plain client."""
        name, token = self.server.new_user()
        return name, Mastodon(api_base_url=self.server.url, access_token=token,
                              version_check_mode="none")

    def client(self) -> Mastodon:
        """The organisation's own account, with the plain client."""
        return Mastodon(api_base_url=self.server.url, access_token=self.token,
                        version_check_mode="none")

    def fail_next_get(self, path: str, effect: dict[str, object], count: int = 1) -> None:
        """Make the next GETs of `path` fail (mock fault injection)."""
        rule = {"match": {"path": path, "methods": ["GET"]}, "effect": effect, "count": count}
        httpx.post(f"{self.server.url}/api/v1/_mock/faults", json=rule,
                   timeout=10).raise_for_status()


@pytest.fixture
def mastodon_channel(
    server: MastodonServer, db: sessionmaker[Session], personas: Personas, box: Box  # noqa: F811
) -> MastodonAccount:
    """Plainview's Mastodon channel on the local server."""
    username, token = server.new_user()
    with transaction(db) as session:
        row = add_channel(session, personas.actors["admin"], box, "mastodon", "Main Mastodon",
                          {"api_base_url": server.url, "access_token": token,
                           "allow_private_addresses": True})
    return MastodonAccount(server, username, token, row.id)


@pytest.fixture
def email_channel(
    plain_smtp: Any, db: sessionmaker[Session], personas: Personas, box: Box  # noqa: F811
) -> Callable[[], int]:
    """Add an email channel pointing at the plain SMTP server; returns its id."""

    def make() -> int:
        with transaction(db) as session:
            row = add_channel(session, personas.actors["admin"], box, "email", "On-call relay", {
                "host": "127.0.0.1", "port": plain_smtp.port, "security": "none",
                "from_address": "alerts@plainview.example",
                "recipients": ["news@plainview.example"],
                "unsubscribe_url": "https://plainview.example/u/{token}",
                "unsubscribe_secret": "0123456789abcdef0123",
            })
        return row.id

    return make
