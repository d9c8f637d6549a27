"""Web fixtures on top of core's (tests/conftest.py: `engine` on SQLite and PostgreSQL,
`personas`): the app, a browser-like client that keeps cookies and the CSRF token, and a real
`carepost serve` subprocess."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from carepost.core.permissions import ROLES
from carepost.settings import Settings, load_settings
from carepost.storage.db import transaction
from carepost.web.app import create_app
from carepost.web.setup_link import SetupLink
from tests.conftest import ORG_SLUG, OTHER_SLUG, PASSWORD, Personas

# Personas come from core's `personas` fixture (tests/conftest.py): Plainview Care with one
# member per role, and Riverside Clinic with its admin.
PERSONAS = {role: f"{role.replace('_', '-')}@{ORG_SLUG}.example" for role in ROLES}
ORG_NAME = "Plainview Care"
OTHER_NAME = "Riverside Clinic"
OTHER_ADMIN = f"admin@{OTHER_SLUG}.example"
_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_settings(tmp_path, **overrides) -> Settings:
    """Settings isolated from the environment, with a data dir under tmp_path."""
    values = {"data_dir": str(tmp_path / "data"), "secret_key": "k" * 40, "log_format": "json"}
    values.update(overrides)
    settings = load_settings(environ={}, **values)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings


@dataclass
class Site:
    """The app under test, its database and the setup link it was given."""

    app: FastAPI
    engine: Engine
    settings: Settings
    setup_link: SetupLink

    def client(self) -> WebClient:
        """A fresh browser-like client (its own cookie jar)."""
        return WebClient(TestClient(self.app, raise_server_exceptions=False))


class WebClient:
    """TestClient plus the page's CSRF token, as a browser would submit it."""

    def __init__(self, client: TestClient) -> None:
        self.http = client
        self.csrf = ""

    def get(self, url: str, **kwargs) -> object:
        """GET and remember the CSRF token found in the page."""
        response = self.http.get(url, **kwargs)
        found = _CSRF_INPUT.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, url: str, data: dict | None = None, csrf: bool = True, **kwargs) -> object:
        """POST a form with the CSRF token (unless csrf=False)."""
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.csrf)
        response = self.http.post(url, data=form, **kwargs)
        found = _CSRF_INPUT.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def login(self, email: str, password: str = PASSWORD) -> object:
        """Sign in through the login form; returns the final response."""
        self.get("/login")
        return self.post("/login", {"email": email, "password": password})


@pytest.fixture
def empty_site(engine: Engine, tmp_path) -> Site:
    """The app on core's migrated, empty database (SQLite and PostgreSQL)."""
    settings = make_settings(tmp_path)
    link = SetupLink()
    return Site(create_app(settings, engine=engine, setup_link=link), engine, settings, link)


@pytest.fixture
def site(empty_site: Site, personas: Personas) -> Site:
    """The app with core's personas; `site.ids` maps roles and organisations to ids."""
    ids = {role: user.id for role, user in personas.users.items()}
    ids.update(org=personas.org.id, other_org=personas.other_org.id)
    assert personas.other_admin is not None
    ids["other_admin"] = personas.other_admin.id
    empty_site.ids = ids  # type: ignore[attr-defined]
    return empty_site


def audit_actions(engine: Engine) -> list[str]:
    """The actions of all audit events, oldest first."""
    from sqlalchemy import select

    from carepost.storage.models import AuditEvent

    with transaction(engine) as db:
        return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def audit_rows(engine: Engine) -> list[object]:
    """All audit events, oldest first."""
    from sqlalchemy import select

    from carepost.storage.models import AuditEvent

    with transaction(engine) as db:
        return list(db.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_env(data_dir, **extra: str) -> dict[str, str]:
    """The environment for a `carepost serve` subprocess: no inherited CAREPOST_* settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CAREPOST_") or k.startswith("CAREPOST_TEST_")
    }
    env["CAREPOST_DATA_DIR"] = str(data_dir)
    env["CAREPOST_LOG_FORMAT"] = "json"
    env.update(extra)
    return env


@dataclass
class Served:
    """A running `carepost serve` subprocess; its stdout and stderr go to files."""

    process: object
    base_url: str
    out_path: object
    err_path: object

    @property
    def stdout(self) -> str:
        """What serve printed so far on stdout."""
        return self.out_path.read_text(encoding="utf-8")

    @property
    def setup_url(self) -> str | None:
        """The one-time setup link serve printed, if any."""
        for line in self.stdout.splitlines():
            if "/setup?token=" in line:
                return line.strip()
        return None


def wait_until_up(base_url: str, process, limit_s: float = 30.0) -> None:
    """Poll /healthz until the server answers (or fail if the process dies first)."""
    import time

    import httpx

    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"carepost serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("carepost serve did not come up")


def start_serve(data_dir, **env_extra: str) -> Served:
    """Start a real, non-interactive `carepost serve` on a free port and wait until it answers."""
    import subprocess
    import sys

    port = free_port()
    logs = data_dir.parent
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logs / "serve.out", logs / "serve.err"
    # Files, not pipes: a pipe nobody drains would block the server once it filled up.
    with open(out_path, "w") as out, open(err_path, "w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "carepost", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=serve_env(data_dir, **env_extra),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
    served = Served(process, f"http://127.0.0.1:{port}", out_path, err_path)
    try:
        wait_until_up(served.base_url, process)
    except AssertionError:
        stop_serve(served)
        raise
    return served


def stop_serve(served: Served) -> str:
    """Stop the server; return what it wrote on stderr."""
    import subprocess

    if served.process.poll() is None:
        served.process.terminate()
        try:
            served.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()
    return served.err_path.read_text(encoding="utf-8")


@pytest.fixture
def served(tmp_path) -> Iterator[Served]:
    """A real `carepost serve` on an empty SQLite database in a temp data dir."""
    running = start_serve(tmp_path / "data")
    yield running
    stop_serve(running)
