"""Web fixtures: an app on a migrated database (SQLite, and PostgreSQL when configured) with
named personas, and a browser-like client that keeps cookies and the CSRF token."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from carepost.services import accounts
from carepost.services.actor import SYSTEM, cli_actor
from carepost.settings import Settings, load_settings
from carepost.storage.db import make_engine, transaction
from carepost.storage.migrate import upgrade
from carepost.web.app import create_app
from carepost.web.setup_link import SetupLink

PASSWORD = "correct horse battery staple"
ORG_SLUG = "plainview"
OTHER_SLUG = "riverside"
PERSONAS = {
    "admin": "admin@plainview.example",
    "privacy_officer": "privacy@plainview.example",
    "author": "author@plainview.example",
}
OTHER_ADMIN = "admin@riverside.example"
_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 with tiny parameters: the tests exercise sign-in, not the hash's cost."""
    from argon2 import PasswordHasher

    from carepost.services import passwords

    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    passwords.use_hasher(PasswordHasher())


def _pg_url() -> str | None:
    return os.environ.get("CAREPOST_TEST_DATABASE_URL") or None


@pytest.fixture(params=["sqlite", "postgres"])
def db_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A migrated, empty database: a SQLite file, or a private schema on the test PostgreSQL."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'carepost.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    url = _pg_url()
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CAREPOST_TEST_DATABASE_URL is not set in CI")
        pytest.skip("PostgreSQL not configured: set CAREPOST_TEST_DATABASE_URL")
    # A schema per test keeps parallel runs (and other engineers' tests) apart.
    schema = f"web_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


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


def seed(engine: Engine) -> dict[str, int]:
    """Two organisations: plainview (admin, privacy officer, author) and riverside (admin)."""
    with transaction(engine) as db:
        org, admin = accounts.setup_first_admin(
            db, "Plainview Clinic", ORG_SLUG, PERSONAS["admin"], PASSWORD
        )
        ids = {"org": org.id, "admin": admin.id}
    with transaction(engine) as db:
        # Only the operator may grant privacy_officer (admins lack post.override_block).
        operator = cli_actor(org_id=ids["org"])
        for role in ("privacy_officer", "author"):
            ids[role] = accounts.add_user(db, operator, PERSONAS[role], PASSWORD, role).id
    with transaction(engine) as db:
        from carepost.services.orgs import create_org

        other = create_org(db, SYSTEM, "Riverside Health", OTHER_SLUG)
        ids["other_org"] = other.id
    with transaction(engine) as db:
        operator = cli_actor(org_id=ids["other_org"])
        ids["other_admin"] = accounts.add_user(db, operator, OTHER_ADMIN, PASSWORD, "admin").id
    return ids


@pytest.fixture
def empty_site(db_engine: Engine, tmp_path) -> Site:
    """The app on an empty (never set up) database."""
    settings = make_settings(tmp_path)
    link = SetupLink()
    return Site(create_app(settings, engine=db_engine, setup_link=link), db_engine, settings, link)


@pytest.fixture
def site(empty_site: Site) -> Site:
    """The app with two organisations and the personas."""
    empty_site.ids = seed(empty_site.engine)  # type: ignore[attr-defined]
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
