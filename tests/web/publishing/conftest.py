"""Fixtures for the publishing pages: channels on the personas' organisation, signed-in clients,
and a real loopback HTTP receiver for webhook channels ("test connection" talks to it)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from carepost.services import channels, posts
from carepost.storage.db import transaction
from carepost.storage.publishing import Post
from tests.conftest import Personas
from tests.web.conftest import PERSONAS, Site, WebClient

SECRET = "a-webhook-secret-0123456789"
SAFE_TEXT = "Our flu clinic is open Saturday 9 to 12 at the main site. Walk-ins welcome."
PHI_TEXT = "Get well soon John Smith, MRN 12345678, room 4B after your surgery yesterday!"


@dataclass
class Sink:
    """A loopback HTTP server; `status` is what it answers next."""

    url: str
    status: int = 200
    hits: list[str] = field(default_factory=list)


@pytest.fixture
def sink() -> Iterator[Sink]:
    """A real HTTP server on 127.0.0.1 answering every POST/GET with `sink.status`."""
    state = Sink(url="")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            state.hits.append(self.command)
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET = _answer  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@dataclass
class Pub:
    """The site with personas, two channels (webhook and Bluesky) and helpers."""

    site: Site
    people: Personas
    hook: int
    sky: int

    def client(self, role: str) -> WebClient:
        """A client signed in as the persona of `role`."""
        client = self.site.client()
        client.login(PERSONAS[role])
        client.get("/")
        return client

    def draft(self, text: str = SAFE_TEXT, role: str = "author", title: str = "Flu clinic",
              channel_ids: tuple[int, ...] | None = None) -> int:
        """A draft written through the service; returns its id."""
        chosen = channel_ids or (self.hook,)
        with transaction(self.site.engine) as db:
            return posts.create_post(db, self.people.actors[role], title,
                                     [(c, text) for c in chosen]).id

    def in_review(self, text: str = SAFE_TEXT, role: str = "author") -> int:
        """A post submitted for review; returns its id."""
        post_id = self.draft(text, role)
        with transaction(self.site.engine) as db:
            posts.submit(db, self.people.actors[role], post_id)
        return post_id

    def approved(self, text: str = SAFE_TEXT) -> int:
        """A post approved by the approver; returns its id."""
        post_id = self.in_review(text)
        with transaction(self.site.engine) as db:
            posts.review(db, self.people.actors["approver"], post_id, "approved")
        return post_id

    def post(self, post_id: int) -> Post:
        """The post, freshly read."""
        with transaction(self.site.engine) as db:
            found = db.get(Post, post_id)
            assert found is not None
            db.expunge(found)
            return found

    def texts(self, post_id: int) -> dict[int, str]:
        """Each channel's stored text."""
        with transaction(self.site.engine) as db:
            return {v.channel_id: v.text for v in posts.variants_of(db, post_id)}


def add_channel(site: Site, people: Personas, kind: str, name: str,
                config: dict[str, Any]) -> int:
    """Connect a channel as the admin, sealed with the site's own key."""
    box = channels.channel_box(site.settings)
    with transaction(site.engine) as db:
        return channels.add_channel(db, people.actors["admin"], box, kind, name, config).id


@pytest.fixture
def pub(site: Site, personas: Personas, sink: Sink) -> Pub:
    """Plainview with a webhook channel (to the loopback sink) and a Bluesky channel."""
    hook = add_channel(site, personas, "webhook", "Staff webhook", {
        "url": sink.url, "secret": SECRET, "allow_private_addresses": True,
        "timeout_seconds": 2.0,
    })
    sky = add_channel(site, personas, "bluesky", "Main Bluesky", {
        "handle": "clinic.test", "app_password": "app-pass-1234", "service_url": sink.url,
        "allow_private_addresses": True,
    })
    return Pub(site, personas, hook, sky)


def png_bytes() -> bytes:
    """A small real PNG made with Pillow."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _show_unhandled_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Print the traceback of an unexpected server error (the app logs only its name), so a
    failing test says where it broke."""
    import traceback

    import carepost.web.middleware as middleware

    original = middleware.log_event

    def spy(*args: object, **kwargs: object) -> None:
        if "web.unhandled_error" in args:
            traceback.print_exc()
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(middleware, "log_event", spy)
